#!/usr/bin/env python3
"""Build rules/spun_phrases.yml from the Problematic Paper Screener's list of tortured phrases.

Usage: python scripts/build_spun_pack.py [../shared/corpora/tortured_phrases/pps_tortured_phrases.tsv]

The list (Cabanac, Labbé and Magazinov's Problematic Paper Screener, public data) pairs
phrases that synonym spinners produce with the phrases they replaced; most are from science.
The pack keeps:
- `phrases`: tortured -> expected pairs whose expected form is everyday English (every word
  common by wordfreq), so the pack suits news copy;
- `swaps`: the spinner's word-for-word thesaurus, learned from pairs of the same length that
  differ in one word (`surroundings` -> `environment`), kept when seen at least twice or when
  the original is a common word. CD602 uses it to find spun phrases that are in no list.
Re-run it when the source list changes; the pack is committed, so neither copydesk nor its
tests need the source list.
"""

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "tortured_phrases" / "pps_tortured_phrases.tsv"

# Spins that read as ordinary English in news copy; left out so they never fire on clean text.
TOO_ORDINARY = {("top", "prime"), ("facts", "information")}


# Spun phrases observed in aggregated news copy (the seed and dev articles), kept by hand:
# the screener's list is mostly from science papers.
NEWS = """news:
  "curiosity charges": "interest rates"
  "curiosity rate": "interest rate"
  "curiosity rates": "interest rates"
  "customary transit": "traditional transit"
  "frequently enough": "often"
  "geopolitical surroundings": "geopolitical environment"
  "highly likely due to": "likely due to"
  "self-reliant sources": "independent sources"
  "sharing facts": "sharing information"
  "top minister": "prime minister"
"""


def main() -> int:
    from wordfreq import zipf_frequency

    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = list(csv.DictReader(src.open(encoding="utf-8"), delimiter="\t"))
    phrases: dict[str, str] = {}
    swaps: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        t, e = r["tortured"].strip().lower(), r["expected"].strip().lower()
        if not t or not e or t == e or "\t" in t:
            continue
        tw, ew = t.split(), e.split()
        words_ok = all(_wordish(w) for w in tw + ew)
        if words_ok and 2 <= len(tw) <= 4 and all(zipf_frequency(w, "en") >= 3.0 for w in ew):
            phrases.setdefault(t, e)
        if len(tw) == len(ew):
            diff = [(a, b) for a, b in zip(tw, ew) if a != b]
            if len(diff) == 1:
                a, b = diff[0]
                if a.isalpha() or "-" in a:
                    swaps[a][b] += 1
    swap_out = {}
    for a, cnt in swaps.items():
        best = [
            b
            for b, n in cnt.most_common(3)
            if (n >= 2 or zipf_frequency(b, "en") >= 4.0) and (a, b) not in TOO_ORDINARY
        ]
        best = [b for b in best if b != a and _wordish(b)]
        if best and zipf_frequency(a, "en") < zipf_frequency(best[0], "en") + 0.5:
            swap_out[a] = best
    # no phrase may fix to itself or to another tortured phrase (no loops)
    phrases = {t: e for t, e in phrases.items() if e != t and e not in phrases}
    out = ROOT / "rules" / "spun_phrases.yml"
    with out.open("w", encoding="utf-8") as fh:
        fh.write(
            '# Spun ("tortured") phrases: what synonym-spinning software puts in place of a fixed expression.\n'
            "# Derived by scripts/build_spun_pack.py from the Problematic Paper Screener's public list of\n"
            "# tortured phrases (Guillaume Cabanac, Cyril Labbé and Alexander Magazinov),\n"
            "# credited here as its authors ask. `phrases`: tortured -> expected, kept when the expected form is\n"
            "# everyday English. `swaps`: the spinner's word-for-word thesaurus learned from the list (CD602).\n"
            "# Sorted, no duplicates, nothing fixes to itself (tests/test_packs.py).\n"
        )
        fh.write(NEWS)
        fh.write("phrases:\n")
        for t in sorted(phrases):
            fh.write(f"  {_q(t)}: {_q(phrases[t])}\n")
        fh.write("swaps:\n")
        for a in sorted(swap_out):
            fh.write(f"  {_q(a)}: [{', '.join(_q(b) for b in swap_out[a])}]\n")
    print(f"{len(phrases)} phrases, {len(swap_out)} swaps -> {out}")
    return 0


def _wordish(w: str) -> bool:
    return w.replace("-", "").replace("'", "").isalpha()


def _q(s: str) -> str:
    return '"' + s.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"') + '"'


if __name__ == "__main__":
    sys.exit(main())
