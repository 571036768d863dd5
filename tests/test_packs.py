"""Rule packs are data tested like code: sorted, no duplicates, normalized, and regexes that
cannot backtrack catastrophically."""

import multiprocessing as mp
import re

import pytest

from copydesk import check_text, packs

ADVERSARIAL = ["a" * 20000 + "!", " " * 20000 + "x", "ad " * 7000, "»" * 5000 + "a", "home » " * 3000, "1:" * 8000]


def _all_patterns():
    out = []
    for path in sorted(packs.rules_dir().glob("*.yml")):
        data = packs.load(path.stem)
        out += [(path.stem, p) for p in data.get("patterns", [])]
    return out


def test_boilerplate_lines_sorted_unique_normalized():
    lines = packs.load("boilerplate")["lines"]
    assert lines == sorted(lines), "keep rules/boilerplate.yml lines sorted"
    assert len(lines) == len(set(lines)), "duplicate lines in rules/boilerplate.yml"
    bad = [x for x in lines if packs.normalize_line(x) != x]
    assert not bad, f"lines must be stored normalized: {bad}"


@pytest.mark.parametrize("pack,pattern", _all_patterns())
def test_pattern_compiles(pack, pattern):
    re.compile(pattern)


def _scan_all(patterns):
    rx = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    for s in ADVERSARIAL:
        for _ in rx.finditer(s):
            pass


def test_patterns_do_not_backtrack_catastrophically():
    # Run in a child process: a catastrophic pattern would hang, and the child is killed.
    pats = [p for _, p in _all_patterns()]
    ctx = mp.get_context("fork")
    proc = ctx.Process(target=_scan_all, args=(pats,))
    proc.start()
    proc.join(60)
    hung = proc.is_alive()
    if hung:
        proc.kill()
    assert not hung and proc.exitcode == 0


@pytest.mark.parametrize("line", packs.load("boilerplate")["examples"]["bad"])
def test_pack_bad_examples_flagged(line):
    text = "Officials met on Monday to discuss the plan, which was later approved.\n\n" + line + "\n"
    assert [f.code for f in check_text(text, select=["CD502"])] == ["CD502"]


@pytest.mark.parametrize("line", packs.load("boilerplate")["examples"]["good"])
def test_pack_good_examples_not_flagged(line):
    text = "Officials met on Monday to discuss the plan, which was later approved.\n\n" + line + "\n"
    assert check_text(text, select=["CD502"]) == []


def test_languagetool_default_off_list_sorted_with_reasons():
    pack = packs.load("languagetool")
    for key in ("rules", "prefixes"):
        ids = list(pack[key])
        assert ids == sorted(ids), f"keep rules/languagetool.yml {key} sorted"
        assert all(re.fullmatch(r"[A-Z0-9_]+", i) for i in ids), ids
        assert all(isinstance(v, str) and len(v) > 10 for v in pack[key].values()), "every entry needs its reason"


def test_compiled_patterns_match_where_one_alternation_does():
    """Patterns anchored at the start are tried there only; the matcher must still agree with
    a plain alternation of the same regexes, including one that is anchored on one side of
    a `|` only."""
    import re

    from copydesk.packs import compile_patterns, load

    patterns = [*load("boilerplate")["patterns"], "^a|b", "(?:^x)y", "z^"]
    plain = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    matcher = compile_patterns(patterns)
    assert matcher.anchored is not None and matcher.floating is not None
    lines = [
        "home » world » talks",
        "news home » world",
        "read more",
        "you should read more",
        "related articles",
        "tags: politics",
        "adblock detected",
        "leave a comment",
        "a start",
        "the b",
        "xy",
        "axy",
        "",
        "copyright © 2024",
        "the minister said",
    ]
    for line in lines:
        assert (matcher.search(line) is not None) == (plain.search(line) is not None), line
    # for lower-cased text, patterns without capitals lose their case-blindness; the others
    # (a capital letter, an escape such as \S) keep it
    patterns += [r"\bZed\b", r"q\S+r", r"^Qxx"]
    plain = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    lowered = compile_patterns(patterns, lowered=True)
    assert lowered.floating.flags & re.IGNORECASE == 0
    for line in [*lines, "the zed", "the q-r", "qr", "qxx", "xx", "ANOTHER Home » World", "Adblock"]:
        line = line.lower()
        assert (lowered.search(line) is not None) == (plain.search(line) is not None), line
