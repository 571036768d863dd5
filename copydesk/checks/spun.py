"""Spun and tortured phrases (CD6xx): the fingerprints of synonym-spinning software.

A spinner swaps a word of a fixed expression for a "synonym" (`independent sources` becomes
`self-reliant sources`). CD601 matches the phrases in rules/spun_phrases.yml; CD602 finds
spins in no list: it applies the spinner's own thesaurus, learned from the list, in reverse,
and asks symspellpy's bigram counts whether the original collocation is far more common than
the one on the page. Every finding is an unsafe suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import compress, repeat
from operator import add, itemgetter

from .. import lexicon, packs
from ..document import Document
from ..model import Finding
from ..registry import Context, check

_WORDS = re.compile(r"[A-Za-z](?:[A-Za-z\-]|[’'](?=[A-Za-z]))*")  # a closing quote is not part of a word


_PHRASE = itemgetter(0)  # of a _phrases entry: the phrase's words


@cache
def _phrases() -> dict[str, list[tuple[tuple[str, ...], int, int, str]]]:
    """anchor word -> [(words, the anchor's index in them, the phrase's rank, expected)].

    A phrase is looked for at its rarest word (by wordfreq), not its first: first words are
    `the`, `to` and `in` as often as not, and a scan from them stopped at every fifth word of a
    text (97,000 times in 500,000 words). Rank is the order in which phrases starting at the
    same word are preferred: longest first, then as the list gives them.

    Built from the pack and eleven thousand frequency lookups (40 ms), so the table itself is
    kept in the disk cache, keyed like the pack's own cache by the file's size and time stamp,
    and by the lexicon's version: a cold start reads it in 3 ms instead of making it in 8."""
    path = packs.rules_dir() / "spun_phrases.yml"
    try:
        st = path.stat()
    except OSError:
        return _build_phrases()
    return lexicon.cached_build(f"spunphrases-{FORMAT}-{st.st_size}-{st.st_mtime_ns}", _build_phrases)


def _build_phrases() -> dict[str, list[tuple[tuple[str, ...], int, int, str]]]:
    data = packs.load("spun_phrases")
    rows = []
    for table in ("news", "phrases"):
        for tortured, expected in (data.get(table) or {}).items():
            words = tuple(tortured.split())
            if len(words) >= 2:
                rows.append((words, expected))
    lex = lexicon.load()
    # each phrase's rarest word; on a tie the later one
    anchor = [min(range(len(words)), key=lambda j: (lex.zipf(words[j]), -j)) for words, _ in rows]
    order = sorted(range(len(rows)), key=lambda i: -len(rows[i][0]))
    out: dict[str, list[tuple[tuple[str, ...], int, int, str]]] = {}
    for rank, i in enumerate(order):
        words, expected = rows[i]
        k = anchor[i]
        out.setdefault(words[k], []).append((words, k, rank, expected))
    return out


def _words(doc: Document) -> list[tuple[int, int, str]]:
    text = doc.text
    out = []
    for b in doc.prose_blocks:
        out.extend((m.start(), m.end(), m.group(0)) for m in _WORDS.finditer(text, b.body, b.end))
    return out


def _bare(word: str) -> str:
    """Lower case without a possessive ending: `minister's` matches the phrase word `minister`."""
    low = word.lower()
    return low[:-2] if low.endswith(("'s", "’s")) else low


def _joined(text: str, toks: list[tuple[int, int, str]], i: int, n: int) -> bool:
    """Whether tokens i..i+n-1 are separated by single spaces only (one phrase, one sentence)."""
    return all(text[toks[k][1] : toks[k + 1][0]] == " " for k in range(i, i + n - 1))


@check(
    "CD601",
    "spun-phrase",
    "style",
    severity="warning",
    fix="unsafe",
    bad=[
        (
            "Official figures differ, while self-reliant sources cite more.",
            "Official figures differ, while independent sources cite more.",
        ),
        ("The bank raised curiosity charges again.", "The bank raised interest rates again."),
        ("The top minister's office said so.", "The prime minister's office said so."),
    ],
    good=["Independent sources cite more.", "The charges were dropped; her curiosity grew."],
)
def spun_phrase(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A phrase known to be produced by synonym-spinning software, with the phrase it replaced.

    What it does: matches the phrases of rules/spun_phrases.yml, built from the Problematic
    Paper Screener's public list of tortured phrases (kept where the original is everyday
    English) plus phrases seen in aggregated news copy.
    Why it matters: spun copy is plagiarism dressed up; `self-reliant sources` for `independent
    sources` tells readers the text was machine-rewritten.
    Example: `self-reliant sources` becomes `independent sources`.
    Fix safety: unsafe: a plain `copydesk fix` never applies it; the editor confirms.
    """
    table = _phrases()
    # _bare of every word (word_set is lower case already), at C speed but for possessives
    every = list(doc.word_set)
    possessive = list(compress(every, map(str.endswith, every, repeat(("'s", "’s")))))
    words = (doc.word_set - set(possessive)) | {w[:-2] for w in possessive} if possessive else doc.word_set
    # only phrases whose every word is in the document can match; usually none is
    # (a phrase's words all in the document: words.issuperset, at C speed)
    holds = words.issuperset
    anchors = {w for w in words & table.keys() if any(map(holds, map(_PHRASE, table[w])))}
    if not anchors:
        return
    text = doc.text
    # Visit the tokens of the active phrases' rarest words (chosen once per distinct word);
    # compare the words around each with the phrase, and only where they agree, read the text
    # (one space between words, possessives allowed) from the phrase's first word.
    anchor_of = {t: _bare(t) for t in _anchor_tokens(doc.token_list, anchors, doc.token_lowers)}
    toks = doc.tokens
    n = len(toks)
    # the occurrences of each anchor, from one pass over the token index (a long document's
    # compact tokens are read end to end by every `where`)
    occurrences: dict[str, list[int]] = {}
    hits = toks.where(anchor_of)
    for i, anchor in zip(hits, map(anchor_of.__getitem__, toks.words_at(hits))):
        occurrences.setdefault(anchor, []).append(i)
    found = []
    for anchor, at in occurrences.items():
        for phrase, k, rank, expected in table[anchor]:
            # the phrase's other words beside each occurrence, compared word by word at C speed
            # (a superset of _bare's equality: _match_phrase decides)
            cand = [i for i in at if k <= i <= n - len(phrase) + k]
            for d, want in enumerate(phrase):
                if d != k and cand:
                    forms = {want, want + "'s", want + "’s"}
                    near = toks.words_at(list(map(add, cand, repeat(d - k))))
                    cand = list(compress(cand, map(forms.__contains__, map(str.lower, near))))
            for i in cand:
                s = toks[i - k][0]
                if s > 0 and text[s - 1] in _BEFORE_WORD:
                    continue
                e = _match_phrase(text, s, doc.prose_block_at(s).end, phrase)
                if e is not None:
                    found.append((s, rank, e, expected))
    pos = 0
    for s, _, e, expected in sorted(found):
        if s < pos:
            continue  # overlaps the phrase before it, or a longer phrase from the same word
        written = text[s:e]
        if written[0].isupper():
            expected = expected[0].upper() + expected[1:]
        yield ctx.finding(s, e, f"Spun phrase ‘{written}’: the usual expression is ‘{expected}’", [expected])
        pos = e


def _anchor_tokens(tokens, anchors: set[str], lowers: list[str] | None = None) -> set[str]:
    """The tokens that spell an anchor word, in any case or as its possessive (`Minister’s`):
    those whose lower-case form is one of the anchors' spellings, picked at C speed.
    (`lowers`: each token lower-cased, if known.)"""
    spelled = anchors.union(*([a + "'s", a + "’s"] for a in anchors))
    tokens = list(tokens)
    return set(compress(tokens, map(spelled.__contains__, map(str.lower, tokens) if lowers is None else lowers)))


_BEFORE_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-’'")  # inside a word: no phrase starts


def _match_phrase(text: str, start: int, limit: int, phrase: tuple[str, ...]) -> int | None:
    """The end of `phrase` written from `start` (words one space apart, possessives allowed on
    any word: `minister's`), or None. The end leaves out a final possessive ending."""
    pos = start
    end = None
    for k, want in enumerate(phrase):
        if k:
            if text[pos : pos + 1] != " ":
                return None
            pos += 1
        m = _WORDS.match(text, pos, limit)
        if m is None or _bare(m.group(0)) != want:
            return None
        word = m.group(0)
        end = m.end() - (2 if word.lower().endswith(("'s", "’s")) and word.lower()[:-2] == want else 0)
        pos = m.end()
    return end


FORMAT = 1
MIN_ORIGINAL = 5_000_000  # a collocation this common is a fixed expression
MAX_SPUN_ZIPF = 4.2  # spinners swap in rarer words (`surroundings`); everyday words (`during`) are not signs
_FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "we",
        "they",
        "he",
        "she",
        "i",
        "you",
        "not",
        "no",
        # prepositions and the like: a swapped word before one of these (`illnesses like`,
        # `remarks about`, `gadgets such`) is no collocation, so its bigram count says nothing
        "about",
        "after",
        "against",
        "among",
        "before",
        "between",
        "into",
        "like",
        "over",
        "such",
        "than",
        "through",
        "under",
        "upon",
        "within",
        "without",
    ]
)


@cache
def _bigrams() -> dict[str, int]:
    """symspellpy's bigram counts for the bigrams that contain a word the spinner swaps out."""
    return lexicon.cached_build(f"spinbigrams-{FORMAT}", _build_bigrams)


def _build_bigrams() -> dict[str, int]:
    from importlib.resources import files

    originals = {o for outs in _swaps().values() for o in outs}
    data = {}
    try:
        text = (files("symspellpy") / "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8")
    except (ImportError, OSError):
        return {}
    for line in text.splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and (parts[0] in originals or parts[1] in originals):
            data[f"{parts[0]} {parts[1]}"] = int(parts[2])
    return data


@cache
def _swaps() -> dict[str, list[str]]:
    return {k: list(v) for k, v in (packs.load("spun_phrases").get("swaps") or {}).items()}


@check(
    "CD602",
    "spun-collocation",
    "style",
    severity="info",
    fix="unsafe",
    default=False,
    bad=[
        (
            "The council pledged better wellbeing care for residents.",
            "The council pledged better health care for residents.",
        )
    ],
    good=["The hotel has pleasant surroundings.", "Interest rates rose and the environment improved."],
)
def spun_collocation(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A collocation that looks like a spinner's swap: rare on the page, common with the original word.

    What it does: for each pair of adjacent content words where one is a word spinners put in
    place of another (the thesaurus learned from the tortured-phrases list: `surroundings` for
    `environment`) and is itself not an everyday word, checks symspellpy's 243,000 bigram
    counts: a pair English never uses whose original is a very common collocation (five
    million or more) is flagged, with the original as the suggestion.
    Why it matters: it finds spun phrases that are in no list.
    Example: `wellbeing care` for `health care`.
    Fix safety: unsafe, severity info: a rare pair can also be a writer's choice.
    Off by default (`--extend-select CD602`): on 39,000 words of BBC copy it raises 0.05
    findings per 1,000 words (`huge quantity`, `savvy shoppers`), and it finds none of the
    spins in the development articles: a list of the commonest bigrams cannot tell a spin from
    a fresh phrase, so it stays a tool to opt into.
    """
    swaps = _swaps()
    if swaps.keys().isdisjoint(doc.word_set):  # (a view walks the smaller side; a set walks the dict)
        return
    toks = _words(doc)
    if not toks:
        return
    bigrams = None
    lex = lexicon.load()
    text = doc.text
    by_word: dict[tuple[int, int], tuple[int, int, int, str]] = {}
    for i in range(len(toks) - 1):
        (s1, e1, a), (s2, e2, b) = toks[i], toks[i + 1]
        la, lb = a.lower(), b.lower()
        if (la not in swaps and lb not in swaps) or text[e1:s2] != " " or la in _FUNCTION or lb in _FUNCTION:
            continue
        if bigrams is None:
            bigrams = _bigrams()
        if bigrams.get(f"{la} {lb}", 0):
            continue  # a collocation English uses is not a spin
        best = None
        for spun, other, o_pos in ((la, lb, 0), (lb, la, 1)):
            if spun not in swaps or lex.zipf(spun) > MAX_SPUN_ZIPF:
                continue
            for o in swaps[spun]:
                pair = f"{o} {other}" if o_pos == 0 else f"{other} {o}"
                n = bigrams.get(pair, 0)
                if n >= MIN_ORIGINAL and (best is None or n > best[0]):
                    best = (n, *((s1, e1) if o_pos == 0 else (s2, e2)), o)
        if best:
            n, s, e, o = best
            # one finding per swapped word: the pair that gives the commonest original wins
            if (s, e) not in by_word or n > by_word[(s, e)][0]:
                by_word[(s, e)] = (n, s1, e2, o)
    for (s, e), (_, ps, pe, o) in sorted(by_word.items()):
        word = text[s:e]
        rep = o[0].upper() + o[1:] if word[0].isupper() else o
        fixed = text[ps:s] + rep + text[e:pe]
        yield ctx.finding(ps, pe, f"‘{text[ps:pe]}’ looks spun: ‘{fixed}’ is the usual collocation", [fixed])
