"""Punctuation spacing and doubled marks (CD3xx): the slips of fast typing and of text pasted
from the web.

Each check scans the prose blocks with one compiled pattern. Numbers, URLs, domains, file
names, abbreviations and initials are protected spans, so `3,100`, `bbc.co.uk`, `U.S.` and
`J.K.` never reach a check's findings (the engine drops them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..model import Finding
from ..registry import Context, check

_WORD_BEFORE = re.compile(r"[^\W_][\w’'-]*$")
_WORD_AFTER = re.compile(r"^[\w’'-]*[^\W_]")


def _around(text: str, start: int, end: int) -> str:
    """The words touching text[start:end], for a message: `sectors,including`."""
    a = _WORD_BEFORE.search(text, max(0, start - 40), start)
    b = _WORD_AFTER.match(text[end : end + 40])
    return (a.group(0) if a else "") + text[start:end] + (b.group(0) if b else "")


# Patterns start with their punctuation literal so the regex engine can jump between candidates;
# what must stand before the mark is checked in Python on the few candidates found.
_COMMA = re.compile(r",(?=[^\W\d_]|[“‘])")
_COMMA_BEFORE = ')]”’"%'


@check(
    "CD301",
    "missing-space-after-comma",
    "punctuation",
    bad=[
        ("Sectors,including energy.", "Sectors, including energy."),
        ("It was cheap,and it was fast.", "It was cheap, and it was fast."),
        ("He said,“No.”", "He said, “No.”"),
    ],
    good=[
        "Deaths rose to 3,100 this year.",
        "See https://example.com/a,b for details.",
        "The `a,b` pair.",
        "It was cheap, and fast.",
    ],
)
def missing_space_after_comma(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A comma runs straight into the next word.

    What it does: finds a comma with a letter or opening quote right after it, as in
    `sectors,including`.
    Why it matters: the words run together on the page and look like a typo to readers.
    Example: `energy,defense,water` becomes `energy, defense, water`.
    Fix safety: safe. Numbers (`3,100`), URLs, code and other protected text are never touched.
    """
    text = doc.text
    for m in doc.finditer(_COMMA):
        s = m.start()
        if s == 0 or not (text[s - 1].isalnum() or text[s - 1] in _COMMA_BEFORE):
            continue
        yield ctx.finding(s, s + 1, f"Missing space after comma in ‘{_around(doc.text, s, s + 1)}’", [", "])


# one pattern per mark (Document.finditer_each)
_SENTENCE_END = [re.compile(mark + r"(?=[^\W\d_][^\W\d_]|[AI](?![^\W_]))") for mark in (r"\.", r"\?", "!")]


@check(
    "CD302",
    "missing-space-after-sentence",
    "punctuation",
    bad=[
        ("It ended in studies.Jabbarov then spoke.", "It ended in studies. Jabbarov then spoke."),
        ("It was security-focused.Economic ties grew.", "It was security-focused. Economic ties grew."),
        ("It rose in 2025.The fall came later.", "It rose in 2025. The fall came later."),
        ("Why now?Nobody knows.", "Why now? Nobody knows."),
        ("We waited.I left.", "We waited. I left."),
        ("He joined Warner Bros.However, it failed.", "He joined Warner Bros. However, it failed."),
    ],
    good=[
        "The U.S. Senate met.",
        "Visit bbc.co.uk today.",
        "Prices rose 4.5% in Jan. 2025.",
        "Open report.pdf now.",
        "The framework Node.js is popular.",
        "J.K. Rowling wrote it.",
        "The ASP.NET team shipped.",
    ],
)
def missing_space_after_sentence(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A sentence ends and the next begins with no space between them.

    What it does: finds a full stop, question mark or exclamation mark between a lower-case
    word (or a figure, or a closing quote) and a capitalized word, as in `studies.Jabbarov`.
    Why it matters: readers stumble, and search and sentence tools see one long word.
    Example: `security-focused.Economic` becomes `security-focused. Economic`.
    Fix safety: safe. Abbreviations (`U.S.`, `e.g.`), domains (`bbc.co.uk`), file names,
    decimals and initials are protected and never flagged.
    """
    text = doc.text
    for m in doc.finditer_each(_SENTENCE_END):
        s = m.start()
        if s < 2:
            continue
        before = text[s - 1]
        if before in ')”’"':
            pass
        elif not (before.isalnum() and text[s - 2].isalnum()):
            continue  # `e.g.The`, `a.B`: the stop must end a word of two or more letters
        elif before.isalpha() and not before.islower():
            continue  # `ASP.Net`, `SOCAR.The`: a capital before the stop is too often a name
        nxt = text[s + 1]
        if not nxt.isupper() or (len(text) > s + 2 and text[s + 2].isupper()):
            continue  # `.NET`, `.CEO`: an all-caps word after a dot is usually a name or extension
        yield ctx.finding(
            s, s + 1, f"Missing space after ‘{m.group(0)}’ in ‘{_around(text, s, s + 1)}’", [m.group(0) + " "]
        )


_COLON = [re.compile(mark + r"(?=[^\W\d_]{2,}\b)") for mark in ":;"]  # (Document.finditer_each)
_COLON_WORD = re.compile(r"(?<![\w’'.:/\-])[^\W\d_]{3,}$")


@check(
    "CD303",
    "missing-space-after-colon",
    "punctuation",
    bad=[
        ("The label said:public statements.", "The label said: public statements."),
        ("It was late;everyone left.", "It was late; everyone left."),
    ],
    good=[
        "We met at 10:30 today.",
        "Use std::vector here.",
        "Write to mailto:desk@example.com now.",
        "TL;DR: it works.",
        "Note: this is fine.",
    ],
)
def missing_space_after_colon(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A colon or semicolon runs straight into the next word.

    What it does: finds `word:word` and `word;word` between two lower-case-led words of
    prose, as in `late;everyone`.
    Why it matters: the words run together; readers and sentence tools stumble.
    Example: `It was late;everyone left.` becomes `It was late; everyone left.`
    Fix safety: safe. Times (`10:30`), `::` in code, URLs and abbreviations like `TL;DR`
    are never flagged.
    """
    text = doc.text
    for m in doc.finditer_each(_COLON):
        s = m.start()
        w = _COLON_WORD.search(text, max(0, s - 40), s)
        if w is None or not w.group(0).islower():
            continue
        mark = m.group(0)
        yield ctx.finding(s, s + 1, f"Missing space after ‘{mark}’ in ‘{_around(text, s, s + 1)}’", [mark + " "])


# The mark itself, after a space: a pattern per mark, each starting with its mark, so re skips
# from mark to mark (Document.finditer_each; a pattern that starts at the spaces is tried at
# every space of the text, three times slower). The run of spaces is measured back from the mark.
_SPACE_BEFORE = [
    re.compile(mark + r"(?<= .)(?=\s|$|[”’\"])", re.MULTILINE) for mark in (",", ";", ":", r"\?", "!", r"\.(?!\.)")
]


@check(
    "CD304",
    "space-before-punctuation",
    "punctuation",
    bad=[
        ("Prices rose , then fell .", "Prices rose, then fell."),
        ("Is it true ?", "Is it true?"),
    ],
    good=["He paused ... then spoke.", "Smile :) please.", "The .NET team met.", "Prices rose, then fell."],
)
def space_before_punctuation(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A space stands before a comma, full stop, colon, semicolon or question mark.

    What it does: finds spaces between a word and the punctuation that should touch it.
    Why it matters: English sets these marks tight against the word; a space before them
    looks careless and can leave the mark alone at the start of a line.
    Example: `Prices rose , then fell .` becomes `Prices rose, then fell.`
    Fix safety: safe. Ellipses (` ...`) and emoticons are left alone.
    """
    text = doc.text
    for m in doc.finditer_each(_SPACE_BEFORE):
        e = m.start()
        body = doc.prose_block_at(e).body
        s = e - 1
        while s > body and text[s - 1] == " ":
            s -= 1
        if s == 0 or not text[s - 1].isalnum():
            continue  # (also a run of spaces that began before the block's text)
        mark = text[e]
        yield ctx.finding(s, e, f"Space before ‘{mark}’ in ‘{_around(text, s, e + 1)}’", [""])


_REPEATED = re.compile(r"(  (?<!   ) *)(?=\S)")  # a run of two spaces or more, from its start


@check(
    "CD305",
    "repeated-spaces",
    "punctuation",
    severity="info",
    bad=[("The visit  ended on Sunday.", "The visit ended on Sunday.")],
    good=[
        "The visit ended.  Then it rained.",
        "    indented line",
        "Name      Age     Town",
        "| Code  | Family |\n|---|---|\n| CD1  | spelling |",
    ],
)
def repeated_spaces(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Two or more spaces between words inside a sentence.

    What it does: finds runs of spaces between two words, except after a sentence end (two
    spaces after a full stop is an old convention, not an error), in lines that align
    columns with spaces, and beside a table's `|`.
    Why it matters: the gap shows in print and on the web when whitespace is preserved.
    Example: `The visit  ended` becomes `The visit ended`.
    Fix safety: safe.
    """
    text = doc.text
    aligned: dict[int, bool] = {}  # line start -> whether the line aligns columns (judged once a line)
    for m in doc.finditer(_REPEATED):
        s, e = m.span(1)
        if s == 0 or text[s - 1].isspace() or text[s - 1] in ".!?:…":
            continue
        if text[s - 1] == "|" or text[e] == "|":
            continue  # a table cell's padding (`| CD1  | spelling |`), not a gap between words
        ls, le = doc.line_range(doc.line_of(s), newline=False)
        if ls not in aligned:
            line = text[ls:le]
            aligned[ls] = line.count("  ") - line.count("   ") > 1 or "   " in line or "\t" in line
        if aligned[ls]:
            continue  # spaces used to align columns
        yield ctx.finding(s, e, f"{e - s} spaces between words in ‘{_around(text, s, e)}’", [" "])


# a doubled comma or semicolon, or two full stops that are not part of an ellipsis (`..` and
# `:` are everywhere in code and addresses: `../`, `std::`, `1..10`; those are protected spans,
# and the checks below want a word before the marks)
_DOUBLED = [re.compile(m + m + f"(?<!{m}{m}{m})(?!{m})") for m in (",", ";", r"\.")]  # (finditer_each)
_MARK_NAMES = {",": "comma", ";": "semicolon", ".": "full stop"}
_SENTENCE_AFTER = re.compile(r"\s*(?:$|[”’\"')\]]|\s[“‘\"'(\[]?[A-Z0-9])")


@check(
    "CD306",
    "doubled-punctuation",
    "punctuation",
    bad=[
        ("The vote was on Tuesday,, officials said.", "The vote was on Tuesday, officials said."),
        ("The report was published.. It was late.", "The report was published. It was late."),
        ("Talks stalled;; no date was set.", "Talks stalled; no date was set."),
    ],
    good=[
        "He paused... then spoke.",
        "Wait.. what? she asked.",
        "See ../notes and items 1..10.",
        'It blocks paths with ".." in them.',
    ],
)
def doubled_punctuation(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A comma, semicolon or full stop typed twice: `Tuesday,, officials`, `published..`.

    What it does: finds two commas or two semicolons after a word, and two full stops (not
    three: an ellipsis) that end a sentence, before a capital, a closing quote or the end
    of the line.
    Why it matters: the second mark is a slip a reader sees at once.
    Example: `on Tuesday,, officials said` becomes `on Tuesday, officials said`.
    Fix safety: safe. Two full stops before a lower-case word (`Wait.. what`) may be an
    ellipsis cut short and are left alone.
    """
    text = doc.text
    for m in doc.finditer_each(_DOUBLED):
        s, e = m.span()
        if s == 0 or not (text[s - 1].isalnum() or text[s - 1] in ")]”’%"):
            continue  # marks after a word only: not `(..)`, and not `".."`, where a straight quote opens
        if text[s] == "." and not _SENTENCE_AFTER.match(text, e):
            continue
        name = _MARK_NAMES[text[s]]
        yield ctx.finding(s + 1, e, f"Doubled {name} in ‘{_around(text, s, e)}’", [""])
