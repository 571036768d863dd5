#!/usr/bin/env python3
"""How much of CD502 (web boilerplate) rests on its list? Recall with the pack's lines and
patterns removed, one file at a time (no cross-file signal), plus a probe of unseen lines.

Usage: python bench/structure_ablation.py [--gold DIR ...]
The probe lines below were written for this bench and are in no list; each is inserted into a
clean article, mid-way and at the end. Note: signal families were added after the probe first
ran (page metadata, the site addressing its reader), so it is a development probe.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpora"

PROBE = [
    "Click to share on WhatsApp (Opens in new window)",
    "Sign up for our daily briefing",
    "Join our Telegram channel for breaking updates",
    "Most Viewed",
    "Photo: Reuters",
    "Updated: 12 March 2025, 14:32 GMT",
    "Tags: Azerbaijan, Israel, Iran",
    "Share via Email",
    "Get our free app",
    "We value your privacy",
    "Posted by admin",
    "Loading comments...",
    "Sponsored Links",
    "Copyright 2025 NewsCorp. All rights reserved.",
    "Report an error",
    "Contact us",
    "Continue to article",
    "Don't miss out on our exclusive stories — subscribe today",
    "Watch the full interview on our YouTube channel",
    "Image caption: Protesters gather in Tehran",
    "Enjoyed this story? Support independent journalism",
    "Our journalists work hard to bring you the news",
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, action="append")
    a = ap.parse_args()
    import copydesk.checks.structure as st
    from copydesk import check_text
    from tests.gold import load_gold, score

    real = st._pack

    def no_pack():
        return frozenset(), None

    for label, pack in (("with the pack", real), ("without the pack", no_pack)):
        st._pack = pack
        caught = total = 0
        for folder in a.gold or [SHARED / "synth_dev", ROOT / "seeds"]:
            for art in sorted(folder.glob("*.txt")):
                gold = folder / (art.stem + ".gold.tsv")
                if not gold.exists():
                    continue
                text = art.read_text(encoding="utf-8")
                rows = []
                from copydesk.document import LineIndex

                idx = LineIndex(text)
                for f in check_text(text, select=["structure"]):
                    (l1, c1), (l2, c2) = idx.position(f.start), idx.position(f.end)
                    rows.append(
                        {
                            "line": l1,
                            "column": c1,
                            "end_line": l2,
                            "end_column": c2,
                            "replacements": list(f.replacements),
                            "category": "structure",
                        }
                    )
                stats, _ = score(text, load_gold(gold), rows)
                c, _, n = stats.get("boilerplate", [0, 0, 0])
                caught, total = caught + c, total + n
        base = (
            (SHARED / "clean_news_dev" / "bbc_business_066.txt").read_text(encoding="utf-8").rstrip("\n").split("\n\n")
        )
        hits = 0
        for line in PROBE:
            for where in (len(base) // 2, len(base)):
                parts = base[:where] + [line] + base[where:]
                text = "\n\n".join(parts) + "\n"
                start = text.index(line)
                hits += any(f.start <= start < f.end for f in check_text(text, select=["CD502"]))
        print(f"{label}: boilerplate rows caught {caught}/{total}; unseen probe lines {hits}/{2 * len(PROBE)}")
    st._pack = real
    return 0


if __name__ == "__main__":
    sys.exit(main())
