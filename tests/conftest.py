import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk.cli import main

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    # One lexicon cache for the whole run (built on first use, as on a user's first run), kept
    # apart from the developer's own ~/.cache so the build path is exercised from scratch.
    import tempfile

    from copydesk.languagetool import default_home

    # The LanguageTool installation is found where `copydesk languagetool install` put it
    # (the user's cache), before the cache folder moves to a temporary one for the run.
    os.environ.setdefault("COPYDESK_LANGUAGETOOL_HOME", str(default_home()))
    os.environ.setdefault("COPYDESK_CACHE_DIR", tempfile.mkdtemp(prefix="copydesk-test-cache-"))


SEEDS = ROOT / "seeds"


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run copydesk's main() in-process, as the console script would, and capture its output."""

    def run(*argv, stdin: bytes | None = None):
        if stdin is not None:
            import io

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def proc():
    """Run the installed `copydesk` command in a real subprocess."""

    def run(*argv, stdin: bytes | None = None, cwd=None, env=None):
        exe = Path(sys.executable).with_name("copydesk")
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "copydesk"]
        e = dict(os.environ, **(env or {}))
        e.pop("FORCE_COLOR", None)
        p = subprocess.run([*cmd, *map(str, argv)], input=stdin, capture_output=True, cwd=cwd, env=e, timeout=120)
        return Run(p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8"))

    return run
