"""Grammar (CD4xx): behaviour the rule examples do not pin down."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.document import Document
from copydesk.engine import Linter
from copydesk.registry import get


def _documents(pieces: list[str]):
    """Documents made of `pieces`, plain or Markdown."""
    return st.builds(
        lambda parts, fmt: Document("".join(parts), fmt),
        st.lists(st.sampled_from(pieces), max_size=40),
        st.sampled_from(["plain", "markdown"]),
    )


def _assert_same_findings(code: str, reference, doc: Document) -> None:
    """The rule `code` reports the spans `reference`, a check of the same rule, reports."""
    rule, _ = get(code)
    want = [(f.start, f.end) for f in Linter.of([(rule, reference)]).check(doc)]
    got = [(f.start, f.end) for f in Linter.of([get(code)]).check(doc)]
    assert got == want, doc.text


_LAYOUT = [" ", "  ", "\n", "\n\n", ", ", ". ", "# ", "/", "-", "’", "é"]  # spacing, blocks, joiners
_PIECES = [
    "a ",
    "A ",
    "an ",
    "each ",
    "every ",
    "another ",
    "big ",
    "complex ",
    "new ",
    "countries",
    "dogs ",
    "sports ",
    "car ",
    "surroundings",
    "the ",
    "few ",
    "20,000 ",
    "Dogs ",
] + _LAYOUT


@settings(max_examples=300, deadline=None)
@given(_documents(_PIECES))
@example(Document("A big complex new dogs "))  # the plural is the fourth token
@example(Document("Two. An new big complex countries", "markdown"))
def test_article_noun_agreement_skips_only_blocks_that_cannot_hold_a_finding(doc):
    """CD405 searches only the blocks whose determiners have a plural noun among their next
    four tokens (or run out of the block); it must report what searching every block does."""
    from copydesk.checks.grammar import _SINGULAR_DET, _plural_after

    def every_block(doc, ctx):
        for m in doc.finditer(_SINGULAR_DET):
            found = _plural_after(doc.text, m)
            if found is not None:
                yield ctx.finding(m.start(1), found.end(), "reference")

    _assert_same_findings("CD405", every_block, doc)


_CONFUSED_PIECES = [
    "its ",
    "Its ",
    "ITS ",
    "the ",
    "been ",
    "visits ",
    "their ",
    "Their ",
    "are ",
    "there ",
    "There ",
    "votes ",
    "plans ",
    "were ",
    "and ",
    "own ",
    "it’s ",
    "more ",
    "rather ",
    "then ",
    "Then ",
    "expected ",
    "London ",
    "could ",
    "Might ",
    "of ",
    "known ",
    "whose ",
    "your ",
    "going ",
] + _LAYOUT


@settings(max_examples=300, deadline=None)
@given(_documents(_CONFUSED_PIECES))
@example(Document("rather then London "))
@example(Document("It said Its been there votes and "))
@example(Document("Both there plans were "))
@example(Document("it’s  own "))  # (a trigger's space stands for any white space, as in its pattern)
@example(Document("They could loose\nthe vote. Both there\nvotes and "))
@example(Document("He could  of known "))  # (`of`'s trigger looks behind for a modal, and two spaces)
@example(Document("She MIGHT\nof been "))
def test_confused_words_finds_what_a_scan_of_every_block_finds(doc):
    """CD404 runs each pattern only near its trigger, found in a lower-cased copy (the
    pattern's own first word and context where it has them); `there` + plural only where the
    copy has `there` before a word in s. It must report what every pattern run over every
    block reports."""
    from copydesk.checks.grammar import _CONFUSIONS, _there_for_their

    def every_block(doc, ctx):
        found = {}
        for _, rx, fix, _msg in _CONFUSIONS:
            for m in doc.finditer(rx):
                found.setdefault(m.span(1), fix)
        for span in _there_for_their(doc):  # without the lower-cased copy: every block scanned
            found.setdefault(span, "their")
        for (s, e), fix in sorted(found.items()):
            yield ctx.finding(s, e, "reference", [fix])

    _assert_same_findings("CD404", every_block, doc)


_TOO_PIECES = ["too ", "Too ", "TOO ", "to ", "tool ", "Otoo ", "the ", "Baku", "point", "too", "’", "'", "t", "oo"]


@settings(max_examples=300, deadline=None)
@given(_documents(_TOO_PIECES + _LAYOUT))
@example(Document("too too the "))
@example(Document("-too the"))
@example(Document("Too the "))
def test_too_for_to_finds_what_a_scan_from_every_t_finds(doc):
    """CD402's pattern starts at the rare `oo` and looks behind for the `t`; it must report
    what the plain pattern, tried at every `t`, reports."""
    import re

    plain = re.compile(r"([tT](?<![\w’'\-].)oo)\s+([\w’'\-]+)")

    def every_t(doc, ctx):
        from copydesk.checks.grammar import _DETERMINERS
        from copydesk.gazetteer import load

        gaz = load()
        for m in doc.finditer(plain):
            low = m.group(2).lower()
            if low == "the" and doc.text[m.end(2) : m.end(2) + 6] == " point":
                continue
            entry = gaz.get(low.split("’")[0].split("'")[0])
            if low in _DETERMINERS or (entry is not None and entry[1] == "place" and not entry[2]):
                yield ctx.finding(m.start(1), m.end(1), "reference")

    _assert_same_findings("CD402", every_t, doc)


_MARK_PIECES = ["word", "Word", "1", " ", "   ", ",", ".", "..", ";", ":", "?", "!", "”", "’", '"', "\n", "\n\n", "- "]


@settings(max_examples=400, deadline=None)
@given(_documents(_MARK_PIECES))
@example(Document("a , b .", "plain"))
@example(Document("-  , x", "markdown"))
@example(Document("a ; b : c ? d ! e ..", "plain"))
def test_space_before_punctuation_finds_what_a_scan_of_every_space_finds(doc):
    """CD304 finds the mark and measures the run of spaces back from it; it must report what
    a pattern started at every run of spaces reports."""
    import re

    from copydesk.checks.spacing import _around

    runs = re.compile(r"( (?<!  ) *)(?=(?:[,;:?!]|\.(?!\.))(?:\s|$|[”’\"]))", re.MULTILINE)

    def every_space(doc, ctx):
        text = doc.text
        for m in doc.finditer(runs):
            s, e = m.span(1)
            if s and text[s - 1].isalnum():
                yield ctx.finding(s, e, f"Space before ‘{text[e]}’ in ‘{_around(text, s, e + 1)}’", [""])

    _assert_same_findings("CD304", every_space, doc)
