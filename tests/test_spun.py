"""Spun phrases (CD6xx): the pack, possessives, suggestions never applied by a plain fix."""

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk import check_text, fix_text, packs

from .conftest import SEEDS

SEED = (SEEDS / "000_86c9ae3965a11941.txt").read_text(encoding="utf-8")


def test_seed_spun_rows_suggested_but_not_fixed_by_default():
    found = {SEED[f.start : f.end].lower(): f.replacements[0] for f in check_text(SEED, select=["CD601"])}
    assert found["self-reliant sources"] == "independent sources"
    assert found["frequently enough"] == "often"
    assert found["sharing facts"] == "sharing information"
    assert found["geopolitical surroundings"] == "geopolitical environment"
    assert fix_text(SEED, select=["CD601"]).text == SEED  # unsafe: a plain fix never applies them
    assert "independent sources" in fix_text(SEED, select=["CD601"], unsafe=True).text


def test_pack_phrases_are_clean_data():
    data = packs.load("spun_phrases")
    for table in ("news", "phrases"):
        keys = list(data[table])
        assert keys == sorted(keys), f"{table} not sorted"
        for tortured, expected in data[table].items():
            assert tortured != expected, f"{tortured} fixes to itself"
            assert expected not in data["phrases"] and expected not in data["news"], f"{tortured} -> {expected} loops"
    for spun, originals in data["swaps"].items():
        assert spun not in originals


def test_phrase_must_be_contiguous_and_in_one_sentence():
    assert check_text("It was self-reliant. Sources said so.", select=["CD601"]) == []


def test_spun_collocation_is_opt_in():
    text = "The council pledged better wellbeing care for residents."
    assert all(f.code != "CD602" for f in check_text(text))
    (f,) = check_text(text, select=["CD602"])
    assert f.replacements == ("health care",)


_STEMS = ["a", "b", "ab", "bas", "a's"]
_TOKEN = st.builds(
    lambda stem, end, upper: (stem + end).upper() if upper else stem + end,
    st.sampled_from(_STEMS),
    st.sampled_from(["", "'s", "’s", "s", "’"]),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.sets(_TOKEN, max_size=12), st.sets(st.sampled_from(_STEMS), max_size=3))
def test_anchor_tokens_are_those_a_token_by_token_test_picks(tokens, anchors):
    """_anchor_tokens picks at C speed; it must pick what testing each token does: its lower-case
    form an anchor, or an anchor with a possessive ending."""
    from copydesk.checks.spun import _anchor_tokens

    plain = {w for w in tokens if (low := w.lower()) in anchors or (low.endswith(("'s", "’s")) and low[:-2] in anchors)}
    assert _anchor_tokens(tokens, set(anchors)) == plain


def test_phrase_table_is_kept_in_the_disk_cache(tmp_path, monkeypatch):
    """The table of anchors is built once (40 ms of frequency lookups) and read back as it was
    built; every phrase of the pack is in it, at its rarest word."""
    from copydesk import lexicon
    from copydesk.checks import spun

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    spun._phrases.cache_clear()
    try:
        built = spun._phrases()
        assert len(list(tmp_path.glob("spunphrases-*"))) == 1
        spun._phrases.cache_clear()
        monkeypatch.setattr(spun, "_build_phrases", lambda: {})
        assert spun._phrases() == built  # read back, not built again
    finally:
        spun._phrases.cache_clear()
    lex = lexicon.load()
    rows = {(words, k) for entries in built.values() for words, k, _, _ in entries}
    data = packs.load("spun_phrases")
    pack = {tuple(p.split()) for t in ("news", "phrases") for p in (data.get(t) or {}) if len(p.split()) >= 2}
    assert {words for words, _ in rows} == pack
    for words, k in rows:
        assert lex.zipf(words[k]) == min(lex.zipf(w) for w in words)
