"""Tests for search in a text and in an article, and the snippets of hits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.articles.blocks import Block, BlockKind, Document
from tui.model.search.find import (
    DocumentIndex,
    DocumentMatch,
    document_index,
    find_in_text,
    search_document,
)
from tui.model.search.index import make_snippet

FORMS = ["Müller", "Mueller", "Muller", "muller"]


def doc(*texts: str) -> Document:
    """Build a document of paragraphs."""
    return Document.of([Block(BlockKind.PARAGRAPH, text) for text in texts])


@pytest.mark.parametrize("query", FORMS)
@pytest.mark.parametrize("written", FORMS)
def test_every_german_form_finds_every_other(query: str, written: str) -> None:
    """Müller, Mueller, Muller and muller find each other, highlighted in the original."""
    text = f"Herr {written} kommt."
    assert find_in_text(text, query) == [(5, 5 + len(written))]


@pytest.mark.parametrize("query", ["Straße", "Strasse", "STRASSE"])
@pytest.mark.parametrize("written", ["Straße", "Strasse"])
def test_sharp_s_forms_find_each_other(query: str, written: str) -> None:
    """Straße and Strasse find each other."""
    text = f"Die {written}."
    assert find_in_text(text, query) == [(4, 4 + len(written))]


def test_frauen_still_finds_frauen() -> None:
    """A word spelled with ue is still found as written."""
    assert find_in_text("Die Frauen und Männer", "Frauen") == [(4, 10)]


def test_accented_match_includes_combining_mark() -> None:
    """A decomposed accent is part of the highlighted span."""
    assert find_in_text("Ein Cafe\u0301 hier", "café") == [(4, 9)]


def test_every_match_is_reported_in_order() -> None:
    """Several matches in one text come back left to right."""
    assert find_in_text("ab AB Ab", "ab") == [(0, 2), (3, 5), (6, 8)]


@pytest.mark.parametrize("query", ["", "   ", "\u0301"])
def test_empty_query_finds_nothing(query: str) -> None:
    """A query with nothing to match finds nothing."""
    assert find_in_text("anything", query) == []


def test_document_matches_are_in_reading_order() -> None:
    """In-article search reports block index and offsets in the block's text, in order."""
    document = doc("Kein Treffer", "Herr Müller und Herr Mueller", "muller")
    assert search_document(document, "müller") == [
        DocumentMatch(1, 5, 11),
        DocumentMatch(1, 21, 28),
        DocumentMatch(2, 0, 6),
    ]


def test_document_search_stops_at_limit() -> None:
    """A query that matches everywhere reports only the first `limit` matches."""
    document = doc("e e e", "e e")
    assert search_document(document, "e", limit=4) == [
        DocumentMatch(0, 0, 1),
        DocumentMatch(0, 2, 3),
        DocumentMatch(0, 4, 5),
        DocumentMatch(1, 0, 1),
    ]


def test_document_index_is_reused() -> None:
    """Searching the same document twice folds it once."""
    document = doc("eins", "zwei")
    assert document_index(document) is document_index(document)


def test_snippet_is_one_clean_line_with_the_match_marked() -> None:
    """The snippet has no line breaks or control characters, and its span is the match."""
    body = "Anfang\n" + "wort " * 30 + "\x1b[31mZiel\x1b[0m\tund " + "mehr " * 30
    start = body.index("Ziel")
    snippet, (left, right) = make_snippet(body, start, start + 4)
    assert snippet[left:right] == "Ziel"
    assert "\n" not in snippet and "\x1b" not in snippet and "\t" not in snippet
    assert len(snippet) <= 90
    assert snippet.startswith("…") and snippet.endswith("…")


def test_snippet_of_short_text_is_whole() -> None:
    """A short text is its own snippet, without ellipses."""
    assert make_snippet("Nur kurz", 4, 8) == ("Nur kurz", (4, 8))


block_words = st.sampled_from(
    ["Müller", "Mueller", "STRASSE", "Straße", "Kon\u00adtakt", "Cafe\u0301", "aeoe", "ue", "ﬁn"]
)
block_texts = st.lists(block_words, max_size=5).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(block_texts, max_size=5),
    st.lists(st.sampled_from(["müller", "strasse", "ss", "e", "ue", "kontakt", "café", "fi"])),
)
def test_document_search_agrees_with_text_search(blocks: list[str], queries: list[str]) -> None:
    """Repeated in-article searches report exactly the spans a search of each block finds."""
    index = DocumentIndex(doc(*blocks))
    for query in queries:
        expected = [
            DocumentMatch(i, start, end)
            for i, text in enumerate(blocks)
            for start, end in find_in_text(text, query)
        ]
        assert index.search(query) == expected
