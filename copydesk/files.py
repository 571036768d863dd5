"""Reading drafts and writing fixes without losing a byte that was not fixed.

Reads keep the encoding (UTF-8, or UTF-16/32 with a byte-order mark), the BOM and the
line endings exactly; writes go to a temporary file in the same folder, are flushed to
disk, take the original's permissions, and replace the original in one rename, so a file
is always either the old version or the new one.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .document import EXTENSIONS

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".mypy_cache",
    ".ruff_cache",
}


class InputError(Exception):
    """A file that cannot be checked or written; the message names the file and the reason."""


@dataclass
class Source:
    """A text as read, and what is needed to write it back the same way."""

    path: str  # as the user named it; "-" for standard input
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    raw: bytes = b""

    @property
    def is_stdin(self) -> bool:
        return self.path == "-"

    @property
    def real(self) -> Path | None:
        """The file written on fix (a symlink's target), resolved when a fix writes it: a
        check never needs it, and resolving costs a system call per path component."""
        return None if self.is_stdin else Path(os.path.realpath(self.path))


def decode(data: bytes, name: str) -> tuple[str, str, bytes]:
    """(text, encoding, bom) of `data`, or InputError for binary and non-UTF-8 data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc, bom
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: not valid {enc} text ({e.reason} at byte {e.start + len(bom)})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); convert it to UTF-8 first"
        ) from None


def read(path: str, max_size: int) -> Source:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file or directory") from None
        except OSError as e:
            raise InputError(f"{path}: cannot read ({e.strerror})") from None
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path}: not a regular file")
        if st.st_size > max_size * 4:
            raise InputError(
                f"{path}: {st.st_size:,} bytes is over the limit of {max_size:,} characters; "
                "raise max-file-size to check it"
            )
        try:
            data = p.read_bytes()
        except OSError as e:
            raise InputError(f"{path}: cannot read ({e.strerror})") from None
    name = "<stdin>" if path == "-" else path
    text, enc, bom = decode(data, name)
    if len(text) > max_size:
        raise InputError(
            f"{name}: {len(text):,} characters is over the limit of {max_size:,}; raise max-file-size to check it"
        )
    if not text.strip():
        raise InputError(f"{name}: empty file, nothing to check")
    return Source(path, text, enc, bom, data)


def encode(src: Source, text: str) -> bytes:
    return src.bom + text.encode(src.encoding)


def write(src: Source, text: str) -> None:
    """Replace the file with `text` atomically, keeping encoding, BOM, mode and ownership.

    Refuses (InputError) when the file is read-only or changed since it was read.
    """
    target = src.real
    assert target is not None
    try:
        st = target.stat()
    except OSError as e:
        raise InputError(f"{src.path}: cannot write ({e.strerror})") from None
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(f"{src.path}: read-only file, not changed")
    try:
        current = target.read_bytes()
    except OSError as e:
        raise InputError(f"{src.path}: cannot read back before writing ({e.strerror})") from None
    if current != src.raw:
        raise InputError(f"{src.path}: changed while it was being checked; not written (run again)")
    data = encode(src, text)
    import tempfile  # only when writing: its import (with shutil's) is 4 ms of every start

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".copydesk-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise InputError(f"{src.path}: cannot write ({e.strerror})") from None
        raise
    try:
        dfd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    src.raw = data


# --- finding the files to check -----------------------------------------------------------


def _git_root(start: Path) -> Path | None:
    for d in [start, *start.parents]:
        if (d / ".git").exists():
            return d
    return None


class _Ignores:
    """The .gitignore files that apply under a walked folder, from the repository root down."""

    def __init__(self) -> None:
        self.specs: list[tuple[Path, object]] = []

    def add(self, folder: Path) -> None:
        gi = folder / ".gitignore"
        if gi.is_file():
            import pathspec

            try:
                lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return
            self.specs.append((folder, pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in self.specs:
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if spec.match_file(rel + "/" if is_dir else rel):
                return True
        return False


def walk(folder: Path) -> Iterator[Path]:
    """Text, Markdown and HTML files under `folder`, sorted, skipping what .gitignore ignores."""
    folder = folder.resolve() if not folder.is_absolute() else folder
    ign = _Ignores()
    root = _git_root(folder)
    if root is not None:
        chain = [folder, *folder.parents]
        for d in reversed(chain[: chain.index(root) + 1]):
            if d != folder:
                ign.add(d)
    for dirpath, dirnames, filenames in os.walk(folder):
        d = Path(dirpath)
        ign.add(d)
        dirnames[:] = sorted(
            n for n in dirnames if n not in SKIP_DIRS and not n.startswith(".") and not ign.ignored(d / n, True)
        )
        for n in sorted(filenames):
            p = d / n
            if p.suffix.lower() in EXTENSIONS and not ign.ignored(p, False):
                yield p


def expand(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files to check for the paths a user named, and one error message per unusable path."""
    files: list[str] = []
    errors: list[str] = []
    for raw in paths:
        if raw == "-":
            files.append("-")
            continue
        p = Path(raw)
        if p.is_dir():
            found = list(walk(p))
            if not found:
                errors.append(f"{raw}: no text, Markdown or HTML files found in this directory")
            cwd = Path.cwd()
            for f in found:
                try:
                    files.append(str(f.relative_to(cwd)))
                except ValueError:
                    files.append(str(f))
        elif p.exists() or p.is_symlink():
            files.append(raw)
        else:
            errors.append(f"{raw}: no such file or directory")
    seen: set[str] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return unique, errors
