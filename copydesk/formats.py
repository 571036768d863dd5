"""Split a text into blocks and find its hard-protected spans, per input format.

Markdown goes through a real CommonMark parser (markdown-it-py) for block structure:
fences, indented code, HTML blocks, front matter, headings, list items, quotes and table
rows. markdown-it-py maps blocks to lines only, so inline code, link targets, autolinks
and inline HTML are found with small line-bounded patterns inside the prose blocks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from operator import itemgetter

from .document import Block, lowered

_LIST_MARKER = re.compile(r"[ \t]*(?:[*•▪●◦‣+\-–]|\d{1,3}[.)])[ \t]+")
_MD_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[*+\-]|\d{1,9}[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?")
_MD_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]*")
_TERMINAL = tuple('.!?:;,…"”’)')

_BACKTICKS = re.compile(r"`+")
_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s@<>]+@[^\s@<>]+)>")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>\n]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_HTML_RAW = re.compile(r"<(script|style|pre|code|textarea)\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[!/?]?[A-Za-z][^<>]*>")
_HTML_BLOCK_TAG = re.compile(
    r"</?(p|h[1-6]|li|dt|dd|td|th|tr|div|blockquote|section|article|header|footer|aside|nav|main|"
    r"ul|ol|dl|table|thead|tbody|figure|figcaption|title|body|head|html|br|hr)\b[^<>]*>",
    re.IGNORECASE,
)


def parse(text: str, fmt: str) -> tuple[list[Block], list[tuple[int, int]]]:
    if fmt == "markdown":
        return _markdown(text)
    if fmt == "html":
        return _html(text)
    # Plain drafts often carry Markdown habits: `code` in backticks is protected there too.
    return _plain(text), _comments(text) + _code_spans(text)


def _code_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Inline code as CommonMark defines it: a run of n backticks closes at the next run of exactly
    n, within the same paragraph (no blank line between). One pass over the backtick runs."""
    end = len(text) if end is None else end
    if text.find("`", start, end) == -1:
        return []  # most prose has no backtick: str.find is forty times faster than the regex
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end)]
    out = []
    i = 0
    while i < len(runs):
        s, e = runs[i]
        n = e - s
        for j in range(i + 1, min(len(runs), i + 64)):
            s2, e2 = runs[j]
            if "\n\n" in text[e:s2] or "\n\r\n" in text[e:s2]:
                break
            if e2 - s2 == n:
                out.append((s, e2))
                i = j
                break
        i += 1
    return out


def _comments(text: str) -> list[tuple[int, int]]:
    """HTML comments, found with str.find so an unclosed `<!--` costs one scan, not n."""
    out = []
    i = text.find("<!--")
    while i != -1:
        j = text.find("-->", i + 4)
        end = len(text) if j == -1 else j + 3
        out.append((i, end))
        i = text.find("<!--", end)
    return out


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each line without its line break (one at a time: a list of them took
    40 MB on 4 MB of short lines, freed only after the blocks were made)."""
    pos, size = 0, len(text)
    while True:
        end = text.find("\n", pos)
        if end < 0:
            end = size
        yield pos, end - 1 if end > pos and text[end - 1] == "\r" else end
        if end == size:
            return
        pos = end + 1


_MD_BREAK = re.compile(r"\r\n|\r|\n")


def _md_lines(text: str) -> list[tuple[int, int]]:
    """Lines as markdown-it counts them (it treats `\r\n`, a lone `\r` and `\n` all as breaks),
    so its block maps line up with offsets into the original text."""
    out, pos = [], 0
    for m in _MD_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _kind_of_single_line(text: str, s: int, e: int) -> str:
    line = text[s:e].strip()
    if line and not line.endswith(_TERMINAL) and len(line.split()) <= 14:
        return "heading"
    return "paragraph"


def _plain(text: str) -> list[Block]:
    """Blocks are runs of non-blank lines; a line with a list marker starts its own block."""
    blocks: list[Block] = []
    cur: list[tuple[int, int]] = []
    cur_kind = "paragraph"
    cur_body = 0

    def flush() -> None:
        if cur:
            s, e = cur[0][0], cur[-1][1]
            kind = cur_kind
            if kind == "paragraph" and len(cur) == 1:
                kind = _kind_of_single_line(text, s, e)
            blocks.append(Block(s, e, kind, cur_body))
            cur.clear()

    for s, e in _lines(text):
        if s == e or text[s:e].isspace():
            flush()
            continue
        m = _LIST_MARKER.match(text, s, e)
        if m:
            flush()
            cur_kind, cur_body = "list_item", m.end()
        elif not cur:
            cur_kind = "paragraph"
            indent = len(text[s:e]) - len(text[s:e].lstrip())
            cur_body = s + indent if indent else s  # (the start's own int, not an equal one: 32 bytes a block)
        cur.append((s, e))
    flush()
    return blocks


@cache
def _markdown_parser():
    """One CommonMark parser for the process (making one cost 0.3 ms, a tenth of checking a short
    article). Only block tokens are read (their line maps), so inline parsing, half of the
    parse, is switched off: code spans, link targets and inline HTML are found below."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin).disable("inline")


def _markdown(text: str) -> tuple[list[Block], list[tuple[int, int]]]:
    md = _markdown_parser()
    lines = _md_lines(text)
    n = len(lines)

    def span(m: list[int]) -> tuple[int, int]:
        a = min(m[0], n - 1)
        b = min(max(m[1], a + 1), n)
        return lines[a][0], lines[b - 1][1]

    blocks: list[Block] = []
    hard: list[tuple[int, int]] = []
    stack: list[str] = []
    for tok, first in _md_tokens(md, text, lines):
        t = tok.type
        if t.endswith("_open") and t in ("list_item_open", "blockquote_open"):
            stack.append(t[:-5])
        elif t in ("list_item_close", "blockquote_close"):
            stack.pop()
        if tok.map is None:
            continue
        where = [first + tok.map[0], first + tok.map[1]]  # (lines of the whole text)
        s, e = span(where)
        if t == "front_matter":
            # markdown-it maps front matter from its first line to its closing fence
            hard.append((0, lines[min(where[1], n) - 1][1] if where[1] else e))
            blocks.append(Block(s, e, "front_matter", s))
        elif t in ("fence", "code_block"):
            hard.append((s, e))
            blocks.append(Block(s, e, "code", s))
        elif t == "html_block":
            hard.append((s, e))
            blocks.append(Block(s, e, "html", s))
        elif t == "heading_open":
            m = _MD_HEADING.match(text, s, e)
            blocks.append(Block(s, e, "heading", m.end() if m else s))
        elif t == "paragraph_open":
            kind = "list_item" if "list_item" in stack else "quote" if "blockquote" in stack else "paragraph"
            m = _MD_PREFIX.match(text, s, e)
            blocks.append(Block(s, e, kind, m.end() if m else s))
        elif t == "tr_open":
            blocks.append(Block(s, e, "table_row", s))
    hard.extend(_comments(text))
    for b in blocks:
        if b.is_prose:
            hard.extend(_code_spans(text, b.start, b.end))
            for rx in (_LINK_TARGET, _AUTOLINK, _INLINE_TAG, _ENTITY):
                hard.extend(m.span() for m in rx.finditer(text, b.start, b.end))
    hard.extend(m.span() for m in _REF_DEF.finditer(text))
    blocks.sort(key=lambda b: b.start)
    return blocks, hard


MD_CHUNK = 256 * 1024  # characters of Markdown handed to markdown-it at once
_RUNS_ON = frozenset(["fence", "html_block", "code_block"])  # blocks a blank line need not end


def _md_tokens(md, text: str, lines: list[tuple[int, int]]):
    """markdown-it's block tokens for `text`, each with the line its part of the text starts
    at. A long text is parsed a part at a time: markdown-it holds a token object for every
    block, and 4 MB of list-heavy Markdown made 391,000 of them, 163 MB at once.

    A part ends after a blank line before a line that starts at the margin: no paragraph,
    quote, table or indented code goes on past that, and a list that does goes on with a new
    item (its items, the blocks read here, are the same), so the part parses as it does in the
    whole. What can go on (a fence, an HTML block such as `<pre>` or a comment, front matter)
    runs to the end of a part cut short: a part where one of them reaches its last line, or
    whose text opens with `---` and holds no front matter, is parsed again with all the rest."""
    n = len(lines)
    a = 0
    while a < n:
        b = _md_part_end(text, lines, a) if len(text) - lines[a][0] > MD_CHUNK else n
        part = text[lines[a][0] : lines[b][0] if b < n else len(text)]
        tokens = md.parse(part)
        if b < n and (
            any(tok.type in _RUNS_ON and tok.map[1] >= b - a for tok in tokens)
            or (a == 0 and part.startswith("---") and not any(tok.type == "front_matter" for tok in tokens))
        ):
            b = n
            tokens = md.parse(text[lines[a][0] :])
        for tok in tokens:
            yield tok, a
        a = b


def _md_part_end(text: str, lines: list[tuple[int, int]], a: int) -> int:
    """The first line at least MD_CHUNK characters after line `a` that follows a blank line and
    starts at the margin, not with `---` (len(lines) if there is none)."""
    first = bisect_left(lines, lines[a][0] + MD_CHUNK, lo=a + 2, key=itemgetter(0))
    for b in range(first, len(lines)):
        s, e = lines[b]
        if (
            s < e
            and not text[s].isspace()
            and not text.startswith("---", s)  # (front matter, to a part starting with it)
            and not text[lines[b - 1][0] : lines[b - 1][1]].strip(" \t")  # (blank to CommonMark)
        ):
            return b
    return len(lines)


def _html(text: str) -> tuple[list[Block], list[tuple[int, int]]]:
    """Tags, comments, entities and the inside of script/style/pre/code are protected; the text
    between block-level tags forms the blocks."""
    hard = _comments(text)
    low = lowered(text)
    for m in _HTML_RAW.finditer(text):
        closing = f"</{m.group(1).lower()}"
        if low is not None:
            close = low.find(closing, m.end())
        else:  # lower-casing moved offsets (`İ`): a case-blind search of the text itself
            found = re.compile(re.escape(closing), re.IGNORECASE).search(text, m.end())
            close = found.start() if found else -1
        end = len(text) if close == -1 else text.find(">", close) + 1 or len(text)
        hard.append((m.start(), end))
    hard.extend(m.span() for m in _HTML_TAG.finditer(text))
    hard.extend(m.span() for m in _ENTITY.finditer(text))
    from .spans import Spans

    protected = Spans(hard)
    blocks: list[Block] = []
    cuts = [
        (m.start(), m.end(), m.group(1).lower(), m.group(0).startswith("</")) for m in _HTML_BLOCK_TAG.finditer(text)
    ]
    cuts.append((len(text), len(text), "", True))
    pos, kind = 0, "paragraph"
    for s, e, tag, closing in cuts:
        chunk = text[pos:s]
        if _has_text(text, protected, pos, s):
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            blocks.append(Block(pos + lead, s - trail, kind, pos + lead))
        pos = e
        if closing:
            kind = "paragraph"
        elif tag[:1] == "h" and tag[1:].isdigit() or tag == "title":
            kind = "heading"
        elif tag == "li":
            kind = "list_item"
        elif tag == "blockquote":
            kind = "quote"
        elif tag in ("td", "th", "tr"):
            kind = "table_row"
        else:
            kind = "paragraph"
    return blocks, hard


def _has_text(text: str, protected, s: int, e: int) -> bool:
    """Whether text[s:e] holds any unprotected, non-blank character."""
    i = s
    while i < e:
        cov = protected.covering(i)
        if cov:
            i = cov[1]
        elif text[i].isspace():
            i += 1
        else:
            return True
    return False
