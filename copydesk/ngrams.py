"""How often English words and word pairs are written: symspellpy's counts, from the Google Books
n-grams (82,765 words, 242,342 pairs). They choose between the corrections of a typo by the
words around it: `has been namd the` is `named`, not `name`; `nations ckash with` is `clash`.

Both lists are kept in the disk cache as one sorted blob, searched by bisection when a typo
needs them: a run reads 6 MB in a few milliseconds, where a dict of 325,000 entries took
a seventh of a second to load, more than a pre-commit run's whole check.
"""

from __future__ import annotations

from functools import cache

from . import lexicon

FORMAT = 1


class Counts:
    """`count(word)` and `count("word word")`, looked up in a blob of sorted `key<TAB>count` lines."""

    def __init__(self, blob: bytes, total: int):
        self.blob = blob
        self.total = total  # all the words' counts summed: the scale of a probability
        self._memo: dict[str, int] = {}  # (an archive asks about the same typos' words again)

    def count(self, key: str) -> int:
        """How often `key` (a lower-case word, or two separated by a space) is written; 0 if
        the lists lack it."""
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._search(key)
        return got

    def _search(self, key: str) -> int:
        blob = self.blob
        k = key.encode("utf-8", "surrogatepass") + b"\t"
        lo, hi = 0, len(blob)  # line starts: the first line whose key is not below k is sought
        while lo < hi:
            mid = (lo + hi) // 2
            s = blob.rfind(b"\n", lo, mid) + 1 or lo  # the start of the line holding mid
            e = blob.find(b"\n", s)
            if e == -1:
                e = len(blob)
            if blob[s : blob.find(b"\t", s, e) + 1] < k:
                lo = e + 1
            else:
                hi = s
        if not blob.startswith(k, lo):
            return 0
        e = blob.find(b"\n", lo)
        try:
            return int(blob[lo + len(k) : e if e != -1 else len(blob)])
        except ValueError:
            return 0  # (a damaged file: the counts are a hint, never worth a failed check)


@cache
def load() -> Counts:
    """The counts, from this version's file in the cache folder (built there when missing)."""
    path = lexicon.cache_dir() / f"ngrams-{FORMAT}-{lexicon._sources_key()}.tsv"
    counts = Counts(lexicon.cached_file(path, lexicon.read_bytes, bytes, build), 0)
    counts.total = counts.count("")
    return counts


def build() -> bytes:
    """The sorted `key<TAB>count` lines; the first, with an empty key, holds the words' counts
    summed. Only that line without symspellpy."""
    from importlib.resources import files

    lines, total = [], 0
    try:
        root = files("symspellpy")
        words = (root / "frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
        pairs = (root / "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8")
    except (ImportError, OSError):
        words = pairs = ""
    for line in words.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            lines.append(f"{parts[0]}\t{parts[1]}")
            total += int(parts[1])
    for line in pairs.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            lines.append(f"{parts[0]} {parts[1]}\t{parts[2]}")
    # (sorted as text: UTF-8's byte order is the code points' order, which count() bisects by)
    return "\n".join([f"\t{total}", *sorted(lines)]).encode("utf-8")
