"""Capitalization (CD2xx): cased knowledge from the gazetteer, and what the document teaches."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk import check_text, fix_text

from .conftest import SEEDS

SEED = (SEEDS / "000_86c9ae3965a11941.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "wrong,right",
    [
        ("nigerian", "Nigerian"),
        ("kenya", "Kenya"),
        ("brazilian", "Brazilian"),
        ("tokyo", "Tokyo"),
        ("vietnamese", "Vietnamese"),
        ("mongolia", "Mongolia"),
        ("peruvians", "Peruvians"),
        ("kurdish", "Kurdish"),
        ("wednesday", "Wednesday"),
        ("september", "September"),
        ("hindu", "Hindu"),
        ("scotland", "Scotland"),
    ],
)
def test_places_and_peoples_beyond_the_dev_set(wrong, right):
    text = f"Officials said {wrong} interests were discussed at length."
    assert fix_text(text, select=["CD201"]).text == text.replace(wrong, right)


@pytest.mark.parametrize(
    "text",
    [
        "The turkey was roasted in the china dish.",
        "He was reading a report in the bath.",
        "The mobile network may split in march.",
        "Polish the floors before the orange sale.",
        "Fans queued in northern towns.",
        "The united states of the region met.",
    ],
)
def test_common_words_that_are_also_names_are_left_alone(text):
    assert check_text(text, select=["CD201"]) == []


def test_document_teaches_names_and_demonyms():
    text = "The Welsh squad trained. Later the welsh coach spoke."
    (f,) = check_text(text, select=["CD202"])
    assert f.replacements == ("Welsh",) and str(f.safety) == "unsafe"
    place = "The Reading office opened. He spent hours reading reports."
    assert check_text(place, select=["CD202"]) == []


def test_lowercase_name_after_given_name_but_not_typos():
    assert [f.replacements[0] for f in check_text("Minister Jeyhun bayramov spoke.", select=["CD202"])] == ["Bayramov"]
    assert check_text("Relations between Israel adn Azerbaijan grew.", select=["CD202"]) == []


def test_title_case_follows_the_document():
    ap = "Foreign minister Gideon Sa’ar met Economy Minister Mikayil Jabbarov and President Ilham Aliyev."
    assert fix_text(ap, select=["CD204"]).text.startswith("Foreign Minister Gideon")
    bbc = "French president Jacques Chirac met Ifo president Hans-Werner Sinn and Prime Minister Tony Blair."
    assert check_text(bbc, select=["CD204"]) == []


def test_term_written_two_ways():
    text = "Nagorno-Karabakh voted. Armenia left Nagorno-Karabakh. Then Nagorno-karabakh burned."
    (f,) = check_text(text, select=["CD203"])
    assert text[f.start : f.end] == "Nagorno-karabakh" and f.replacements == ("Nagorno-Karabakh",)
    assert str(f.safety) == "safe"


def test_sentence_starts_and_list_labels():
    text = "It grew. azerbaijan is home to many. Prices rose approx. two per cent. “Why?” he asked."
    found = check_text(text, select=["CD205"])
    assert [text[f.start : f.end] for f in found] == ["azerbaijan"]


def test_seed_capitalization_rows_without_false_alarms():
    fixed = fix_text(SEED, select=["capitalization"]).text
    for good in [
        "Foreign Minister Gideon Sa’ar concluded a visit too Baku",
        "the Iranian people",
        "Foreign Minister Jeyhun Bayramov",
        "by Iranian authorities",
        "with Jewish community leaders",
        "Azerbaijan is home",
        "the Nagorno-Karabakh region",
        "Diplomatic Alignment: Public statements",
        "Trade Volume Increase: Bilateral trade",
    ]:
        assert good in fixed, good
    # names the best open checker "corrected" stay as written
    for name in ["Sa’ar", "Aliyev", "Jabbarov", "SOCAR", "Akismet", "Mahsa Amini"]:
        assert name in fixed


def test_names_a_dictionary_lists_in_lower_case():
    # pyspellchecker's list accepts `viacom` and `dunne`; lemminflect knows them as no English word
    text = (
        "The regulator fined Viacom on Monday. A spokesman for Viacom said it would appeal. Later, viacom shares fell."
    )
    assert [(text[f.start : f.end], f.replacements[0]) for f in check_text(text, select=["CD202"])] == [
        ("viacom", "Viacom")
    ]
    # capitalized only inside longer names (an event, a title-case headline): the lower-case
    # word is the common noun
    text = "England face tough Sevens draw\n\nThey play the Rugby World Cup Sevens in May, and rugby sevens is growing."
    assert check_text(text, select=["CD202"]) == []


def test_names_after_a_title_or_given_name_teach_but_longer_names_do_not():
    # `Mr Blair` and `Tony Blair` show a name; `blair` in lower case is then one
    text = "Mr Blair spoke on Monday. Later, Tony Blair left. Aides said blair would return."
    assert [text[f.start : f.end] for f in check_text(text, select=["CD202"])] == ["blair"]
    # `IRB Sevens`, `Los Angeles Sevens`: names of things; `the newsroom`: a common noun
    text = "They won the IRB Sevens and the Los Angeles Sevens. The sevens game grew."
    assert check_text(text, select=["CD202"]) == []
    text = "The Newsroom style is strict, said Ms Jones. The newsroom agreed."
    assert check_text(text, select=["CD202"]) == []


def test_second_word_of_a_two_word_name_the_document_capitalizes():
    text = "Mr Howard spoke. Later Mr Howard left. Mr howard said he would return. The Home Office agreed."
    found = check_text(text, select=["CD202"])
    assert [(text[f.start : f.end], f.replacements[0]) for f in found] == [("howard", "Howard")]
    # as often one way as the other, or an English word that starts a sentence: left alone
    assert check_text("The Home Office agreed. The home office was shut.", select=["CD202"]) == []
    text = "The Game released an album. The Game toured. The game was close."
    assert check_text(text, select=["CD202"]) == []


def test_unlisted_surname_after_a_listed_given_name():
    # `taylor` and `cate` are in the spelling list, but lemminflect knows them as no English word
    for text, want in [
        ("Thank you to Taylor hackford for the chance.", "Hackford"),
        ("Ifo president Hans-Werner sinn said so.", "Sinn"),
    ]:
        assert [f.replacements[0] for f in check_text(text, select=["CD202"])] == [want], text
    # not after an English word, a place or people, or a word of another shape
    for text in ["Economic cooperation grew.", "African lianas grow.", "See the Under-the-hood modernisation."]:
        assert check_text(text, select=["CD202"]) == [], text


def test_lower_case_surname_after_mr():
    text = "Mr pugh said so. Then Mrs white left. Mr and Mrs Jones stayed on Sunset Dr in June."
    found = check_text(text, select=["CD202"])
    assert [(text[f.start : f.end], f.replacements[0]) for f in found] == [("pugh", "Pugh"), ("white", "White")]


def test_english_word_the_document_uses_as_a_name_again_and_again():
    text = (
        "Sales at Apple rose. Analysts expect Apple to grow. Rivals fear Apple most. "
        "Critics say it is apple that gains. The apple harvest was poor."
    )
    found = check_text(text, select=["CD202"])
    assert found == []  # `the apple harvest` makes it a common noun in this document
    text = (
        "Sales at Apple rose. Analysts expect Apple to grow. Rivals fear Apple most. "
        "Critics say it is apple that gains."
    )
    found = check_text(text, select=["CD202"])
    assert [(text[f.start : f.end], str(f.safety)) for f in found] == [("apple", "unsafe")]
    # twice in lower case: the document's own usage, not a slip
    text = "Reading won. Fans in Reading cheered. Reading fans sang. He was reading a book and reading more."
    assert check_text(text, select=["CD202"]) == []


_TERM_PIECES = [
    *("e-mail", "email", "Email", "E-mail", "e-mail’s", "Email’s", "emails"),
    *("iPhone", "IPhone", "iphone", "Nagorno-Karabakh", "Nagorno-karabakh", "nagorno-karabakh"),
    *("NATO", "Nato", "nato", "A", "a", "ab", "AB", "it’s", "x-ray", "X-Ray", "Xray", "co-op", "coop"),
]


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from(_TERM_PIECES)))
def test_term_candidates_lose_no_member_of_a_term_written_two_ways(tokens):
    """CD203 asks for the forms of only the tokens _term_candidates picks; the groups must be
    those that asking every token gives."""
    from copydesk.checks.capitalization import _term_candidates, _term_members

    assert _term_members(_term_candidates(tokens)) == _term_members(tokens)


def test_lowercase_name_is_the_same_with_the_word_memos_warm_or_cold():
    """CD202 skips the words its process-wide memo has judged plain English; a document's
    findings must not depend on which documents came before it."""
    import copydesk.checks.capitalization as cap

    texts = [
        "Sales at Apple rose. Analysts expect Apple to grow. Rivals fear Apple most. Critics say it is apple that gains.",
        "Apple’s chief spoke. Mr Blair’s aide said apple’s shares fell. Reading won in Reading against reading.",
        "Jeyhun bayramov met Tony blair. The welsh team met the Welsh fans. Mr howard and Mr Howard spoke.",
        "Critics say the apple harvest was poor, and Blair’s reading of it was wrong.",
    ]

    def findings(text):
        return [(f.start, f.end, f.replacements, f.safety) for f in check_text(text, select=["CD202"])]

    cold = []
    for text in texts:
        cap._ENGLISH.clear()
        cap._ENGLISH_PLAIN.clear()
        cold.append(findings(text))
    for text in texts + texts[::-1]:
        findings(text)  # every word judged
    assert [findings(text) for text in texts] == cold
    assert any(cold)


_START_PIECES = [
    "Word",
    " ",
    "x",
    ": ",
    "“",
    '"',
    "‘",
    "(",
    ". ",
    "? ",
    "Mr. ",
    "\n",
    "\n\n",
    "- ",
    "# ",
    "    ",
    "```\n",
    "<div>",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_START_PIECES), max_size=40), st.sampled_from(["plain", "markdown"]))
def test_capital_expected_is_the_set_of_starts_it_replaced(pieces, fmt):
    """CD2xx ask where a capital says nothing by bisection in the document's arrays; every
    offset must get the answer of the set it replaced: sentence starts, prose block bodies, and
    the ends of each opener found within a prose block. (Rules ask about words: offsets of
    characters that are not white space.)"""
    import re

    from copydesk.checks.capitalization import _OPENERS, _CapitalExpected
    from copydesk.document import Document

    doc = Document("".join(pieces), fmt)
    expected = set(doc.sentences.starts) | {b.body for b in doc.prose_blocks}
    for opener in _OPENERS:
        expected.update(m.end() for m in doc.finditer(re.compile(re.escape(opener))))
    got = _CapitalExpected(doc)
    text = doc.text
    asked = [i for i in range(len(text)) if not text[i].isspace()]
    assert [i for i in asked if i in got] == [i for i in asked if i in expected]


_PLACE_PIECES = [
    *("baku ", "Baku ", "iranian ", "pro-iranian ", "baku’s ", "it’s ", "well-known ", "turkey "),
    *("new ", "New ", "york ", "York ", "saudi ", "arabia ", "the ", "hague ", "reading ", "israel-azerbaijan "),
    *(" ", "\n\n", ". ", ", ", "-", "’"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PLACE_PIECES), max_size=30), st.sampled_from([frozenset(), frozenset({"baku"})]))
def test_lowercase_proper_noun_visits_only_tokens_that_can_be_reported(pieces, vocabulary):
    """CD201 walks only the occurrences of tokens _names_a_place accepts (and starters of
    multi-word names); it must report what walking every candidate token reports."""
    import copydesk.checks.capitalization as cap
    from copydesk import Config

    text = "".join(pieces)
    config = Config(vocabulary=vocabulary)

    def spans():
        return [(f.start, f.end, f.replacements) for f in check_text(text, config=config, select=["CD201"])]

    got = spans()
    real = cap._names_a_place
    cap._names_a_place = lambda *a: True  # every lower-case gazetteer word and joined word
    try:
        want = spans()
    finally:
        cap._names_a_place = real
    assert got == want


def test_a_labelled_list_item_in_lower_case_among_capitalized_ones():
    text = "Intro.\n\n- Alpha: Text one.\n- Beta: Text two.\n- Gamma: Text three.\n- Delta: text four.\n"
    found = [(f.code, text[f.start : f.end], f.replacements) for f in check_text(text, select=["CD205"])]
    assert found == [("CD205", "text", ("Text",))]
