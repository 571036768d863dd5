"""Reporters: rich (terminals), text (one line a finding), JSON (the contract in DESIGN.md).

Reporters see findings already filtered and ordered; they only format. rich is imported
only when rich output is asked for, so text and JSON runs (pre-commit, CI) start fast.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .document import LineIndex
from .model import Finding, FixSafety, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at every start
if TYPE_CHECKING:
    from typing import IO


@dataclass
class FileReport:
    """One checked file: its document and the findings to report."""

    path: str
    doc: LineIndex  # a Document, or just its text and line index
    findings: list[Finding]


def to_dict(report: FileReport, f: Finding) -> dict:
    line, col = report.doc.position(f.start)
    end_line, end_col = report.doc.position(f.end)
    return {
        "path": report.path,
        "rule": f.code,
        "name": f.rule.name,
        "category": f.rule.category,
        "severity": str(f.level),
        "message": f.message,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "replacements": list(f.replacements),
        "fix_safety": str(f.safety),
    }


def write_json(reports: Iterable[FileReport], out: IO[str]) -> None:
    """The findings as a JSON array, one finding a line, each exactly as `json` would encode
    `to_dict` of it (the same keys, order, separators and escapes; a test holds the two equal).

    Each line is formatted directly, with json's own C string escaper: encoding a dict a finding
    built a new C encoder at every call and cost 4 µs, more than all the rest of the report
    (8,902 findings: 53 ms before, 23 ms now). Lines are written as they are made, so the whole
    report is never held in memory at once."""
    from json.encoder import encode_basestring as q  # C-accelerated, as JSONEncoder(ensure_ascii=False) uses

    heads: dict[str, str] = {}  # rule code -> its "rule", "name" and "category" members
    levels: dict[object, str] = {}  # severity -> quoted
    safeties: dict[object, str] = {}  # fix safety -> quoted
    sep = "[\n"
    for r in reports:
        path = q(r.path)
        position = r.doc.position
        for f in r.findings:
            head = heads.get(f.code)
            if head is None:
                rule = f.rule
                head = heads[f.code] = f'"rule": {q(rule.code)}, "name": {q(rule.name)}, "category": {q(rule.category)}'
            level, safety = f.level, f.safety
            lv = levels.get(level)
            if lv is None:
                lv = levels[level] = q(str(level))
            sf = safeties.get(safety)
            if sf is None:
                sf = safeties[safety] = q(str(safety))
            line, col = position(f.start)
            end_line, end_col = position(f.end)
            out.write(
                f'{sep}{{"path": {path}, {head}, "severity": {lv}, "message": {q(f.message)}, "line": {line}, '
                f'"column": {col}, "end_line": {end_line}, "end_column": {end_col}, '
                f'"replacements": [{", ".join(map(q, f.replacements))}], "fix_safety": {sf}}}'
            )
            sep = ",\n"
    out.write("[]\n" if sep == "[\n" else "\n]\n")


def write_text(reports: Iterable[FileReport], out: IO[str]) -> None:
    for r in reports:
        for f in r.findings:
            line, col = r.doc.position(f.start)
            out.write(f"{r.path}:{line}:{col}: {f.code} {f.message}\n")


# --- rich -----------------------------------------------------------------------------------

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
CONTEXT = 36


def _show(s: str) -> str:
    return s.replace("\r", "").replace("\n", "⏎").replace("\t", "⇥") if s.strip() or not s else repr(s)[1:-1] or "·"


def _source_line(doc: LineIndex, f: Finding, color: bool = True):
    """The source line around the finding: the span struck and highlighted, the fix inline.

    Without colour the change is written wdiff-style, `[-old-]{+new+}`, so it stays visible."""
    from rich.text import Text

    text = doc.text
    line = doc.line_of(f.start)
    ls, le = doc.line_range(line, newline=False)
    end = min(f.end, max(le, f.start))
    a = max(ls, f.start - CONTEXT)
    b = min(le, end + CONTEXT)
    t = Text("  ")
    t.append("…" if a > ls else "", "dim")
    t.append(text[a : f.start].replace("\t", " "))
    old = text[f.start : end]
    if f.replacements:
        new = f.replacements[0]
        if not color:
            t.append(f"[-{_show(old)}-]" if old else "")
            t.append(f"{{+{new}+}}" if new else "")
        else:
            if old:
                t.append(_show(old), "strike red" if old.strip() else "on red")
            if new:
                t.append(new, "bold green" if new.strip() else "on green")
    else:
        t.append(_show(old) or "‸", "bold underline red")
    t.append(text[end:b].replace("\t", " "))
    t.append("…" if b < le else "", "dim")
    return t


def write_rich(reports: Sequence[FileReport], console, *, show_summary: bool = True, errors: int = 0) -> None:
    from rich.table import Table
    from rich.text import Text

    total = Counter()
    by_cat: dict[str, Counter] = {}
    for r in reports:
        if not r.findings:
            continue
        console.print(Text(r.path, style="bold underline"))
        for f in r.findings:
            line, col = r.doc.position(f.start)
            head = Text("  ")
            head.append(f"{line}:{col}".ljust(8), "dim")
            head.append(f.code.ljust(7), _STYLE[f.level])
            head.append(f.message)
            if f.replacements and len(f.replacements) > 1:
                head.append("  (also: " + ", ".join(f"‘{x}’" for x in f.replacements[1:4]) + ")", "dim")
            tag = {FixSafety.SAFE: " [fix]", FixSafety.UNSAFE: " [unsafe fix]", FixSafety.NONE: ""}[f.safety]
            head.append(tag, "green" if f.safety is FixSafety.SAFE else "magenta")
            console.print(head, soft_wrap=True)
            console.print(_source_line(r.doc, f, not console.no_color), soft_wrap=True)
            c = by_cat.setdefault(f.rule.category, Counter())
            c[f.level] += 1
            c["fixable"] += f.safety is FixSafety.SAFE
            total[f.level] += 1
            total["fixable"] += f.safety is FixSafety.SAFE
        console.print()
    if not show_summary:
        return
    n = sum(total[s] for s in Severity)
    files = sum(1 for r in reports if r.findings)
    if n:
        table = Table(title=None, show_edge=False, pad_edge=False, box=None, header_style="bold")
        for col in ("category", "errors", "warnings", "info", "fixable"):
            table.add_column(col, justify="left" if col == "category" else "right")
        for cat in sorted(by_cat):
            c = by_cat[cat]
            table.add_row(
                cat, str(c[Severity.ERROR]), str(c[Severity.WARNING]), str(c[Severity.INFO]), str(c["fixable"])
            )
        table.add_row(
            Text("total", style="bold"),
            str(total[Severity.ERROR]),
            str(total[Severity.WARNING]),
            str(total[Severity.INFO]),
            str(total["fixable"]),
        )
        console.print(table)
        console.print()
    msg = f"{n} finding{'s' * (n != 1)} in {files} of {len(reports)} file{'s' * (len(reports) != 1)} checked"
    if total["fixable"]:
        msg += f"; {total['fixable']} fixable with `copydesk fix`"
    if errors:
        msg += f"; {errors} file{'s' * (errors != 1)} could not be checked"
    console.print(Text(msg, style="bold" if n else "bold green"))


# --- SARIF 2.1.0 and GitHub annotations -------------------------------------------------------

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def to_sarif(reports: Sequence[FileReport], rules, version: str) -> dict:
    """A SARIF 2.1.0 log: rule descriptors with help text, results with regions, and fixes."""
    from .cli import rule_page

    index = {r.code: i for i, r in enumerate(rules)}
    descriptors = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc},
            "help": {"text": r.doc, "markdown": rule_page(r)},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity], "enabled": r.default},
            "properties": {"category": r.category, "fixSafety": str(r.fix_safety)},
        }
        for r in rules
    ]
    results = []
    for rep in reports:
        uri = rep.path if rep.path != "-" else "stdin"
        for f in rep.findings:
            d = to_dict(rep, f)
            region = {
                "startLine": d["line"],
                "startColumn": d["column"],
                "endLine": d["end_line"],
                "endColumn": d["end_column"],
            }
            result = {
                "ruleId": f.code,
                "level": _SARIF_LEVEL[f.level],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "properties": {"fixSafety": str(f.safety), "replacements": list(f.replacements)},
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            edit = f.edit
            if edit is not None:
                ds_line, ds_col = rep.doc.position(edit.start)
                de_line, de_col = rep.doc.position(edit.end)
                result["fixes"] = [
                    {
                        "description": {"text": f"Replace with ‘{edit.text}’" if edit.text else "Delete"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "startLine": ds_line,
                                            "startColumn": ds_col,
                                            "endLine": de_line,
                                            "endColumn": de_col,
                                        },
                                        "insertedContent": {"text": edit.text},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "copydesk", "version": version, "rules": descriptors}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write_sarif(reports: Sequence[FileReport], out: IO[str], rules, version: str) -> None:
    json.dump(to_sarif(reports, rules, version), out, ensure_ascii=False, indent=1)
    out.write("\n")


_GH_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


def write_github(reports: Iterable[FileReport], out: IO[str]) -> None:
    """GitHub Actions workflow commands: one annotation a finding on the pull request's diff."""
    for r in reports:
        for f in r.findings:
            d = to_dict(r, f)
            props = (
                f"file={_gh_escape(r.path, True)},line={d['line']},col={d['column']},"
                f"endLine={d['end_line']},endColumn={d['end_column']},title={_gh_escape(f.code, True)}"
            )
            out.write(f"::{_GH_LEVEL[f.level]} {props}::{_gh_escape(f.message)}\n")
