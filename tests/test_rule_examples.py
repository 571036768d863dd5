"""Every rule carries its own good and bad examples; each one is run here.

A bad example must trigger its rule (and, when it gives a fixed text, fixing must produce it);
a good example must not trigger it. A rule without a bad example fails, as in proselint.
"""

import pytest

from copydesk import check_text, fix_text
from copydesk.registry import all_rules

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_examples_and_docs(rule):
    assert rule.bad, f"{rule.code} has no bad example"
    assert rule.good, f"{rule.code} has no good example"
    for section in ("What it does", "Why it matters", "Example", "Fix safety"):
        assert section in rule.doc, f"{rule.code} docstring lacks '{section}'"


BAD = [(r, ex) for r in RULES for ex in r.bad]
GOOD = [(r, g) for r in RULES for g in r.good]


@pytest.mark.parametrize("rule,example", BAD, ids=lambda x: getattr(x, "code", None) or getattr(x, "text", "")[:30])
def test_bad_example_is_flagged(rule, example):
    found = check_text(example.text, select=[rule.code])
    assert [f.code for f in found], f"{rule.code} missed its bad example {example.text!r}"
    if example.fixed is not None:
        result = fix_text(example.text, select=[rule.code], unsafe=True)
        assert result.text == example.fixed


@pytest.mark.parametrize("rule,text", GOOD, ids=lambda x: getattr(x, "code", None) or str(x)[:30])
def test_good_example_is_not_flagged(rule, text):
    assert check_text(text, select=[rule.code]) == []


def test_every_check_module_is_registered():
    import pkgutil

    import copydesk.checks as pkg
    from copydesk.registry import iter_registered

    modules = {m.name for m in pkgutil.iter_modules(pkg.__path__)}
    registered = {fn.__module__.rsplit(".", 1)[-1] for _, fn in iter_registered()}
    assert modules <= registered, f"check modules that register nothing: {modules - registered}"
