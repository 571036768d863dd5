"""Correction candidates for a misspelt word, ranked by a noisy-channel model.

score(candidate) = zipf frequency of the candidate - ALPHA * cost of the typing slip that
turns it into the word written. The costs reflect how people mistype: a swapped pair of
letters (`coudl`), a doubled or undoubled letter (`appproved`, `posible`) and a keyboard
neighbour are cheap; an arbitrary letter is dearer; the first letter is rarely wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon

LETTERS = "abcdefghijklmnopqrstuvwxyz"
ALPHA = 1.5  # weight of the slip's cost against the candidate's zipf frequency
RARE_OK_LENGTH = 10  # from this length, a correction one slip away may be any accepted word
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_POS = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
VOWELS = set("aeiouy")
DROPPABLE_VOWELS = set("aeiou")  # `y` is rarely dropped or added by mistake (`feely` is a word)
_SOUND_ALIKE = {frozenset(p) for p in ("ck", "cs", "sz", "iy", "fv", "gj", "mn", "sc", "kq", "td", "bp")}


def _adjacent(a: str, b: str) -> bool:
    pa, pb = _POS.get(a), _POS.get(b)
    return pa is not None and pb is not None and abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1 and pa != pb


def _sub_cost(written: str, meant: str) -> float:
    if written in VOWELS and meant in VOWELS:
        return 1.0  # the commonest error of people who spell by ear: `seperate`, `independant`
    if _adjacent(written, meant):
        return 1.2
    if frozenset((written, meant)) in _SOUND_ALIKE:
        return 1.4
    return 2.2


@lru_cache(maxsize=65536)
def slip_cost(written: str, meant: str) -> float:
    """Weighted Damerau-Levenshtein distance from the meant word to the written one."""
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
                    sub = 1.0  # a soft c is heard as s: `ecstacy`, `choise`, `concensus`
                else:
                    sub = _sub_cost(b, a) + (0.8 if i == 1 else 0.0)
                best = d[i - 1][j - 1] + sub
                if i > 1 and j > 1 and a == written[j - 2] and meant[i - 2] == b and a != b:
                    best = min(best, d[i - 2][j - 2] + 0.9)
            if i:  # a letter of the meant word was dropped
                ch = meant[i - 1]
                doubled = (i > 1 and meant[i - 2] == ch) or (i < n and meant[i] == ch)
                cost = 0.8 if doubled else 1.2 if ch in DROPPABLE_VOWELS else 1.8
                best = min(best, d[i - 1][j] + cost + (0.6 if i == 1 else 0.0))
            if j:  # a letter was typed that the meant word does not have
                ch = written[j - 1]
                doubled = (j > 1 and written[j - 2] == ch) or (j < m and written[j] == ch)
                cost = 0.8 if doubled else 1.2 if ch in DROPPABLE_VOWELS else 1.8
                best = min(best, d[i][j - 1] + cost + (0.6 if j == 1 else 0.0))
            d[i][j] = best
    return d[n][m]


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    return set(deletes + transposes + replaces + inserts)


def likely_edits1(word: str) -> set[str]:
    """The first slips worth expanding to reach distance 2: deletions, swaps, and vowel or
    doubled-letter edits. Misspellings two slips away almost always involve one of these, and
    expanding only them makes the distance-2 search about four times cheaper."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    vowel_swaps = [a + c + b[1:] for a, b in splits if b and b[0] in VOWELS for c in "aeiouy"]
    vowel_inserts = [a + c + b for a, b in splits for c in "aeiou"]
    doubles = [a + a[-1] + b for a, b in splits if a]
    return set(deletes + transposes + vowel_swaps + vowel_inserts + doubles)


@dataclass(frozen=True, slots=True)
class Candidate:
    word: str
    cost: float
    score: float


def candidates(word: str, lex: Lexicon, limit: int = 5, far: bool = True, split: bool = True) -> list[Candidate]:
    """The best corrections for a lower-case `word`, best first (empty when none is plausible).
    `far`: also look two slips away; `split`: also try two words run together."""
    e1 = edits1(word)
    if lex.common_pays():
        near = e1 & lex.common()  # at C speed: a tenth of testing the ~450 edits one by one
        near.discard(word)
    else:
        # a few words in a short article: ~450 lookups a word (1 ms) beat loading the set
        # (16 ms), until the run has looked up as much as the set costs (Lexicon.common_pays)
        near = {w for w in e1 if w != word and lex.is_common(w)}
    if not near and far and len(word) >= RARE_OK_LENGTH:
        # a long word one slip from a rare one (`diagrammaticaally`): long words have few
        # neighbours, so even a rare accepted word is the likely meaning. ~700 lookups (1.5 ms),
        # so only within the document's budget for deep searches, as `far` is
        near = {w for w in e1 if w != word and lex.accepted(w)}
    out = [Candidate(w, c, lex.zipf(w) - ALPHA * c) for w in near for c in (slip_cost(word, w),)]
    if far and 4 <= len(word) <= 15 and (not out or max(c.score for c in out) < 2.0):
        # nothing plausible one slip away: look two slips away
        common = lex.common()
        far = {w for e in likely_edits1(word) for w in edits1(e) if w in common and w != word and w not in near}
        out += [Candidate(w, c, lex.zipf(w) - ALPHA * c) for w in far for c in (slip_cost(word, w),)]
    if split and not any(c.cost < 1.0 for c in out):
        # a swap or doubled letter (`sotries`) explains the word better than a missed space
        out += run_together(word, lex)
    out.sort(key=lambda c: (-c.score, c.word))
    return out[:limit]


SPACE_COST = 1.5  # a missed space bar: less likely than a vowel slip (`bycycle` is `bicycle`, not `by cycle`)


# Words that start a fused pair by mistake but no compound: a particle (`lookup`, `uptime`,
# `builtin`) or a pronoun like `me` (`readme`) starts real words of the trade, and `a`/`i`
# start names (`Aland`, `isort`). A chosen handful of closed-class words, not a full list.
SPLIT_FIRST = frozenset(
    [
        "the",
        "of",
        "to",
        "and",
        "he",
        "she",
        "we",
        "they",
        "was",
        "were",
        "is",
        "are",
        "has",
        "had",
        "have",
        "for",
        "with",
        "from",
        "that",
        "this",
        "their",
        "his",
        "its",
        "not",
        "but",
        "at",
        "by",
        "be",
    ]
)


def run_together(word: str, lex: Lexicon) -> list[Candidate]:
    """Two words typed without the space between them, the first a function word (`hesaid`,
    `ofthe`, `forsale`). Two content words run together (`chatshow`, `loosehead`) are more
    often a coinage than a slip, and a particle makes words of the trade (`lookup`), so those
    are left alone."""
    out = []
    for i in range(2, min(len(word) - 2, 6)):
        a, b = word[:i], word[i:]
        if a not in SPLIT_FIRST:
            continue
        za, zb = lex.zipf(a), lex.zipf(b)
        if zb >= 4.0 and lex.accepted(b):  # (b has three letters or more: i stops two short)
            out.append(Candidate(f"{a} {b}", SPACE_COST, min(za, zb) - ALPHA * SPACE_COST))
    return out
