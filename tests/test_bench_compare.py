"""bench/compare.py's budget lines: the verdicts issue 11 is closed on."""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _compare():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("compare", BENCH / "compare.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(BENCH))


def _line(lines, start):
    (got,) = [ln for ln in lines if ln.strip().startswith(start)]
    return got


def test_each_budget_is_met_or_not_by_its_threshold():
    budgets = _compare().budgets
    per_mb = {"1m": 0.6, "10m": 0.7}
    good = budgets(0.199, 300_000, 540_000, 199, per_mb, None, 12)
    bad = budgets(0.201, 299_999, 530_000, 201, {"1m": 0.6, "10m": 1.3}, None, 12)
    for start in ("cold start", "one process", "--jobs 2 >= 1.8 x 300,000", "peak memory", "linear cost"):
        assert _line(good, start).endswith(", met"), start
        assert _line(bad, start).endswith("NOT met"), start
    assert _line(good, "--jobs 2 >= 1.8 x one process").startswith("  --jobs 2 >= 1.8 x one process: 1.80x, met")
    assert "1.77x, NOT met" in _line(bad, "--jobs 2 >= 1.8 x one process")
    assert good[0].endswith(":") and "scaled" not in "".join(good)


def test_words_per_second_are_also_scaled_by_proselint_here():
    # proselint at half the 72,000 words/s: a machine half as fast, half the budget
    lines = _compare().budgets(0.1, 160_000, 280_000, 100, {}, 36_000, 13)
    assert "x0.50):" in lines[0]
    assert _line(lines, "one process").endswith("160,000, NOT met; scaled to this machine 150,000: met")
    assert _line(lines, "--jobs 2 >= 1.8 x 300,000").endswith("NOT met; scaled to this machine 270,000: met")
    # 13 whole files on two workers: 7 against 6 at best
    assert _line(lines, "--jobs 2 >= 1.8 x one process").endswith("(13 whole files split 7/6 at best: 1.86x)")


def test_a_longer_run_is_judged_on_its_own_figures():
    lines = _compare().budgets(0.1, 250_000, 400_000, 100, {}, None, 12, (2_000_000, 300_000, 560_000))
    longer = [ln for ln in lines if ln.startswith("    the same on 2,000,000 words")]
    assert longer == [
        "    the same on 2,000,000 words: 300,000, met",
        "    the same on 2,000,000 words: 560,000, met",
        "    the same on 2,000,000 words: 1.87x, met",
    ]
    assert "1.60x, NOT met" in _line(lines, "--jobs 2 >= 1.8 x one process")
