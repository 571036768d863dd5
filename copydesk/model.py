"""The values that flow between checks, the engine, the fixer and the reporters.

Everything here is immutable: a check yields Findings, and later stages (severity
overrides, suppression) make changed copies rather than editing them in place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How much a finding matters; `--fail-level` compares against this order."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return self.name.lower()


class FixSafety(enum.Enum):
    """Whether `copydesk fix` may apply a finding's first replacement.

    safe: applied by `copydesk fix`; unsafe: only with `--unsafe-fixes`;
    none: the replacements are suggestions for a human and are never applied.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    NONE = "none"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Example:
    """A rule's own example: `text` must (bad) or must not (good) trigger the rule.

    For a bad example with a safe or unsafe fix, `fixed` is what fixing it must give.
    """

    text: str
    fixed: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A check's identity and documentation; the check function itself lives in the registry."""

    code: str
    name: str
    category: str
    severity: Severity
    fix_safety: FixSafety
    doc: str
    default: bool = True
    bad: tuple[Example, ...] = ()
    good: tuple[str, ...] = ()
    # Block rules flag whole lines or paragraphs (boilerplate, duplicates); they may
    # cover URLs and numbers inside the block, but never code or markup.
    block: bool = False

    @property
    def summary(self) -> str:
        """First line of the docstring: what the rule does, in one sentence."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `text`. start == end is an insertion."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one span of a document's original text.

    `start`/`end` are character offsets into the original text (end exclusive).
    The fix, when there is one, replaces that span (or [fix_start, fix_end) when set, which
    always contains it) with `replacements[0]`.
    """

    rule: Rule
    start: int
    end: int
    message: str
    replacements: tuple[str, ...] = ()
    severity: Severity | None = None  # None: the rule's own (or configured) severity
    fix_safety: FixSafety | None = None  # None: the rule's own
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # The fix may reach beyond the reported span: deleting a line also closes up the blank
    # lines around it, while the finding still points at the line itself.
    fix_start: int | None = None
    fix_end: int | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else self.rule.severity

    @property
    def safety(self) -> FixSafety:
        if not self.replacements:
            return FixSafety.NONE
        return self.fix_safety if self.fix_safety is not None else self.rule.fix_safety

    @property
    def edit(self) -> Edit | None:
        if not self.replacements or self.safety is FixSafety.NONE:
            return None
        s = self.start if self.fix_start is None else self.fix_start
        e = self.end if self.fix_end is None else self.fix_end
        return Edit(s, e, self.replacements[0])

    def fixable(self, unsafe: bool = False) -> bool:
        return self.safety is FixSafety.SAFE or (unsafe and self.safety is FixSafety.UNSAFE)
