"""Apply edits to a text: never touch a character outside an edit, never apply two that overlap."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Finding


def apply_edits(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding], list[Finding]]:
    """Apply each finding's edit; an edit overlapping an earlier-kept one is dropped.

    Returns (new text, applied findings, dropped findings). Edits are applied in one left-to-right
    rebuild, which is the same as applying them right to left, but in linear time.
    """
    edits = sorted(((f.edit, f) for f in findings if f.edit is not None), key=lambda ef: (ef[0].start, ef[0].end))
    kept: list[Finding] = []
    dropped: list[Finding] = []
    last_start, last_end = -1, -1
    for e, f in edits:
        if e.start < last_end or (e.start == e.end == last_start == last_end):
            dropped.append(f)
            continue
        if e.text == text[e.start : e.end]:
            continue  # a no-op edit would loop forever; it is not a fix
        kept.append(f)
        last_start, last_end = e.start, e.end
    if not kept:
        return text, [], dropped
    parts: list[str] = []
    pos = 0
    for f in kept:
        e = f.edit
        parts.append(text[pos : e.start])
        parts.append(e.text)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), kept, dropped
