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


@lru_cache(maxsize=4096)
def _sub_cost(written: str, meant: str) -> float:
    if written in VOWELS and meant in VOWELS:
        return 1.0  # the commonest error of people who spell by ear: `seperate`, `independant`
    if _adjacent(written, meant):
        return 1.2
    if frozenset((written, meant)) in _SOUND_ALIKE:
        return 1.4
    return 2.2


def _gap_costs(s: str) -> list[float]:
    """[0.0, then for each letter of s the cost of its being dropped (or typed in excess)]: a
    doubled letter is cheap, a vowel less so, any other letter dear."""
    n = len(s)
    out = [0.0]
    for k, ch in enumerate(s):
        doubled = (k > 0 and s[k - 1] == ch) or (k < n - 1 and s[k + 1] == ch)
        out.append(0.8 if doubled else 1.2 if ch in DROPPABLE_VOWELS else 1.8)
    return out


@lru_cache(maxsize=65536)
def slip_cost(written: str, meant: str) -> float:
    """Weighted Damerau-Levenshtein distance from the meant word to the written one.

    One row of the table at a time, with each letter's cost of being dropped or typed worked
    out once rather than at every cell (2.5 times as fast); every sum is made in the same order as
    in the plain table, so the costs are the same to the last bit (a test holds them equal)."""
    n, m = len(meant), len(written)
    inf = float("inf")
    drop, typed = _gap_costs(meant), _gap_costs(written)
    # row 0: only letters typed in excess
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + typed[j] + (0.6 if j == 1 else 0.0)
    before = prev  # row i - 2, for swaps
    for i in range(1, n + 1):
        a = meant[i - 1]
        first = i == 1
        soft = i < n and meant[i] in "eiy"  # a soft c is heard as s: `ecstacy`, `choise`, `concensus`
        cur = [inf] * (m + 1)
        cur[0] = prev[0] + drop[i] + (0.6 if first else 0.0)
        for j in range(1, m + 1):
            b = written[j - 1]
            if a == b:
                sub = 0.0
            elif soft and (a == "c" and b == "s" or a == "s" and b == "c"):
                sub = 1.0
            else:
                sub = _sub_cost(b, a) + (0.8 if first else 0.0)
            best = prev[j - 1] + sub
            if i > 1 and j > 1 and a == written[j - 2] and meant[i - 2] == b and a != b:
                v = before[j - 2] + 0.9
                if v < best:
                    best = v
            v = prev[j] + drop[i] + (0.6 if first else 0.0)  # a letter of the meant word dropped
            if v < best:
                best = v
            v = cur[j - 1] + typed[j] + (0.6 if j == 1 else 0.0)  # a letter typed in excess
            if v < best:
                best = v
            cur[j] = best
        before, prev = prev, cur
    return prev[m]


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
