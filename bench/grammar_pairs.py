#!/usr/bin/env python3
"""Precision and recall of each grammar rule on hand-checked sentence pairs.

Usage: python bench/grammar_pairs.py [bench/data/grammar_pairs.tsv]
For each pair, the rule is run on the wrong sentence (a finding there is a true positive,
none a miss) and on the right one (any finding there is a false positive). Pairs whose two
sentences are the same are control sentences: only their false positives count.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "grammar_pairs.tsv"


def main() -> int:
    from copydesk import check_text

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else DATA
    rows = list(csv.DictReader((ln for ln in path.open(encoding="utf-8") if not ln.startswith("#")), delimiter="\t"))
    stats = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "pairs": 0})
    misses = []
    for r in rows:
        rule, wrong, right = r["rule"], r["wrong"].replace("\\n", "\n"), r["right"].replace("\\n", "\n")
        s = stats[rule]
        s["pairs"] += 1
        fp = len(check_text(right, select=[rule]))
        s["fp"] += fp
        if fp:
            misses.append(f"  FP {rule}: {right!r}")
        if wrong != right:
            if check_text(wrong, select=[rule]):
                s["tp"] += 1
            else:
                s["fn"] += 1
                misses.append(f"  FN {rule}: {wrong!r}")
    print(f"{'rule':6} {'pairs':>5} {'precision':>9} {'recall':>7}")
    for rule in sorted(stats):
        s = stats[rule]
        prec = s["tp"] / max(s["tp"] + s["fp"], 1)
        rec = s["tp"] / max(s["tp"] + s["fn"], 1)
        print(f"{rule:6} {s['pairs']:5} {prec:9.1%} {rec:7.1%}")
    print(f"{len(rows)} pairs")
    if "--verbose" in sys.argv:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
