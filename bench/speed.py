#!/usr/bin/env python3
"""Speed budget: cold start on the seed, words per second on one core, peak memory.

Usage: python bench/speed.py [--corpus DIR ...] [--words N] [--runs N] [-- extra copydesk args]
Defaults: the corpora in ../shared/corpora, repeated until the input has --words words
(500,000). Each figure comes from the real `copydesk` command in a fresh process.
Budgets (issue 2 / 11): cold start <= 200 ms, >= 300,000 words/s, peak memory <= 150 MB.
"""

import argparse
import glob
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Without PYTHONDONTWRITEBYTECODE (set in some containers and CI images): with it, a module
# edited since its bytecode was last written is compiled again by every run, and timed as
# start-up (compiling every module of copydesk takes 165 ms here). compare.py does the same.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SEED = ROOT / "seeds" / "000_86c9ae3965a11941.txt"
DEFAULT_CORPORA = [ROOT.parent / "shared" / "corpora" / d for d in ("clean_news_dev", "synth_dev")]


def copydesk_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("copydesk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "copydesk"]


def run(cmd: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB of this child)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, err = p.communicate()
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit(f"copydesk failed ({p.returncode}): {err.decode()[-500:]}")
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def build_corpus(dirs: list[Path], words: int, out: Path, per_file: int = 100) -> int:
    texts = []
    for d in dirs:
        texts += [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(str(d / "*.txt")))]
    if not texts:
        sys.exit(f"no .txt files in {', '.join(map(str, dirs))}")
    total = 0
    i = 0
    while total < words:
        # 100 articles per file by default: many files exercise the per-file path, big files the
        # per-text path; per_file=1 is a newsroom repository's layout, one article a file
        chunk = "\n\n".join(texts[(i * per_file + k) % len(texts)] for k in range(per_file))
        (out / f"part{i:04}.txt").write_text(chunk, encoding="utf-8")
        total += len(chunk.split())
        i += 1
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", type=Path)
    ap.add_argument("--words", type=int, default=500_000)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    cmd = copydesk_cmd()
    base = [*cmd, "check", "--format", "json", "--jobs", "1", *a.extra]  # (a later --jobs wins)
    colds = [run([*base, "--no-cache", str(SEED)])[0] for _ in range(a.runs)]
    cached = [run([*base, str(SEED)])[0] for _ in range(a.runs)]
    with tempfile.TemporaryDirectory() as tmp:
        n = build_corpus(a.corpus or DEFAULT_CORPORA, a.words, Path(tmp))
        files = len(list(Path(tmp).iterdir()))
        walls = [run([*base, "--no-cache", tmp])[0] for _ in range(3)]
        twos = [run([*base, "--no-cache", "--jobs", "2", tmp])[0] for _ in range(2)]
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    wall, two = min(walls), min(twos)
    ms = statistics.median(colds) * 1000
    print(
        f"cold start on the seed, no results cache: median {ms:.0f} ms, best {min(colds) * 1000:.0f} ms ({a.runs} runs)"
    )
    print(f"start on the seed with its results cached: median {statistics.median(cached) * 1000:.0f} ms")
    print(
        f"throughput, no results cache: {n:,} words in {wall:.2f} s = {n / wall:,.0f} words/s (best of 3, one process)"
    )
    # whole files go to the workers: an odd number of equal files bounds the speed-up
    half = -(-files // 2)
    cap = f"; {files} files split {half}/{files - half} at best: {files / half:.2f}x" if files % 2 else ""
    print(f"with --jobs 2: {n / two:,.0f} words/s ({wall / two:.2f}x one process{cap})")
    print(f"peak memory (largest child): {peak / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
