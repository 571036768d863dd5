"""The fixer: overlapping edits, convergence, and never touching text outside an edit."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk import check_text, fix_text
from copydesk.document import Document
from copydesk.engine import NotConverged, fix
from copydesk.fixer import apply_edits
from copydesk.model import Finding, FixSafety, Rule, Severity

RULE = Rule("CD399", "test-rule", "punctuation", Severity.WARNING, FixSafety.SAFE, "doc")


def F(s, e, new, safety=None):
    return Finding(RULE, s, e, "m", (new,), fix_safety=safety)


def test_apply_edits_drops_overlaps_and_keeps_the_rest():
    text = "abcdefgh"
    new, applied, dropped = apply_edits(text, [F(1, 3, "X"), F(2, 4, "Y"), F(6, 6, "+"), F(6, 6, "-"), F(7, 8, "")])
    assert new == "aXdef+g"
    assert len(applied) == 3 and len(dropped) == 2


def test_apply_edits_ignores_unfixable():
    new, applied, _ = apply_edits("abc", [F(0, 1, "z", FixSafety.NONE)])
    assert (new, applied) == ("abc", [])


class Flipper:
    """A misbehaving linter whose fix undoes itself: the fixer must stop, not loop."""

    def check(self, doc: Document):
        i = doc.text.find("a") if "a" in doc.text else doc.text.find("b")
        return [F(i, i + 1, "b" if doc.text[i] == "a" else "a")]


def test_fix_that_never_settles_is_reported():
    with pytest.raises(NotConverged):
        fix(Flipper(), "xa")


def test_unsafe_fixes_need_opt_in():
    f = F(0, 1, "Z", FixSafety.UNSAFE)
    assert not f.fixable() and f.fixable(unsafe=True)


PROSE = st.lists(
    st.sampled_from(
        list("abcXY ,.;:?!\n\t-’“”0123456789") + ["  ", ",x", ".Th", "é", "\u200b", "\u202e", "😀", " .", "U.S."]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_fix_is_idempotent_and_local(text):
    once = fix_text(text)
    assert fix_text(once.text).text == once.text
    # every finding lies inside the text
    for f in check_text(text):
        assert 0 <= f.start <= f.end <= len(text)
    # spacing and capitalization fixes change only spaces and letter case, and CD306 takes the
    # second of a doubled comma, semicolon or full stop: nothing else moves (an ellipsis stays)
    spacing_case = fix_text(text, select=["punctuation", "capitalization"])
    assert _undoubled(spacing_case.text.replace(" ", "").lower()) == _undoubled(text.replace(" ", "").lower())


def _undoubled(text: str) -> str:
    """`text` with each mark that stands exactly twice (`,,`, `..`, not `...`) once."""
    return re.sub(r"([,;.])(?<!\1\1)\1(?!\1)", r"\1", text)
