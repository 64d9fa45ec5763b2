"""Tests for folding text for search."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.search import fold as fold_module
from tui.model.search.fold import (
    fold,
    fold_map,
    fold_with_map,
    loosen,
    loosen_with_map,
    source_span,
)

GERMAN_FORMS = ["Müller", "Mueller", "Muller", "muller", "MÜLLER", "MUELLER"]


@pytest.mark.parametrize("word", GERMAN_FORMS)
def test_german_forms_loosen_alike(word: str) -> None:
    """Umlaut, transliteration and plain vowel spellings of a name loosen to the same text."""
    assert loosen(fold(word)) == "muller"


@pytest.mark.parametrize("word", ["Straße", "Strasse", "STRASSE", "strasse", "STRAẞE"])
def test_sharp_s_folds_to_ss(word: str) -> None:
    """Every spelling of Straße folds to the same text."""
    assert fold(word) == "strasse"


def test_umlauts_fold_to_plain_vowels() -> None:
    """Umlauts lose their dots, upper and lower case alike."""
    assert fold("ÄÖÜäöü") == "aouaou"


def test_accents_and_ligatures_fold() -> None:
    """Accents vanish and ligatures are spelled out."""
    assert fold("Café naïve ﬁne Œuvre Æsop") == "cafe naive fine oeuvre aesop"


def test_plain_spelling_of_frauen_is_kept() -> None:
    """Folding alone leaves ue spellings as they are; only loosening contracts them."""
    assert fold("Frauen") == "frauen"


def test_whitespace_and_controls_become_spaces() -> None:
    """Tabs, newlines, no-break spaces and control characters fold to one space each."""
    assert fold("a\tb\nc\u00a0d\x00e") == "a b c d e"


def test_format_characters_vanish() -> None:
    """A soft hyphen or zero-width space does not split a word."""
    assert fold("Kon\u00adtak\u200bte") == "kontakte"


def test_typographic_quotes_fold_to_keyboard_ones() -> None:
    """A curly apostrophe matches the one a keyboard types."""
    assert fold("don’t „so“") == 'don\'t "so"'


def test_map_points_at_source_characters() -> None:
    """Each folded character knows which source character it came from."""
    folded, mapping = fold_with_map("Straße")
    assert folded == "strasse"
    assert mapping == [0, 1, 2, 3, 4, 4, 5]


def test_map_skips_dropped_combining_marks() -> None:
    """A combining accent folds to nothing, so the next folded character skips its index."""
    folded, mapping = fold_with_map("e\u0301t")
    assert (folded, mapping) == ("et", [0, 2])


def test_loosen_map_drops_the_e() -> None:
    """Loosening Mueller removes the e and its map entry."""
    assert loosen_with_map(*fold_with_map("Mueller")) == ("muller", [0, 1, 3, 4, 5, 6])


def test_source_span_covers_trailing_accent() -> None:
    """A highlight ending on an accented letter includes its combining mark."""
    text = "Cafe\u0301!"
    folded, mapping = fold_with_map(text)
    start = folded.index("cafe")
    assert source_span(mapping, start, start + 4, len(text)) == (0, 5)


def test_source_span_covers_whole_sharp_s() -> None:
    """A match ending in the middle of ss still covers the ß it came from."""
    _, mapping = fold_with_map("Straße")
    assert source_span(mapping, 0, 5, 6) == (0, 5)


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("äöüßÆæﬁ\u0301\u00ad"),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_map_matches_folded_text(text: str) -> None:
    """The map has one in-range, non-decreasing source index per folded character."""
    folded, mapping = fold_with_map(text)
    assert folded == fold(text)
    assert len(mapping) == len(folded)
    assert all(0 <= index < len(text) for index in mapping)
    assert mapping == sorted(mapping)


@settings(max_examples=300, deadline=None)
@given(text_strategy | st.text(alphabet="abß\u00adæ\u0301…ﬁ", max_size=30))
def test_map_equals_character_by_character_map(text: str) -> None:
    """The map repeats each source index once per character that source character folds to."""
    expected = [
        index
        for index, char in enumerate(text)
        for _ in range(len(char.translate(fold_module._FOLD_TABLE)))
    ]
    assert fold_with_map(text)[1] == expected
    assert fold_map(text) in (expected, None)
    assert fold_map(text) is not None or expected == list(range(len(text)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x17F), max_size=40))
def test_fast_path_equals_character_table(text: str) -> None:
    """The Latin-1 fast path folds exactly like the per-character table."""
    assert fold(text) == text.translate(fold_module._FOLD_TABLE)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aeouxAEÖÜß", max_size=30))
def test_loosen_with_map_agrees_with_loosen(text: str) -> None:
    """The mapped loosening gives the same text as the fast one, with a map of equal length."""
    folded, mapping = fold_with_map(text)
    loose, loose_map = loosen_with_map(folded, mapping)
    assert loose == loosen(folded)
    assert len(loose_map) == len(loose)
