"""House styles in Vale's format: the six kinds, Vale's own documentation examples, a content
repository's `.copydesk.toml`, `copydesk pack test`, and what cannot be supported said once."""

import shutil
import textwrap

import pytest

from copydesk import check_text, fix_text, styles
from copydesk.config import Config

from .conftest import ROOT

VALE = ROOT / "tests" / "data" / "vale" / "styles"


def _cfg(*names, path=VALE, **kw):
    return Config(styles_path=path, styles=names, **kw)


def _codes(found):
    return [f.code for f in found]


# --- Vale's documentation examples, one rule of each supported kind --------------------------

DOC_TEXT = textwrap.dedent(
    """\
    # the history of abc and add-ons

    The plan appears to be sound, and arguably cheap. An abundance of caution helps.

    We met, talked, ate, argued, and left. The plan was approved by the the adviser. The The end.

    The advisor and the other advisor agreed. The centre opened.
    """
)


def test_vale_documentation_examples_load_and_fire_with_style_codes():
    loaded = styles.load(VALE, ("Docs",))
    assert [p for p in loaded.problems if p.error] == []
    assert sorted(r.code for r, _ in loaded.rules) == [
        "Docs.Capitalization",
        "Docs.Consistency",
        "Docs.Existence",
        "Docs.Occurrence",
        "Docs.Repetition",
        "Docs.Substitution",
    ]
    found = check_text(DOC_TEXT, path="a.md", input_format="markdown", config=_cfg("Docs", select=("Docs",)))
    by = {}
    for f in found:
        by.setdefault(f.code, []).append(DOC_TEXT[f.start : f.end])
    assert by["Docs.Existence"] == ["appears to be", "arguably"]
    assert by["Docs.Substitution"] == ["abundance"]
    assert by["Docs.Occurrence"] == ["We met, talked, ate, argued, and left."]
    assert by["Docs.Repetition"] == ["the", "The"]  # case-sensitive, as Vale's example is
    assert by["Docs.Consistency"] == ["adviser"]  # the minority form
    assert by["Docs.Capitalization"] == ["the history of abc and add-ons"]
    cap = next(f for f in found if f.code == "Docs.Capitalization")
    assert cap.replacements == ("The History of ABC and add-Ons",) or cap.replacements[0].startswith(
        "The History of ABC"
    )
    sub = next(f for f in found if f.code == "Docs.Substitution")
    assert sub.message == "Consider using 'plenty' instead of 'abundance'" and sub.replacements == ("plenty",)
    assert {f.level.name for f in found if f.code == "Docs.Occurrence"} == {"ERROR"}


def test_substitution_is_case_sensitive_unless_told_keeps_case_and_skips_the_same_word(tmp_path):
    cfg = _cfg("Docs", select=("Docs.Substitution",))
    assert fix_text("Accelerate it. We accelerate.", config=cfg).text == "Accelerate it. We speed up."
    cfg = _rule(tmp_path, "extends: substitution\nmessage: x\nignorecase: true\nswap:\n  '(?:e-mail|email)': email\n")
    assert fix_text("E-mail us. Our email is open.", config=cfg).text == "Email us. Our email is open."


# --- a content repository ---------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "styles" / "House").mkdir(parents=True)
    (tmp_path / "styles" / "House" / "Utilize.yml").write_text(
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: warning\nswap:\n  utilize: use\n"
    )
    (tmp_path / ".copydesk.toml").write_text('styles_path = "styles"\nstyles = ["House"]\n')
    (tmp_path / "draft.txt").write_text("We utilize tools.\n")
    return tmp_path


def test_content_repository_style_reports_and_fixes(proc, repo):
    run = proc("check", "--format", "json", "draft.txt", cwd=repo)
    assert run.code == 1, run.err
    (f,) = run.json()
    assert (f["rule"], f["replacements"], f["fix_safety"], f["severity"]) == (
        "House.Utilize",
        ["use"],
        "safe",
        "warning",
    )
    fixed = proc("fix", "draft.txt", cwd=repo)
    assert fixed.code == 1 and (repo / "draft.txt").read_text() == "We use tools.\n"
    assert proc("check", "draft.txt", cwd=repo).code == 0


def test_style_rules_are_listed_and_documented(proc, repo):
    listed = proc("rules", "--format", "json", cwd=repo).json()
    assert {"code": "House.Utilize", "fix_safety": "safe", "default": True}.items() <= next(
        r for r in listed if r["code"] == "House.Utilize"
    ).items()
    page = proc("rule", "House.Utilize", cwd=repo)
    assert page.code == 0 and page.out.startswith("# House.Utilize house-utilize") and "Utilize.yml" in page.out


def test_style_rules_obey_selectors_and_inline_suppression(proc, repo):
    assert proc("check", "--ignore", "House.Utilize", "draft.txt", cwd=repo).code == 0
    assert proc("check", "--ignore", "House", "draft.txt", cwd=repo).code == 0
    bad = proc("check", "--ignore", "House.Nope", "draft.txt", cwd=repo)
    assert bad.code == 2 and "unknown rule selector" in bad.err
    (repo / "draft.txt").write_text("We utilize tools. copydesk: ignore House.Utilize\n")
    assert proc("check", "draft.txt", cwd=repo).code == 0


def test_edited_style_is_not_served_from_the_results_cache(proc, repo):
    assert proc("check", "draft.txt", cwd=repo).code == 1
    (repo / "styles" / "House" / "Utilize.yml").write_text(
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: warning\nswap:\n  leverage: use\n"
    )
    assert proc("check", "draft.txt", cwd=repo).code == 0


def test_missing_style_is_a_configuration_error(proc, repo):
    (repo / ".copydesk.toml").write_text('styles_path = "styles"\nstyles = ["Nope"]\n')
    run = proc("check", "draft.txt", cwd=repo)
    assert run.code == 2 and "style 'Nope' not found" in run.err


# --- what cannot be supported is said once, clearly -----------------------------------------------


def test_unsupported_parts_are_reported_once_and_the_rest_runs(proc, tmp_path):
    shutil.copytree(VALE, tmp_path / "styles")
    (tmp_path / ".copydesk.toml").write_text('styles_path = "styles"\nstyles = ["Broken"]\n')
    for i, text in enumerate(["Our synergy is the key.", "They praised the synergy.", "No synergy, no deal."]):
        (tmp_path / f"d{i}.txt").write_text(text + "\n")
    run = proc("check", "--jobs", "2", "--select", "Broken", "--format", "json", ".", cwd=tmp_path)
    lines = [ln for ln in run.err.splitlines() if ln.strip()]
    assert sum("Conditional.yml" in ln and "not supported" in ln for ln in lines) == 1
    assert sum("Backtrack.yml" in ln and "catastrophically" in ln for ln in lines) == 1
    assert sum("Odd.yml" in ln and "conjugate" in ln for ln in lines) == 1
    assert len(lines) == 3, lines
    assert sorted({f["rule"] for f in run.json()}) == ["Broken.Odd"]  # the usable rule still runs


def test_nested_repeats_are_refused_and_safe_forms_allowed():
    for bad in [r"(a+)+", r"(\w+\s?)*$", r"(?:x|y*)+", r"((ab)*c)*"]:
        assert styles.nested_repeat(bad), bad
    for ok in [r"\w+\s\w+", r"(?:ab)+", r"(\w++\s?)+", r"(?>\w+\s?)+", r"a{1,3}(b{2})*", r"(?:\d+,)?\d+"]:
        assert not styles.nested_repeat(ok), ok


def test_every_shipped_pack_regex_is_free_of_nested_repeats():
    from copydesk import packs

    for path in sorted(packs.rules_dir().glob("*.yml")):
        for pattern in packs.load(path.stem).get("patterns", []):
            assert not styles.nested_repeat(pattern), (path.name, pattern)


# --- `copydesk pack test` ------------------------------------------------------------------------


def test_pack_test_fails_on_a_rule_that_misses_its_own_bad_example(proc, tmp_path):
    shutil.copy(VALE / "Broken" / "MissesOwnExample.yml", tmp_path / "Leverage.yml")
    run = proc("pack", "test", tmp_path)
    assert run.code == 1
    assert "bad example not flagged: 'We utilize tools.'" in run.out


def test_pack_test_passes_a_good_pack_and_fails_one_that_cannot_load(proc, tmp_path):
    style = tmp_path / "House"
    style.mkdir()
    (style / "Utilize.yml").write_text(
        textwrap.dedent(
            """\
            extends: substitution
            message: "Use '%s' instead of '%s'."
            swap:
              utilize: use
            examples:
              bad:
                - text: We utilize tools.
                  fixed: We use tools.
              good:
                - We use tools.
            """
        )
    )
    ok = proc("pack", "test", tmp_path)
    assert ok.code == 0 and "1 rules, 2 examples: 0 failed" in ok.out
    (style / "Bad.yml").write_text("extends: existence\nmessage: x\nraw:\n  - '(a+)+'\n")
    broken = proc("pack", "test", style)
    assert broken.code == 1 and "could not load" in broken.out and "Bad.yml" in broken.err
    assert proc("pack", "test", tmp_path / "nowhere").code == 2


def test_shipped_styles_and_builtin_rules_pass_their_own_examples(proc):
    run = proc("pack", "test")
    assert run.code == 0, run.out + run.err
    assert "0 failed" in run.out


@pytest.mark.parametrize("style", ["Newsroom", "NewsroomUS", "NewsroomUK", "OxfordComma"])
def test_shipped_style_loads_cleanly_and_every_rule_has_examples(style):
    problems = []
    rules = styles.load_style(styles.builtin_styles_dir() / style, problems)
    assert problems == []
    for rule, _ in rules:
        assert rule.bad and rule.good, rule.code
        assert "Source:" in (styles.builtin_styles_dir() / style / f"{rule.code.split('.')[1]}.yml").read_text()


# --- scopes and kinds in detail -------------------------------------------------------------------


def _rule(tmp_path, body, name="R"):
    folder = tmp_path / "T"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yml").write_text(textwrap.dedent(body))
    return Config(styles_path=tmp_path, styles=("T",), select=("T",))


def test_heading_scope_with_levels_and_negation(tmp_path):
    cfg = _rule(
        tmp_path,
        """\
        extends: occurrence
        message: "Heading too long (%s characters)."
        scope: heading & ~heading.h1
        max: 10
        token: .
        """,
    )
    text = "# A very long first heading\n\n## A very long second heading\n\nA very long paragraph of text.\n"
    found = check_text(text, input_format="markdown", config=cfg)
    assert [text[f.start : f.end] for f in found] == ["A very long second heading"]
    assert found[0].message == "Heading too long (26 characters)."


def test_sentence_case_keeps_names_the_document_capitalizes(tmp_path):
    cfg = _rule(
        tmp_path,
        """\
        extends: capitalization
        message: "'%s' should be in sentence case."
        scope: heading
        match: $sentence
        """,
    )
    text = "# Talks With Iran Resume In Vienna\n\nOfficials from Iran met in Vienna on Monday.\n"
    (f,) = check_text(text, input_format="markdown", config=cfg)
    assert f.replacements == ("Talks with Iran resume in Vienna",)


def test_consistency_either_form_but_one_per_document(tmp_path):
    cfg = _rule(tmp_path, "extends: consistency\nmessage: \"Inconsistent: '%s'.\"\neither:\n  email: e-mail\n")
    assert check_text("Send an email. Another email. An e-mail.", config=cfg)[0].replacements == ("email",)
    assert check_text("Send an e-mail. Another e-mail.", config=cfg) == []


def test_existence_exceptions_vocabulary_and_limit(tmp_path):
    cfg = _rule(
        tmp_path,
        """\
        extends: existence
        message: "Avoid '%s'."
        ignorecase: true
        limit: 2
        tokens:
          - '\\w+ly'
        exceptions:
          - only
          - early
        """,
    )
    text = "Only early birds really, truly, surely sing. Wily foxes."
    assert [text[f.start : f.end] for f in check_text(text, config=cfg)] == ["really", "truly"]
    cfg2 = Config(styles_path=tmp_path, styles=("T",), select=("T",), vocabulary=frozenset({"really"}))
    assert [text[f.start : f.end] for f in check_text(text, config=cfg2)] == ["truly", "surely"]


def test_substitution_capture_groups_and_several_options(tmp_path):
    cfg = _rule(
        tmp_path,
        """\
        extends: substitution
        message: "Consider %s instead of '%s'."
        swap:
          'within the (\\w+) directory': in the $1 directory
          utilize: use|employ
        """,
    )
    (a,) = check_text("Look within the home directory.", config=cfg)
    assert a.replacements == ("in the home directory",) and str(a.safety) == "safe"
    (b,) = check_text("We utilize it.", config=cfg)
    assert b.replacements == ("use", "employ") and str(b.safety) == "unsafe"
    assert b.message == "Consider use' or 'employ instead of 'utilize'."


def test_style_findings_are_served_from_the_results_cache(repo, tmp_path):
    from copydesk.config import load
    from copydesk.document import Document
    from copydesk.engine import Linter
    from copydesk.runner import Job, ResultCache

    linter = Linter(load(explicit=repo / ".copydesk.toml"))
    cache = ResultCache(linter, folder=tmp_path / "results")
    job = Job("draft.txt", "We utilize tools.\n", "plain")
    found = linter.check(Document(job.text, job.fmt, job.path))
    cache.put(cache.key(job), found)
    again = cache.get(cache.key(job))
    assert again is not None and [f.code for f in again] == ["House.Utilize"] == [f.code for f in found]
    assert again[0].replacements == ("use",)
