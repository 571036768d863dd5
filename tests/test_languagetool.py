"""LanguageTool pass: a real LanguageTool server (installed by `copydesk languagetool install`,
which .ci/run does) talking to language-tool-python. Failure modes use real sockets that
refuse, stall or answer garbage.

Without an installation these tests skip, unless COPYDESK_REQUIRE_LANGUAGETOOL is set (CI sets
it), when they fail: CI must never pass by skipping them."""

import http.server
import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from copydesk import languagetool as lt
from copydesk.config import Config
from copydesk.document import Document
from copydesk.engine import Linter

SENTENCE = "He go to the market every days, and she dont like it."


def _home() -> Path:
    try:
        return lt.find_home(None)
    except lt.Unavailable as e:
        if os.environ.get("COPYDESK_REQUIRE_LANGUAGETOOL"):
            pytest.fail(f"LanguageTool is required here and missing: {e}")
        pytest.skip(f"LanguageTool not installed ({e})")


@pytest.fixture(scope="module")
def server():
    """One real LanguageTool server for the module, warmed up by a first check."""
    srv = lt.LocalServer(_home()).start()
    try:
        yield srv.url
    finally:
        srv.stop()


def _write(tmp_path, text, name="draft.txt", config=None):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    if config is not None:
        (tmp_path / ".copydesk.toml").write_text(config, encoding="utf-8")
    return f


def _rules(run):
    return [f["rule"] for f in run.json()]


# --- a real server ----------------------------------------------------------------------------


def test_reports_languagetool_findings_beside_copydesk_own(cli, tmp_path, server):
    f = _write(tmp_path, SENTENCE + " We work across sectors,including energy.")
    run = cli("check", "--languagetool-url", server, "--format", "json", f)
    found = {d["rule"]: d for d in run.json()}
    assert run.code == 1
    assert "CD301" in found  # copydesk's own
    verb = found["LT:HE_VERB_AGR"]
    assert verb["category"] == "grammar" and verb["fix_safety"] == "unsafe"
    assert verb["replacements"][:1] == ["goes"] and len(verb["replacements"]) <= lt.MAX_REPLACEMENTS
    assert (verb["line"], verb["column"], verb["end_column"]) == (1, 4, 6)
    assert found["LT:EN_CONTRACTION_SPELLING"]["replacements"] == ["don't"]
    assert "LanguageTool skipped" not in run.err


def test_match_on_a_copydesk_finding_is_dropped(cli, tmp_path, server):
    # LanguageTool's EN_A_VS_AN and its comma rule say what CD401 and CD301 already say
    f = _write(tmp_path, "This is a important point about sectors,including energy.")
    rules = _rules(cli("check", "--languagetool-url", server, "--format", "json", f))
    assert "CD401" in rules and "CD301" in rules
    assert not [r for r in rules if r.startswith("LT:")], rules
    # with copydesk's rules off, the same matches come through: the drop is by span, not by id
    alone = _rules(cli("check", "--languagetool-url", server, "--select", "LT", "--format", "json", f))
    assert "LT:EN_A_VS_AN" in alone and "LT:COMMA_PARENTHESIS_WHITESPACE" in alone


def test_disabled_rules_from_configuration_and_ignore(cli, tmp_path, server):
    f = _write(tmp_path, SENTENCE, config='languagetool-disabled-rules = ["HE_VERB_AGR"]\n')
    rules = _rules(
        cli("check", "--config", tmp_path / ".copydesk.toml", "--languagetool-url", server, "--format", "json", f)
    )
    assert "LT:HE_VERB_AGR" not in rules and "LT:EN_CONTRACTION_SPELLING" in rules
    rules = _rules(
        cli(
            "check",
            "--isolated",
            "--languagetool-url",
            server,
            "--ignore",
            "LT:EN_CONTRACTION_SPELLING",
            "--format",
            "json",
            f,
        )
    )
    assert "LT:EN_CONTRACTION_SPELLING" not in rules and "LT:HE_VERB_AGR" in rules


def test_spelling_rule_off_by_default_and_on_request(cli, tmp_path, server):
    f = _write(tmp_path, "The minister Jeyhun Bayramov met officials from Baku on Tuesday.")
    rules = _rules(cli("check", "--isolated", "--languagetool-url", server, "--format", "json", f))
    assert not [r for r in rules if "MORFOLOGIK" in r], rules
    _write(tmp_path, "", name=".copydesk.toml")
    (tmp_path / ".copydesk.toml").write_text("languagetool-spelling = true\n")
    rules = _rules(
        cli("check", "--config", tmp_path / ".copydesk.toml", "--languagetool-url", server, "--format", "json", f)
    )
    assert [r for r in rules if r.startswith("LT:MORFOLOGIK_RULE_EN")], rules  # it does not know the names


def test_news_default_off_rules_and_switching_one_back_on(cli, tmp_path, server):
    # EN_UNPAIRED_QUOTES fires on a quotation that runs over two paragraphs, which news does
    text = '"We will go on," she said.\n\n"The talks resume on Monday.\n\n"Nothing is settled."\n'
    f = _write(tmp_path, text)
    rules = _rules(cli("check", "--isolated", "--languagetool-url", server, "--format", "json", f))
    assert "LT:EN_UNPAIRED_QUOTES" not in rules
    (tmp_path / ".copydesk.toml").write_text('languagetool-enabled-rules = ["EN_UNPAIRED_QUOTES"]\n')
    rules = _rules(
        cli("check", "--config", tmp_path / ".copydesk.toml", "--languagetool-url", server, "--format", "json", f)
    )
    assert "LT:EN_UNPAIRED_QUOTES" in rules


def test_markup_and_code_are_not_sent_as_prose(cli, tmp_path, server):
    text = "# Report\n\nThe team said **it** was ready.\n\n```\nhe go to the the market\n```\n\nSee `he go`.\n"
    f = _write(tmp_path, text, name="draft.md")
    found = cli("check", "--isolated", "--languagetool-url", server, "--format", "json", f).json()
    assert found == [], found


def test_fix_applies_safe_languagetool_fixes_only(cli, tmp_path, server):
    f = _write(tmp_path, 'I dont know why he go there.\nShe said: "I dont know."\n')
    run = cli("fix", "--isolated", "--languagetool-url", server, f)
    text = f.read_text()
    assert text.startswith("I don't know why he go there.")  # safe: one replacement; HE_VERB_AGR is unsafe
    assert 'She said: "I dont know."' in text  # quoted speech is reported, never rewritten
    assert run.code == 1 and "LT:EN_CONTRACTION_SPELLING" in run.err
    again = cli("fix", "--isolated", "--languagetool-url", server, "--unsafe-fixes", f)
    assert again.code == 1 and "I don't know why he goes there." in f.read_text()


def test_sarif_carries_languagetool_rule_descriptors(cli, tmp_path, server):
    f = _write(tmp_path, SENTENCE)
    log = json.loads(cli("check", "--isolated", "--languagetool-url", server, "--format", "sarif", f).out)
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    res = [r for r in run["results"] if r["ruleId"] == "LT:HE_VERB_AGR"]
    assert res and ids[res[0]["ruleIndex"]] == "LT:HE_VERB_AGR"


def test_local_server_is_started_for_the_run_and_stopped(proc, tmp_path):
    _home()
    f = _write(tmp_path, SENTENCE)
    before = _java_servers()
    run = proc("check", "--isolated", "--languagetool", "--format", "json", f)
    assert "LT:HE_VERB_AGR" in _rules(run), run.err
    assert _java_servers() == before  # the run's own server is gone


def test_persistent_server_start_status_stop(proc, tmp_path):
    _home()
    f = _write(tmp_path, SENTENCE)
    env = {"COPYDESK_CACHE_DIR": str(tmp_path / "cache")}
    assert proc("languagetool", "status", env=env).code == 1
    started = proc("languagetool", "start", env=env)
    try:
        assert started.code == 0, started.err
        url = started.out.split(" at ")[1].split()[0]
        assert proc("languagetool", "status", env=env).code == 0
        t = time.monotonic()
        run = proc("check", "--isolated", "--languagetool", "--format", "json", f, env=env)
        assert "LT:HE_VERB_AGR" in _rules(run), run.err
        assert lt.answers(url)  # the run used the running server and left it running
        assert time.monotonic() - t < 30
    finally:
        stopped = proc("languagetool", "stop", env=env)
    assert stopped.code == 0
    for _ in range(100):
        if not lt.answers(url, timeout=0.2):
            break
        time.sleep(0.1)
    assert not lt.answers(url, timeout=0.2)


def _java_servers() -> set[int]:
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if lt.SERVER_CLASS.encode() in (d / "cmdline").read_bytes():
                    out.add(int(d.name))
            except OSError:
                pass
    return out


# --- failures: copydesk's own findings are never lost --------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


class _Stub(http.server.BaseHTTPRequestHandler):
    """A server that speaks HTTP but not LanguageTool: it stalls or answers garbage on /check."""

    mode = "slow"

    def do_GET(self):  # noqa: N802
        body = json.dumps([{"name": "English (US)", "code": "en", "longCode": "en-US"}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.mode == "slow":
            time.sleep(6)
            body = b'{"matches": []}'
        elif self.mode == "html":
            body = b"<html><body>502 Bad Gateway</body></html>"
        else:  # JSON of the wrong shape
            body = b'{"matches": [{"offset": "x"}]}'
        try:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    servers = []

    def start(mode):
        handler = type("Handler", (_Stub,), {"mode": mode})
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        srv.daemon_threads = True
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}"

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


DEFECT = "We work across sectors,including energy.\n"
CLEAN = "The talks resume on Monday.\n"


def _assert_degrades(cli, tmp_path, url, extra=(), expect="LanguageTool skipped"):
    bad = _write(tmp_path, DEFECT, name="bad.txt")
    good = _write(tmp_path, CLEAN, name="good.txt")
    run = cli("check", "--isolated", "--languagetool-url", url, *extra, "--format", "json", bad)
    assert run.code == 1 and _rules(run) == ["CD301"]
    assert run.err.count("warning:") == 1 and expect in run.err, run.err
    clean = cli("check", "--isolated", "--languagetool-url", url, *extra, "--format", "json", good)
    assert clean.code == 0 and clean.json() == []  # the exit code is decided by the findings alone
    return run.err


def test_server_not_reachable(cli, tmp_path):
    err = _assert_degrades(cli, tmp_path, f"http://127.0.0.1:{_closed_port()}")
    assert "could not be reached" in err and "languagetool start" in err


def test_server_too_slow(cli, tmp_path, stub):
    url = stub("slow")
    (tmp_path / "lt.toml").write_text("languagetool-timeout = 0.5\n")
    t = time.monotonic()
    bad = _write(tmp_path, DEFECT, name="bad.txt")
    run = cli("check", "--config", tmp_path / "lt.toml", "--languagetool-url", url, "--format", "json", bad)
    assert _rules(run) == ["CD301"] and run.code == 1
    assert "did not answer in time" in run.err and "languagetool-timeout" in run.err
    assert time.monotonic() - t < 5  # bounded by the timeout (with language-tool-python's one retry)


@pytest.mark.parametrize("mode", ["html", "wrong-shape"])
def test_server_answers_garbage(cli, tmp_path, stub, mode):
    err = _assert_degrades(cli, tmp_path, stub(mode))
    assert "cannot read" in err


def test_fix_still_applies_copydesk_fixes_when_languagetool_fails(cli, tmp_path):
    f = _write(tmp_path, DEFECT)
    run = cli("fix", "--isolated", "--languagetool-url", f"http://127.0.0.1:{_closed_port()}", f)
    assert f.read_text() == "We work across sectors, including energy.\n"
    assert run.code == 1 and "LanguageTool skipped" in run.err


def test_no_installation_and_no_java(cli, tmp_path, monkeypatch):
    home = _home()
    f = _write(tmp_path, DEFECT)
    monkeypatch.setenv("COPYDESK_LANGUAGETOOL_HOME", str(tmp_path / "nowhere"))
    run = cli("check", "--isolated", "--languagetool", "--format", "json", f)
    assert _rules(run) == ["CD301"] and "copydesk languagetool install" in run.err
    monkeypatch.setenv("COPYDESK_LANGUAGETOOL_HOME", str(home))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    run = cli("check", "--isolated", "--languagetool", "--format", "json", f)
    assert _rules(run) == ["CD301"] and "Java 17 or newer" in run.err


def test_server_that_dies_at_start_is_reported(tmp_path):
    home = tmp_path / "lt"
    home.mkdir()
    (home / "languagetool-server-0.jar").write_bytes(b"not a jar")
    with pytest.raises(lt.Unavailable, match="stopped at start"):
        lt.LocalServer(home, log_path=tmp_path / "log").start(wait=30)


# --- the mapping, on LanguageTool's own match records --------------------------------------------


def _match(rule_id, offset, length, reps=("x",), category="GRAMMAR"):
    return {
        "rule_id": rule_id,
        "category": category,
        "issue_type": "grammar",
        "offset": offset,
        "length": length,
        "message": "msg",
        "replacements": list(reps),
    }


def _keep_all(rule):
    return True


def test_mapping_categories_safety_and_limits():
    doc = Document('I dont know. a apple. "I dont know," Im said. Sentence.\n')
    s = lt.Settings(enabled=True)
    out = lt.to_findings(
        [
            _match("EN_CONTRACTION_SPELLING", 2, 4, ["don't"], "TYPOS"),
            _match("EN_A_VS_AN", 13, 1, ["an"]),
            _match("EN_A_VS_AN", 13, 1, ["an", "the"]),
            _match("EN_CONTRACTION_SPELLING", 25, 4, ["don't"], "TYPOS"),
            _match("EN_CONTRACTION_SPELLING", 37, 2, ["I'm"], "TYPOS"),
            _match("SOME_STYLE_RULE", 45, 8, list("abcdef"), "STYLE"),
            _match("MORFOLOGIK_RULE_EN_US", 45, 8, ["x"], "TYPOS"),
            _match("EN_UNPAIRED_QUOTES", 22, 1, [], "PUNCTUATION"),
            _match("OUT_OF_RANGE", 50, 500),
        ],
        doc,
        [],
        s,
        _keep_all,
    )
    got = [(f.code, f.start, str(f.safety), f.rule.category, str(f.level), len(f.replacements)) for f in out]
    assert got == [
        ("LT:EN_CONTRACTION_SPELLING", 2, "safe", "spelling", "warning", 1),
        ("LT:EN_A_VS_AN", 13, "safe", "grammar", "warning", 1),
        ("LT:EN_A_VS_AN", 13, "unsafe", "grammar", "warning", 2),  # two answers: not sure
        ("LT:EN_CONTRACTION_SPELLING", 25, "none", "spelling", "warning", 1),  # quoted speech
        ("LT:EN_CONTRACTION_SPELLING", 37, "unsafe", "spelling", "warning", 1),  # a capitalized name
        ("LT:SOME_STYLE_RULE", 45, "unsafe", "style", "info", 3),  # at most three suggestions
    ]


def test_masked_text_keeps_offsets_and_blanks_markup():
    doc = Document("Use `code here` and **bold**.\n", "markdown")
    m, spans = lt.masked(doc)
    assert len(m) == len(doc.text) and "code" not in m and "bold" in m and "*" not in m
    assert m.index("bold") == doc.text.index("bold") and spans.overlaps(4, 5)


def test_variant_follows_configuration_then_the_document():
    gb = Document("The organisation chose a new colour for its defence programme.")
    us = Document("The organization chose a new color for its defense program.")
    assert lt.variant(gb, "auto") == "en-GB" and lt.variant(us, "auto") == "en-US"
    assert lt.variant(gb, "en-US") == "en-US"


def test_selection_uses_copydesk_selectors():
    rule = lt.lt_rule("HE_VERB_AGR", "GRAMMAR", "grammar")
    keep = lt.selection(Linter(Config(ignore=("grammar",))), "-")
    assert not keep(rule)
    keep = lt.selection(Linter(Config(select=("CD3",))), "-")
    assert not keep(rule)
    keep = lt.selection(Linter(Config(select=("CD3", "LT"))), "-")
    assert keep(rule)
