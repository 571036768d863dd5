"""Structure and boilerplate (CD5xx): spans, fixes, signals, and linear cost."""

import difflib

from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk import check_text, fix_text
from copydesk.document import Document, Sentences
from copydesk.engine import Batch, Linter

ARTICLE = (
    "Home » world » Talks resume in Geneva\n\n"
    "Talks resume in Geneva\n\n"
    "Negotiators met in Geneva on Monday for a new round of talks, officials said.\n\n"
    "Both sides described the atmosphere as constructive and agreed to meet again.\n\n"
    "Talks resume in Geneva\n\n"
    "Leave a Comment\n\n"
    "Adblock Detected"
)


def test_deletions_report_the_line_and_close_up_the_text():
    found = check_text(ARTICLE, select=["structure"])
    doc = Document(ARTICLE)
    lines = [(doc.position(f.start)[0], f.code) for f in found]
    assert lines == [(1, "CD502"), (9, "CD501"), (11, "CD502"), (13, "CD502")]
    result = fix_text(ARTICLE)
    assert result.text == (
        "Talks resume in Geneva\n\n"
        "Negotiators met in Geneva on Monday for a new round of talks, officials said.\n\n"
        "Both sides described the atmosphere as constructive and agreed to meet again.\n"
    )
    assert fix_text(result.text).text == result.text


def test_duplicate_message_names_the_first_copy():
    f = [x for x in check_text(ARTICLE) if x.code == "CD501"][0]
    assert "line 3" in f.message


def test_quoted_headline_is_not_a_duplicate():
    text = "Talks resume in Geneva\n\nThe headline “Talks resume in Geneva” ran on Monday.\n"
    assert check_text(text, select=["CD501"]) == []


def test_unknown_boilerplate_is_scored_by_structure():
    text = (
        "Negotiators met in Geneva on Monday for a new round of talks, officials said.\n\n"
        "Both sides described the atmosphere as constructive and agreed to meet again.\n\n"
        "Join our Telegram channel for breaking updates\n"
    )
    (f,) = check_text(text, select=["CD502"])
    assert "call to action" in f.message


def test_middling_score_is_only_a_suggestion():
    text = (
        "Negotiators met in Geneva on Monday for a new round of talks, officials said.\n\n"
        "Join our Telegram channel for breaking updates\n\n"
        "Both sides described the atmosphere as constructive and agreed to meet again, officials said.\n\n"
        "A third paragraph follows here to keep the line away from the end of the article.\n"
    )
    (f,) = check_text(text, select=["CD502"])
    assert str(f.safety) == "unsafe"
    assert fix_text(text).text == text
    assert "Telegram" not in fix_text(text, unsafe=True).text


def test_batch_repetition_is_a_signal():
    line = "Weekend Edition Extras"
    texts = [f"Story number {i} is about something else entirely, officials said.\n\n{line}\n" for i in range(4)]
    linter = Linter()
    assert not [f for f in linter.check(Document(texts[0])) if f.code == "CD502"]
    linter.batch = Batch(texts)
    (f,) = [f for f in linter.check(Document(texts[0])) if f.code == "CD502"]
    assert "4 files" in f.message


def test_markdown_tables_and_lists_are_not_navigation():
    text = "# Notes\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n\n- Category: news\n- Share: yes\n"
    assert check_text(text, path="x.md", select=["structure"]) == []


def test_near_duplicate_compares_each_paragraph_with_one_candidate(monkeypatch):
    calls = []
    real = difflib.SequenceMatcher

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(difflib, "SequenceMatcher", counting)
    paras = [
        f"Paragraph {i} reports that the council voted on item {i} after a long debate about roads and schools."
        for i in range(300)
    ]
    check_text("\n\n".join(paras), select=["CD505"])
    assert len(calls) <= len(paras)


def test_engagement_questions_beside_comment_prompt():
    text = (
        "Negotiators met in Geneva on Monday for a new round of talks, officials said.\n\n"
        "What will the talks mean for the region? And how will markets react?\n\n"
        "Share your thoughts in the comments below!\n\n"
        "Negotiators will meet again next month, according to a statement from the ministry.\n\n"
        "Observers said the talks were the most serious in years, and the mood was upbeat.\n"
    )
    codes = [f.code for f in check_text(text, select=["structure"])]
    assert codes == ["CD503", "CD502"]


def test_engagement_questions_read_the_sentences_once_however_many_there_are():
    """CD503 reads a question's sentences from the document's list: walking the whole list for
    each question made it quadratic (17 s on 2.5 MB ending in 8,000 questions)."""

    class Counted(Sentences):
        read = 0

        def __iter__(self):
            for item in super().__iter__():
                Counted.read += 1
                yield item

        def __getitem__(self, i):
            got = super().__getitem__(i)
            Counted.read += len(got) if isinstance(i, slice) else 1
            return got

    story = "The minister said on Monday that talks would resume. Officials expect a deal soon."
    text = "\n\n".join([story] * 300 + ["What do you think about the talks? Will they succeed?"] * 200)
    doc = Document(text)
    counted = Counted()
    counted.starts, counted.ends = doc.sentences.starts, doc.sentences.ends
    doc.__dict__["sentences"] = counted
    rule, fn, _, ctx = next(step for step in Linter()._plan() if step[0].code == "CD503")
    found = list(fn(doc, ctx))
    assert len(found) > 150  # (those in the last 30% of the text)
    assert Counted.read <= 2 * len(doc.sentences)


def test_near_duplicate_found_in_a_document_long_enough_to_be_sampled():
    import random

    from copydesk.checks.structure import SAMPLE_ABOVE

    rnd = random.Random(7)
    vocab = [f"{a}{b}" for a in ("bar", "cor", "del", "fen", "gal", "hul", "jor", "kev") for b in "aeiouyrs"]
    paras = [" ".join(rnd.choice(vocab) for _ in range(40)).capitalize() + "." for _ in range(5200)]
    original = (
        "The council approved the new housing plan on Tuesday after a long debate about roads, "
        "schools and the cost of land in the northern districts of the city."
    )
    edited = original.replace("Tuesday", "Wednesday").replace("long", "lengthy")
    text = "\n\n".join([original, *paras, edited])
    assert len(text) > SAMPLE_ABOVE
    found = check_text(text, select=["CD505"])
    assert [text[f.start : f.end].strip() for f in found] == [edited]


def _long_archive() -> str:
    """1.2 MB of paragraphs of random words, every fifth a copy of a recent one with 2 to 14
    words changed: over SAMPLE_ABOVE, so CD505 samples its shingles, with many borderline pairs."""
    import random

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(3000)]
    paras: list[str] = []
    for i in range(7000):
        if i % 5 == 4:
            words = rng.choice(paras[-50:]).split()
            for _ in range(rng.randint(2, 14)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            paras.append(" ".join(words))
        else:
            paras.append(" ".join(rng.choice(vocab) for _ in range(30)))
    return "\n\n".join(p[0].upper() + p[1:] + "." for p in paras) + "\n"


def test_near_duplicates_in_a_long_archive_do_not_depend_on_the_hash_seed(tmp_path):
    """String hashes change from run to run; the shingles a long document samples must not, or
    the same file gives different findings each time (it did: one of four seeds agreed)."""
    import os
    import subprocess
    import sys

    from copydesk.checks.structure import SAMPLE_ABOVE

    text = _long_archive()
    assert len(text) > SAMPLE_ABOVE
    path = tmp_path / "archive.txt"
    path.write_text(text, encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "copydesk",
                "check",
                "--format",
                "json",
                "--no-cache",
                "--isolated",
                "--select",
                "CD505",
                str(path),
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        assert run.returncode == 1, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert '"CD505"' in outputs.pop()


def test_a_repeat_needs_three_words_after_its_end_punctuation_goes():
    """`Quiet night !` is two words once the lone `!` is set aside: too short to call a repeat,
    while a three-word line repeated is one."""
    short = "Quiet night !\n\nThe first story ran on Monday.\n\nQuiet night !\n"
    assert [f for f in check_text(short, select=["CD501"])] == []
    three = "A quiet night !\n\nThe first story ran on Monday.\n\nA quiet night !\n"
    assert [f.code for f in check_text(three, select=["CD501"])] == ["CD501"]


def test_long_lines_score_as_copy_even_with_stripped_words_around_them():
    """A line is skipped unnormalized only when normalizing would leave it over the length limit:
    a tag list of forty words trailed by dashes is still forty words, and still furniture."""
    from copydesk import packs
    from copydesk.checks.structure import MAX_LINE_WORDS

    tags = "Tags: " + " ".join(f"tag{i}" for i in range(MAX_LINE_WORDS - 1)) + " — — —"
    raw = tags.split()
    assert len(raw) > MAX_LINE_WORDS
    assert packs.normalized_word_count(raw) == len(packs.normalize_line(tags).split()) == MAX_LINE_WORDS
    text = "Talks resumed in Geneva on Monday, officials said, after a pause of a month.\n\n" + tags + "\n"
    assert [f.code for f in check_text(text, select=["CD502"])] == ["CD502"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09_ -.,’é\x1c\x1f\t\nİß"), max_size=40) | st.text(max_size=40))
def test_paragraph_words_are_what_the_pattern_finds(body):
    """CD505's ASCII shortcut (translate and split) gives what the pattern gives."""
    from copydesk.checks.structure import _WORDS, _words

    assert _words(body) == _WORDS.findall(body.lower())


_LINE_PIECES = ["a", "b ", " ", "  ", "\t", "\n", "\u2003", "\x1c", "*", ". ", "a b c d e f "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join), max_size=5))
def test_batch_counts_the_files_holding_each_short_line(texts):
    """A line of one to twelve words counts once per file that holds it (normalized)."""
    from collections import Counter

    from copydesk.packs import normalize_line

    want = Counter()
    for t in texts:
        want.update({normalize_line(ln) for ln in t.splitlines() if 1 <= len(ln.split()) <= 12})
    assert Batch(texts).counts == want
    assert Batch(texts).files == len(texts)


@settings(max_examples=500, deadline=None)
@given(
    st.text(st.sampled_from(["a", "B", ".", " "]))  # (mostly the single-spaced ASCII of most blocks)
    | st.text(
        st.sampled_from(["a", "B", "é", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\u00a0", "\u2028"])
    )
)
@example("a  b")
@example(" a")
@example("a ")
@example("a\x1fb")
def test_a_block_single_spaced_and_lower_cased_is_what_splitting_and_joining_give(body):
    from copydesk.checks.structure import _single_spaced_lower

    assert _single_spaced_lower(body) == " ".join(body.lower().split())
