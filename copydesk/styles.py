"""House styles as data, in Vale's style format: a folder of YAML rule files per style.

A content team keeps its house rules the way Vale users do: `styles/House/Utilize.yml` holding
`extends: substitution`, `swap: {utilize: use}`. copydesk loads the styles the configuration
names (`styles-path`, `styles`), and each rule becomes a check with the code `Style.RuleName`,
selected, ignored, suppressed and reported like copydesk's own rules. Existing Vale styles work
unchanged for the six kinds copydesk supports; whatever else a rule file asks for is reported
once when it loads (`Problem`), never silently ignored.

Beyond Vale's keys, a rule may carry `examples: {bad: [...], good: [...]}` (a bad example may be
`{text: ..., fixed: ...}`) and `fix: safe|unsafe|none`; `copydesk pack test` runs the examples.
Every regular expression is checked when it loads: one that Python cannot compile, or that nests
unbounded repetition (`(a+)+`, which backtracks catastrophically in Python though not in Vale's
Go engine), keeps its rule from loading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import ConfigError
from .model import Example, Finding, FixSafety, Rule, Severity

KINDS = ("existence", "substitution", "occurrence", "repetition", "consistency", "capitalization")
UNSUPPORTED_KINDS = ("conditional", "sequence", "spelling", "metric", "script", "readability")
LEVELS = {"suggestion": Severity.INFO, "warning": Severity.WARNING, "error": Severity.ERROR}
_COMMON = {"extends", "message", "level", "scope", "link", "ignorecase", "nonword", "description", "limit", "vocab"}
_COMMON |= {"examples", "fix"}  # copydesk's own additions
_KEYS = {
    "existence": {"tokens", "raw", "exceptions", "append", "action"},
    "substitution": {"swap", "exceptions", "append", "action", "capitalize"},
    "occurrence": {"max", "min", "token"},
    "repetition": {"tokens", "alpha", "exceptions", "max"},
    "consistency": {"either"},
    "capitalization": {"match", "style", "exceptions", "indicators", "threshold", "prefix"},
}
SCOPES = {"text", "heading", "paragraph", "sentence", "list", "blockquote", "table", "raw"}


@dataclass(frozen=True)
class Problem:
    """Something in a style that copydesk cannot use: `error` keeps the rule from loading;
    otherwise the named part is left out and the rest of the rule works."""

    path: Path
    message: str
    error: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Loaded:
    """The rules of the configured styles, what could not be used, and a fingerprint of the
    files (the results cache must notice an edited style)."""

    rules: list[tuple[Rule, Callable]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fingerprint: str = ""


class StyleError(ConfigError):
    """A style the configuration names that does not exist (exit 2, like any configuration error)."""


# --- regular expressions ---------------------------------------------------------------------


def nested_repeat(pattern: str, flags: int = 0) -> bool:
    """Whether `pattern` puts an unbounded repeat inside another (star height above one), the
    shape behind catastrophic backtracking. Possessive repeats and atomic groups do not backtrack
    and are allowed."""
    from re import _constants as c
    from re import _parser

    tree = _parser.parse(pattern, flags)

    def walk(items, inside: bool) -> bool:
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                lo, hi, sub = av
                unbounded = hi == c.MAXREPEAT or hi > 1000
                if unbounded and inside:
                    return True
                if walk(sub, inside or unbounded):
                    return True
            elif op is c.POSSESSIVE_REPEAT or op is c.ATOMIC_GROUP:
                continue
            elif op is c.SUBPATTERN:
                if walk(av[-1], inside):
                    return True
            elif op is c.BRANCH:
                if any(walk(b, inside) for b in av[1]):
                    return True
            elif op in (c.ASSERT, c.ASSERT_NOT):
                if walk(av[1], inside):
                    return True
        return False

    return walk(tree, False)


def compile_checked(pattern: str, flags: int = 0) -> re.Pattern:
    """Compile, refusing patterns that cannot compile or can backtrack catastrophically."""
    try:
        rx = re.compile(pattern, flags)
    except re.error as e:
        raise ValueError(f"regular expression {pattern!r} does not compile: {e}") from None
    if nested_repeat(pattern, flags):
        raise ValueError(
            f"regular expression {pattern!r} nests unbounded repetition and can backtrack "
            "catastrophically; rewrite it, or make the inner repeat possessive (`++`, `*+`)"
        )
    return rx


# --- scopes ----------------------------------------------------------------------------------


def _heading_level(doc, b) -> int:
    m = re.match(r"#{1,6}", doc.text[b.start : b.body])
    return len(m.group(0)) if m else 1


def _scope_units(doc, scope: str) -> set[tuple[int, int]]:
    neg = scope.startswith("~")
    base, _, level = scope.lstrip("~").partition(".")
    kinds = {"heading": "heading", "paragraph": "paragraph", "list": "list_item", "blockquote": "quote"}
    if base == "sentence":
        spans = set(doc.sentences)
    elif base == "raw":
        spans = {(0, len(doc.text))}
    elif base == "text":
        spans = {(b.body, b.end) for b in doc.prose_blocks}
    elif base == "table":
        spans = {(b.body, b.end) for b in doc.prose_blocks if b.kind.startswith("table")}
    else:
        want = kinds[base]
        spans = {
            (b.body, b.end)
            for b in doc.prose_blocks
            if b.kind == want and (base != "heading" or not level or _heading_level(doc, b) == int(level[1:]))
        }
        if base == "heading" and doc.format == "plain":
            # plain text has no heading marks: a short line is a guess, and one that starts in
            # lower case is a broken line of a paragraph, not a headline
            spans = {(s, e) for s, e in spans if not doc.text[s : s + 1].islower()}
    if neg:
        return {(b.body, b.end) for b in doc.prose_blocks} - spans
    return spans


def units(doc, scopes: tuple[str, ...]) -> list[tuple[int, int]]:
    """[start, end) of every unit of the scopes: blocks, sentences or the whole text. A scope
    may be negated (`~heading`) or an intersection (`heading & ~heading.h1`); a list is a union."""
    out: set[tuple[int, int]] = set()
    for scope in scopes:
        parts = [p.strip() for p in scope.split("&")]
        got = _scope_units(doc, parts[0])
        for p in parts[1:]:
            got &= _scope_units(doc, p)
        out |= got
    return sorted(out)


def _scopes(path: Path, data: dict, problems: list[Problem], default: str = "text") -> tuple[str, ...]:
    raw = data.get("scope", default)
    items = [raw] if isinstance(raw, str) else list(raw or [default])
    keep = []
    for item in items:
        parts = []
        for s in (p.strip() for p in str(item).split("&")):
            base, _, level = s.lstrip("~").partition(".")
            if base == "table" and level in ("header", "cell"):
                problems.append(Problem(path, f"scope `{s}` is read as the whole table row"))
                s = s.partition(".")[0]
            elif base not in SCOPES or (level and not (base == "heading" and re.fullmatch(r"h[1-6]", level))):
                problems.append(Problem(path, f"scope `{s}` is not supported (supported: {', '.join(sorted(SCOPES))})"))
                parts = []
                break
            parts.append(s)
        if parts:
            keep.append(" & ".join(parts))
    if not keep:
        raise ValueError("none of its scopes is supported")
    return tuple(keep)


# --- messages and replacements -----------------------------------------------------------------


def render(message: str, *args: str) -> str:
    """Vale's messages are Go format strings: each `%s` takes the next argument."""
    it = iter(args)

    def sub(m: re.Match) -> str:
        if m.group(0) == "%%":
            return "%"
        if m.group(1):  # Go's explicit argument index: %[2]s
            i = int(m.group(1)) - 1
            return str(args[i]) if 0 <= i < len(args) else ""
        return str(next(it, ""))

    return re.sub(r"%%|%(?:\[(\d+)\])?[sdvq]", sub, message)


def match_case(replacement: str, found: str) -> str:
    """`Utilize` → `Use`: a replacement keeps the capital of the word it replaces."""
    if found[:1].isupper() and replacement[:1].islower():
        if found.isupper() and len(found) > 1:
            return replacement.upper()
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _boundary(body: str, nonword: bool) -> str:
    return body if nonword else rf"(?<![\w-])(?:{body})(?![\w-])"


def _flags(data: dict) -> int:
    return re.IGNORECASE if data.get("ignorecase") else 0


def _exceptions(data: dict) -> Callable[[str], bool]:
    exc = [str(e) for e in data.get("exceptions") or []]
    if not exc:
        return lambda s: False
    rx = re.compile("|".join(f"(?:{e})" for e in exc), _flags(data))
    return lambda s: rx.fullmatch(s) is not None


def _vocabulary(data: dict) -> Callable:
    """Vale's `vocab` (default true): the house vocabulary's words are exceptions too."""
    if data.get("vocab") is False:
        return lambda ctx, s: False
    return lambda ctx, s: s in ctx.config.vocabulary


def _edit_regex(params: list[str]):
    rx = re.compile(params[0])
    repl = re.sub(r"\$(\d+)", r"\\g<\1>", params[1] if len(params) > 1 else "")
    return lambda s: rx.sub(repl, s)


# Vale's `action: {name: edit, params: [how, ...]}`, as functions of the matched text
_EDITS = {
    "remove": lambda p: lambda s: "".join(ch for ch in s if ch not in (p[0] if p else "")),
    "trim": lambda p: lambda s: s.strip(p[0] if p else None),
    "trim_left": lambda p: lambda s: s.lstrip(p[0] if p else None),
    "trim_right": lambda p: lambda s: s.rstrip(p[0] if p else None),
    "truncate": lambda p: lambda s: s.split(p[0])[0] if p else s,
    "regex": _edit_regex,
}


# --- the six kinds ------------------------------------------------------------------------------
# Each builder returns (check function, default fix safety); the function takes (doc, ctx, rule).


def _existence(path: Path, data: dict, problems: list[Problem]):
    tokens = [str(t) for t in data.get("tokens") or []]
    raw = [str(t) for t in data.get("raw") or []]
    if not tokens and not raw:
        raise ValueError("an existence rule needs `tokens` or `raw`")
    parts = []
    if tokens:
        parts.append(_boundary("|".join(f"(?:{t})" for t in tokens), bool(data.get("nonword"))))
    if raw:
        parts.append("".join(raw))
    rx = compile_checked("|".join(f"(?:{p})" for p in parts), _flags(data) | re.MULTILINE)
    skip = _exceptions(data)
    replacement = None
    action = data.get("action")
    if isinstance(action, dict):
        name = action.get("name")
        params = action.get("params") or []
        if name == "remove":
            replacement = ""
        elif name == "replace" and params:
            replacement = str(params[0])
        elif name == "edit" and params and params[0] in _EDITS:
            replacement = _EDITS[params[0]]([str(p) for p in params[1:]])
        elif name not in ("suggest", None):
            problems.append(Problem(path, f"action `{name}` {params or ''} is not supported; the finding has no fix"))
    message = str(data.get("message", "Avoid '%s'."))
    scopes = _scopes(path, data, problems)

    accepted = _vocabulary(data)

    def check(doc, ctx, rule) -> Iterator[Finding]:
        for s, e in units(doc, scopes):
            for m in rx.finditer(doc.text, s, e):
                found = m.group(0)
                if m.end() > m.start() and not skip(found) and not accepted(ctx, found):
                    if callable(replacement):
                        reps = (replacement(found),)
                    else:
                        reps = (match_case(replacement, found),) if replacement is not None else ()
                    yield Finding(rule, m.start(), m.end(), render(message, found), reps)

    return check, FixSafety.UNSAFE


def _substitution(path: Path, data: dict, problems: list[Problem]):
    swap = data.get("swap")
    if not isinstance(swap, dict) or not swap:
        raise ValueError("a substitution rule needs `swap`, a mapping of pattern: replacement")
    keys = [str(k) for k in swap]
    values = [str(v) for v in swap.values()]
    body = "|".join(f"(?P<s{i}>{k})" for i, k in enumerate(keys))
    flags = _flags(data)
    key_rx = [re.compile(k, flags) for k in keys]
    templates = [[re.sub(r"\$(\d+)", r"\\g<\1>", o.strip()) for o in v.split("|") if o.strip()] for v in values]
    rx = compile_checked(_boundary(body, bool(data.get("nonword"))), flags | re.MULTILINE)
    skip = _exceptions(data)
    message = str(data.get("message", "Use '%s' instead of '%s'."))
    scopes = _scopes(path, data, problems)
    same = (lambda a, b: a.lower() == b.lower()) if flags else (lambda a, b: a == b)
    accepted = _vocabulary(data)

    def options_for(i: int, found: str) -> list[str]:
        m = key_rx[i].fullmatch(found)
        return [m.expand(t) if m else t for t in templates[i]]

    def check(doc, ctx, rule) -> Iterator[Finding]:
        for s, e in units(doc, scopes):
            for m in rx.finditer(doc.text, s, e):
                found = m.group(0)
                if not found or skip(found) or accepted(ctx, found):
                    continue
                i = next(int(k[1:]) for k, v in m.groupdict().items() if k.startswith("s") and v is not None)
                options = options_for(i, found)
                if any(same(found, o) for o in options):
                    continue
                reps = tuple(match_case(o, found) for o in options)
                f = Finding(rule, m.start(), m.end(), render(message, "' or '".join(reps), found), reps)
                yield f if len(reps) == 1 else replace(f, fix_safety=FixSafety.UNSAFE)

    return check, FixSafety.SAFE


def _occurrence(path: Path, data: dict, problems: list[Problem]):
    if "token" not in data:
        raise ValueError("an occurrence rule needs `token`")
    rx = compile_checked(str(data["token"]), _flags(data))
    hi = data.get("max")
    lo = data.get("min")
    if hi is None and lo is None:
        raise ValueError("an occurrence rule needs `max` or `min`")
    message = str(data.get("message", "Too many occurrences."))
    scopes = _scopes(path, data, problems, "sentence")

    def check(doc, ctx, rule) -> Iterator[Finding]:
        for s, e in units(doc, scopes):
            n = sum(1 for _ in rx.finditer(doc.text, s, e))
            if (hi is not None and n > int(hi)) or (lo is not None and n < int(lo)):
                end = e
                while end > s and doc.text[end - 1].isspace():
                    end -= 1
                yield Finding(rule, s, end, render(message, str(n)))

    return check, FixSafety.NONE


def _repetition(path: Path, data: dict, problems: list[Problem]):
    tokens = [str(t) for t in data.get("tokens") or [r"[^\s]+"]]
    flags = _flags(data)
    rx = compile_checked("|".join(f"(?:{t})" for t in tokens), flags)
    alpha = bool(data.get("alpha"))
    allowed = int(data.get("max") or 0)  # repeats allowed in a row
    skip = _exceptions(data)
    message = str(data.get("message", "'%s' is repeated!"))
    scopes = _scopes(path, data, problems)

    def check(doc, ctx, rule) -> Iterator[Finding]:
        text = doc.text
        for s, e in units(doc, scopes):
            prev = None
            run = 0
            for m in rx.finditer(text, s, e):
                tok = m.group(0).strip()
                key = tok.lower() if flags else tok
                gap = text[prev[1] : m.start()] if prev is not None else ""
                if prev is not None and key == prev[0] and tok and (gap == "" or gap.isspace()):
                    run += 1
                    if run > allowed and (not alpha or tok.isalpha()) and not skip(tok):
                        yield Finding(rule, m.start(), m.end(), render(message, tok), ("",), fix_start=prev[1])
                else:
                    run = 0
                prev = (key, m.end())

    return check, FixSafety.UNSAFE


def _consistency(path: Path, data: dict, problems: list[Problem]):
    either = data.get("either")
    if not isinstance(either, dict) or not either:
        raise ValueError("a consistency rule needs `either`, a mapping of one form: the other")
    flags = _flags(data)
    nonword = bool(data.get("nonword"))
    pairs = [
        (
            compile_checked(_boundary(str(a), nonword), flags),
            compile_checked(_boundary(str(b), nonword), flags),
            str(a),
            str(b),
        )
        for a, b in either.items()
    ]
    message = str(data.get("message", "Inconsistent spelling of '%s'."))
    scopes = _scopes(path, data, problems)
    plain = re.compile(r"[\w' -]+")

    def check(doc, ctx, rule) -> Iterator[Finding]:
        spans = units(doc, scopes)
        for rx_a, rx_b, a, b in pairs:
            hits_a = [m for s, e in spans for m in rx_a.finditer(doc.text, s, e) if m.end() > m.start()]
            if not hits_a:
                continue
            hits_b = [m for s, e in spans for m in rx_b.finditer(doc.text, s, e) if m.end() > m.start()]
            if not hits_b:
                continue
            # the minority form is the odd one out; on a tie, the form that appears second
            if len(hits_a) != len(hits_b):
                odd, other = (hits_a, b) if len(hits_a) < len(hits_b) else (hits_b, a)
            else:
                odd, other = (hits_b, a) if hits_a[0].start() < hits_b[0].start() else (hits_a, b)
            reps = (other,) if plain.fullmatch(other) else ()
            for m in odd:
                yield Finding(
                    rule,
                    m.start(),
                    m.end(),
                    render(message, m.group(0)),
                    tuple(match_case(r, m.group(0)) for r in reps),
                )

    return check, FixSafety.UNSAFE


_SMALL = {
    "a",
    "an",
    "the",
    "and",
    "but",
    "or",
    "for",
    "nor",
    "so",
    "yet",
    "as",
    "at",
    "by",
    "in",
    "of",
    "off",
    "on",
    "per",
    "to",
    "up",
    "via",
    "vs",
    "out",
}
_CHICAGO_PREPOSITIONS = {
    "about", "above", "across", "after", "against", "along", "among", "around", "before", "behind", "below",
    "beneath", "beside", "between", "beyond", "during", "except", "from", "inside", "into", "like", "near",
    "onto", "over", "past", "since", "than", "through", "toward", "towards", "under", "until", "upon", "with",
    "within", "without",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _capitalization(path: Path, data: dict, problems: list[Problem]):
    match = str(data.get("match", "$title"))
    style = str(data.get("style", "AP"))
    if match == "$title" and style not in ("AP", "Chicago"):
        problems.append(Problem(path, f"title style `{style}` is not supported; AP is used"))
    keep = {str(e) for e in data.get("exceptions") or []}
    keep_lower = {e.lower(): e for e in keep}
    indicators = tuple(str(i) for i in data.get("indicators") or [])
    threshold = float(data.get("threshold", 0.8))
    prefix = str(data.get("prefix") or "")
    regex = None if match.startswith("$") else compile_checked(match)
    if match.startswith("$") and match not in ("$title", "$sentence", "$lower", "$upper"):
        raise ValueError(f"`match: {match}` is not one of $title, $sentence, $lower, $upper or a regex")
    message = str(
        data.get("message", "'%s' should be in %s case." if regex is None else "'%s' does not match the house style.")
    )
    scopes = _scopes(path, data, problems, "heading")

    def proper(doc, w: str) -> bool:
        """A capitalized word that keeps its capital in sentence case: an acronym, a name the
        gazetteer knows (and that is not also a common word), a word the document itself writes
        capitalized inside a sentence, or a word no dictionary has in lower case."""
        if w.isupper() or any(ch.isupper() for ch in w[1:]) or any(ch.isdigit() for ch in w):
            return True
        from .gazetteer import load as places
        from .lexicon import load

        low = w.lower().rstrip("'’s") if w.lower().endswith(("'s", "’s")) else w.lower()
        entry = places().get(low)
        if entry is not None and not entry[2]:
            return True
        if low.capitalize() in _capitalized_inside_sentences(doc) and low not in doc.lower_words:
            return True
        lex = load()
        return not lex.accepted(low) or lex.zipf(low) < 3.0 and low not in doc.lower_words

    def convert(doc, text: str) -> str:
        words = list(_WORD.finditer(text))
        out = []
        pos = 0
        for i, m in enumerate(words):
            w = m.group(0)
            out.append(text[pos : m.start()])
            pos = m.end()
            before = text[: m.start()].rstrip()
            first = i == 0
            last = i == len(words) - 1
            if indicators and i > 0 and before.endswith(indicators):
                out.append(w)  # the word after an indicator (`:`) is left as written
            elif w in keep or w.lower() in keep_lower:
                out.append(keep_lower.get(w.lower(), w))
            elif match == "$lower":
                out.append(w if w.isupper() and len(w) > 1 else w.lower())
            elif match == "$upper":
                out.append(w.upper())
            elif match == "$sentence":
                if first:
                    out.append(w[:1].upper() + w[1:])
                elif w[:1].isupper() and not proper(doc, w):
                    out.append(w.lower())
                else:
                    out.append(w)
            else:  # $title
                low = w.lower()
                small = low in _SMALL or (style == "Chicago" and low in _CHICAGO_PREPOSITIONS)
                if w.isupper() and len(w) > 1 or any(ch.isupper() for ch in w[1:]):
                    out.append(w)
                elif small and not first and not last:
                    out.append(low)
                else:
                    out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
        out.append(text[pos:])
        return "".join(out)

    def check(doc, ctx, rule) -> Iterator[Finding]:
        for s, e in units(doc, scopes):
            seg = doc.text[s:e]
            a = len(seg) - len(seg.lstrip())
            b = len(seg.rstrip())
            if b <= a:
                continue
            text = seg[a:b]
            if prefix and text.startswith(prefix):
                a += len(prefix)
                text = text[len(prefix) :]
            if regex is not None:
                if not regex.fullmatch(text):
                    yield Finding(rule, s + a, s + b, render(message, text))
                continue
            want = convert(doc, text)
            if want == text:
                continue
            words = _WORD.findall(text)
            right = sum(x == y for x, y in zip(words, _WORD.findall(want)))
            if words and right / len(words) < threshold:
                yield Finding(rule, s + a, s + b, render(message, text, match.lstrip("$")), (want,))

    return check, FixSafety.UNSAFE


def _capitalized_inside_sentences(doc) -> frozenset[str]:
    """Words the document writes with a capital inside a sentence of its body text: names."""
    cached = doc.__dict__.get("_styles_caps")
    if cached is None:
        text = doc.text
        found = set()
        for b in doc.prose_blocks:
            if b.kind == "heading":
                continue
            for m in re.finditer(r"(?<=[\w,;] )([A-Z][a-z]+)", text[b.body : b.end]):
                found.add(m.group(1))
        cached = doc.__dict__["_styles_caps"] = frozenset(found)
    return cached


_BUILDERS = {
    "existence": _existence,
    "substitution": _substitution,
    "occurrence": _occurrence,
    "repetition": _repetition,
    "consistency": _consistency,
    "capitalization": _capitalization,
}


# --- loading -----------------------------------------------------------------------------------


def _examples(data: dict) -> tuple[tuple[Example, ...], tuple[str, ...]]:
    ex = data.get("examples") or {}
    bad = []
    for item in ex.get("bad") or []:
        if isinstance(item, dict):
            bad.append(Example(str(item["text"]), None if item.get("fixed") is None else str(item["fixed"])))
        else:
            bad.append(Example(str(item)))
    return tuple(bad), tuple(str(g) for g in ex.get("good") or [])


def load_rule(path: Path, style: str, problems: list[Problem]) -> tuple[Rule, Callable] | None:
    """One rule file as (Rule, check); None (with an error Problem) when it cannot be used."""
    from .packs import PackError, parse

    try:
        data = parse(path)  # the loader every rule pack uses
    except (PackError, UnicodeDecodeError) as e:
        problems.append(Problem(path, f"cannot read the rule: {e}", error=True))
        return None
    kind = str(data.get("extends", ""))
    if kind not in _BUILDERS:
        known = "supported" if kind in UNSUPPORTED_KINDS else "known"
        problems.append(
            Problem(
                path,
                f"`extends: {kind}` is not {known} (copydesk supports {', '.join(KINDS)}); rule skipped",
                error=kind not in UNSUPPORTED_KINDS,
            )
        )
        return None
    for key in sorted(set(data) - _COMMON - _KEYS[kind]):
        problems.append(Problem(path, f"key `{key}` is not supported for {kind} rules and is left out"))
    level = str(data.get("level", "suggestion"))
    if level not in LEVELS:
        problems.append(Problem(path, f"level `{level}` is not one of {', '.join(LEVELS)}; suggestion is used"))
    try:
        fn, safety = _BUILDERS[kind](path, data, problems)
        bad, good = _examples(data)
    except (ValueError, KeyError, TypeError) as e:
        problems.append(Problem(path, f"{e}; rule skipped", error=True))
        return None
    if "fix" in data:
        try:
            safety = FixSafety(str(data["fix"]))
        except ValueError:
            problems.append(Problem(path, f"`fix: {data['fix']}` is not safe, unsafe or none", error=True))
            return None
    code = f"{style}.{path.stem}"
    doc = str(data.get("description") or data.get("message") or code)
    if data.get("link"):
        doc += f"\n\nSee {data['link']}"
    doc += f"\n\nFrom the `{style}` style ({path.name}, a Vale `{kind}` rule)."
    rule = Rule(
        code=code,
        name=f"{style}-{path.stem}".lower(),
        category="style",
        severity=LEVELS.get(level, Severity.INFO),
        fix_safety=safety,
        doc=doc,
        bad=bad,
        good=good,
        block=True,  # an editor's pattern means what it says: numbers and abbreviations included
    )
    limit = data.get("limit")

    def check(doc, ctx):
        for n, f in enumerate(fn(doc, ctx, rule), 1):
            yield f
            if limit and n >= int(limit):
                return

    return rule, check


def builtin_styles_dir() -> Path:
    from .packs import rules_dir

    return rules_dir() / "styles"


def find_style(name: str, styles_path: Path | None) -> Path:
    for base in (styles_path, builtin_styles_dir()):
        if base is not None and (base / name).is_dir():
            return base / name
    where = f"{styles_path} or copydesk's own styles" if styles_path else "copydesk's own styles (set styles-path)"
    raise StyleError(f"style {name!r} not found in {where}")


def load_style(folder: Path, problems: list[Problem]) -> list[tuple[Rule, Callable]]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        problems.append(Problem(path, "Vale reads only .yml rule files; rename it to load it"))
    for path in sorted(folder.glob("*.yml")):
        got = load_rule(path, folder.name, problems)
        if got is not None:
            out.append(got)
    return out


_LOADED: dict[tuple, Loaded] = {}


def load(styles_path: Path | None, names: tuple[str, ...]) -> Loaded:
    """The rules of the named styles, found in `styles_path` and then in copydesk's own.

    Loaded once per process for the same files (the command line validates selectors against
    them before the linter is built); an edited file is read again."""
    import hashlib

    h = hashlib.sha1()
    folders = []
    for name in names:
        folder = find_style(name, styles_path)
        folders.append(folder)
        for f in sorted(folder.glob("*.y*ml")):
            st = f.stat()
            h.update(f"{f}:{st.st_size}:{st.st_mtime_ns};".encode())
    key = (styles_path, names, h.hexdigest())
    if key not in _LOADED:
        result = Loaded(fingerprint=h.hexdigest() if names else "")
        for folder in folders:
            result.rules.extend(load_style(folder, result.problems))
        _LOADED[key] = result
    return _LOADED[key]


# --- `copydesk pack test` --------------------------------------------------------------------


def run_examples(rules: list[tuple[Rule, Callable]]) -> list[str]:
    """Run every rule's own examples; one line per failure (an empty list: all pass)."""
    from .document import Document
    from .engine import Linter, fix

    failures = []
    for rule, fn in rules:
        linter = Linter.of([(rule, fn)])
        for ex in rule.bad:
            found = [f for f in linter.check(Document(ex.text)) if f.code == rule.code]
            if not found:
                failures.append(f"{rule.code}: bad example not flagged: {ex.text!r}")
                continue
            if ex.fixed is not None:
                got = fix(linter, ex.text, unsafe=True).text
                if got != ex.fixed:
                    failures.append(f"{rule.code}: bad example fixed to {got!r}, expected {ex.fixed!r}")
        for text in rule.good:
            found = [f for f in linter.check(Document(text)) if f.code == rule.code]
            if found:
                failures.append(f"{rule.code}: good example flagged ({found[0].message}): {text!r}")
    return failures
