"""Run the selected checks over a Document and apply the filters every rule shares.

Checks only yield Findings; this module drops what no check may report (findings in
protected or inline-disabled text, per-path ignores), applies severity overrides, and
orders the result. Keeping that here means no rule can forget it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from . import registry
from .config import Config
from .document import Document, format_for
from .fixer import apply_edits
from .model import Finding, Rule


class InternalError(Exception):
    """A check misbehaved (for example, a span outside the document): a bug in copydesk."""


class NotConverged(Exception):
    """Fixing kept changing the text after the maximum number of passes."""


class Batch:
    """What the files of one run share: how many files hold each short line.

    A short line that recurs across many articles of a run (`Next Article`, a site's own
    newsletter prompt) is page furniture even when no list knows it."""

    MIN_FILES = 3
    MAX_WORDS = 12  # a longer line is copy, not furniture

    def __init__(self, texts: Iterable[str]):
        from .packs import normalize_line

        self._norm = normalize_line
        self.counts: Counter[str] = Counter()
        n = 0
        for t in texts:
            n += 1
            self.counts.update({normalize_line(ln) for ln in t.splitlines() if self.counted(ln)})
        self.files = n

    @classmethod
    def counted(cls, line: str) -> bool:
        """Whether `line` is one Batch counts: one to MAX_WORDS words. (Split at most MAX_WORDS
        times: a paragraph's words are not all made into strings to learn that it has more;
        36 -> 15 ms on 13 files of 500,000 words.)"""
        return 0 < len(line.split(None, cls.MAX_WORDS)) <= cls.MAX_WORDS

    def files_with(self, line: str) -> int:
        return self.counts.get(self._norm(line), 0)

    def files_with_normalized(self, norm: str) -> int:
        """files_with for a line already passed through normalize_line."""
        return self.counts.get(norm, 0)


# The rules split in two for checking one long document in two processes (--jobs): the
# spelling and capitalization rules, and the others. Each half builds what its rules share
# (the words, the sentences, the spelling verdicts), so the halves cost more than the whole,
# but the larger of them about 0.6 of it, on 50 KB to 5 MB of news text: the most even split
# of any by category, as the rules' costs were measured.
FIRST_PART = frozenset({"spelling", "capitalization"})


class Linter:
    """The selected rules and configuration, ready to check many documents."""

    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self.styles = None  # the configured house styles (copydesk/styles.py), when any
        own: dict[str, object] = {}
        if self.config.styles:
            from . import styles

            self.styles = styles.load(self.config.styles_path, self.config.styles)
            own = {r.code: fn for r, fn in self.styles.rules}
        pool = [r for r, _ in self.styles.rules] if self.styles else []
        self.rules: list[Rule] = registry.select(
            self.config.select, self.config.extend_select, self.config.ignore, pool=pool
        )
        self._fns = [(r, own[r.code] if r.code in own else registry.check_fn(r)) for r in self.rules]
        self.batch: Batch | None = None

    @classmethod
    def of(cls, rules: list[tuple[Rule, object]], config: Config | None = None) -> Linter:
        """A linter that runs exactly these (rule, check) pairs, whatever the selection says."""
        linter = cls(Config(select=()) if config is None else config)
        linter.rules = [r for r, _ in rules]
        linter._fns = list(rules)
        return linter

    def severity_for(self, rule: Rule):
        """The configured severity for `rule` (the most specific selector wins), or None."""
        sev = self.config.severity
        if not sev:
            return None
        if rule.code in sev:
            return sev[rule.code]
        best = None
        for sel, level in sev.items():
            if registry.matches(rule, sel) and (best is None or len(sel) > len(best[0])):
                best = (sel, level)
        return best[1] if best else None

    def _plan(self) -> list[tuple[Rule, object, object, registry.Context]]:
        """(rule, check, configured severity, context) for each rule: the same for every
        document of a run, so made once (25 contexts a document were a tenth of the
        per-document overhead), and again only if the rules or the batch change."""
        plan = self.__dict__.get("_plan_cache")
        if plan is None or plan[0] is not self._fns or plan[1] is not self.batch or len(plan[2]) != len(self._fns):
            steps = [
                (rule, fn, self.severity_for(rule), registry.Context(rule, self.config, self.batch))
                for rule, fn in self._fns
            ]
            plan = self.__dict__["_plan_cache"] = (self._fns, self.batch, steps)
        return plan[2]

    def check(self, doc: Document, part: int | None = None) -> list[Finding]:
        """The findings of every rule, ordered by position; with `part` (0 or 1), those of one
        half of the rules only (see FIRST_PART): the two halves together are the whole check."""
        ignored = self.config.ignored_for(doc.path)
        n = len(doc.text)
        out: list[Finding] = []
        seen: set[tuple[str, int, int]] = set()
        for rule, fn, level, ctx in self._plan():
            if ignored and any(registry.matches(rule, s) for s in ignored):
                continue
            if part is not None and (rule.category in FIRST_PART) != (part == 0):
                continue
            for f in fn(doc, ctx):
                if not (0 <= f.start <= f.end <= n):
                    raise InternalError(f"{rule.code} reported span {f.start}-{f.end} outside a text of {n} characters")
                ed = f.edit
                if ed is not None and not (0 <= ed.start <= f.start and f.end <= ed.end <= n):
                    raise InternalError(f"{rule.code} fix span {ed.start}-{ed.end} does not contain its finding")
                lo, hi = (ed.start, ed.end) if ed is not None else (f.start, f.end)
                if doc.is_protected(lo, hi, rule.block) or _suppressed(doc, rule, f):
                    continue
                key = (rule.code, f.start, f.end)
                if key in seen:
                    continue
                seen.add(key)
                out.append(replace(f, severity=level) if level is not None and f.severity is None else f)
        out.sort(key=finding_order)
        return out


def finding_order(f: Finding) -> tuple[int, int, str]:
    """The order of a check's findings: by position, then rule."""
    return (f.start, f.end, f.code)


def _suppressed(doc: Document, rule: Rule, f: Finding) -> bool:
    for s in doc.suppressions:
        if s.start <= f.start and f.end <= s.end or (s.start < f.end and f.start < s.end):
            if s.selectors is None or any(registry.matches(rule, sel) for sel in s.selectors):
                return True
    return False


@dataclass
class FixResult:
    """What fixing a text did: the new text, the findings applied, and what remains."""

    text: str
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    passes: int = 0
    deferred: int = 0  # edits that overlapped another in the same pass and waited for the next

    @property
    def changed(self) -> bool:
        return bool(self.applied)


MAX_PASSES = 10


def fix(linter: Linter, text: str, fmt: str = "plain", path: str = "-", unsafe: bool = False) -> FixResult:
    """Apply fixable findings, re-checking until nothing changes (at most MAX_PASSES times)."""
    result = FixResult(text)
    for _ in range(MAX_PASSES):
        doc = Document(result.text, fmt, path)
        findings = linter.check(doc)
        chosen = [f for f in findings if f.fixable(unsafe)]
        new_text, applied, dropped = apply_edits(result.text, chosen)
        if not applied or new_text == result.text:
            result.remaining = findings
            return result
        result.passes += 1
        result.text = new_text
        result.applied.extend(applied)
        result.deferred += len(dropped)
    raise NotConverged(f"{path}: fixes did not settle after {MAX_PASSES} passes; nothing was written")


# --- the small public API (re-exported from copydesk) ----------------------------------------


def _linter(config: Config | None, select, ignore) -> Linter:
    config = config or Config()
    if select is not None:
        config = replace(config, select=tuple(select))
    if ignore is not None:
        config = replace(config, ignore=config.ignore + tuple(ignore))
    return Linter(config)


def check_text(
    text: str,
    *,
    path: str = "-",
    input_format: str = "auto",
    config: Config | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> list[Finding]:
    """Check a string and return its findings, ordered by position.

    >>> [f.code for f in check_text("Both sides,including Baku.")]
    ['CD301']
    """
    doc = Document(text, format_for(path, input_format), path)
    return _linter(config, select, ignore).check(doc)


def fix_text(
    text: str,
    *,
    path: str = "-",
    input_format: str = "auto",
    unsafe: bool = False,
    config: Config | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> FixResult:
    """Fix a string: returns a FixResult with `.text`, `.applied` and `.remaining`.

    >>> fix_text("Both sides,including Baku.").text
    'Both sides, including Baku.'
    """
    return fix(_linter(config, select, ignore), text, format_for(path, input_format), path, unsafe)
