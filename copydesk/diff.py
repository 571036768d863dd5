"""Unified diffs of fixes: plain for pipes and `patch`, rich with word-level highlights on terminals."""

from __future__ import annotations

import difflib
import re

_TOKEN = re.compile(r"\s+|[^\W_]+|.", re.DOTALL)


def unified(old: str, new: str, path: str) -> str:
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    name = "stdin" if path == "-" else path
    lines = []
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _words(old: str, new: str):
    """(old_text, new_text) as lists of (chunk, changed) by word-level comparison."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        left.append(("".join(a[i1:i2]), op != "equal"))
        right.append(("".join(b[j1:j2]), op != "equal"))
    return left, right


def render_rich(diff_text: str, console) -> None:
    """Print a unified diff: headers bold, hunks cyan, and within paired -/+ lines the changed
    words highlighted, so a one-space fix in a long paragraph is easy to see."""
    from rich.text import Text

    lines = diff_text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("--- ", "+++ ")):
            console.print(Text(line, style="bold"), soft_wrap=True)
            i += 1
            continue
        if line.startswith("@@"):
            console.print(Text(line, style="cyan"), soft_wrap=True)
            i += 1
            continue
        if line.startswith("-"):
            j = i
            while j < len(lines) and lines[j].startswith("-"):
                j += 1
            k = j
            while k < len(lines) and lines[k].startswith("+"):
                k += 1
            minus, plus = lines[i:j], lines[j:k]
            if len(minus) == len(plus):
                for m, p in zip(minus, plus):
                    left, right = _words(m[1:], p[1:])
                    lt = Text("-", style="red")
                    for chunk, changed in left:
                        lt.append(chunk, "bold white on red" if changed else "red")
                    rt = Text("+", style="green")
                    for chunk, changed in right:
                        rt.append(chunk, "bold white on green" if changed else "green")
                    console.print(lt, soft_wrap=True)
                    console.print(rt, soft_wrap=True)
            else:
                for m in minus:
                    console.print(Text(m, style="red"), soft_wrap=True)
                for p in plus:
                    console.print(Text(p, style="green"), soft_wrap=True)
            i = k
            continue
        style = "green" if line.startswith("+") else "dim" if line.startswith("\\") else ""
        console.print(Text(line, style=style), soft_wrap=True)
        i += 1
