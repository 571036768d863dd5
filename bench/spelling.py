#!/usr/bin/env python3
"""Top-1 accuracy of CD101's suggestions on a list of real misspellings (`right: wrong1 wrong2`).

Usage: python bench/spelling.py [LIST] [--compare] [--verbose] [--codespell N]
Each misspelling is placed in a short sentence (`She said the WORD was there.`) and checked with
copydesk's API; the first replacement of the CD101 finding must be the right word. A miss is a
word not flagged or flagged with a wrong first suggestion. --compare also scores pyspellchecker's
own correction() on the same words. Default LIST: ../shared/corpora/spelling_dev/spell-testset1.txt

--codespell N: instead, N misspellings drawn (fixed seed) from codespell's dictionary, whose fix
is one common word (zipf 3 or more), with codespell's knowledge hidden from CD101: a check of the
correction model on misspellings it was not tuned on.
"""

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "spelling_dev" / "spell-testset1.txt"


def pairs(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if ":" not in line:
            continue
        right, wrongs = line.split(":", 1)
        for w in wrongs.split():
            yield right.strip(), w.strip()


def codespell_sample(n: int) -> list[tuple[str, str]]:
    """(right, wrong) pairs from codespell's dictionary; CD101 then looks words up without the
    fixes codespell lists, so only its own correction model answers."""
    import random

    from copydesk import lexicon
    from copydesk.lexicon import _codespell

    lex = lexicon.load()
    lookup = lexicon.Lexicon.lookup

    def without_codespell(self, word):
        found = lookup(self, word)
        return (found[0], found[1], ()) if found else found

    lexicon.Lexicon.lookup = without_codespell
    pool = [
        (fixes[0], wrong)
        for wrong, fixes in sorted(_codespell().items())
        if len(fixes) == 1
        and fixes[0].isalpha()
        and fixes[0].islower()
        and wrong.isalpha()
        and lex.zipf(fixes[0]) >= 3.0
        and not lex.accepted(wrong)
    ]
    return random.Random(11).sample(pool, min(n, len(pool)))


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--") and not a.isdigit()]
    path = Path(args[0]) if args else DEFAULT
    from copydesk import check_text

    if "--codespell" in sys.argv:
        data = codespell_sample(int(sys.argv[sys.argv.index("--codespell") + 1]))
        path = Path(f"codespell-sample-{len(data)}")
    else:
        data = list(pairs(path))
    outcome = Counter()
    misses = []
    t = time.perf_counter()
    for right, wrong in data:
        found = [f for f in check_text(f"She said the {wrong} was there.", select=["CD101"])]
        if not found:
            outcome["not flagged"] += 1
            misses.append((wrong, right, "-"))
        elif found[0].replacements[0] == right:
            outcome["right"] += 1
        else:
            outcome["wrong suggestion"] += 1
            misses.append((wrong, right, found[0].replacements[0]))
    dt = time.perf_counter() - t
    n = len(data)
    print(
        f"{path.name}: {n} misspellings; top suggestion right for {outcome['right']} ({outcome['right'] / n:.1%}), "
        f"wrong suggestion {outcome['wrong suggestion']}, not flagged {outcome['not flagged']}; {1000 * dt / n:.1f} ms a word"
    )
    if "--compare" in sys.argv:
        from spellchecker import SpellChecker

        sp = SpellChecker()
        ok = sum(sp.correction(w) == r for r, w in data)
        print(f"pyspellchecker correction(): {ok} ({ok / n:.1%})")
    if "--verbose" in sys.argv:
        for w, r, got in misses:
            print(f"  {w:15} want {r:15} got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
