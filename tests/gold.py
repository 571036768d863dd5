"""Score findings against a gold list (the same matching rules as shared/tools/score_gold.py).

A gold row is caught when a finding overlaps its `find` text on its line (a row with an empty
fix means "delete the line": any finding on the line catches it); it is fixed when applying the
finding's first replacement gives the row's fix. A finding that overlaps no row is a false alarm.
"""

import csv
from collections import defaultdict


def load_gold(path):
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t"))
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:] if r]


def _span(f, ln, n):
    l1, l2 = f["line"], f["end_line"]
    if not (l1 <= ln <= l2):
        return None
    a = f["column"] - 1 if ln == l1 else 0
    b = f["end_column"] - 1 if ln == l2 else n + 1
    return a, max(b, a + 1)


def score(text, gold, findings):
    """(stats, false_alarms): stats[category] = [caught, fixed, total] over core rows."""
    lines = text.split("\n")
    used = [False] * len(findings)
    stats = defaultdict(lambda: [0, 0, 0])
    for g in gold:
        ln = int(g["line"])
        line = lines[ln - 1]
        whole = g["fix"] == ""
        st = line.find(g["find"])
        gs = (0, len(line)) if whole else (st, st + len(g["find"]))
        caught = fixed = False
        for i, f in enumerate(findings):
            s = _span(f, ln, len(line))
            if s is None or not (s[0] < gs[1] and gs[0] < s[1]):
                continue
            caught = used[i] = True
            reps = f["replacements"]
            if whole:
                fixed = fixed or (reps[:1] == [""] and s[0] <= 0 and s[1] >= len(line))
            elif reps and f["line"] == ln:
                b = s[1] if f["end_line"] == ln else len(line)
                got = line[: s[0]] + reps[0] + line[b:]
                cmp = (lambda x: x) if g["category"] == "capitalization" else str.lower
                fixed = fixed or (cmp(g["fix"]) in cmp(got) and (g["find"] in g["fix"] or g["find"] not in got))
        if g["tier"] == "core":
            row = stats[g["category"]]
            row[0] += caught
            row[1] += fixed
            row[2] += 1
    return stats, [f for i, f in enumerate(findings) if not used[i]]
