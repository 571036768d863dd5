"""The command line as users meet it: formats, exit codes, fixing files, and bad input."""

import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.model import Severity

from .conftest import SEEDS

SEED = SEEDS / "000_86c9ae3965a11941.txt"
DRAFT = "Both sides signed deals in energy,defense and water.The talks ended on Sunday.\n"
FIXED = "Both sides signed deals in energy, defense and water. The talks ended on Sunday.\n"


@pytest.fixture
def draft(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_text(DRAFT, encoding="utf-8")
    return p


def test_json_contract(cli, draft):
    r = cli("check", "--format", "json", draft)
    assert r.code == 1
    rows = r.json()
    assert [x["rule"] for x in rows] == ["CD301", "CD302"]
    first = rows[0]
    assert set(first) >= {
        "path",
        "rule",
        "name",
        "category",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "replacements",
        "fix_safety",
    }
    assert first["path"] == str(draft)
    # `energy,defense`: the comma is the 34th character of line 1 (1-based columns, end exclusive)
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (1, 34, 1, 35)
    assert DRAFT[first["column"] - 1] == ","
    assert first["replacements"] == [", "] and first["fix_safety"] == "safe"
    assert first["name"] == "missing-space-after-comma" and first["category"] == "punctuation"


_ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=12)  # quotes, controls, surrogates, astral


@settings(max_examples=200, deadline=None)
@given(
    path=_ANY_TEXT,
    rows=st.lists(
        st.tuples(_ANY_TEXT, st.lists(_ANY_TEXT, max_size=3), st.sampled_from(list(Severity)), st.integers(0, 30)),
        max_size=4,
    ),
    name=_ANY_TEXT,
)
def test_json_lines_are_exactly_what_json_makes_of_each_finding(path, rows, name):
    """write_json formats each line itself for speed: it must agree with the json module on every
    string, and stay one finding a line."""
    import io
    import json
    from dataclasses import replace

    from copydesk.document import LineIndex
    from copydesk.model import Finding
    from copydesk.registry import get
    from copydesk.report import FileReport, to_dict, write_json

    rule = replace(get("CD301")[0], name=name, category=name[::-1])
    text = "x\ny\n" * 20
    found = [Finding(rule, s, s + 1, msg, tuple(reps), sev) for msg, reps, sev, s in rows]
    report = FileReport(path, LineIndex(text), found)
    out = io.StringIO()
    write_json([report], out)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = [encode(to_dict(report, f)) for f in found]
    assert out.getvalue() == ("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n")
    assert json.loads(out.getvalue()) == [to_dict(report, f) for f in found]


def test_text_format_is_one_line_per_finding(cli, draft):
    r = cli("check", "--format", "text", draft)
    lines = r.out.splitlines()
    assert lines[0].startswith(f"{draft}:1:34: CD301 ")
    assert len(lines) == 2


def test_clean_text_exits_zero(cli, tmp_path):
    p = tmp_path / "ok.md"
    p.write_text("# Title\n\nEverything here is fine, and 3,100 people agree.\n")
    r = cli("check", "--format", "json", p)
    assert (r.code, r.json()) == (0, [])


def test_stdin(cli):
    r = cli("check", "--format", "json", "-", stdin=DRAFT.encode())
    assert r.code == 1
    assert {x["path"] for x in r.json()} == {"-"}


def test_fix_stdin_prints_fixed_text(cli):
    r = cli("fix", "-", stdin=DRAFT.encode())
    assert r.out == FIXED
    assert r.code == 1


def test_fix_writes_file_and_is_idempotent(cli, draft):
    r = cli("fix", draft)
    assert r.code == 1
    assert draft.read_text() == FIXED
    assert "fixed 2" in r.err and "CD301" in r.err
    again = cli("fix", draft)
    assert again.code == 0 and draft.read_text() == FIXED


def test_fix_diff_writes_nothing(cli, draft):
    r = cli("fix", "--diff", "--format", "text", draft)
    assert r.code == 1
    assert draft.read_text() == DRAFT
    assert "-Both sides signed deals in energy,defense" in r.out
    assert "+Both sides signed deals in energy, defense" in r.out


def test_fix_keeps_bom_crlf_and_mode(cli, tmp_path):
    p = tmp_path / "win.txt"
    p.write_bytes(b"\xef\xbb\xbf" + DRAFT.replace("\n", "\r\n").encode() + b"Second line,here.\r\n")
    p.chmod(0o640)
    assert cli("fix", p).code == 1
    data = p.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode() == FIXED.replace("\n", "\r\n") + "Second line, here.\r\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert not [x for x in os.listdir(tmp_path) if x.endswith(".copydesk-tmp")]


def test_fix_keeps_utf16(cli, tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("Sectors,including energy.\n".encode("utf-16"))
    assert cli("fix", p).code == 1
    assert p.read_bytes().decode("utf-16") == "Sectors, including energy.\n"
    assert p.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")


def test_fix_follows_symlink_and_keeps_it(cli, draft, tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(draft)
    assert cli("fix", link).code == 1
    assert link.is_symlink() and draft.read_text() == FIXED


def test_fix_refuses_read_only_file(cli, draft):
    draft.chmod(0o444)
    r = cli("fix", draft)
    assert r.code == 2 and "read-only" in r.err
    assert draft.read_text() == DRAFT


def test_fix_without_newline_at_end(cli, tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("No newline,here")
    cli("fix", p)
    assert p.read_text() == "No newline, here"  # the spacing fix is applied, the split only suggested


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("caf\u00e9 au lait".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_get_one_clear_line_and_others_still_run(cli, draft, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    r = cli("check", "--format", "json", bad, draft)
    assert r.code == 2
    errs = r.err.strip().splitlines()
    assert len(errs) == 1 and str(bad) in errs[0] and reason in errs[0]
    assert "Traceback" not in r.err
    assert {x["path"] for x in r.json()} == {str(draft)}  # the good file was still checked
    assert bad.read_bytes() == content


def test_missing_path_and_empty_directory(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "image.png").write_bytes(b"\x89PNG")
    r = cli("check", tmp_path / "nope.txt", tmp_path / "empty")
    assert r.code == 2
    assert "nope.txt: no such file" in r.err
    assert "no text, Markdown or HTML files" in r.err


def test_fix_refuses_binary_and_writes_nothing(cli, tmp_path):
    p = tmp_path / "b.md"
    p.write_bytes(b"abc,def\x00\x01")
    r = cli("fix", p)
    assert r.code == 2 and p.read_bytes() == b"abc,def\x00\x01"


def test_size_limit_is_configurable(cli, tmp_path):
    (tmp_path / ".copydesk.toml").write_text("max-file-size = 10\n")
    p = tmp_path / "big.txt"
    p.write_text("This line is longer than ten characters.\n")
    r = cli("check", "--config", tmp_path / ".copydesk.toml", p)
    assert r.code == 2 and "over the limit" in r.err


def test_directory_walk_respects_gitignore(cli, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/old/\nskip.md\n")
    (tmp_path / "drafts" / "old").mkdir(parents=True)
    (tmp_path / "drafts" / "a.md").write_text("One,two.\n")
    (tmp_path / "drafts" / "old" / "b.md").write_text("One,two.\n")
    (tmp_path / "skip.md").write_text("One,two.\n")
    (tmp_path / "c.html").write_text("<p>One,two.</p>\n")
    (tmp_path / "d.py").write_text("x = 'One,two.'\n")
    r = cli("check", "--format", "json", tmp_path)
    paths = sorted(os.path.basename(x["path"]) for x in r.json())
    assert paths == ["a.md", "c.html"]


def test_select_ignore_and_fail_level(cli, tmp_path):
    p = tmp_path / "s.txt"
    p.write_text("The visit  ended on Sunday.\n")  # CD305 is severity info
    assert cli("check", p).code == 0
    assert cli("check", "--fail-level", "info", p).code == 1
    assert cli("check", "--ignore", "CD305", "--fail-level", "info", p).code == 0
    r = cli("check", "--format", "json", "--select", "CD301", p)
    assert r.json() == []
    bad = cli("check", "--select", "CD999", p)
    assert bad.code == 2 and "unknown rule selector" in bad.err


def test_config_file_applies(cli, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.copydesk]\nignore = ["CD302"]\n[tool.copydesk.severity]\nCD301 = "error"\n'
        '[tool.copydesk.per-path-ignores]\n"archive/*" = ["punctuation"]\n'
    )
    (tmp_path / "archive").mkdir()
    (tmp_path / "a.txt").write_text(DRAFT)
    (tmp_path / "archive" / "old.txt").write_text(DRAFT)
    monkeypatch.chdir(tmp_path)
    r = cli("check", "--format", "json", ".")
    rows = r.json()
    assert [(os.path.basename(x["path"]), x["rule"], x["severity"]) for x in rows] == [("a.txt", "CD301", "error")]


def test_unknown_config_key_is_an_error(cli, tmp_path, monkeypatch):
    (tmp_path / ".copydesk.toml").write_text('ignroe = ["CD301"]\n')
    (tmp_path / "a.txt").write_text(DRAFT)
    monkeypatch.chdir(tmp_path)
    r = cli("check", "a.txt")
    assert r.code == 2 and "unknown key" in r.err and "ignroe" in r.err


def test_inline_suppression(cli, tmp_path):
    p = tmp_path / "s.md"
    p.write_text(
        "Keep this,please.\n\n<!-- copydesk-disable CD301 -->\nIgnore this,please.\n<!-- copydesk-enable -->\n\n"
        "And this,too. copydesk: ignore\n\nBut flag this,again.\n"
    )
    rows = cli("check", "--format", "json", p).json()
    assert [x["line"] for x in rows] == [1, 9]


def test_markdown_code_and_links_are_protected(cli, tmp_path):
    p = tmp_path / "m.md"
    p.write_text(
        "---\ntitle: a,b.Test\n---\n\n# Heading\n\nSee [the docs](http://x.org/a,b.Test) and `x,y` here.\n\n"
        "```\ncode,here.Not prose\n```\n\n    indented,code.Block\n\nReal,problem.\n"
    )
    rows = cli("check", "--format", "json", p).json()
    assert [(x["line"], x["rule"]) for x in rows] == [(15, "CD301")]


def test_html_fix_rewrites_text_only(cli, tmp_path):
    p = tmp_path / "a.html"
    src = '<p class="a,b">Energy,defense.<a href="x.html?a=1,b=2">Read,more</a></p>\n<script>var a="x,y";</script>\n'
    p.write_text(src)
    cli("fix", p)
    assert p.read_text() == src.replace("Energy,defense", "Energy, defense").replace("Read,more", "Read, more")


def test_rich_output_and_no_color(cli, draft, monkeypatch):
    r = cli("check", "--format", "rich", "--color", "always", draft)
    assert "\x1b[" in r.out and "CD301" in r.out and "punctuation" in r.out
    monkeypatch.setenv("NO_COLOR", "1")
    r = cli("check", "--format", "rich", draft)
    assert "\x1b[" not in r.out
    assert "energy[-,-]{+, +}defense" in r.out  # the fix is shown inline even without colour
    assert "2 findings in 1 of 1 file checked" in r.out


def test_rules_and_rule_pages(cli):
    r = cli("rules")
    assert r.code == 0 and "CD301" in r.out and "missing-space-after-comma" in r.out
    page = cli("rule", "CD301")
    assert page.code == 0 and "What it does" in page.out and "sectors,including" in page.out.lower()
    by_name = cli("rule", "missing-space-after-comma")
    assert by_name.out == page.out
    assert cli("rule", "CD999").code == 2


def test_seed_end_to_end_in_a_subprocess(proc, tmp_path):
    copy = tmp_path / SEED.name
    copy.write_bytes(SEED.read_bytes())
    r = proc("check", "--format", "json", copy)
    assert r.code == 1 and len(r.json()) >= 18
    d = proc("fix", "--diff", copy, env={"NO_COLOR": "1"})
    assert d.code == 1 and "+Both nations signaled" in d.out and copy.read_bytes() == SEED.read_bytes()
    f = proc("fix", copy)
    assert f.code == 1 and "sectors, including energy, defense" in copy.read_text()
    assert proc("--version").out.startswith("copydesk ")


def test_usage_error_exits_2(proc):
    r = proc("check", "--format", "yaml", "x")
    assert r.code == 2
    assert proc().code == 2


def test_rich_diff_highlights_changed_words(cli, draft):
    r = cli("fix", "--diff", "--format", "rich", "--color", "always", draft)
    assert r.code == 1 and draft.read_text() == DRAFT
    plus = [line for line in r.out.splitlines() if "Both sides" in line and "\x1b[32m+" in line]
    assert plus, r.out
    assert "\x1b[1;37;42m \x1b[0m" in plus[0]  # the inserted space is highlighted on its own


# --- how the command ends: run() leaves freeing memory to the operating system -------------


def test_the_command_writes_all_its_output_before_it_exits(cli, tmp_path):
    # far more than a pipe holds (64 KB), block-buffered as it is by default (some shells and
    # CI images set PYTHONUNBUFFERED): all of it must be flushed before the quick exit
    import subprocess

    from .test_reliability import _exe

    for i in range(40):
        (tmp_path / f"d{i:02}.txt").write_text(DRAFT * 40, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    p = subprocess.run(
        [*_exe(), "check", "--format", "json", "--no-cache", tmp_path], capture_output=True, env=env, timeout=120
    )
    assert p.returncode == 1, p.stderr
    assert len(p.stdout) > 200_000
    assert p.stdout.decode() == cli("check", "--format", "json", "--no-cache", tmp_path).out


def test_the_command_still_runs_exit_handlers(tmp_path, draft):
    # LanguageTool's client stops its server and deletes its files from exit handlers
    import subprocess
    import sys

    mark = tmp_path / "ran"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(mark)!r}, 'w').write('ran'))\n"
        f"sys.argv = ['copydesk', 'check', '--no-cache', {str(draft)!r}]\n"
        "from copydesk.cli import run\n"
        "run()\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert p.returncode == 1, p.stderr
    assert b"CD301" in p.stdout
    assert mark.read_text() == "ran"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("many", [False, True])
def test_output_to_a_full_disk_is_one_clear_error(tmp_path, draft, many):
    # a short report fails at the final flush, a long one while it is written: one message each
    import subprocess

    from .test_reliability import _exe

    if many:
        for i in range(20):
            (tmp_path / f"d{i:02}.txt").write_text(DRAFT * 20, encoding="utf-8")
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            [*_exe(), "check", "--no-cache", "--format", "json", tmp_path if many else draft],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    err = p.stderr.decode()
    assert p.returncode == 2
    assert err.count("copydesk: error: the output could not be written") == 1, err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_each_file_is_reported_before_the_next_is_checked(tmp_path, monkeypatch, fmt):
    import io
    import sys

    from copydesk.cli import main
    from copydesk.engine import Linter

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    written_before = []
    check = Linter.check

    def spy(self, doc):
        written_before.append(out.getvalue())
        return check(self, doc)

    monkeypatch.setattr(Linter, "check", spy)
    assert main(["check", "--no-cache", "--jobs", "1", "--format", fmt, str(tmp_path)]) == 1
    assert len(written_before) == 3
    assert "a.txt" not in written_before[0]
    assert "a.txt" in written_before[1] and "b.txt" not in written_before[1]
    assert "b.txt" in written_before[2] and "c.txt" not in written_before[2]
    assert out.getvalue().count("CD301") == 3


@pytest.mark.skipif(
    __import__("multiprocessing").get_start_method() != "fork", reason="workers see the patch only when forked"
)
def test_a_report_stopped_early_stops_the_workers(tmp_path, monkeypatch):
    # `copydesk check | head`: once the reader has gone, the files no worker has started are
    # dropped instead of checked for no one (each check a worker makes is counted in a file)
    from copydesk.config import Config
    from copydesk.engine import Linter
    from copydesk.runner import Job, check_each

    log = tmp_path / "checked"
    check = Linter.check

    def counted(self, doc, part=None):
        with open(log, "a") as fh:
            fh.write(doc.path + "\n")
        return check(self, doc, part)

    monkeypatch.setattr(Linter, "check", counted)
    # (long enough that the first result comes back before the workers have done them all;
    # the few chunks already handed to the pool's queue are checked whatever happens)
    jobs = [Job(f"d{i}.txt", DRAFT * 1500, "plain") for i in range(24)]
    found = check_each(Linter(Config()), jobs, workers=2, use_cache=False)
    assert [f.code for f in next(found)][:2] == ["CD301", "CD302"]
    found.close()
    # (only the jobs: on a version's first run, the rules' own examples are checked here first)
    n = len([p for p in log.read_text().split() if p.startswith("d")])
    assert n <= 16, f"{n} of 24 files were checked after the report stopped"


def test_a_closed_standard_output_is_one_clear_error(draft):
    import subprocess

    from .test_reliability import _exe

    p = subprocess.run(
        [*_exe(), "check", "--no-cache", str(draft)],
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # (the child's standard output, closed before it starts)
        timeout=120,
    )
    assert p.returncode == 2
    assert p.stderr.decode() == "copydesk: error: standard output is closed\n"
