#!/usr/bin/env python3
"""Each rule alone on its own examples repeated N and 4N times in one document: the time should
grow four times, not sixteen.

Usage: python bench/scaling.py [--n 300] [--rule CODE ...]

bench/compare.py times whole runs on news copy, where a rule's costly path may never be taken:
CD503 walked all of a document's sentences for each question it considered, and news copy has
few questions, so 2.5 MB ending in 8,000 of them took 17 s. A rule's bad and good examples are
the text that takes its paths, so here they are the input: all of a rule's examples as
paragraphs, repeated N times, then 4N times; and the same as one paragraph (no line breaks),
where a cost may grow with a block's length. Each figure is the best of three runs of
the rule alone on a document whose shared properties (tokens, sentences) are built first. A rule
whose time grows more than six times for four times the text, and again from 4N to 16N, is
marked.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from copydesk.config import Config  # noqa: E402
from copydesk.document import Document  # noqa: E402
from copydesk.engine import Linter  # noqa: E402

LIMIT = 6.0  # growth for four times the text beyond which a rule is marked


def timed(fn, ctx, text: str) -> tuple[float, int]:
    """(best of three seconds, findings) for one rule on `text`."""
    best, found = float("inf"), 0
    for _ in range(3):
        doc = Document(text, "plain", "scaling.txt")
        doc.tokens, doc.sentences, doc.token_set, doc.word_set  # noqa: B018 (built before the clock)
        t = time.perf_counter()
        found = sum(1 for _ in fn(doc, ctx))
        best = min(best, time.perf_counter() - t)
    return best, found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="copies of a rule's examples in the smaller document")
    ap.add_argument("--rule", action="append", help="only these rule codes")
    a = ap.parse_args()
    marked = []
    print(f"{'rule':6} {'layout':10} {'N copies':>10} {'4N copies':>10} {'growth':>7}  findings")
    for rule, fn, _, ctx in Linter(Config())._plan():
        if a.rule and rule.code not in a.rule:
            continue
        examples = [getattr(e, "text", e).strip() for e in (*rule.bad, *rule.good)]
        # as paragraphs, and as one paragraph (a cost may grow with a block's length instead)
        for layout, sep in (("paragraphs", "\n\n"), ("one block", " ")):
            unit = sep.join(examples) if sep != " " else " ".join(" ".join(examples).split())
            small, n1 = timed(fn, ctx, sep.join([unit] * a.n) + "\n")
            large, n4 = timed(fn, ctx, sep.join([unit] * (4 * a.n)) + "\n")
            growth = large / max(small, 1e-6)
            mark = growth > LIMIT and large > 0.02
            if mark:  # small figures are noisy: confirmed only if 16N grows as much again from 4N
                larger, _ = timed(fn, ctx, sep.join([unit] * (16 * a.n)) + "\n")
                mark = larger / large > LIMIT
                growth = min(growth, larger / large)
            marked += [f"{rule.code} ({layout})"] if mark else []
            print(
                f"{rule.code:6} {layout:10} {small * 1000:8.1f}ms {large * 1000:8.1f}ms {growth:6.1f}x  {n1} -> {n4}"
                + ("  <- more than linear" if mark else "")
            )
    print(f"\nmarked: {', '.join(marked)}" if marked else "\nevery rule grew at most about linearly")
    return 1 if marked else 0


if __name__ == "__main__":
    sys.exit(main())
