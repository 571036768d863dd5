"""Spelling and typos (CD1xx): correct slips the way a copy editor does, and never "correct" a name.

Only lower-case words are candidates for correction. A capitalized word is a name until the
document says otherwise: it is never turned into a dictionary word. Words the house
vocabulary accepts, words the document itself writes capitalized elsewhere, and British or
American spellings of accepted words are not typos.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from itertools import compress, repeat
from operator import ge, itemgetter, not_, sub

from .. import lexicon, ngrams, spell
from ..document import TOKEN, Document
from ..model import Finding, FixSafety
from ..registry import Context, check

# a lower-case word, possibly with inner hyphens or apostrophes; not touching other letters or digits
_LOWER_WORD = re.compile(r"(?<![\w’'\-@./])[a-z][a-z’'\-]*[a-z](?![\w\-@]|[’'][a-z]|\.[a-z])")
_CAP_WORD = re.compile(r"[A-Z][a-z]+(?:[’'\-][A-Za-z]+)*")  # a whole token (Document.tokens)
KEEP_BONUS = 1.0  # the written word, if wordfreq knows it, starts this far ahead of any candidate
# wordfreq counts web text, misspellings included: `febuary`, `ecstacy` and `rember` each have
# a zipf near 2. A word no dictionary accepts and that rare starts half a point behind, so a
# dictionary word far commoner one cheap slip away wins. Commoner unlisted words (`feely`,
# `mech`, `masse`, zipf 2.6-3.2) are real more often than not and keep KEEP_BONUS.
# On Norvig's list: 219 -> 227 right (a bonus of 0 gave 225); on clean news copy the new
# findings are typos (`honourary` twice, `hesaid`).
RARE_UNLISTED = 2.3
RARE_UNLISTED_BONUS = -0.5
UNSEEN_KEEP = -0.5  # a word wordfreq has never seen: any plausible correction beats keeping it
# A long word wordfreq has never seen is a misspelling when any dictionary word is within two
# slips (`inconvient`, `stanerdizing`): long coinages are caught by the compound test first.
# On Norvig's list: 215 -> 219 right; on clean news copy, no new finding (UL 7-9, keep -3 to -4
# give the same).
LONG_WORD = 8
UNSEEN_LONG_KEEP = -3.0
SHORT_WORD_MARGIN = 1.0
FAR_BUDGET = 100  # distinct words a document may send two slips deep (10-35 ms each)
FOREIGN_MIN = 50  # unknown distinct words before a text can count as not English...
FOREIGN_SHARE = 0.25  # ...when they are this share of its distinct lower-case words
FAR_SEARCH_BELOW = 2.0  # only rare words are worth the costly search two slips away
SAFE_COST = 1.0  # one cheap slip (a swap, a doubled letter)
SAFE_MARGIN = 1.5


_GROUP, _START = re.Match.group, re.Match.start
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def capitalized_forms(doc: Document) -> frozenset[str]:
    """Lower-cased forms of the words the document writes with a capital inside a sentence.

    Headings teach nothing: title case capitalizes every word. Computed once per document."""
    cached = doc.__dict__.get("_spell_capitalized")
    if cached is not None:
        return cached
    # _CAP_WORD matches only whole tokens, so the shared token list serves. A word counts
    # when it is written more often than at sentence starts and in headings: counting beats
    # visiting its occurrences, which are in nearly every paragraph.
    # (a token of letters alone matches when it is `[A-Z][a-z]+`, which _capitalized_tokens
    # picks at C speed; only the others, a tenth of them, are tried against the pattern)
    tokens = doc.token_list
    cap = set(_capitalized_tokens(doc))
    cap.update(filter(_CAP_WORD.fullmatch, compress(tokens, map(not_, map(str.isalpha, tokens)))))
    out: set[str] = set()
    if cap:
        text = doc.text
        excluded: Counter = Counter()
        heads = [(b.body, b.end) for b in doc.prose_blocks if b.kind == "heading"]
        for lo, hi in heads:
            excluded.update(filter(cap.__contains__, TOKEN.findall(text, lo, hi)))
        # each sentence's first token, all at C speed: those that are capitalized words, less
        # those in a heading (counted with it); the -1s stand before the first heading
        sentences = doc.sentences
        firsts = list(filter(None, map(TOKEN.match, repeat(text), sentences.starts, sentences.ends)))
        capped = list(compress(firsts, map(cap.__contains__, map(_GROUP, firsts))))
        if heads:
            head_starts, head_ends = [-1, *map(_FIRST, heads)], [-1, *map(_SECOND, heads)]
            at = list(map(_START, capped))
            heading = map(head_ends.__getitem__, map(sub, map(bisect_right, repeat(head_starts), at), repeat(1)))
            capped = list(compress(capped, map(ge, at, heading)))
        excluded.update(map(_GROUP, capped))
        # a token counts when written more often than where excluded (every one not excluded is)
        counts = doc.token_counts
        out = set(map(str.lower, cap.difference(excluded)))
        out.update(w.lower() for w, n in excluded.items() if counts[w] > n)
        # a name written with a possessive (`Phil Vickery’s arm`) teaches the name itself
        out.update([w[:-2] for w in out if w.endswith(("'s", "’s")) and len(w) > 3])
    out = doc.__dict__["_spell_capitalized"] = frozenset(out)
    return out


def _parts(token: str) -> list[tuple[int, str]]:
    """(offset, word) parts of a token worth checking: hyphenated parts, possessives stripped."""
    if token.endswith(("’s", "'s")):
        token = token[:-2]
    if "’" in token or "'" in token:
        return []  # contractions and elisions: not this rule's business
    out, pos = [], 0
    for part in token.split("-"):
        if len(part) >= 3:
            out.append((pos, part))
        pos += len(part) + 1
    return out


@check(
    "CD101",
    "misspelling",
    "spelling",
    severity="error",
    bad=[
        ("Asked how such a regime coudl behave.", "Asked how such a regime could behave."),
        ("Relations between Israel adn Azerbaijan grew.", "Relations between Israel and Azerbaijan grew."),
        ("The plan was appproved on Monday.", "The plan was approved on Monday."),
        ("A hosptial spokesman said so.", "A hospital spokesman said so."),
        ("The winger has been namd the player of the year.", "The winger has been named the player of the year."),
    ],
    good=[
        "Foreign Minister Jeyhun Bayramov met Gideon Sa’ar in Baku.",
        "The organisation said the colour of the programme would change.",
        "The organization said the color of the program would change.",
        "Shares in SOCAR rose 4.5% on the news.",
        "It was a well-known e-mail scam.",
        "The company's results were strong.",
        "The chatshow host writes weblogs.",
    ],
)
def misspelling(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A lower-case word that is not an English word, with the correction a copy editor would make.

    What it does: looks up every lower-case word (each part of a hyphenated word) in an
    accepted-spelling list (pyspellchecker's, with the British forms breame pairs with them);
    for a word it lacks, ranks corrections by a noisy-channel model: how common the candidate
    is (wordfreq) against how likely the slip is (a swapped pair, a doubled letter and a
    keyboard neighbour are likely; a wrong first letter is not), then by the words on either
    side (`has been namd the` is `named`, where `namd` alone is likelier `name`: how much
    more often each candidate is written beside them than chance, from symspellpy's Google
    Books counts). A word wordfreq has seen
    but no dictionary lists, and rarely (`febuary`), gets no benefit of the doubt against a
    far commoner neighbour, and its fix is applied unasked only for a swap of two letters
    (jargon such as `conda` looks the same). A function word run into the next (`hesaid`)
    gets the split as a suggestion.
    Why it matters: a typo in published copy costs a newsroom its readers' trust.
    Example: `coudl` becomes `could`; `adn` becomes `and`.
    Fix safety: safe when the best correction is one cheap slip away and, by the word
    alone, well ahead of the others; otherwise unsafe, with the top candidates. In quoted
    speech: reported, never fixed. Capitalized words (names), house vocabulary and words the
    document writes capitalized elsewhere are never corrected.
    """
    lex = lexicon.load()
    vocab = {w.lower() for w in ctx.config.vocabulary}
    text = doc.text
    verdicts = _document_verdicts(doc, lex, vocab)
    if not any(verdicts.values()):
        return  # walk the text only when some word is bad
    capitalized = capitalized_forms(doc)
    bad = {w for w, v in verdicts.items() if v and w not in vocab and w not in capitalized}
    if not bad:
        return
    # Every _LOWER_WORD match starts a token of the shared list: pick the distinct tokens that
    # can hold a bad word, then match only at their occurrences.
    keys = bad & doc.token_set
    tokens = doc.token_list
    # (the few tokens with a character other than letters and digits, picked at C speed)
    for w in compress(tokens, map(not_, map(str.isalnum, tokens))):
        if ("-" in w or "’" in w or "'" in w) and "a" <= w[0] <= "z" and (m := _LOWER_WORD.match(w)):
            if m.group(0) in bad or any(p in bad for _, p in _parts(m.group(0))):
                keys.add(w)
    for start, _, _ in doc.tokens.at(keys):
        m = _LOWER_WORD.match(text, start, doc.prose_block_at(start).end)
        if m is None:
            continue
        token = m.group(0)
        parts = ((0, token),) if token in bad else _parts(token)  # `well-konwn`, `hosptial's`
        for off, word in parts:
            if word not in bad:
                continue  # a name written in lower case is CD2xx's business, not a typo
            s = m.start() + off
            e = s + len(word)
            cands = in_context(verdicts[word], *_neighbours(text, s, e))
            best = cands[0]
            # (ahead of every other by the word alone: one the words around put first, over a
            # candidate the word alone prefers, is offered, not applied)
            second = max((c.score for c in cands[1:]), default=-99.0)
            # a fused pair may be a term of art (`newline`): splitting it is only suggested
            sure = (
                " " not in best.word
                and best.cost <= SAFE_COST
                and best.score - second >= SAFE_MARGIN
                and (not _seen_unlisted(word, lex) or _swapped(word, best.word))
            )
            quoted = doc.in_quotes(s, e)
            safety = FixSafety.NONE if quoted else FixSafety.SAFE if sure else FixSafety.UNSAFE
            others = [c.word for c in cands[1:3] if c.score > best.score - 3]
            if " " in best.word:
                msg = f"Words run together in ‘{word}’: did you mean ‘{best.word}’?"
            else:
                msg = f"Misspelt word ‘{word}’: did you mean ‘{best.word}’?"
            if quoted:
                msg += " (in quoted speech: check the source)"
            yield ctx.finding(s, e, msg, [best.word, *others], fix_safety=safety)


def _seen_unlisted(word: str, lex: lexicon.Lexicon) -> bool:
    """A word wordfreq has seen that no dictionary lists and codespell does not know as a
    misspelling: `febuary`, but also jargon (`zipp`, `conda`). Its correction is applied
    unasked only when the slip is a swap of two letters."""
    found = lex.lookup(word)
    return found is not None and found[0] > 0 and not found[1] and not found[2]


def _swapped(written: str, meant: str) -> bool:
    """`written` is `meant` with two neighbouring letters swapped (`palce`, `peolpe`): a slip of
    the fingers no jargon word makes."""
    if len(written) != len(meant):
        return False
    diff = [i for i, (a, b) in enumerate(zip(written, meant)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and written[diff[0]] == meant[diff[1]]
        and written[diff[1]] == meant[diff[0]]
    )


def typo(doc: Document, word: str, lex: lexicon.Lexicon, vocab: set[str]) -> list[spell.Candidate] | None:
    """CD101's verdict on a lower-case `word` of `doc`: its corrections when it is a typo worth
    reporting, else None. Other rules ask this to leave typos to CD101 and to agree with it."""
    return _document_verdicts(doc, lex, vocab).get(word)


def _document_verdicts(doc: Document, lex: lexicon.Lexicon, vocab: set[str]) -> dict[str, list | None]:
    """Corrections for each distinct lower-case word of `doc` that is no accepted spelling,
    vocabulary word or name the document capitalizes inside a sentence (None: not a typo).
    Computed once per document, for CD101 and the rules that defer to it.

    Text that is mostly not English (a passage in another language, a pasted hash list or
    base64 blob) has hundreds of unknown words, each costing a search for corrections: there,
    only the misspellings codespell lists are reported. Otherwise the search two slips away is
    spent on at most FAR_BUDGET words a document, the rest searched one slip deep, as are words
    that look like names (`_name_signals`)."""
    cached = doc.__dict__.get("_spell_verdicts")
    if cached is not None:
        return cached
    out: dict[str, list | None] = {}
    capitalized = None
    # A long document has thousands of distinct words: one set lookup each beats a bisection of
    # the lexicon once the set is loaded, which a short article does not repay on its own (a
    # run of many repays it: Lexicon.common_pays).
    common = lex.common() if len(doc.lower_words) > 2000 or lex.common_pays() else frozenset()
    unknown: list[str] = []
    for token in doc.lower_words - common:  # (a set difference at C speed leaves a fifth)
        if "-" in token or "’" in token or "'" in token:
            parts = _parts(token)
        else:
            parts = ((0, token),) if len(token) >= 3 else ()
        for _, word in parts:
            if word in vocab or word in common or word in _ACCEPTED:
                continue
            if word not in _VERDICTS and word not in _NEAR_VERDICTS:  # (judged before: not accepted)
                found = lex.lookup(word)
                if found is not None and found[1]:
                    _ACCEPTED.add(word)  # an accepted spelling, whatever the document
                    continue
            if capitalized is None:
                capitalized = capitalized_forms(doc)
            if word not in capitalized:
                unknown.append(word)
    foreign = len(unknown) > FOREIGN_MIN and len(unknown) > FOREIGN_SHARE * len(doc.lower_words)
    far_left = FAR_BUDGET
    # a word the document also writes capitalized, or only ever after a capitalized word inside
    # a sentence (`Jeyhun bayramov`), is probably a name: not worth the search two slips away.
    # Which search a word gets is decided by this document alone, and each search's verdict is
    # kept for the process: a document's findings never depend on the files checked before it.
    # The deep search finds all that the shallow one does, so a word it cleared is clear at any
    # depth: those words are not asked about (unless the budget binds, which counts them all).
    name_like: frozenset[str] = frozenset()
    if unknown and not foreign:
        asked = (
            unknown if len(unknown) > FAR_BUDGET else [w for w in unknown if _VERDICTS.get(w, _NOT_JUDGED) is not None]
        )
        name_like = _name_signals(doc, asked) if asked else frozenset()
    for word in sorted(unknown):
        if foreign:
            found = lex.lookup(word)
            out[word] = _judge(word, lex) if found is not None and found[2] else None
            continue
        if word in name_like or far_left <= 0:
            memo, far = _NEAR_VERDICTS, False
        else:
            far_left -= 1
            memo, far = _VERDICTS, True
        got = memo.get(word, _NOT_JUDGED)
        if got is _NOT_JUDGED:
            got = memo[word] = _judge(word, lex, far_ok=far)
        out[word] = got
    doc.__dict__["_spell_verdicts"] = out
    return out


def _capitalized_tokens(doc: Document) -> frozenset[str]:
    """The distinct tokens that are a capital and lower-case letters (`Baku`, not `SOCAR` or
    `Sa’ar`): picked once per document for CD101 and CD102."""
    got = doc.__dict__.get("_spell_capitalized_tokens")
    if got is None:
        got = doc.__dict__["_spell_capitalized_tokens"] = capitalized_words(doc.token_set)
    return got


def capitalized_words(words) -> frozenset[str]:
    """Those of `words` that `[A-Z][a-z]+` matches whole, by str tests at C speed: a third of
    the pattern's cost over a document's distinct words (a fifth of a second in 1,275 short
    files). Of ASCII letters, a title-case word is a capital and then lower case, or one
    capital alone."""
    w = list(compress(words, map(str.istitle, words)))
    w = list(compress(w, map(str.isascii, w)))
    w = list(compress(w, map(str.isalpha, w)))
    return frozenset(compress(w, map((1).__lt__, map(len, w))))


# The words around a typo choose between its corrections (`has been namd the`: `named`, not
# `name`): a candidate gains CONTEXT_WEIGHT for each power of ten by which it and a neighbour are
# written together more often than chance would have it (their pointwise mutual information,
# from symspellpy's counts: copydesk/ngrams.py), beyond the first CONTEXT_FLOOR. A pair the
# counts lack gains nothing: the list holds only common pairs, so a missing one says little.
# Tuned on 917 injected typos with gold fixes (top correction right 889 -> 900 times, 12 gained,
# 1 lost); on 796 others drawn afresh, 762 -> 772 (11 gained, 1 lost).
CONTEXT_FLOOR = 1.5
CONTEXT_WEIGHT = 0.5
_WORD_BEFORE = re.compile(r"([A-Za-z]+) \Z")
_WORD_AFTER = re.compile(r" ([A-Za-z]+)")


def _neighbours(text: str, s: int, e: int) -> tuple[str | None, str | None]:
    """The words right before and after text[s:e], lower-cased, each when a single space
    separates it (no punctuation, no line break): None otherwise."""
    before = _WORD_BEFORE.search(text, max(0, s - 40), s)
    after = _WORD_AFTER.match(text, e, e + 40)
    return (before.group(1).lower() if before else None, after.group(1).lower() if after else None)


def in_context(cands: list[spell.Candidate], before: str | None, after: str | None) -> list[spell.Candidate]:
    """`cands` with the first three reordered by how well each fits between `before` and
    `after` (see CONTEXT_WEIGHT); as they were when that cannot be told: one candidate, no
    neighbour, a split (`he said`) or a word the counts lack among the three."""
    if len(cands) < 2 or (before is None and after is None):
        return cands
    top = cands[:3]
    counts = ngrams.load()
    alone = [counts.count(c.word) if " " not in c.word else 0 for c in top]
    if not all(alone) or not counts.total:
        return cands

    def fit(word: str, n: int) -> float:
        gain = 0.0
        for neighbour, pair in ((before, f"{before} {word}"), (after, f"{word} {after}")):
            if neighbour is None:
                continue
            together, apart = counts.count(pair), counts.count(neighbour)
            if together and apart:
                gain += max(0.0, math.log10(together * counts.total / (n * apart)) - CONTEXT_FLOOR)
        return gain * CONTEXT_WEIGHT

    scored = [c.score + fit(c.word, n) for c, n in zip(top, alone)]
    order = sorted(range(len(top)), key=lambda k: -scored[k])
    return [top[k] for k in order] + cands[3:]


_LOWER_ONLY = re.compile(r"[a-z]+")
_BEFORE_NAME = frozenset("abcdefghijklmnopqrstuvwxyz,;")  # a name after these is inside a sentence


def _name_signals(doc: Document, words) -> frozenset[str]:
    """Those of `words` that look like names: written capitalized somewhere in the document, if
    only at a sentence start (`Bayramov said`), or every time after a capitalized word inside a
    sentence (after a lower-case letter, a comma or a semicolon and a space: `Jeyhun
    bayramov`). Read from the shared token list: asking the text word by word made long
    documents quadratic, and three scans of their own cost a fifth of a second in 500,000
    words."""
    text = doc.text
    capitalized = set(map(str.lower, _capitalized_tokens(doc)))
    asked = {w for w in words if _LOWER_ONLY.fullmatch(w)}
    toks = doc.tokens
    total: Counter = Counter()
    after: Counter = Counter()
    for i in toks.where(asked):
        s, e, w = toks[i]
        if text[e : e + 1] in ("’", "'", "-"):
            continue  # `bayramov’s` is another word
        total[w] += 1
        if i:
            ps, pe, prev = toks[i - 1]
            if (
                text[pe:s] == " "
                and "A" <= prev[0] <= "Z"
                and ps >= 2
                and text[ps - 1] == " "
                and text[ps - 2] in _BEFORE_NAME
            ):
                after[w] += 1
    return frozenset(w for w in words if w in capitalized) | {w for w, n in after.items() if total[w] == n}


# A word's verdict depends only on the word and the lexicon, so it is kept for the whole
# process: an archive of 10,000 articles judges each distinct word once.
_VERDICTS: dict[str, list[spell.Candidate] | None] = {}  # _judge(word)
_NEAR_VERDICTS: dict[str, list[spell.Candidate] | None] = {}  # _judge(word, far_ok=False)
_ACCEPTED: set[str] = set()  # words the lexicon accepts: no verdict to keep
_NOT_JUDGED = object()


def _judge(word: str, lex: lexicon.Lexicon, far_ok: bool = True) -> list[spell.Candidate] | None:
    """Ranked corrections when `word` is a misspelling worth reporting, else None."""
    found = lex.lookup(word)
    if found is not None and found[1]:
        return None
    known = found[2] if found else ()
    if known:
        # a misspelling people really make (codespell's list); rank its fixes by the channel model
        ranked = [
            spell.Candidate(f, c, lex.zipf(f) - spell.ALPHA * c) for f in known for c in (spell.slip_cost(word, f),)
        ]
        if len(ranked) > 1:
            ranked[1:] = sorted(ranked[1:], key=lambda c: -c.score)
        return ranked
    zipf = found[0] if found else 0.0
    unseen_keep = UNSEEN_LONG_KEEP if len(word) >= LONG_WORD else UNSEEN_KEEP
    if not zipf:
        keep = unseen_keep
    else:
        rare = zipf < RARE_UNLISTED and not _inflected(word, lex, seen=True)
        keep = zipf + (RARE_UNLISTED_BONUS if rare else KEEP_BONUS)
    if len(word) <= 4:
        keep += SHORT_WORD_MARGIN  # `mech`, `sci`: short words are often real, and one slip from many others
    coinage = _compound(word, lex)
    far = far_ok and zipf < FAR_SEARCH_BELOW and not coinage
    cands = spell.candidates(word, lex, far=far, split=not coinage)
    if not cands or cands[0].score <= keep:
        return None
    return cands


_PREFIXES = ("re", "un", "non", "over", "under", "out", "co", "pre", "post", "anti", "counter", "multi")


def _inflected(word: str, lex: lexicon.Lexicon, seen: bool = False) -> bool:
    """An accepted word with a plural or agent ending (`automotives`, `downloaders`, `hopers`);
    with `seen`, also a word wordfreq knows well enough to be real (`weblogs`)."""

    def real(stem: str) -> bool:
        found = lex.lookup(stem)
        return found is not None and (found[1] or (seen and found[0] >= RARE_UNLISTED))

    for end in ("s", "es", "er", "ers"):
        if word.endswith(end) and real(word[: -len(end)]):
            return True
    # an agent noun of a verb in silent e: `hopers`, `rebaters`
    return any(
        word.endswith("e" + end) and len(word) - len(end) >= 4 and real(word[: -len(end)]) for end in ("r", "rs")
    )


def _compound(word: str, lex: lexicon.Lexicon) -> bool:
    """A coinage rather than two slips: an accepted word with a plural, agent, verb or
    adjective ending (`automotives`, `downloaders`, `touristed`), a prefix (`reconvicted`), or
    two common words of four letters or more run together (`loosehead`, `chatshow`). Such a
    word skips the costly search two slips away (10 to 17 ms a word); a slip one edit away is
    still found."""
    if _inflected(word, lex):
        return True
    # a verb's or adjective's regular forms (`causewayed`, `touristed`): a rare word of a known
    # stem is no typo two slips from a common one
    for end in ("ed", "d", "ing", "y", "ly"):
        if word.endswith(end) and len(word) - len(end) >= 4 and lex.accepted(word[: -len(end)]):
            return True
    for pre in _PREFIXES:
        if word.startswith(pre) and len(word) - len(pre) >= 5 and lex.accepted(word[len(pre) :]):
            return True
    stem = word[:-1] if word.endswith("s") else word
    return any(
        lex.zipf(stem[:i]) >= 3.0 and lex.zipf(stem[i:]) >= 3.0 and lex.accepted(stem[:i]) and lex.accepted(stem[i:])
        for i in range(4, len(stem) - 3)
    )


def _one_slip_groups(names: set[str]) -> list[set[str]]:
    """The names grouped by each form with one letter deleted (and the whole name): two names
    one slip apart share a group."""
    by_delete: dict[str, set[str]] = defaultdict(set)
    for n in names:
        low = n.lower()
        by_delete[low].add(n)
        for i in range(len(low)):
            by_delete[low[:i] + low[i + 1 :]].add(n)
    return list(by_delete.values())


@check(
    "CD102",
    "name-spelled-two-ways",
    "spelling",
    severity="info",
    fix="unsafe",
    bad=[
        (
            "Economy Minister Mikayil Jabbarov spoke. Later, Jabbarov said so. Jabarov then left.",
            "Economy Minister Mikayil Jabbarov spoke. Later, Jabbarov said so. Jabbarov then left.",
        )
    ],
    good=["Economy Minister Mikayil Jabbarov spoke. Later, Jabbarov said so.", "Hanson met Hansen in Oslo."],
)
def name_spelled_two_ways(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A name the dictionary does not know, spelled two ways in the same document.

    What it does: collects the capitalized words no dictionary knows (the names), and pairs
    those one slip apart (`Jabbarov` and `Jabarov`); the rarer spelling in the document is
    flagged, with the commoner one as the suggestion. A name spelled one way is never flagged.
    Why it matters: a name misspelt once in a story is the error readers notice most.
    Example: `Jabarov` in a story that writes `Jabbarov` twice.
    Fix safety: unsafe, severity info: only the editor knows which spelling is right, and two
    different people can have near names (`Hanson`, `Hansen`), so pairs seen equally often are
    left alone.
    """
    lex = lexicon.load()
    text = doc.text
    vocab = ctx.config.vocabulary
    # Names are whole tokens: chosen among the distinct ones, and only those one slip from
    # another are looked for in the text.
    caps = [w for w in _capitalized_tokens(doc) if len(w) >= 4 and w not in vocab]  # `[A-Z][a-z]{3,}`
    if lex.common_pays():  # a common word is in the lexicon: no bisection needed to rule it out
        common = lex.common()
        caps = list(compress(caps, map(not_, map(common.__contains__, map(str.lower, caps)))))
    names = {w for w in caps if lex.lookup(w.lower()) is None}
    if len(names) < 2:
        return
    involved = set().union(*(g for g in _one_slip_groups(names) if len(g) > 1))
    seen: dict[str, list[int]] = defaultdict(list)
    for s, e, w in doc.tokens.at(involved):
        if text[e : e + 1] not in ("’", "'", "-"):  # `Jabbarov’s` is another token
            seen[w].append(s)
    names = set(seen)
    by_delete = _one_slip_groups(names)
    counts = Counter({n: len(seen[n]) for n in names})
    flagged = set()
    for group in by_delete:
        if len(group) < 2:
            continue
        ranked = sorted(group, key=lambda n: (-counts[n], seen[n][0]))
        top = ranked[0]
        for other in ranked[1:]:
            if counts[other] >= counts[top] or other in flagged or other[0] != top[0]:
                continue
            flagged.add(other)
            for s in seen[other]:
                yield ctx.finding(
                    s,
                    s + len(other),
                    f"‘{other}’ is spelled ‘{top}’ elsewhere in this document ({counts[top]}×)",
                    [top],
                )


_DISTINCT: frozenset[str] | None = None
_VARIANT_MEMO: dict[str, tuple[str, str] | None] = {}


LEANING_MIN = 3  # variant spellings a document must use before it has a leaning...
LEANING_RATIO = 3  # ...and how far one variant must outnumber the other


def _leaning(uses: dict[str, list[tuple[int, int, str]]], table: dict[str, tuple[str, str]]) -> str | None:
    """`en-GB` or `en-US` when the document's variant spellings clearly lean one way, counting
    each word once and leaving out -ize/-ise (Oxford spelling writes `organize` beside `colour`)."""
    sides = Counter()
    for occurrences in uses.values():
        for w in {w for _, _, w in occurrences}:
            if not re.search(r"i[sz](e|es|ed|ing|ation|ations|er|ers)$", w):
                sides[table[w][0]] += 1
    gb, us = sides["en-GB"], sides["en-US"]
    if gb + us >= LEANING_MIN and max(gb, us) >= LEANING_RATIO * min(gb, us):
        return "en-GB" if gb > us else "en-US"
    return None


@cache
def _variant_words() -> frozenset[str]:
    """Every spelling breame pairs with another: variant_of is None for the rest."""
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS

    return frozenset(AMERICAN_ENGLISH_SPELLINGS) | frozenset(BRITISH_ENGLISH_SPELLINGS)


def variant_of(word: str) -> tuple[str, str] | None:
    """(`en-US` or `en-GB`, the other spelling) when `word` is one side of a British/American pair.

    Pairs come from breame; rules/spelling_variants.yml takes out pairs whose two sides mean
    different things; and a British form eight times rarer than its American twin is archaic
    (`connexion`, `philtre`, `instal`), not a variant."""
    global _DISTINCT
    if word in _VARIANT_MEMO:
        return _VARIANT_MEMO[word]
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS

    if _DISTINCT is None:
        from .. import packs

        _DISTINCT = frozenset(packs.load("spelling_variants")["distinct_meanings"])
    out = None
    if word in AMERICAN_ENGLISH_SPELLINGS:
        us, uk, side = word, AMERICAN_ENGLISH_SPELLINGS[word], "en-US"
    elif word in BRITISH_ENGLISH_SPELLINGS:
        us, uk, side = BRITISH_ENGLISH_SPELLINGS[word], word, "en-GB"
    else:
        side = None
    if side and us != uk and us not in _DISTINCT and uk not in _DISTINCT:
        lex = lexicon.load()
        if lex.zipf(uk) >= lex.zipf(us) - 0.9:
            out = (side, uk if side == "en-US" else us)
    _VARIANT_MEMO[word] = out
    return out


@check(
    "CD103",
    "mixed-spelling-variant",
    "spelling",
    severity="info",
    fix="unsafe",
    bad=[
        (
            "The organisation grew. Another organisation joined. The organization split.",
            "The organisation grew. Another organisation joined. The organisation split.",
        )
    ],
    good=[
        "The organisation chose a new colour.",
        "The organization chose a new color.",
        "The organization chose a new colour.",
        "The program cost 1,000 tons of steel; the programme was cut.",
    ],
)
def mixed_spelling_variant(doc: Document, ctx: Context) -> Iterator[Finding]:
    """The same word spelled the British and the American way in one document.

    What it does: finds words that have a British and an American spelling (from the breame
    package: `organisation`/`organization`, `defence`/`defense`) and, when one document uses
    both spellings of the same word, flags the minority spelling with the majority one. With
    `language = "en-GB"` or `"en-US"` in the configuration, every spelling of the other
    variant is flagged instead. Pairs whose two sides mean different things in news copy
    (`tons`/`tonnes`, `program`/`programme`) are listed in rules/spelling_variants.yml and
    left alone. Capitalized words (names such as `World Health Organization`) are never
    flagged. A word written once each way is settled by the document's other variant
    spellings when they clearly lean one way (`colour`, `favour` and `centre` make `color`
    the odd one).
    Why it matters: a house style picks one spelling; mixing them reads as careless.
    Example: `organization` in a story that writes `organisation` twice.
    Fix safety: unsafe, severity info: it is a consistency choice, not a typo. Mixing words of
    the two systems (Oxford spelling's `organize` beside `colour`) is not flagged in auto mode.
    """
    # the document's words that have a British or American twin, picked at C speed
    words = doc.lower_words & _variant_words()
    if not words:
        return
    lang = ctx.config.language
    # Decided per distinct word first: most documents write each such word one way only, and
    # then there is nothing to walk the text for (`words` holds every token walked below).
    variants = {w: v for w in words if (v := variant_of(w)) is not None}
    if lang in ("en-GB", "en-US"):
        if all(v[0] == lang for v in variants.values()):
            return
    elif not any(v[1] in variants for v in variants.values()):
        return
    text = doc.text
    table: dict[str, tuple[str, str]] = {}

    def walk(keys) -> dict[str, list[tuple[int, int, str]]]:
        """pair key -> (start, end, word) of each use of the words `keys`. Every _LOWER_WORD
        match starts a token: only the tokens of these words are visited."""
        uses: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for start, _, _ in doc.tokens.at(keys & doc.token_set):
            m = _LOWER_WORD.match(text, start, doc.prose_block_at(start).end)
            if m is None:
                continue
            w = m.group(0)
            v = table.get(w) or variant_of(w)
            if v is not None:
                table[w] = v
                uses[min(w, v[1])].append((m.start(), m.end(), w))
        return uses

    if lang in ("en-GB", "en-US"):
        uses = walk(variants.keys())
    else:
        # only a pair written both ways can be flagged: its words are visited (their offsets
        # cost a scan of each block they are in); the rest only if a tie needs the leaning
        uses = walk({w for w, v in variants.items() if v[1] in variants})
    leaning: str | None = None
    leaning_asked = False
    for occurrences in uses.values():
        forms = Counter(w for _, _, w in occurrences)
        if lang in ("en-GB", "en-US"):
            wrong = {w for w in forms if table[w][0] != lang}
        elif len(forms) > 1:
            (top, n1), (_, n2) = forms.most_common(2)
            if n1 == n2:
                if not leaning_asked:
                    leaning, leaning_asked = _leaning(walk(variants.keys()), table), True
                if leaning is None:
                    continue  # `colour` once, `color` once, and nothing else to go by
                wrong = {w for w in forms if table[w][0] != leaning}
            else:
                wrong = {w for w in forms if w != top}
        else:
            continue
        for s, e, w in occurrences:
            if w in wrong:
                other = table[w][1]
                why = (
                    f"this document is set to {lang}" if lang != "auto" else f"the document writes ‘{other}’ elsewhere"
                )
                yield ctx.finding(s, e, f"‘{w}’ is the {table[w][0]} spelling; {why}", [other])
