"""`copydesk review FILE`: walk through a draft's findings one by one, as an editor decides them.

Each finding shows its paragraph with the span highlighted, the message and the proposed change
as a word-level diff; one key decides it. Nothing is applied without a keypress, and nothing is
written until the review ends with `q` (written atomically, like `copydesk fix`). After a round,
the draft is checked again with the accepted changes, and new findings get their own round.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import files as io
from .config import Config
from .document import Document
from .engine import Linter
from .fixer import apply_edits
from .model import Finding, FixSafety

KEYS = ["y", "n", "e", "a", "r", "v", "u", "q", "x", "?"]
HELP = """  y  accept this change            n  skip it
  e  edit the replacement text      a  accept this change everywhere in the file
  r  skip the rest of this rule     v  add the word to the house vocabulary
  u  undo the last decision         q  quit and save      x  quit without saving
  ?  this help"""
PROMPT = "[y,n,e,a,r,v,u,q,x,?] "


@dataclass
class Decision:
    index: int
    key: str
    accepted: list[Finding] = field(default_factory=list)
    word: str | None = None


class Terminal:
    """One key at a time on a real terminal; a line at a time on a dumb or narrow one."""

    def __init__(self) -> None:
        term = os.environ.get("TERM", "")
        try:
            width = os.get_terminal_size().columns or 80  # 0: the size is unknown, not narrow
        except OSError:
            width = 80
        self.line_mode = term in ("", "dumb") or width < 40

    def key(self) -> str:
        if self.line_mode:
            sys.stdout.write(PROMPT)
            sys.stdout.flush()
            line = sys.stdin.readline()
            if not line:
                return "x"
            return (line.strip()[:1] or "?").lower()
        import termios
        import tty

        fd = sys.stdin.fileno()
        old = termios.tcgetattr(fd)
        try:
            # cbreak before the prompt, and without flushing: a key typed as soon as the prompt
            # shows must not be thrown away (TCSAFLUSH, the default, discards it)
            tty.setcbreak(fd, termios.TCSANOW)
            sys.stdout.write(PROMPT)
            sys.stdout.flush()
            ch = os.read(fd, 1).decode("utf-8", "replace")
        finally:
            termios.tcsetattr(fd, termios.TCSANOW, old)
        sys.stdout.write(ch + "\n")
        return ch.lower() if ch else "x"

    def line(self, prompt: str) -> str:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        return sys.stdin.readline().rstrip("\n")


def vocabulary_file(config: Config) -> Path:
    """Where `v` writes: the configured vocabulary file, `vocabulary.txt` beside the config file,
    or `vocabulary.txt` in the working folder (read from there when there is no config)."""
    if config.vocabulary_file is not None:
        return config.vocabulary_file
    return (config.root or Path.cwd()) / "vocabulary.txt"


def _show(console, doc: Document, f: Finding, n: int, total: int) -> None:
    from rich.text import Text

    from .diff import _words

    text = doc.text
    line = doc.line_of(f.start)
    ls, le = doc.line_range(line, newline=False)
    lo, hi = max(ls, f.start - 200), min(max(le, f.end), f.end + 200)
    head = Text(f"\n[{n}/{total}] ", style="bold")
    head.append(f"{f.code} ", style="yellow")
    head.append(f"{f.message}  ")
    head.append(f"(line {line}, {f.safety} fix)", style="dim")
    console.print(head, soft_wrap=True)
    para = Text("  ")
    para.append(text[lo : f.start])
    para.append(text[f.start : f.end] or "‸", style="bold reverse")
    para.append(text[f.end : hi])
    console.print(para, soft_wrap=True)
    if f.replacements:
        new = text[lo : f.start] + f.replacements[0] + text[f.end : hi]
        left, right = _words(text[lo:hi], new)
        d = Text("  ")
        for chunk, changed in left:
            if changed and chunk:
                d.append(chunk, style="strike red")
        d.append(" → ")
        for chunk, changed in right:
            if changed:
                d.append(chunk or "(delete)", style="bold green")
        console.print(d, soft_wrap=True)
    else:
        console.print("  (no replacement: press e to write one, or n to skip)", style="dim")


def run(path: str, config: Config, linter_factory=Linter) -> int:
    from rich.console import Console

    if not sys.stdin.isatty():
        print(
            "copydesk: error: review needs a terminal on standard input; use `copydesk fix` in scripts", file=sys.stderr
        )
        return 2
    try:
        src = io.read(path, config.max_file_size)
    except io.InputError as e:
        print(f"copydesk: error: {e}", file=sys.stderr)
        return 2
    console = Console(highlight=False)
    term = Terminal()
    from .document import format_for

    fmt = format_for(path)
    text = src.text
    vocab_added: list[str] = []
    skipped_rules: set[str] = set()
    decided: set[tuple[str, str, str]] = set()  # (code, flagged text, message) already answered
    accepted_total = skipped_total = 0
    while True:
        cfg = Config(**{**config.__dict__, "vocabulary": config.vocabulary | frozenset(vocab_added)})
        doc = Document(text, fmt, path)
        findings = [
            f
            for f in linter_factory(cfg).check(doc)
            if f.code not in skipped_rules and (f.code, text[f.start : f.end], f.message) not in decided
        ]
        if not findings:
            break
        history: list[Decision] = []
        i = 0
        quit_key = None
        while i < len(findings):
            f = findings[i]
            flagged = text[f.start : f.end]
            if f.code in skipped_rules or flagged in vocab_added or any(f in d.accepted for d in history):
                i += 1
                continue
            _show(console, doc, f, i + 1, len(findings))
            key = term.key()
            if key == "?":
                console.print(HELP)
                continue
            if key in ("q", "x"):
                quit_key = key
                break
            if key == "u":
                if history:
                    last = history.pop()
                    if last.key == "r":
                        skipped_rules.discard(findings[last.index].code)
                    if last.word:
                        vocab_added.remove(last.word)
                    i = last.index
                else:
                    console.print("  nothing to undo", style="dim")
                continue
            d = Decision(i, key)
            if key == "y":
                if f.replacements:
                    d.accepted = [f]
                else:
                    rep = term.line("  replacement: ")
                    d.accepted = [Finding(f.rule, f.start, f.end, f.message, (rep,), fix_safety=FixSafety.SAFE)]
            elif key == "e":
                rep = term.line("  replacement: ")
                d.accepted = [Finding(f.rule, f.start, f.end, f.message, (rep,), fix_safety=FixSafety.SAFE)]
            elif key == "a":
                same = [
                    g
                    for g in findings[i:]
                    if g.code == f.code
                    and text[g.start : g.end] == flagged
                    and g.replacements[:1] == f.replacements[:1]
                ]
                d.accepted = same if f.replacements else []
            elif key == "r":
                skipped_rules.add(f.code)
            elif key == "v":
                word = flagged.strip()
                if word and word not in vocab_added:
                    vocab_added.append(word)
                    d.word = word
            elif key != "n":
                console.print(f"  unknown key {key!r}; ? for help", style="dim")
                continue
            history.append(d)
            i += 1
        if quit_key == "x":
            console.print("Quit without saving; the file is unchanged.")
            return 0
        chosen = [g for d in history for g in d.accepted]
        for d in history:
            if not d.accepted:  # skipped: not asked again; accepted but overlapping: asked again
                g = findings[d.index]
                decided.add((g.code, text[g.start : g.end], g.message))
        accepted_total += len(chosen)
        skipped_total += sum(1 for d in history if not d.accepted)
        new_text, applied, _ = apply_edits(text, [_forced(g) for g in chosen])
        text = new_text
        if quit_key == "q" or not applied:
            break
    if vocab_added:
        vf = vocabulary_file(config)
        existing = vf.read_text(encoding="utf-8") if vf.exists() else ""
        with open(vf, "a", encoding="utf-8") as fh:
            if existing and not existing.endswith("\n"):
                fh.write("\n")
            fh.write("".join(w + "\n" for w in vocab_added))
    if text != src.text:
        try:
            io.write(src, text)
        except io.InputError as e:
            print(f"copydesk: error: {e}", file=sys.stderr)
            return 2
    console.print(
        f"\nReview done: {accepted_total} accepted, {skipped_total} skipped, "
        f"{len(vocab_added)} word{'s' * (len(vocab_added) != 1)} added to the vocabulary"
        + (f" ({vocabulary_file(config)})" if vocab_added else "")
        + ("; file saved." if text != src.text else "; file unchanged.")
    )
    return 0


def _forced(f: Finding) -> Finding:
    """An accepted finding's edit is applied whatever its fix safety: the editor chose it."""
    from dataclasses import replace

    return replace(f, fix_safety=FixSafety.SAFE)
