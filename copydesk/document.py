"""The Document: original text plus everything checks need to read it safely.

A Document never changes its text. Blocks, sentences and tokens are offsets into that
text, and one line index turns any offset into a 1-based line and column. Protected spans
are text no check may touch: `hard` (code, markup, front matter) for every rule, `soft`
(URLs, e-mail addresses, numbers, abbreviations, file names, initials) for every rule but
block rules that delete a whole line or paragraph.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, compress, islice, repeat
from operator import attrgetter, eq, itemgetter, lt

from .spans import Spans

FORMATS = ("plain", "markdown", "html")
EXTENSIONS = {
    ".txt": "plain",
    ".text": "plain",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


def format_for(path: str | None, requested: str = "auto") -> str:
    if requested != "auto":
        return requested
    if path:
        low = path.lower()
        for ext, fmt in EXTENSIONS.items():
            if low.endswith(ext):
                return fmt
    return "plain"


@dataclass(frozen=True, slots=True)
class Block:
    """A headline, paragraph, list item, table, quote or code block: [start, end) of the text.

    `body` is where the prose starts, after any list marker or Markdown heading marker.
    """

    start: int
    end: int
    kind: str
    body: int

    @property
    def is_prose(self) -> bool:
        return self.kind not in ("code", "html", "front_matter")


@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline-disabled region; `selectors` None means every rule."""

    start: int
    end: int
    selectors: tuple[str, ...] | None


# --- soft protection: things that look like punctuation errors but are not -------------
_TLDS = "com|org|net|gov|edu|int|mil|io|co|uk|us|eu|de|fr|es|it|nl|ru|cn|jp|in|au|ca|info|biz|ai|app|dev|tv|me|ly|news"
_FILE_EXT = "pdf|docx?|xlsx?|pptx?|txt|md|csv|json|ya?ml|toml|xml|py|js|ts|html?|css|png|jpe?g|gif|svg|webp|zip|gz|exe|mp[34]|wav|mov"
_ABBREV = (
    "Mr|Mrs|Ms|Mx|Dr|Prof|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Cpl|Sgt|Maj|Adm|Rev|Hon|Pres|Supt|Insp|"
    "Inc|Ltd|Co|Corp|Bros|Dept|Univ|Assn|Ave|Blvd|Rd|Mt|Ft|No|Nos|vs|etc|approx|est|al|cf|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|"
    "a\\.m|p\\.m|e\\.g|i\\.e|fig|Fig|vol|Vol|p|pp|ch|Ch|ed|eds|op|Op"
)
ABBREVIATIONS = frozenset(a.replace("\\", "") for a in _ABBREV.split("|"))
SOFT_PROTECTED = re.compile(
    r"""
      (?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'“”‘’]*[^\s<>"'“”‘’.,;:!?)\]}]   # URL
    | \b(?:mailto|tel|sms|urn|file|data|news|irc|xmpp):[^\s<>"'“”]+        # other URI schemes
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                                        # e-mail address
    | \b[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?:"""
    + _TLDS
    + r""")\b(?:/[^\s<>"']*[^\s<>"'.,;:!?)])?                                # domain name
    | \b[\w-]+\.(?:"""
    + _FILE_EXT
    + r""")\b                                                             # file name
    | [$€£¥]?\d+(?:[.,:/]\d+)+%?                                          # 3,100  4.5%  10:30
    | \b(?:[A-Za-z]\.){2,}                                                # U.S.  e.g.  a.m.
    | \b(?:"""
    + _ABBREV
    + r""")\.(?![^\W\d_])                                                 # Mr.  Jan.  etc. (not `Bros.However`)
    | \b[A-Z]\.(?=\s*[A-Z])                                               # initials: J. K.
    """,
    re.VERBOSE,
)

_SOFT_WINDOW = 300  # a protected token (a long URL) is looked at within this many characters
_NEXT_TWO_WORDS = re.compile(r"\S*\s*\S*")
_MAYBE_PROTECTED = re.compile(r"[.@:\d]")

_SUPPRESS = re.compile(
    r"<!--\s*copydesk-(disable|enable)\b([^>]*?)-->|copydesk:\s*ignore\b([ \t\w,.:-]*)$",
    re.MULTILINE,
)


def _selectors(raw: str) -> tuple[str, ...] | None:
    parts = tuple(p for p in re.split(r"[\s,]+", raw.strip()) if p)
    return parts or None


class Sentences:
    """[start, end) of each sentence of a document, in order, as a read-only sequence of
    pairs kept in two integer arrays (`starts`, `ends`: bisect them directly): 16 bytes a
    sentence, where a list of tuples took about 70 (34 MB on 4 MB of one-line list items)."""

    __slots__ = ("starts", "ends")

    def __init__(self):
        self.starts, self.ends = array("q"), array("q")

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self):
        return zip(self.starts, self.ends)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(zip(self.starts[i], self.ends[i]))
        return (self.starts[i], self.ends[i])


class LineIndex:
    """A text and the offsets where its lines start: offsets to 1-based lines and columns.

    Reporters need only this, so results from worker processes or the cache are reported
    without parsing the document again."""

    def __init__(self, text: str):
        self.text = text
        # an integer array: 8 bytes a line, where a list of ints took 36 (22 MB of 600,000 lines)
        self.line_starts = array("q", [0])
        self.line_starts.extend(map(_END, _NEWLINE.finditer(text)))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count code points."""
        i = bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def line_range(self, line: int, newline: bool = True) -> tuple[int, int]:
        """[start, end) of 1-based `line`, with its newline when `newline` is true."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        if not newline and end > start and self.text[end - 1] == "\n":
            end -= 1
            if end > start and self.text[end - 1] == "\r":
                end -= 1
        return start, end

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)


class Document(LineIndex):
    """One text to check; read-only once built."""

    def __init__(self, text: str, fmt: str = "plain", path: str = "-"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown input format {fmt!r} (use one of {', '.join(FORMATS)})")
        super().__init__(text)
        self.format = fmt
        self.path = path
        from . import formats

        blocks, hard = formats.parse(text, fmt)
        self.blocks: list[Block] = blocks
        self._directives: list[tuple[int, int]] = []
        self.suppressions = self._find_suppressions()
        # the directives themselves (`copydesk: ignore CD301`) are not prose to check
        self.hard = Spans(hard + self._directives) if self._directives else Spans(hard)

    # --- protection -----------------------------------------------------------------
    def is_protected(self, start: int, end: int, block: bool = False) -> bool:
        if self.hard.overlaps(start, end):
            return True
        return not block and self.soft_overlaps(start, end)

    def soft_overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a URL, e-mail, number, abbreviation, file name or initial.

        These never contain spaces, so only the words around the span are scanned: the cost is
        paid per finding, not per character of every document (the whole-text scan was half of
        the run time on clean copy)."""
        text = self.text
        lo = max(0, start - _SOFT_WINDOW)
        hi = min(len(text), end + _SOFT_WINDOW)
        # The words around the span, found at C speed: back to the last whitespace, forward over
        # this word and the next (initials look ahead: `J. K.`). Bounded, so a megabyte without
        # a space costs a few hundred characters per finding, not the whole run.
        a = max(text.rfind(" ", lo, start), text.rfind("\n", lo, start), text.rfind("\t", lo, start)) + 1 or lo
        m = _NEXT_TWO_WORDS.match(text, end, hi)
        b = m.end() if m else end
        if not _MAYBE_PROTECTED.search(text, a, b):
            return False  # URLs, addresses, numbers, abbreviations all hold a `.`, `@`, `:` or digit
        return any(m.start() < max(end, start + 1) and start < m.end() for m in SOFT_PROTECTED.finditer(text, a, b))

    def _find_suppressions(self) -> list[Suppression]:
        if "copydesk" not in self.text:
            return []
        out: list[Suppression] = []
        open_regions: list[tuple[int, tuple[str, ...] | None]] = []
        for m in _SUPPRESS.finditer(self.text):
            self._directives.append(m.span())
            if m.group(1) == "disable":
                open_regions.append((m.start(), _selectors(m.group(2))))
            elif m.group(1) == "enable":
                want = _selectors(m.group(2))
                keep = []
                for start, sel in open_regions:
                    if want is None or sel == want:
                        out.append(Suppression(start, m.end(), sel))
                    else:
                        keep.append((start, sel))
                open_regions = keep
            else:  # `copydesk: ignore` at the end of a line covers that line
                line = self.line_of(m.start())
                s, e = self.line_range(line)
                out.append(Suppression(s, e, _selectors(m.group(3))))
        out.extend(Suppression(start, len(self.text), sel) for start, sel in open_regions)
        return out

    # --- lazily built views -----------------------------------------------------------
    @cached_property
    def prose_blocks(self) -> list[Block]:
        if all(map(_IS_PROSE, self.blocks)):
            return self.blocks  # (plain text: all of them, and no second list of them)
        return [b for b in self.blocks if b.is_prose]

    @cached_property
    def _prose_bodies(self) -> list[int]:
        return [b.body for b in self.prose_blocks]

    @cached_property
    def _prose_ends(self) -> list[int]:
        return [b.end for b in self.prose_blocks]

    def prose_block_at(self, offset: int) -> Block | None:
        """The prose block whose body starts at or before `offset` and ends after it, or None."""
        i = bisect_right(self._prose_bodies, offset) - 1
        if i < 0 or offset >= self.prose_blocks[i].end:
            return None
        return self.prose_blocks[i]

    @cached_property
    def sentences(self) -> Sentences:
        """[start, end) of every sentence in the prose blocks."""
        out = Sentences()
        add_starts, add_ends = out.starts.extend, out.ends.extend
        text = self.text
        for b in self.prose_blocks:
            got = split_sentences(text, b.body, b.end)
            add_starts(map(_FIRST, got))
            add_ends(map(_SECOND, got))
        return out

    @cached_property
    def tokens(self) -> Tokens | CompactTokens:
        """(start, end, word) of every word of the prose: letters and digits with inner
        apostrophes and hyphens, starting with a letter (`Sa’ar`, `well-known`, `G7`).

        One scan shared by every rule that walks words: a rule picks the distinct words it can
        fire on from `token_set`, then visits only their tokens (`Tokens.where`)."""
        if len(self.text) > COMPACT_ABOVE:
            return CompactTokens(self.text, self.prose_blocks)
        return Tokens(self.text, self.prose_blocks)

    @cached_property
    def token_set(self) -> frozenset[str]:
        """The distinct token words, as written."""
        return self.tokens.distinct()

    @cached_property
    def token_counts(self) -> Counter:
        """How many times each token word is written."""
        return self.tokens.counts()

    def finditer(self, pattern: re.Pattern):
        """Matches of `pattern` in the prose blocks only (never in code, markup or front matter).

        Each block is searched on its own, as if the text ended where the block does."""
        return chain.from_iterable(map(pattern.finditer, repeat(self.text), self._prose_bodies, self._prose_ends))

    def finditer_each(self, patterns) -> list[re.Match]:
        """The matches of several patterns in the prose blocks, in order of where they start,
        as one alternation of them would find them (patterns that never match at the same
        place).

        re skips ahead to a pattern's first character when that is one literal, and otherwise
        tries a class at every character: `:(?=…)` and `;(?=…)` scan 3 MB in 1.7 ms together,
        `[:;](?=…)` in 14. So a pattern that starts with a class of a few marks is searched
        once per mark.

        Starting a search costs about 0.15 µs a block, 1.5 ms a pattern over the 9,500 blocks
        of 500,000 words, which most marks (`?`, `;`, `!`) are in a handful of: a pattern that
        starts with a mark written less often than there are blocks searches only the blocks
        that hold the mark."""
        found = sorted(chain.from_iterable(map(self._finditer_where_led, patterns)), key=_START)
        # as one pattern's scan, which goes on from where a match ends: `a A a` is `a A` alone
        # to a choice of `a` and `A`, where each pattern of its own also finds `A a` (looked
        # for at C speed first: matches rarely overlap)
        if not any(map(lt, map(_START, islice(found, 1, None)), map(_END, found))):
            return found
        kept, reached = [], -1
        for m in found:
            if m.start() >= reached:
                kept.append(m)
                reached = m.end()
        return kept

    def _finditer_where_led(self, pattern: re.Pattern):
        """self.finditer(pattern), skipping the blocks without the character its matches start
        with (when it has one, and the text holds it less often than it has prose blocks)."""
        lead = _lead_char(pattern)
        text, bodies, ends = self.text, self._prose_bodies, self._prose_ends
        if lead is None or text.count(lead) >= len(bodies):
            return self.finditer(pattern)
        chosen: list[int] = []
        at = text.find(lead)
        while at >= 0:
            j = bisect_right(bodies, at) - 1
            if j >= 0 and at < ends[j]:
                chosen.append(j)
                at = text.find(lead, ends[j])  # (the block's other marks add nothing)
            else:
                at = text.find(lead, at + 1)
        return chain.from_iterable(pattern.finditer(text, bodies[j], ends[j]) for j in chosen)

    def findall(self, pattern: re.Pattern):
        """What `pattern.findall` gives in each prose block, in order (strings, or tuples of
        groups): no match object is made, which is the cost when only the words are wanted."""
        return chain.from_iterable(map(pattern.findall, repeat(self.text), self._prose_bodies, self._prose_ends))

    @cached_property
    def token_list(self) -> list[str]:
        """The distinct token words as a list, in the order of `token_lowers`."""
        return list(self.token_set)

    @cached_property
    def token_lowers(self) -> list[str]:
        """Each of `token_list` lower-cased: rules pick the tokens whose lower-case form they
        look for at C speed (`compress(doc.token_list, map(wanted.__contains__,
        doc.token_lowers))`), and four of them lower-cased every distinct word each."""
        return list(map(str.lower, self.token_list))

    @cached_property
    def word_set(self) -> frozenset[str]:
        """The distinct words of the prose, lower-cased: the token words.

        Rules intersect it with what they can fire on and skip the document when nothing is
        there, which most documents are for most rules."""
        return frozenset(self.token_lowers)

    @cached_property
    def lower_words(self) -> frozenset[str]:
        """The distinct words written all in lower case (where a lower-cased name would be)."""
        return frozenset(filter(str.islower, self.token_set))

    def in_quotes(self, start: int, end: int) -> bool:
        """Whether [start, end) touches quoted speech: text between “ and ”, or between straight
        double quotes, in one block (an insertion counts when strictly inside).

        Only the prose blocks the span reaches are scanned, each once: rules ask this of their
        findings, and scanning every quotation of an archive cost more than they did."""
        bodies = self._prose_bodies
        i = max(bisect_right(bodies, start) - 1, 0)
        blocks = self.prose_blocks
        for j in range(i, max(bisect_left(bodies, end), i + 1)):
            if j < len(blocks) and blocks[j].end >= start and self._quoted_in(j).overlaps(start, end):
                return True
        return False

    def _quoted_in(self, j: int) -> Spans:
        cache = self.__dict__.setdefault("_quoted_blocks", {})
        spans = cache.get(j)
        if spans is None:
            b = self.prose_blocks[j]
            spans = cache[j] = Spans(m.span() for m in _QUOTED.finditer(self.text, b.body, b.end))
        return spans

    def word_count(self) -> int:
        return len(self.text.split())


_QUOTED = re.compile(r"“[^“”]*”|(?<![\w])\"[^\"\n]*\"")
TOKEN = re.compile(r"(?<![\w’'\-])[^\W\d_][\w’'\-]*[^\W_]|(?<![\w’'\-])[^\W\d_]")
# TOKEN's words, found faster: a letter that starts no word's middle, the rest greedily, then
# the joiners it may not end with taken off (a tenth faster than TOKEN's backtracking). Its
# matches start where TOKEN's do: a letter inside a run follows a word character or joiner.
_TOKEN_RUN = re.compile(r"[^\W\d_](?<![\w’'\-].)[\w’'\-]*")
TRAILING_JOINERS = "’'-_"  # what a token may not end with: what [\w’'\-] allows and [^\W_] does not
_ASCII_JOINERS = ("'", "-", "_")
_RUN_END = re.compile(r"[’'\-_]*(?![\w’'\-])")  # what may follow a token to the end of its run


@lru_cache(maxsize=512)
def _token_spelt(word: str) -> re.Pattern:
    """A pattern for the tokens spelt `word` (its letters first, so that re skips ahead to them)."""
    w = re.escape(word)
    return re.compile(rf"{w}(?<![\w’'\-]{w})" + _RUN_END.pattern)


COMPACT_ABOVE = 1_000_000  # characters
LOWER_STEP = 1 << 16  # characters lower-cased at a time by lowered()


def lowered(text: str) -> str | None:
    """`text.lower()` when that keeps every offset (the same length), else None: `İ` lowers to
    two characters, and offsets found in the copy would not be the text's. A long non-ASCII
    text is lowered a slice at a time: str.lower allocates twelve bytes a character for it
    (120 MB for a 10 MB archive), a slice of 64K characters under 1 MB. (Slices can differ from
    the whole only in a Greek capital sigma at a slice's edge, which lowers by its neighbours.)"""
    if len(text) <= LOWER_STEP or text.isascii():
        low = text.lower()
    else:
        low = "".join([text[i : i + LOWER_STEP].lower() for i in range(0, len(text), LOWER_STEP)])
    return low if len(low) == len(text) else None


_START = re.Match.start


@lru_cache(maxsize=64)
def _lead_char(pattern: re.Pattern) -> str | None:
    """The one character every match of `pattern` starts with, if re's parse of it shows one:
    a literal first (in a group or not), and no case-blindness. re's parser is internal: should
    it change, no pattern has one, which is slower but finds the same matches."""
    try:
        from re import _constants, _parser

        if pattern.flags & re.IGNORECASE:
            return None
        ops = _parser.parse(pattern.pattern, pattern.flags).data
        while ops and ops[0][0] is _constants.SUBPATTERN:
            ops = ops[0][1][-1].data
        if ops and ops[0][0] is _constants.LITERAL:
            return chr(ops[0][1])
    except (ImportError, AttributeError, TypeError, ValueError, IndexError):
        pass
    return None


_END = re.Match.end
_NEWLINE = re.compile("\n")
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_IS_PROSE = attrgetter("is_prose")
# ASCII characters other than word characters and joiners, mapped to spaces
_ASCII_RUNS = bytes(c if chr(c).isalnum() or chr(c) in "_'-" else 32 for c in range(128)) + bytes(range(128, 256))


def _joins_on(c: str) -> bool:
    """Whether a token may not start right after `c` (a word character or joiner)."""
    return c.isalnum() or c in "_’'-"


class _TokenSequence:
    """What Tokens and CompactTokens share."""

    __slots__ = ()

    def where(self, keys) -> list[int]:
        raise NotImplementedError

    def block_of(self, i: int) -> int:
        """The index, among the prose blocks, of the block holding token i."""
        raise NotImplementedError

    def words_at(self, indexes: list[int]) -> list[str]:
        """The words of the tokens at `indexes`."""
        return list(map(self.word, indexes))  # type: ignore[attr-defined]

    def at(self, keys) -> list[tuple[int, int, str]]:
        """The tokens whose word is in `keys`, in order."""
        return [self[i] for i in self.where(keys)]  # type: ignore[index]


class Tokens(_TokenSequence):
    """A document's words as a sequence of (start, end, word), built at C speed: the words by
    one scan a block, where they start only for the blocks a rule looks into (about a third
    of them, holding half the words). Rules visit a few hundred of half a million tokens, and
    making a tuple of each cost more than the scan. Indexes and slices behave as a list's."""

    __slots__ = ("text", "blocks", "all_words", "firsts", "_starts", "_alone", "_index")

    def __init__(self, text: str, blocks):
        self.text, self.blocks = text, blocks
        words: list[str] = []
        firsts = []
        for b in blocks:
            firsts.append(len(words))
            body = text[b.body : b.end]
            if body.isascii() and (b.body == 0 or not _joins_on(text[b.body - 1])):
                # (nine blocks in ten) a letter inside a run of word characters and joiners
                # starts no token, so each run is a token when it starts with a letter, without
                # its trailing joiners: split out at C speed, a third faster than _TOKEN_RUN
                spaced = body.encode().translate(_ASCII_RUNS).decode()
                runs = spaced.split()
                found = compress(runs, map(str.isalpha, map(_FIRST, runs)))
                # a run ends with joiners only before a space or at the end: most blocks have
                # none, and are spared stripping each run (a third of this loop's work)
                if "' " in spaced or "- " in spaced or "_ " in spaced or spaced.endswith(_ASCII_JOINERS):
                    found = map(str.rstrip, found, repeat(TRAILING_JOINERS))
                words.extend(found)
            else:
                words.extend(map(str.rstrip, _TOKEN_RUN.findall(text, b.body, b.end), repeat(TRAILING_JOINERS)))
        self.all_words, self.firsts = words, firsts
        self._starts: dict[int, list[int]] = {}
        self._alone: dict[int, int] = {}  # block -> tokens whose start was found alone
        self._index: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.all_words)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.all_words)))]
        if i < 0:
            i += len(self.all_words)
            if i < 0:
                raise IndexError("token index out of range")
        word = self.all_words[i]  # raises IndexError past the end
        j = bisect_right(self.firsts, i) - 1
        starts = self._starts.get(j)
        if starts is None:
            # the first eight tokens asked for in a block are found alone; a ninth scans it all
            alone = self._alone.get(j, 0)
            s = self._start_alone(i, j, word) if alone < 8 else None
            if s is not None:
                self._alone[j] = alone + 1
                return (s, s + len(word), word)
            starts = self._block_starts(j)
        s = starts[i - self.firsts[j]]
        return (s, s + len(word), word)

    def _start_alone(self, i: int, j: int, word: str) -> int | None:
        """Where token i (of block j, spelt `word`) starts, found without the starts of the
        whole block: rules ask for a token or two in a third of the blocks (a lower-case
        word's neighbour, a determiner), and scanning those blocks made a match object for
        each of 280,000 words in 500,000 (70 ms). The token is the block's (n+1)th spelt
        `word`: str.find's hits are checked as TOKEN would match (no word character or joiner
        before; after, only joiners to the end of the run). None, to scan the block instead,
        when the token is far into its block or `word` turns up inside other words."""
        first = self.firsts[j]
        if i - first > 200:
            return None
        n = self.all_words[first:i].count(word)
        text, b = self.text, self.blocks[j]
        p, left = b.body, n
        for _ in range(n + 4):
            p = text.find(word, p, b.end)
            if p < 0:
                return None
            if (p == 0 or not _joins_on(text[p - 1])) and _RUN_END.match(text, p + len(word), b.end):
                if left == 0:
                    return p
                left -= 1
            p += 1
        # a short word inside longer ones (`a`, `in`): its own pattern skips those
        m = next(islice(_token_spelt(word).finditer(text, b.body, b.end), n, None), None)
        return None if m is None else m.start()

    def _block_starts(self, j: int) -> list[int]:
        """Where block j's tokens start, found when first asked for. The ends follow from the
        words: starts alone, as ints, cost half of (start, end) pairs from TOKEN's matches."""
        starts = self._starts.get(j)
        if starts is None:
            b = self.blocks[j]
            starts = self._starts[j] = list(map(_START, _TOKEN_RUN.finditer(self.text, b.body, b.end)))
        return starts

    def __iter__(self):
        words = self.all_words
        for j, first in enumerate(self.firsts):
            for k, s in enumerate(self._block_starts(j), first):
                yield (s, s + len(words[k]), words[k])

    def word(self, i: int) -> str:
        return self.all_words[i]

    def words_at(self, indexes: list[int]) -> list[str]:
        return list(map(self.all_words.__getitem__, indexes))  # (at C speed)

    def block_of(self, i: int) -> int:
        return bisect_right(self.firsts, i) - 1

    def words(self, i: int, n: int) -> list[str]:
        """The words of tokens i to i + n - 1 (fewer at the end)."""
        return self.all_words[i : i + n]

    def _positions(self) -> dict[str, list[int]]:
        """Each distinct word's token indexes, built at the first call. The distinct words and
        their counts are read off it too: the rules ask all three of nearly every document,
        and inserting each word once instead of three times saves about 1% of a run."""
        index = self._index
        if index is None:
            index = self._index = {}
            get = index.get
            for i, w in enumerate(self.all_words):
                at = get(w)
                if at is None:
                    index[w] = [i]
                else:
                    at.append(i)
        return index

    def distinct(self) -> frozenset[str]:
        return frozenset(self._positions())

    def repeated(self) -> list[int]:
        """The indexes i whose word is written again, ignoring case, by token i + 1 (at C speed)."""
        low = list(map(str.lower, self.all_words))
        return list(compress(range(len(low)), map(eq, low, low[1:])))

    def counts(self) -> Counter:
        index = self._positions()
        return Counter(dict(zip(index, map(len, index.values()))))

    def where(self, keys) -> list[int]:
        """The indexes of the tokens whose word is in `keys`, in order, from the index of each
        word's positions (a document is asked this ten times, and ten walks over its words cost
        three times the index)."""
        index = self._positions()
        found = [index[k] for k in keys if k in index]
        if len(found) == 1:
            return list(found[0])
        return sorted(chain.from_iterable(found))


class CompactTokens(_TokenSequence):
    """The same sequence kept as two integer arrays: 8 bytes a word instead of about 170, for
    documents long enough for that to matter (a 10 MB file has 1.7 million words: 290 MB as
    tuples, or 100 MB as a list of words). Each access slices the word out of the text again."""

    __slots__ = ("text", "starts", "ends", "bodies")

    def __init__(self, text: str, blocks):
        from array import array

        self.bodies = [b.body for b in blocks]
        starts, ends = array("q"), array("q")
        for b in blocks:
            for m in TOKEN.finditer(text, b.body, b.end):
                starts.append(m.start())
                ends.append(m.end())
        self.text, self.starts, self.ends = text, starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [(s, e, self.text[s:e]) for s, e in zip(self.starts[i], self.ends[i])]
        s, e = self.starts[i], self.ends[i]
        return (s, e, self.text[s:e])

    def __iter__(self):
        text = self.text
        for s, e in zip(self.starts, self.ends):
            yield (s, e, text[s:e])

    def word(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def block_of(self, i: int) -> int:
        return bisect_right(self.bodies, self.starts[i]) - 1

    def words(self, i: int, n: int) -> list[str]:
        return [self.text[s:e] for s, e in zip(self.starts[i : i + n], self.ends[i : i + n])]

    def distinct(self) -> frozenset[str]:
        text = self.text
        return frozenset(text[s:e] for s, e in zip(self.starts, self.ends))

    def repeated(self) -> array:
        # (an array: 600,000 one-word list items repeat their word from one to the next, and a
        # list of those indexes took 24 MB)
        text, starts, ends = self.text, self.starts, self.ends
        return array(
            "q",
            (
                i
                for i in range(len(starts) - 1)
                if text[starts[i] : ends[i]].lower() == text[starts[i + 1] : ends[i + 1]].lower()
            ),
        )

    def counts(self) -> Counter:
        text = self.text
        return Counter(text[s:e] for s, e in zip(self.starts, self.ends))

    def where(self, keys) -> list[int]:
        text = self.text
        return [i for i, (s, e) in enumerate(zip(self.starts, self.ends)) if text[s:e] in keys]


# (`[.!?…][.!?…]*`, not `[.!?…]+`: re skips ahead to a class only when the pattern starts with
# it, not with a repeat of it; twice as fast)
_SENTENCE_END = re.compile(r"[.!?…][.!?…]*[”’\"')\]]*(?=\s+[“‘\"'(\[]?[A-Z0-9])")
# The same for a block with no `?`, `!` or `…` (most): re skips ahead to a literal first
# character, and tries a class at every character (the scan cost 2.5 times as much)
_FULL_STOP_END = re.compile(r"\." + _SENTENCE_END.pattern[len("[.!?…]") :])


_LAST_CUT = re.compile(r".*[\s(“\"'‘]", re.DOTALL)  # a word's text up to its last space or opening mark


def _word_before(text: str, s: int, p: int) -> str:
    """The word that ends at `p`, starting no earlier than `s`: back to the last space, then to
    any other white space or opening mark in it (a walk back a character at a time cost a
    third of the sentence split)."""
    word = text[max(text.rfind(" ", s, p) + 1, s) : p]
    cut = _LAST_CUT.match(word)
    return word if cut is None else word[cut.end() :]


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] at sentence ends, not after abbreviations or initials."""
    out = []
    s = start
    while s < end and text[s].isspace():
        s += 1
    marks = text.find("?", start, end) >= 0 or text.find("!", start, end) >= 0 or text.find("…", start, end) >= 0
    for m in (_SENTENCE_END if marks else _FULL_STOP_END).finditer(text, start, end):
        if text[m.start()] == ".":
            word = _word_before(text, s, m.start())
            if word in ABBREVIATIONS or (len(word) == 1 and word.isupper()) or "." in word:
                continue
        out.append((s, m.end()))
        s = m.end()
        while s < end and text[s].isspace():
            s += 1
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
    return out
