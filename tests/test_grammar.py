"""Grammar (CD4xx): behaviour the rule examples do not pin down."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.document import Document
from copydesk.engine import Linter
from copydesk.registry import get

_PIECES = st.sampled_from(
    [
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
        ", ",
        ". ",
        "/",
        "-",
        "’",
        " ",
        "\n",
        "\n\n",
        "# ",
        "Dogs ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["plain", "markdown"]))
@example(["A ", "big ", "complex ", "new ", "dogs "], "plain")  # the plural is the fourth token
@example(["Two. ", "An ", "new ", "big ", "complex ", "countries"], "markdown")
def test_article_noun_agreement_skips_only_blocks_that_cannot_hold_a_finding(pieces, fmt):
    """CD405 searches only the blocks whose determiners have a plural noun among their next
    four tokens (or run out of the block); it must report what searching every block does."""
    from copydesk.checks.grammar import _SINGULAR_DET, _plural_after

    rule, _ = get("CD405")

    def every_block(doc, ctx):
        for m in doc.finditer(_SINGULAR_DET):
            found = _plural_after(doc.text, m)
            if found is not None:
                yield ctx.finding(m.start(1), found.end(), "reference")

    doc = Document("".join(pieces), fmt)
    want = [(f.start, f.end) for f in Linter.of([(rule, every_block)]).check(doc)]
    got = [(f.start, f.end) for f in Linter.of([get("CD405")]).check(doc)]
    assert got == want, doc.text


_CONFUSED_PIECES = st.sampled_from(
    [
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
        "of ",
        "known ",
        "whose ",
        "your ",
        "going ",
        "  ",
        "\n",
        "\n\n",
        ", ",
        ". ",
        "é",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CONFUSED_PIECES, max_size=40), st.sampled_from(["plain", "markdown"]))
@example(["rather ", "then ", "London "], "plain")
@example(["It ", "said ", "Its ", "been ", "there ", "votes ", "and "], "plain")
@example(["Both ", "there ", "plans ", "were "], "plain")
def test_confused_words_finds_what_a_scan_of_every_block_finds(pieces, fmt):
    """CD404 runs each pattern only near its trigger, found in a lower-cased copy (the
    pattern's own first word and context where it has them); `there` + plural only where the
    copy has `there` before a word in s. It must report what every pattern run over every
    block reports."""
    from copydesk.checks.grammar import _CONFUSIONS, _there_for_their

    rule, _ = get("CD404")

    def every_block(doc, ctx):
        found = {}
        for _, rx, fix, _msg in _CONFUSIONS:
            for m in doc.finditer(rx):
                found.setdefault(m.span(1), fix)
        for span in _there_for_their(doc):  # without the lower-cased copy: every block scanned
            found.setdefault(span, "their")
        for (s, e), fix in sorted(found.items()):
            yield ctx.finding(s, e, "reference", [fix])

    doc = Document("".join(pieces), fmt)
    want = [(f.start, f.end) for f in Linter.of([(rule, every_block)]).check(doc)]
    got = [(f.start, f.end) for f in Linter.of([get("CD404")]).check(doc)]
    assert got == want, doc.text
