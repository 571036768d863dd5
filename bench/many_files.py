#!/usr/bin/env python3
"""Many files: first run, cached re-run, --jobs 2 and the default, on N article files (default 2,000).

Usage: python bench/many_files.py [--files N] [--corpus DIR ...]
Articles are copies of the shared corpora, each made unique, in a temporary folder; the
results cache lives in its own temporary folder, so the first run really is the first.
"""

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared" / "corpora" / d for d in ("clean_news_dev", "synth_dev")]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--corpus", action="append", type=Path)
    a = ap.parse_args()
    texts = [
        Path(p).read_text(encoding="utf-8") for d in (a.corpus or DEFAULT) for p in sorted(glob.glob(str(d / "*.txt")))
    ]
    exe = Path(sys.executable).with_name("copydesk")
    with tempfile.TemporaryDirectory() as docs, tempfile.TemporaryDirectory() as cache:
        for i in range(a.files):
            Path(docs, f"article{i:05}.txt").write_text(
                texts[i % len(texts)] + f"\nFile number {i}.\n", encoding="utf-8"
            )
        env = dict(os.environ, COPYDESK_CACHE_DIR=cache)
        subprocess.run(
            [str(exe), "check", "--no-cache", "--format", "json", texts and str(Path(docs, "article00000.txt"))],
            env=env,
            capture_output=True,
        )  # build the lexicon cache first: not part of the figure

        def timed(*extra):
            t = time.perf_counter()
            p = subprocess.run([str(exe), "check", "--format", "json", *extra, docs], env=env, capture_output=True)
            assert p.returncode in (0, 1), p.stderr[-300:]
            return time.perf_counter() - t

        first = timed("--jobs", "1")
        again = timed("--jobs", "1")
        one = timed("--no-cache", "--jobs", "1")
        two = timed("--no-cache", "--jobs", "2")
        auto = timed("--no-cache")
    print(f"{a.files} files: first run {first:.2f} s, cached re-run {again:.2f} s ({first / again:.0f}x faster)")
    print(f"without the cache: one process {one:.2f} s, --jobs 2 {two:.2f} s ({one / two:.2f}x)")
    print(f"without the cache, no --jobs (a process per core, as the work allows): {auto:.2f} s ({one / auto:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
