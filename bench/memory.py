#!/usr/bin/env python3
"""Peak memory of `copydesk check` on big inputs: a 100,000-line file, files of 1, 2 and 4.9 MB,
and 4 MB of three shapes with a block every line or two.

The drafts are the seed article repeated: every paragraph a duplicate, some fifty findings per
article, a far denser load than real copy. The shapes cost memory by their number of blocks:
one-line paragraphs, one-word list items, and Markdown with lists, quotes and code between the
seed's paragraphs.

Usage: python bench/memory.py
Each input is checked in a fresh process with the results cache off; the figure is the
child's peak resident memory (getrusage). Also prints time, to show cost grows linearly.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_86c9ae3965a11941.txt").read_text(encoding="utf-8")


def measure(path: Path, config: Path) -> tuple[float, float]:
    exe = Path(sys.executable).with_name("copydesk")
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execv(str(exe), [str(exe), "check", "--format", "json", "--no-cache", "--config", str(config), str(path)])
    _, _, ru = os.wait4(pid, 0)
    return time.perf_counter() - t, ru.ru_maxrss / 1024


def main() -> int:
    with tempfile.TemporaryDirectory() as d:
        cases = {"100,000 lines": ("A short line of copy,with a slip.\n" * 100_000, "txt")}
        for mb in (1, 2, 4.9):
            n = int(mb * 1_000_000) // len(SEED) + 1
            cases[f"{mb} MB of news drafts"] = (("\n\n".join([SEED] * n))[: int(mb * 1_000_000) - 10], "txt")
        md = SEED.replace("\n\n", "\n\n- item one\n- item two\n\n> a quote\n\n`code` and [link](http://x.y)\n\n")
        for name, unit, ext in (
            ("4 MB one-line paragraphs", "Word here.\n\n", "txt"),
            ("4 MB one-word list items", "- item\n", "txt"),
            ("4 MB list-heavy Markdown", "# Title\n\n" + md + "\n\n", "md"),
        ):
            cases[name] = (unit * (4_000_000 // len(unit) + 1), ext)
        big = Path(d, "big.toml")
        big.write_text("max-file-size = 20000000\n")
        for name, (text, ext) in cases.items():
            p = Path(d, f"big.{ext}")
            p.write_text(text, encoding="utf-8")
            dt, peak = measure(p, big)
            over = "  (over the 200 MB budget)" if peak > 200 else ""
            print(f"{name:26} {len(text) / 1e6:6.1f} MB  {dt:6.2f} s  peak {peak:6.0f} MB{over}")
    print("(max-file-size is raised to 20 MB here; by default, 5 million characters, larger files are refused")
    print(" with a clear message)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
