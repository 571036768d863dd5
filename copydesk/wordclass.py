"""Word classes from lemminflect, precompiled: which words can modify a noun, which are plurals.

lemminflect takes about half a second to load, so its verdicts for the common words of the
lexicon are compiled once per version into the cache, one file a class: a run reads only the
classes its documents ask about (a short article, three of the five: 13 -> 8 ms).
"""

from __future__ import annotations

from functools import cache

from . import lexicon

FORMAT = 4
KINDS = ("modifier", "plural", "known", "noun", "verb")


def _plural(word: str, lem) -> bool:
    lemmas = lem.getAllLemmas(word)
    nouns = set(lemmas.get("NOUN", ()))
    if not nouns or "ADJ" in lemmas or "ADV" in lemmas:
        return False
    if word not in nouns:
        return True
    if len(nouns) == 1 and word.endswith("ings") and len(word) > 6:
        # `surroundings`, `earnings`: plurals of an -ing form listed only as a plural; other nouns
        # in -s (`news`, `crossroads`, `headquarters`) may be singular
        single = lem.getAllLemmas(word[:-1])
        return bool(single.get("VERB") or single.get("NOUN"))
    return False


def build() -> dict[str, frozenset[str]]:
    import lemminflect

    lex = lexicon.load()
    modifiers, plurals, known, nouns, verbs = set(), set(), set(), set(), set()
    for word in lex.common():
        lemmas = lemminflect.getAllLemmas(word)
        if not lemmas:
            continue
        known.add(word)
        if "ADJ" in lemmas or "ADV" in lemmas:
            modifiers.add(word)
        if _plural(word, lemminflect):
            plurals.add(word)
        if "NOUN" in lemmas:
            nouns.add(word)
        if "VERB" in lemmas or "AUX" in lemmas:
            verbs.add(word)
    return {
        "modifier": frozenset(modifiers),
        "plural": frozenset(plurals),
        "known": frozenset(known),
        "noun": frozenset(nouns),
        "verb": frozenset(verbs),
    }


@cache
def words(kind: str) -> frozenset[str]:
    """One class (`modifier`, `plural`, `known`, `noun`, `verb`), from its cache file; a missing
    file builds all five, and all five are written, so lemminflect is loaded once."""

    def build_all() -> dict:
        built = build()
        for other in KINDS:
            if other != kind:
                lexicon.cached_build(f"wordclass-{FORMAT}-{other}", lambda other=other: {"words": built[other]})
        return {"words": built[kind]}

    return lexicon.cached_build(f"wordclass-{FORMAT}-{kind}", build_all)["words"]


def is_plural_noun(word: str) -> bool:
    return word in words("plural")


def can_be_verb(word: str) -> bool:
    """Whether the word can be a verb (`votes`, `remains`); unknown words are assumed not to be."""
    return word in words("verb")


def can_be_noun(word: str) -> bool:
    """Whether the word can be a noun (`car` in `a sports car`); unknown words are assumed to be."""
    return word in words("noun") or word not in words("known")


def is_modifier(word: str) -> bool:
    """An adjective or adverb (`complex`, `geopolitical`, `very`); unknown words by their ending."""
    if word in words("known"):
        return word in words("modifier")
    return word.endswith(("al", "ic", "ive", "ous", "ful", "ical"))
