"""The document model: positions, blocks, sentences and protected spans."""

import re

import pytest

from copydesk.document import Document, format_for, split_sentences


def test_positions_count_code_points_and_handle_crlf():
    d = Document("ab\r\nc😀d,e\n")
    assert d.position(0) == (1, 1)
    assert d.position(4) == (2, 1)
    assert d.position(d.text.index(",")) == (2, 4)
    assert d.line_range(1, newline=False) == (0, 2)
    assert d.line_range(1) == (0, 4)


@pytest.mark.parametrize(
    "snippet",
    [
        "https://example.com/a,b.Test",
        "www.bbc.co.uk",
        "desk@example.com",
        "3,100",
        "4.5%",
        "10:30",
        "U.S.",
        "e.g.",
        "Mr.",
        "report.pdf",
        "bbc.co.uk",
        "$600,000",
    ],
)
def test_soft_protected(snippet):
    text = f"See {snippet} now."
    d = Document(text)
    s = text.index(snippet)
    assert d.is_protected(s, s + len(snippet))
    assert not d.is_protected(s, s + len(snippet), block=True) or snippet == ""


def test_plain_blocks():
    text = "Headline Here\n\nA paragraph.\nStill the paragraph.\n\n* Item one: text.\n* Item two.\n"
    d = Document(text)
    kinds = [(b.kind, text[b.body : b.end]) for b in d.blocks]
    assert kinds == [
        ("heading", "Headline Here"),
        ("paragraph", "A paragraph.\nStill the paragraph."),
        ("list_item", "Item one: text."),
        ("list_item", "Item two."),
    ]


def test_markdown_blocks_and_protection():
    text = "---\ntitle: x\n---\n# Title\n\n- item *one*\n\n> quoted text\n\n```py\nx,y\n```\n\n| a | b |\n|---|---|\n| c | d |\n"
    d = Document(text, "markdown")
    kinds = [b.kind for b in d.blocks]
    assert kinds[:5] == ["front_matter", "heading", "list_item", "quote", "code"]
    assert "table_row" in kinds
    assert d.is_protected(text.index("title"), text.index("title") + 5)
    assert d.is_protected(text.index("x,y"), text.index("x,y") + 3)
    heading = d.blocks[1]
    assert text[heading.body : heading.end] == "Title"


def test_html_blocks_and_protection():
    text = "<h1>Title</h1><p>Body <b>bold</b> text &amp; more.</p><script>a,b</script>"
    d = Document(text, "html")
    assert [(b.kind, text[b.start : b.end]) for b in d.blocks][:2] == [
        ("heading", "Title"),
        ("paragraph", "Body <b>bold</b> text &amp; more."),
    ]
    assert d.is_protected(text.index("<b>"), text.index("<b>") + 1)
    assert d.is_protected(text.index("a,b"), text.index("a,b") + 3)
    assert not d.is_protected(text.index("Body"), text.index("Body") + 4)


def test_sentences_skip_abbreviations_and_initials():
    text = "Mr. Smith met J. K. Rowling in the U.S. on Monday. They talked. “Fine,” he said! Then left."
    spans = split_sentences(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == [
        "Mr. Smith met J. K. Rowling in the U.S. on Monday.",
        "They talked.",
        "“Fine,” he said!",
        "Then left.",
    ]


def test_format_for():
    assert format_for("a/b.MD") == "markdown"
    assert format_for("x.htm") == "html"
    assert format_for("notes") == "plain"
    assert format_for("x.md", "plain") == "plain"


def test_unclosed_comment_is_linear():
    # many unclosed comment openers must not make parsing quadratic
    text = "<!-- a " * 20000
    Document(text, "markdown")
    Document(text, "html")


def test_lowered_keeps_offsets_and_slices_long_text_as_the_whole():
    from copydesk.document import LOWER_STEP, lowered

    assert lowered("Plain ASCII Text") == "plain ascii text"
    for text in ("Café “Quoted” » Ünïcode " * 9000, "Ŵide Ĉhars " * 20000):  # lowered a slice at a time
        assert len(text) > 2 * LOWER_STEP and not text.isascii()
        assert lowered(text) == text.lower()
    assert lowered("İstanbul") is None  # `İ` lowers to two characters: offsets would move
    assert lowered("x" * LOWER_STEP + "İ") is None


def test_html_raw_elements_stay_put_after_letters_that_lower_to_two():
    # `İ` lowers to two characters; finding `</script>` in a lowered copy put the end of the
    # protected script 20 characters late, over the next paragraph's missing spaces
    from copydesk import check_text

    text = "<p>" + "İ" * 20 + "</p><script>var a=1,b=2;</script><p>Hello there,world. More text here,to check.</p>"
    found = check_text(text, path="x.html", select=["CD301"])
    assert [text[f.start - 3 : f.end + 3] for f in found] == ["ere,wor", "ere,to "]


def test_confused_words_in_an_archive_over_a_million_characters():
    """Over COMPACT_ABOVE characters the triggers are still looked for in a lowered copy (made
    a slice at a time), so a long non-ASCII archive is checked as its articles are."""
    from copydesk import check_text
    from copydesk.document import COMPACT_ABOVE

    article = "He should of known. Its been a long year at the “Café”.\n\n"
    n = COMPACT_ABOVE // len(article) + 1
    one = check_text(article, select=["CD404"])
    many = check_text(article * n, select=["CD404"])
    assert len(one) == 2 and len(many) == 2 * n
    assert {f.message for f in many} == {f.message for f in one}


def test_markdown_with_lone_carriage_returns():
    # found by bench/fuzz.py: markdown-it counts a lone \r as a line break
    from copydesk import check_text

    assert check_text("\r0", path="x.md") == []
    text = "---\rtitle: x\r---\r# T\r\rBody,text."
    (f,) = check_text(text, path="x.md", select=["CD301"])
    assert text[f.start : f.end] == ","


def test_suppression_directives_are_not_checked_as_prose():
    from copydesk import check_text

    # the directive starts a lower-case "sentence" and holds a dotted code: neither is a finding
    text = "We met the minister,today. copydesk: ignore CD301 House.Rule\nA second line,here.\n"
    assert [f.code for f in check_text(text)] == ["CD301"]  # only the second line's comma
    assert check_text("<!-- copydesk-disable house.rule -->\nText.\n", input_format="markdown") == []


# --- the shared token list -------------------------------------------------------------------
# Tokens computes offsets lazily, a block at a time; CompactTokens keeps integer arrays for
# long documents. Both must give exactly what a plain scan of the prose blocks gives.

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from copydesk.document import TOKEN, CompactTokens, Tokens  # noqa: E402

_PIECES = st.sampled_from(
    [
        "the",
        "The",
        "THE",
        "Sa’ar",
        "well-known",
        "G7",
        "4th",
        "x",
        "é",
        "don't",
        "--",
        "’",
        "_",
        "'",
        "-",
        "1",
        " ",
        "  ",
        ", ",
        ". ",
        "\n",
        "\n\n",
        "# ",
        "```\ncode here\n```\n",
        "    indented\n",
        "- item ",
        "<b>",
        "http://a.bc/d ",
    ]
)


def _plain_scan(doc: Document) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for b in doc.prose_blocks for m in TOKEN.finditer(doc.text, b.body, b.end)]


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["plain", "markdown", "html"]))
# (a word that turns up inside others more often than as a token: the second `the` is found
# by its own pattern, counting from the block's start)
@example(["the", " ", "x", "the", "x", "the", "x", "the", "x", "the", " ", "the"], "plain")
@example(["the", "'", " ", "x"], "plain")  # (runs that end with joiners)
@example(["the", "_", " ", "x"], "plain")
@example(["the", "-", " ", "x"], "plain")
def test_token_lists_match_a_plain_scan(pieces, fmt):
    doc = Document("".join(pieces), fmt)
    want = _plain_scan(doc)
    blocks = [j for j, b in enumerate(doc.prose_blocks) for _ in TOKEN.finditer(doc.text, b.body, b.end)]
    # Tokens finds the first eight tokens asked for in a block alone, then scans the block
    fresh = Tokens(doc.text, doc.prose_blocks)
    assert [fresh[i] for i in range(len(want) - 1, -1, -1)] == want[::-1]
    fresh = Tokens(doc.text, doc.prose_blocks)
    assert [fresh[i] for i in range(len(want))] == want
    for toks in (Tokens(doc.text, doc.prose_blocks), CompactTokens(doc.text, doc.prose_blocks)):
        assert len(toks) == len(want)
        assert list(toks) == want
        assert [toks[i] for i in range(len(want) - 1, -1, -1)] == want[::-1]  # any order of access
        if want:
            assert toks[-1] == want[-1]
            assert toks[1:3] == want[1:3]
            assert toks.word(0) == want[0][2]
            assert toks.words(len(want) - 1, 3) == [want[-1][2]]
            assert toks.words_at([len(want) - 1, 0, 0]) == [want[-1][2], want[0][2], want[0][2]]
        keys = {w for _, _, w in want[::2]}
        assert toks.at(keys) == [t for t in want if t[2] in keys]
        assert toks.where(keys) == [i for i, t in enumerate(want) if t[2] in keys]
        assert toks.distinct() == {t[2] for t in want}
        assert toks.counts() == __import__("collections").Counter(t[2] for t in want)
        assert list(toks.repeated()) == [
            i for i in range(len(want) - 1) if want[i][2].lower() == want[i + 1][2].lower()
        ]
        assert [toks.block_of(i) for i in range(len(want))] == blocks
    # the distinct words, as a list and lower-cased in the same order, and as the word set
    assert sorted(doc.token_list) == sorted({w for _, _, w in want}) and set(doc.token_list) == doc.token_set
    assert doc.token_lowers == [w.lower() for w in doc.token_list]
    assert doc.word_set == {w.lower() for _, _, w in want}


@pytest.mark.parametrize("before", ["x", "9", "_", "’", "-", " "])
def test_tokens_of_a_block_whose_text_follows_a_word_character(before):
    """No format makes such a block today, but Tokens does not rely on that: a block's first
    letter starts a token only as TOKEN would have it, looking behind the block's start."""
    from copydesk.document import Block

    text = f"{before}abc de-f' 9x ghi"
    block = Block(0, len(text), "paragraph", len(before))
    want = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text, block.body, block.end)]
    assert list(Tokens(text, [block])) == want
    assert list(CompactTokens(text, [block])) == want


def test_token_index_past_the_end_raises():
    toks = Document("One two.").tokens
    assert toks[-2][2] == "One"
    with pytest.raises(IndexError):
        toks[2]
    with pytest.raises(IndexError):
        toks[-3]


def test_long_documents_keep_tokens_as_integer_arrays(monkeypatch):
    import copydesk.document as document

    monkeypatch.setattr(document, "COMPACT_ABOVE", 10)
    doc = Document("Baku and baku again, the the end.")
    assert isinstance(doc.tokens, CompactTokens)
    assert doc.token_set == {"Baku", "and", "baku", "again", "the", "end"}
    assert doc.token_counts["the"] == 2


def test_each_rule_reads_a_long_documents_tokens_a_bounded_number_of_times(monkeypatch):
    """A long document keeps its tokens compact, and every `where` over them reads all of
    them: a rule that asked once per distinct word made a 3 MB paragraph take 24 s instead of
    3. The seed, twenty times over, stands in for a long document with many phrases and names."""
    from pathlib import Path

    import copydesk.document as document
    from copydesk.engine import Linter

    monkeypatch.setattr(document, "COMPACT_ABOVE", 1000)
    seed = next(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt")).read_text()
    text = "\n\n".join([seed, "Independent sources said the top minister spoke.", "self-reliant sources cite"] * 20)
    calls: dict[str, int] = {}
    where = CompactTokens.where
    linter = Linter()
    code = {"now": ""}

    def counted(self, keys):
        calls[code["now"]] = calls.get(code["now"], 0) + 1
        return where(self, keys)

    monkeypatch.setattr(CompactTokens, "where", counted)
    doc = Document(text)
    for rule, fn, _, ctx in linter._plan():
        code["now"] = rule.code
        list(fn(doc, ctx))
    assert isinstance(doc.tokens, CompactTokens)
    assert calls and max(calls.values()) <= 3, calls


_QUOTE_PIECES = st.sampled_from(["“", "”", '"', "He said ", "no", " ", "\n", "\n\n", "# ", "```\n“code”\n```\n", "- "])


@settings(max_examples=200, deadline=None)
@given(st.lists(_QUOTE_PIECES, max_size=30), st.sampled_from(["plain", "markdown"]), st.data())
def test_in_quotes_matches_one_scan_of_every_block(pieces, fmt, data):
    """in_quotes scans only the blocks a span reaches; it must answer as the whole-document
    scan of every block's quotations does, for spans inside, across and between blocks."""
    from copydesk.document import _QUOTED
    from copydesk.spans import Spans

    doc = Document("".join(pieces), fmt)
    every = Spans(m.span() for b in doc.prose_blocks for m in _QUOTED.finditer(doc.text, b.body, b.end))
    n = len(doc.text)
    for _ in range(20):
        start = data.draw(st.integers(0, n))
        end = data.draw(st.integers(start, n))
        assert doc.in_quotes(start, end) == every.overlaps(start, end), (doc.text, start, end)


_MD_LINES = [
    "# Title",
    "Title\n=====",
    "Sub\n---",
    "> quoted *text* with `code`",
    "- item [link](http://x.y/z) and **bold**",
    "1. first <b>tag</b>",
    "```\ncode [x](y)\n```",
    "    indented code",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "<div>\nblock html\n</div>",
    '[ref]: http://example.com "T"',
    "A paragraph with ![img](a.png), &amp; and <http://auto.link>.",
    "lazy\ncontinuation of a paragraph",
    "---\ntitle: front\n---",
    "***",
    "",
    "  - nested\n    - deeper",
    "Text with `` ` `` backticks and \\*escapes\\*.",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_MD_LINES), max_size=14))
def test_markdown_blocks_do_not_depend_on_inline_parsing(lines):
    """Blocks come from one shared parser with inline parsing off (copydesk reads only block
    tokens and finds code spans and links itself): a fresh parser with everything on must give
    the same blocks and protected spans."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    from copydesk import formats

    text = "\n".join(lines) + "\n"
    fast = formats._markdown(text)
    full = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
    try:
        formats._markdown_parser.cache_clear()
        original = formats._markdown_parser
        formats._markdown_parser = lambda: full
        slow = formats._markdown(text)
    finally:
        formats._markdown_parser = original
        formats._markdown_parser.cache_clear()
    assert fast == slow
    assert "inline" in full.get_active_rules()["core"] and "inline" not in original().get_active_rules()["core"]


_MD_PARTS = [
    *_MD_LINES,
    "```",
    "~~~~",
    "<pre>",
    "</pre>",
    "<!--",
    "-->",
    "<?php",
    "?>",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE html>",
    "<script>",
    "</script>",
    "---",
    "- a\n\n- b",
    "1. a\n\n2. b",
    "> a\n\n> b",
    "    code\n\n    more code",
    "\u00a0",
    " \t",
    "",
    "",
    "",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MD_PARTS), max_size=24), st.sampled_from([1, 8, 40]))
@example(["---", "title: x", "", "a: b", "---", "", "Text"], 1)
@example(["```", "", "code", "", "```", "", "Text"], 1)
@example(["<!--", "", "note", "", "-->", "", "Text"], 1)
@example(["Text", "\u00a0", "More"], 1)  # (a no-break space is text: the paragraph goes on)
def test_markdown_parsed_in_parts_gives_the_blocks_of_the_whole(lines, part):
    """A long Markdown text is handed to markdown-it a part at a time (formats._md_tokens): cut
    after a blank line before a line at the margin, and parsed again with the rest where a
    fence, an HTML block or front matter ran on. Parts of any size must give the blocks and
    protected spans of one parse of the whole."""
    from copydesk import formats

    text = "\n".join(lines) + "\n"
    whole = formats._markdown(text)
    old = formats.MD_CHUNK
    formats.MD_CHUNK = part
    try:
        assert formats._markdown(text) == whole
    finally:
        formats.MD_CHUNK = old


def test_long_markdown_is_parsed_a_part_at_a_time(monkeypatch):
    """4 MB of list-heavy Markdown made 391,000 token objects at once (163 MB): each parse
    now sees about MD_CHUNK characters, however long the text."""
    from copydesk import formats

    md = formats._markdown_parser()
    seen = []
    real = type(md).parse
    monkeypatch.setattr(type(md), "parse", lambda self, src, env=None: seen.append(len(src)) or real(self, src, env))
    unit = "# Heading\n\nA paragraph of text.\n\n- item one\n- item two\n\n> a quote\n\n```\ncode\n```\n\n"
    text = unit * (4 * formats.MD_CHUNK // len(unit))
    blocks, _ = formats._markdown(text)
    assert len(blocks) == 6 * (4 * formats.MD_CHUNK // len(unit))
    assert len(seen) >= 4 and max(seen) <= formats.MD_CHUNK + len(unit)


# Patterns split one per leading mark (Document.finditer_each) against the single patterns they
# replaced, kept here as the oracles.
_SPLIT_PATTERNS = [
    ("copydesk.checks.spacing", "_SENTENCE_END", r"([.?!])(?=[^\W\d_][^\W\d_]|[AI](?![^\W_]))", 0),
    ("copydesk.checks.spacing", "_COLON", r"([:;])(?=[^\W\d_]{2,}\b)", 0),
    ("copydesk.checks.spacing", "_SPACE_BEFORE", r"(?:,|;|:|\?|!|\.(?!\.))(?<= [,;:?!.])(?=\s|$|[”’\"])", re.M),
    ("copydesk.checks.capitalization", "_AFTER_STOP", r"([.!?])([”’\"')\]]*)\s+([a-z][\w’'\-]*)", 0),
    ("copydesk.checks.grammar", "_ARTICLE", r"([aA](?<![\w’'\-.].)n?)\s+[“‘\"'(]?([\w][\w’'%\-]*)", 0),
]
_MARKS = st.lists(
    st.sampled_from(
        [
            ".",
            ",",
            ";",
            ":",
            "?",
            "!",
            "...",
            "..",
            "a",
            "A",
            "an",
            "An",
            "I",
            "e.g.",
            "x",
            "y",
            "Abc",
            "word",
            "the",
            "“",
            "”",
            "‘",
            "’",
            '"',
            "'",
            "(",
            ")",
            "]",
            "-",
            "%",
        ]
        + [" ", "\n", "\n\n", "    code\n"]
    ),
    max_size=60,
)


def _found(matches, groups: bool) -> list:
    return [(m.span(), m.group(0), m.groups() if groups else ()) for m in matches]


@settings(max_examples=300, deadline=None)
@given(_MARKS, st.sampled_from(["plain", "markdown"]))
# (a mark written less often than there are blocks: only the blocks that hold it are searched)
@example(["x", "\n\n", "y", "\n\n", "word", "?", "Abc", "\n\n", "the", " ", "?"], "plain")
@example(["x", "\n\n", "    code\n", "word", " ", ";", "\n\n", "y", "\n\n", "the", " ", "?"], "markdown")
def test_patterns_split_by_mark_find_what_the_single_pattern_found(pieces, fmt):
    import importlib

    doc = Document("".join(pieces), fmt)
    for module, name, oracle, flags in _SPLIT_PATTERNS:
        split = getattr(importlib.import_module(module), name)
        groups = split[0].groups > 0  # (the single patterns of two held the mark as their group)
        want = _found(doc.finditer(re.compile(oracle, flags)), groups)
        assert _found(doc.finditer_each(split), groups) == want, name


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Home", "Office", "office", "Gordon", "brown", "Brown", "it", "x", "’s", "-", ".", "\n\n"] + [" "]
        ),
        max_size=50,
    )
)
def test_one_scan_of_capitalized_words_finds_both_kinds_of_pair(pieces):
    from copydesk.checks import capitalization as cap

    doc = Document("".join(pieces))
    both = list(doc.findall(cap._CAP_NEXT))
    pairs = re.compile(r"([A-Z](?<![\w’'\-].)[a-z]+)(?= ([A-Z][a-z]+)(?![\w’'\-]))")  # the scan it replaced
    assert [(a, b) for a, b, _ in both if b] == list(doc.findall(pairs))
    assert [(a, c) for a, _, c in both if c] == list(doc.findall(_CAP_LOWER))


_CAP_LOWER = re.compile(r"([A-Z](?<![\w’'\-].)[a-z]+) ([a-z]{3,})(?![\w’'\-])")  # a capitalized, a lower-case word
_PAIR_WORDS = ["Home", "office", "officer", "Gordon", "brown", "xHome", "é", "2", "_", "’s", "-"]
_PAIR_GAPS = ["", " ", " ", " ", "  ", ". ", "\n", "\n\n", "\n- ", "\n# "]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_PAIR_WORDS), st.sampled_from(_PAIR_GAPS)), max_size=25),
    st.sampled_from(["plain", "markdown"]),
)
@example([("Home", " "), ("office", "")], "plain")  # at the very end
@example([("Home", " "), ("office", ""), ("_", "")], "plain")  # a joiner the token leaves off
@example([("Home", " "), ("office", "\n- "), ("Gordon", " "), ("brown", "")], "markdown")
def test_lower_case_pairs_from_the_token_index_are_those_a_scan_finds(pieces, fmt):
    from copydesk.checks.capitalization import _lower_pairs

    doc = Document("".join(w + gap for w, gap in pieces), fmt)
    pairs = {("Home", "office"), ("Gordon", "brown"), ("Home", "officer")}
    want = [(m.start(), m.start(2), m.end(2), *m.groups()) for m in doc.finditer(_CAP_LOWER) if m.groups() in pairs]
    assert _lower_pairs(doc, pairs) == want


def _walk_back(text, s, p):
    """The word before a full stop as split_sentences first found it: a character at a time,
    back to white space, an opening mark or the sentence's start."""
    w = p
    while w > s and not text[w - 1].isspace() and text[w - 1] not in "(“\"'‘":
        w -= 1
    return text[w:p]


_SENTENCE_PIECES = ["Mr", "Dr", "U", "S", "J", "x", "said", "Then", "The", "9", ".", "!", "?", " ", "  ", "\n", "\t"]
_SENTENCE_PIECES += ["\u00a0", "(", "“", '"', "'", "‘", "”", "…"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=40), st.integers(0, 3))
@example(["x", "\u00a0", "Mr", ".", " ", "Then"], 0)
@example(["said", "(", "Dr", ".", " ", "The"], 0)
@example(["x", "J", ".", " ", "Then"], 1)  # (the word starts no earlier than the text looked at)
@example(["said", "\n", "x", "\t", "Mr", ".", " ", "Then"], 0)
@example(["said", "?", " ", "Then"], 0)  # (a block with ?, ! or … is scanned for all four marks)
@example(["said", "!", " ", "Then"], 0)
@example(["said", "…", " ", "Then"], 0)
def test_sentence_split_finds_the_word_before_a_full_stop_as_a_walk_back_does(pieces, trim):
    """split_sentences against itself as first written: the word before each full stop found
    by walking back, and every block scanned with the four-mark pattern."""
    from unittest import mock

    from copydesk import document

    text = "".join(pieces)
    start = min(trim, len(text))
    with (
        mock.patch.object(document, "_word_before", _walk_back),
        mock.patch.object(document, "_FULL_STOP_END", document._SENTENCE_END),
    ):
        want = split_sentences(text, start, len(text))
    assert split_sentences(text, start, len(text)) == want
