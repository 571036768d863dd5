#!/usr/bin/env python3
"""Fuzz every rule for a fixed time budget with hypothesis at scale.

Usage: python bench/fuzz.py [--seconds 300]
Generates hostile texts (any Unicode, plus fragments that the rules react to) in all three
input formats and checks, for each: no exception, every span inside the text, fixing
idempotent. Prints how many inputs ran and any failure hypothesis found (shrunk).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=300)
    a = ap.parse_args()
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.test_reliability import TEXT, _check_invariants

    count = 0
    deadline = time.monotonic() + a.seconds
    failures = []
    while time.monotonic() < deadline:

        @settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(TEXT, st.sampled_from(["plain", "markdown", "html"]))
        def run(text, fmt):
            nonlocal count
            count += 1
            _check_invariants(text, fmt)

        try:
            run()
        except Exception as e:  # hypothesis re-raises the shrunk failing example
            failures.append(repr(e)[:500])
            break
    print(f"fuzzed {count:,} inputs in {a.seconds:.0f} s budget; failures: {len(failures)}")
    for f in failures:
        print("  ", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
