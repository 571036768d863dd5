#!/usr/bin/env python3
"""Precision and recall of the default rules on the shared corpora, per category.

Usage: python bench/quality.py [--clean DIR] [--gold DIR ...] [-- extra copydesk args]
  --clean: professionally edited text; every finding there is counted as a false alarm
           and reported per rule category per 1,000 words (default ../shared/corpora/clean_news_dev)
  --gold:  folders of articles with *.gold.tsv lists; prints caught/fixed per gold category
           and false alarms per 1,000 words (default ../shared/corpora/synth_dev and seeds/)
"""

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.gold import load_gold, score  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"


def check(paths: list[Path], extra: list[str]) -> list[dict]:
    exe = Path(sys.executable).with_name("copydesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "copydesk"]
    p = subprocess.run([*cmd, "check", "--format", "json", *extra, *map(str, paths)], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"copydesk failed: {p.stderr[-400:]}")
    return json.loads(p.stdout)


def clean(folder: Path, extra: list[str]) -> None:
    files = sorted(folder.glob("*.txt"))
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    rows = check(files, extra)
    by_cat = Counter(r["category"] for r in rows)
    print(f"== clean text: {folder} ({len(files)} articles, {words:,} words)")
    for cat in ("spelling", "capitalization", "punctuation", "grammar", "structure", "style"):
        print(f"  {cat:15} {by_cat[cat]:4} findings  {1000 * by_cat[cat] / words:.3f} per 1,000 words")
    print(f"  {'all':15} {len(rows):4} findings  {1000 * len(rows) / words:.3f} per 1,000 words")
    for r in rows[:40]:
        print(f"    {Path(r['path']).name}:{r['line']}:{r['column']} {r['rule']} {r['message'][:90]}")


def gold(folder: Path, extra: list[str]) -> None:
    arts = sorted(p for p in folder.glob("*.txt") if (folder / (p.stem + ".gold.tsv")).exists())
    rows = check(arts, extra)
    totals = defaultdict(lambda: [0, 0, 0])
    fa = Counter()
    words = 0
    for a in arts:
        text = a.read_text(encoding="utf-8")
        words += len(text.split())
        mine = [r for r in rows if Path(r["path"]).name == a.name]
        stats, fas = score(text, load_gold(folder / (a.stem + ".gold.tsv")), mine)
        for cat, v in stats.items():
            for i in range(3):
                totals[cat][i] += v[i]
        fa.update(r["category"] for r in fas)
    print(f"== gold: {folder} ({len(arts)} articles, {words:,} words), core rows")
    c = x = n = 0
    for cat, (cc, xx, nn) in sorted(totals.items()):
        print(f"  {cat:16} caught {cc:4}/{nn:<4} ({cc / nn:6.1%})  fixed {xx:4} ({xx / nn:6.1%})")
        c, x, n = c + cc, x + xx, n + nn
    print(f"  {'all':16} caught {c:4}/{n:<4} ({c / max(n, 1):6.1%})  fixed {x:4} ({x / max(n, 1):6.1%})")
    print(f"  false alarms: {sum(fa.values())} ({1000 * sum(fa.values()) / words:.2f} per 1,000 words) {dict(fa)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clean", type=Path, default=SHARED / "clean_news_dev")
    ap.add_argument("--gold", type=Path, action="append")
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    if a.clean.is_dir():
        clean(a.clean, a.extra)
    for g in a.gold or [SHARED / "synth_dev", ROOT / "seeds"]:
        if g.is_dir():
            gold(g, a.extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
