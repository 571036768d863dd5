"""Rule packs: the data files under the top-level `rules/` folder, shipped inside the wheel.

A pack is a YAML file. Lists that no maintained package has (boilerplate lines, spinner
phrases, demonyms) live here as data, tested like code (sorted, no duplicates, regexes that
cannot backtrack catastrophically) by tests/test_packs.py.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path


class PackError(Exception):
    """A rule pack that cannot be used; the message names the file and the problem."""


def rules_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"  # inside an installed wheel
    return packaged if packaged.is_dir() else here.parent / "rules"


@cache
def load(name: str) -> dict:
    """The parsed pack `rules/<name>.yml`, read once per process.

    Parsed packs are also kept in the disk cache (marshal, keyed by the file's size and time
    stamp), so a cold start does not pay for importing and running the YAML parser."""
    path = rules_dir() / f"{name}.yml"
    try:
        st = path.stat()
    except OSError as e:
        raise PackError(f"{path}: cannot load rule pack: {e.strerror}") from None
    from .lexicon import cached_build

    return cached_build(f"pack-{name}-{st.st_size}-{st.st_mtime_ns}", lambda: parse(path), keyed=False)


def parse(path: Path) -> dict:
    """A YAML mapping from `path` (libyaml's loader when present), or PackError naming the file."""
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            # libyaml's C loader parses a pack about ten times faster than the pure-Python one
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as e:
        raise PackError(f"{path}: cannot load rule pack: {e}") from None
    if not isinstance(data, dict):
        raise PackError(f"{path}: a rule pack must be a mapping")
    return data


class Patterns:
    """A pack's regexes as one matcher with `search(text)`: the patterns anchored at the start
    (`^home ?»`) are tried once, at the start; the rest as one alternation. In one alternation
    with the others, each anchored branch was retried at every position: nine times slower.

    With `lowered`, the text searched is lower-cased, and a case-blind pattern with no capital
    in it (letters or escapes such as `\\S`) is compiled case-sensitive: re skips ahead to the
    literals that start its branches only then (the boilerplate pack's alternation ran 2.4x
    faster). A pattern with a capital keeps its case-blindness, within (?i:…)."""

    def __init__(self, patterns: list[str], flags: int, lowered: bool = False):
        anchored, floating = [], []
        for p in patterns:
            (anchored if _anchored(p, flags) else floating).append(p)
        if lowered and flags & re.IGNORECASE:
            flags &= ~re.IGNORECASE
            anchored = [p if p == p.lower() else f"(?i:{p})" for p in anchored]
            floating = [p if p == p.lower() else f"(?i:{p})" for p in floating]
        self.anchored = re.compile("|".join(f"(?:{p})" for p in anchored), flags) if anchored else None
        self.floating = re.compile("|".join(f"(?:{p})" for p in floating), flags) if floating else None

    def search(self, text: str) -> re.Match | None:
        return (self.anchored is not None and self.anchored.match(text)) or (
            self.floating.search(text) if self.floating is not None else None
        )


def _anchored(pattern: str, flags: int) -> bool:
    """Whether every match of `pattern` starts at the start of the text (`^home`, not `^a|b`),
    read from re's parse of it. re's parser is internal: should it change, every pattern is
    treated as unanchored, which is slower but finds the same matches."""
    try:
        from re import _constants, _parser

        ops = _parser.parse(pattern, flags).data
        return bool(ops) and ops[0] == (_constants.AT, _constants.AT_BEGINNING)
    except (ImportError, AttributeError, TypeError, ValueError):
        return False


def compile_patterns(patterns: list[str], flags: int = re.IGNORECASE, lowered: bool = False) -> Patterns | None:
    """One matcher for the pack's regexes (None when there are none); `lowered`: for text
    that is lower-cased before it is searched (see Patterns)."""
    if not patterns:
        return None
    return Patterns(patterns, flags, lowered)


LINE_STRIP = " \t*•·-–—:|»›>.!?…\"'“”‘’()[]"  # what normalize_line strips from both ends


def normalize_line(line: str) -> str:
    """Lower case, single spaces, no surrounding punctuation or bullets: how lines are compared."""
    line = " ".join(line.lower().split())
    return line.strip(LINE_STRIP)


def normalized_word_count(words: list[str]) -> int:
    """How many words normalize_line leaves of a line split into `words`: all but the leading
    and trailing ones made only of stripped characters. Lets a caller skip normalizing a
    paragraph that is too long to be any listed line."""
    i, j = 0, len(words)
    while i < j and not words[i].strip(LINE_STRIP):
        i += 1
    while j > i and not words[j - 1].strip(LINE_STRIP):
        j -= 1
    return j - i
