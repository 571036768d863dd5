#!/usr/bin/env python3
"""Instructions executed by a full `copydesk check` run, for the working tree and a git revision.

Usage: python bench/instructions.py [--rev REV] PATH...

Wall time on a shared machine moves 3-10% between identical runs, more than most single
optimisations; valgrind's instruction count repeats exactly (two trees of the same code
differ by 0.01%, from their paths). Each tree runs in its own process under valgrind
(callgrind), with PYTHONHASHSEED=0 and its bytecode compiled first (a first run after an
edit would otherwise count the compiling). About 40 s per 100,000 words. Instructions are
not time (cache misses cost none here), so confirm a gain with bench/speed.py; use this to
tell a 1% change from noise. Needs valgrind on PATH.
"""

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The command as the console script runs it: cli.run() where the tree has it (main(), then an
# exit that skips freeing each object), else main() and Python's own exit.
RUN = """
import contextlib, io, sys
sys.path.insert(0, sys.argv[1])
from copydesk import cli
sys.argv = ["copydesk", "check", "--no-cache", "--format", "json", "--jobs", "1", *sys.argv[2:]]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        (getattr(cli, "run", None) or cli.main)()
    except SystemExit:
        pass
"""


def count(tree: Path, paths: list[str]) -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "copydesk")], env=env, check=True)
    env["PYTHONHASHSEED"] = "0"
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", RUN, str(tree)]
    out = subprocess.run([*cmd, *paths], env=env, capture_output=True, text=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"valgrind gave no count:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def export(rev: str, into: Path) -> Path:
    """The copydesk package at `rev`, with the working tree's rules/ beside it."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "copydesk"], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(into, filter="data")
        else:
            tar.extractall(into)
    (into / "rules").symlink_to(ROOT / "rules")
    return into


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", help="files or folders to check")
    ap.add_argument("--rev", help="also count this git revision (for example HEAD or a commit)")
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("bench/instructions.py needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    paths = [str(Path(p).resolve()) for p in a.paths]
    now = count(ROOT, paths)
    print(f"working tree: {now:,} instructions")
    if a.rev:
        with tempfile.TemporaryDirectory() as tmp:
            then = count(export(a.rev, Path(tmp)), paths)
        print(f"{a.rev}: {then:,} instructions")
        print(f"working tree against {a.rev}: {now / then - 1:+.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
