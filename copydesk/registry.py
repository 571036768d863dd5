"""The one table of rules: codes, names, categories, and the functions that check them.

A check module registers each rule with the `@check` decorator; the docstring of the
function is the rule's documentation page (`copydesk rule CODE`), as in ruff.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .model import Example, Finding, FixSafety, Rule, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at every start
if TYPE_CHECKING:
    from .config import Config
    from .document import Document
    from .engine import Batch

CATEGORIES = ("spelling", "capitalization", "punctuation", "grammar", "structure", "style")
CODE_RE = re.compile(r"^(CD[1-6]\d\d|LT:[A-Z0-9_]+|[A-Za-z][\w-]*\.[\w-]+)$")


@dataclass(frozen=True, slots=True)
class Context:
    """What a check may know besides the document: its own rule and the configuration."""

    rule: Rule
    config: Config
    batch: Batch | None = None  # lines shared by the files of this run, when there are several

    def finding(self, start: int, end: int, message: str, replacements: Iterable[str] = (), **kw) -> Finding:
        return Finding(self.rule, start, end, message, tuple(replacements), **kw)


CheckFn = Callable[["Document", Context], Iterable[Finding]]
_RULES: dict[str, tuple[Rule, CheckFn]] = {}


def check(
    code: str,
    name: str,
    category: str,
    severity: str = "warning",
    fix: str = "safe",
    *,
    bad: Iterable[tuple[str, str | None] | str] = (),
    good: Iterable[str] = (),
    default: bool = True,
    block: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register a check function as rule `code`. Codes are forever: never reuse one."""

    def wrap(fn: CheckFn) -> CheckFn:
        register(
            Rule(
                code=code,
                name=name,
                category=category,
                severity=Severity.parse(severity),
                fix_safety=FixSafety(fix),
                doc=_cleandoc(fn.__doc__ or ""),
                default=default,
                bad=tuple(Example(b) if isinstance(b, str) else Example(*b) for b in bad),
                good=tuple(good),
                block=block,
            ),
            fn,
        )
        return fn

    return wrap


def _cleandoc(doc: str) -> str:
    """inspect.cleandoc without importing inspect (it pulls in ast and dis: slow to start)."""
    first, _, rest = doc.strip("\n").partition("\n")
    return (first.strip() + ("\n" + textwrap.dedent(rest) if rest else "")).strip()


def register(rule: Rule, fn: CheckFn) -> None:
    if not CODE_RE.match(rule.code):
        raise ValueError(f"bad rule code {rule.code!r}")
    if rule.category not in CATEGORIES:
        raise ValueError(f"{rule.code}: unknown category {rule.category!r}")
    if rule.code in _RULES and _RULES[rule.code][1] is not fn:
        raise ValueError(f"rule code {rule.code} registered twice")
    if any(r.name == rule.name and r.code != rule.code for r, _ in _RULES.values()):
        raise ValueError(f"rule name {rule.name} registered twice")
    _RULES[rule.code] = (rule, fn)


def _load() -> None:
    from . import checks  # noqa: F401  (importing registers every built-in check)


def all_rules() -> list[Rule]:
    _load()
    return sorted((r for r, _ in _RULES.values()), key=lambda r: r.code)


def get(code_or_name: str) -> tuple[Rule, CheckFn] | None:
    _load()
    key = code_or_name.strip()
    if key.upper() in _RULES:
        return _RULES[key.upper()]
    if key in _RULES:
        return _RULES[key]
    for rule, fn in _RULES.values():
        if rule.name == key.lower():
            return rule, fn
    return None


def matches(rule: Rule, selector: str) -> bool:
    """A selector is ALL, a code, a code prefix (CD3), a category, or a rule name."""
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s.lower() in CATEGORIES:
        return rule.category == s.lower()
    if s.lower() == rule.name:
        return True
    return rule.code.upper().startswith(s.upper())


def is_known_selector(selector: str, pool: Iterable[Rule] = ()) -> bool:
    s = selector.strip().upper()
    if s == "LT" or s.startswith("LT:"):
        return True  # LanguageTool's rules (LT:<RULE_ID>), known only to its server
    return any(matches(r, selector) for r in [*all_rules(), *pool])


def select(
    selectors: Iterable[str] | None, extend: Iterable[str] = (), ignore: Iterable[str] = (), pool: Iterable[Rule] = ()
) -> list[Rule]:
    """Rules on by default (or those `selectors` name), plus `extend`, minus `ignore`; `pool`
    adds rules from outside the registry (house styles)."""
    rules = [*all_rules(), *pool]
    selectors = list(selectors) if selectors is not None else None
    chosen = [r for r in rules if (r.default if selectors is None else any(matches(r, s) for s in selectors))]
    extra = [r for r in rules if r not in chosen and any(matches(r, s) for s in extend)]
    ignore = list(ignore)
    return [r for r in chosen + extra if not any(matches(r, s) for s in ignore)]


def check_fn(rule: Rule) -> CheckFn:
    _load()
    return _RULES[rule.code][1]


def iter_registered() -> Iterator[tuple[Rule, CheckFn]]:
    _load()
    yield from sorted(_RULES.values(), key=lambda rf: rf[0].code)
