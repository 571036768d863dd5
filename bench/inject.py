#!/usr/bin/env python3
"""Articles with freshly injected defects, to see whether the rules generalise beyond synth_dev.

Usage: python bench/inject.py [--clean DIR] [--out DIR] [--seed N] [--articles N] [--score]

synth_dev's defects were injected once, by someone else, and the rules were tuned while looking
at them. This script injects the same kinds of defect into professionally edited articles
(default ../shared/corpora/clean_news_dev) with its own choices: slips in any common word, any
name of the article written in lower case, spaces dropped after any comma or full stop, a/an
swapped both ways, to/too, than/then and their/there confused, the second part of a
hyphenated name in lower case, the headline repeated, a breadcrumb trail, and web boilerplate
taken from a list of its own (see BOILERPLATE; none of it is copied from
rules/boilerplate.yml). Each article gets a gold list in the format of
../shared/tools/score_gold.py. With --score it then runs
../shared/tools/score_dir.py on the result. Change --seed for another draw.
"""

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

# Lines that sites wrap around a story; written for this script, not taken from copydesk's list.
BOILERPLATE = [
    "Sign up for our morning newsletter",
    "Follow us on Facebook and Instagram",
    "You may also like",
    "Trending Now",
    "Skip to main content",
    "All rights reserved.",
    "Click here to subscribe",
    "Continue reading below",
    "Most Read",
    "Share on WhatsApp",
    "Report an error",
    "Cookie settings",
]
# (pattern, replacement) for the word-swap kinds: a/an both ways, and homophones a spelling
# checker passes (`too` for `to`, `then` for `than`, `there` for `their`)
SWAPS = {
    "article": [(r"(?<= )a(?= [bcdfgjklmnpqrstvwz][a-z]+ )", "an"), (r"(?<= )an(?= [aeio][a-z]+ )", "a")],
    "wrong": [
        (r"(?<= )to(?= the [a-z]+)", "too"),
        (r"(?<=more )than(?= )|(?<=less )than(?= )", "then"),
        (r"(?<= )their(?= [a-z]+s )", "there"),
    ],
}
_KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_POS = {c: (r, i) for r, row in enumerate(_KEYS) for i, c in enumerate(row)}


def neighbours(c: str) -> list[str]:
    r, i = _POS.get(c, (None, None))
    if r is None:
        return []
    return [d for d, (r2, i2) in _POS.items() if d != c and abs(r2 - r) <= 1 and abs(i2 - i) <= 1]


def slip(word: str, rng: random.Random) -> str:
    """A typing slip inside the word (never its first letter): swap, drop, double or neighbour."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "neighbour"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    near = neighbours(word[i])
    return word[:i] + rng.choice(near) + word[i + 1 :] if near else word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def inject(text: str, rng: random.Random, lex) -> tuple[str, list[tuple[int, str, str, str]]]:
    lines = text.split("\n")
    rows: list[tuple[int, str, str, str]] = []  # (line index, category, find, fix)
    # line-level first, so that the in-line edits below know their final line numbers
    head = lines[0]
    lines[1:1] = ["", head]
    rows.append((2, "duplicate", head, ""))
    body = [i for i, ln in enumerate(lines) if len(ln.split()) > 12]
    at = rng.choice(body)
    junk = rng.choice(BOILERPLATE)
    lines[at:at] = [junk, ""]
    rows = [(i + 2 if i >= at else i, c, f, x) for i, c, f, x in rows]
    rows.append((at, "boilerplate", junk, ""))
    busy = {r[0] for r in rows}
    paras = [i for i, ln in enumerate(lines) if len(ln.split()) > 12 and i not in busy and i > 2]
    rng.shuffle(paras)

    def edit(i: int, m: re.Match, new: str, cat: str, pad: int = 2) -> bool:
        ln = lines[i]
        s, e = m.span()
        a, b = max(0, s - pad), min(len(ln), e + pad)
        find_old = ln[a:b]
        if ln.count(find_old) != 1:
            return False
        lines[i] = ln[:s] + new + ln[e:]
        rows.append((i, cat, lines[i][a : a + len(find_old) + len(new) - (e - s)], find_old))
        return True

    # a breadcrumb trail above the story, in one of the shapes sites use
    sep = rng.choice([" » ", " > ", " / ", " | "])
    section = rng.choice(["News", "World", "Business", "Politics", "Sport", "Technology", "Entertainment"])
    crumb = sep.join(["Home", section, lines[0]])
    lines[0:0] = [crumb, ""]
    rows = [(i + 2, c, f, x) for i, c, f, x in rows]
    rows.append((0, "boilerplate", crumb, ""))
    paras = [i + 2 for i in paras]
    # (no lower-cased title before a name: the BBC writes `French president Jacques Chirac`, so
    # in these articles that is house style, not a defect; CD204 follows the document)
    plan = ["typo", "typo", "name", "comma", "stop", "article", "wrong", "hyphen"]

    def attempt(kind: str, i: int) -> bool:
        ln = lines[i]
        if kind == "typo":
            words = [
                m
                for m in re.finditer(r"(?<=[a-z] )[a-z]{5,}(?= [a-z])", ln)
                if lex.accepted(m.group(0)) and lex.zipf(m.group(0)) >= 3.5
            ]
            for m in rng.sample(words, len(words)):
                bad = slip(m.group(0), rng)
                if bad != m.group(0) and lex.lookup(bad) is None and edit(i, m, bad, "typo"):
                    return True
        elif kind == "name":
            names = [m for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{3,}(?= [a-z])", ln)]
            for m in rng.sample(names, len(names)):
                if edit(i, m, m.group(0).lower(), "capitalization"):
                    return True
        elif kind in ("comma", "stop"):
            gap = r"(?<=[a-z]), (?=[a-z])" if kind == "comma" else r"(?<=[a-z]{3})\. (?=[A-Z][a-z])"
            spots = list(re.finditer(gap, ln))
            rng.shuffle(spots)
            for m in spots:
                if edit(i, m, m.group(0)[0], "spacing", pad=1):
                    return True
        elif kind in SWAPS:
            cands = [(m, new) for pattern, new in SWAPS[kind] for m in re.finditer(pattern, ln)]
            rng.shuffle(cands)
            for m, new in cands:
                if edit(i, m, new, "article" if kind == "article" else "wrong-word"):
                    return True
        elif kind == "hyphen":
            # the second part of a hyphenated name in lower case: `Nagorno-karabakh`
            for m in re.finditer(r"\b[A-Z][a-z]+-([A-Z][a-z]+)\b", ln):
                if edit(i, m, m.group(0).split("-")[0] + "-" + m.group(1).lower(), "capitalization"):
                    return True
        return False

    used: set[int] = set()
    for kind in plan:
        for i in paras:  # the first paragraph, in random order, where this kind of defect fits
            if i not in used and attempt(kind, i):
                used.add(i)
                break
    return "\n".join(lines), rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clean", type=Path, default=SHARED / "corpora" / "clean_news_dev")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--score", action="store_true")
    a = ap.parse_args()
    from copydesk import lexicon

    lex = lexicon.load()
    rng = random.Random(a.seed)
    out = a.out or Path(tempfile.mkdtemp(prefix="copydesk-inject-"))
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(a.clean.glob("*.txt"))[: a.articles]
    n = 0
    for p in files:
        text, rows = inject(p.read_text(encoding="utf-8"), rng, lex)
        (out / p.name).write_text(text, encoding="utf-8")
        gold = ["line\tcategory\tfind\tfix\ttier"]
        gold += [f"{i + 1}\t{c}\t{f}\t{x}\tcore" for i, c, f, x in sorted(rows)]
        (out / p.with_suffix(".gold.tsv").name).write_text("\n".join(gold) + "\n", encoding="utf-8")
        n += len(rows)
    print(f"{len(files)} articles, {n} injected defects in {out}")
    if a.score:
        exe = Path(sys.executable).with_name("copydesk")
        return subprocess.call([sys.executable, str(SHARED / "tools" / "score_dir.py"), str(exe), str(out)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
