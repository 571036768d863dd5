"""Sorted, merged character intervals with fast overlap queries (protected text)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Spans:
    """A set of half-open intervals [start, end), merged so that overlap tests are O(log n)."""

    __slots__ = ("starts", "ends")

    def __init__(self, intervals: Iterable[tuple[int, int]] = ()):
        merged: list[list[int]] = []
        for s, e in sorted(i for i in intervals if i[1] > i[0]):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self):
        return zip(self.starts, self.ends)

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) shares a character with a span; an insertion (start == end)
        overlaps when it falls strictly inside a span."""
        if start == end:
            i = bisect_left(self.starts, start)
            return i > 0 and self.ends[i - 1] > start
        i = bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def covering(self, offset: int) -> tuple[int, int] | None:
        i = bisect_right(self.starts, offset)
        if i > 0 and self.ends[i - 1] > offset:
            return self.starts[i - 1], self.ends[i - 1]
        return None

    def union(self, other: Spans) -> Spans:
        return Spans(list(self) + list(other))
