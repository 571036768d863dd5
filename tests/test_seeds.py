"""Every article in seeds/ is checked and scored against its gold list.

Each finished rule family promises a share of its gold rows caught and fixed and a ceiling on
false alarms on the seeds; the test fails when a family falls below its promise.
"""

from collections import defaultdict

import pytest

from .conftest import SEEDS
from .gold import load_gold, score

# gold category -> (min share caught, min share fixed); and rule category -> max false alarms
PROMISES = {
    "spacing": (1.0, 1.0),
    "boilerplate": (1.0, 1.0),
    "duplicate": (1.0, 1.0),
    "typo": (1.0, 1.0),
    "capitalization": (1.0, 0.9),
}
FALSE_ALARM_CEILING = {"punctuation": 0, "structure": 0, "spelling": 0, "capitalization": 0}

ARTICLES = sorted(p for p in SEEDS.glob("*.txt") if (SEEDS / (p.stem + ".gold.tsv")).exists())


def test_there_are_seeds():
    assert ARTICLES, "seeds/ holds no article with a gold list"


@pytest.fixture(scope="module")
def scored():
    import json
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("copydesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "copydesk"]
    out = subprocess.run([*cmd, "check", "--format", "json", *map(str, ARTICLES)], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    findings = json.loads(out.stdout)
    totals = defaultdict(lambda: [0, 0, 0])
    false_alarms = defaultdict(int)
    for art in ARTICLES:
        mine = [f for f in findings if Path(f["path"]).name == art.name]
        stats, fas = score(art.read_text(encoding="utf-8"), load_gold(SEEDS / (art.stem + ".gold.tsv")), mine)
        for cat, row in stats.items():
            for i in range(3):
                totals[cat][i] += row[i]
        for f in fas:
            false_alarms[f["category"]] += 1
    print("\ncategory         caught fixed total")
    for cat, (c, x, n) in sorted(totals.items()):
        print(f"{cat:16} {c:6} {x:5} {n:5}")
    print("false alarms by rule category:", dict(false_alarms))
    return totals, false_alarms


@pytest.mark.parametrize("category", sorted(PROMISES))
def test_family_keeps_its_promise(scored, category):
    totals, _ = scored
    caught, fixed, n = totals[category]
    want_caught, want_fixed = PROMISES[category]
    assert n > 0, f"no {category} rows in the seeds' gold lists"
    assert caught >= want_caught * n, f"{category}: caught {caught}/{n}"
    assert fixed >= want_fixed * n, f"{category}: fixed {fixed}/{n}"


@pytest.mark.parametrize("category", sorted(FALSE_ALARM_CEILING))
def test_family_stays_quiet_on_correct_text(scored, category):
    _, false_alarms = scored
    assert false_alarms[category] <= FALSE_ALARM_CEILING[category]
