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
