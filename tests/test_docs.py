"""Docs stay true: each rule's page is generated from its docstring, and the README's commands exist."""

import importlib.util
import re

from .conftest import ROOT


def _gen():
    spec = importlib.util.spec_from_file_location("gen_rule_docs", ROOT / "scripts" / "gen_rule_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_rule_pages_are_fresh():
    stale = [
        str(p.relative_to(ROOT))
        for p, text in _gen().pages().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"stale docs (run scripts/gen_rule_docs.py): {stale}"


def test_readme_has_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash)\n(.*?)```", readme, re.S)
    run_seed = [b for b in blocks if "copydesk check seeds/" in b]
    run_tests = [b for b in blocks if "pytest" in b]
    assert run_seed and run_tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for line in run_tests[0].strip().splitlines():
        assert line in ci.splitlines(), f"CI must run the README's test command verbatim: {line}"


def test_the_docs_yaml_examples_parse():
    """The CI and pre-commit snippets are copied into users' repositories as they stand."""
    import yaml  # (pre-commit's own dependency, installed with the test extra)

    blocks = [
        (p.name, b)
        for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        for b in re.findall(r"```ya?ml\n(.*?)```", p.read_text(encoding="utf-8"), re.S)
    ]
    assert len(blocks) >= 4
    for name, block in blocks:
        assert yaml.safe_load(block) is not None, name
