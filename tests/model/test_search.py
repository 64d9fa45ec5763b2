"""Tests for search in a text, in an article and across all articles."""

from __future__ import annotations

import gc
import types

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
from tui.model.search.index import (
    HitField,
    IndexedComment,
    IndexEntry,
    SearchIndex,
    make_snippet,
)

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


def entry(article_id: str, title: str, **fields: object) -> IndexEntry:
    """Build an index entry with defaults."""
    return IndexEntry(article_id, title, **fields)  # type: ignore[arg-type]


def test_titles_rank_before_tags_authors_and_text() -> None:
    """A title hit comes first, then tag and author hits, then body and comment hits."""
    index = SearchIndex(
        [
            entry("a", "Anderes", blocks=("Ein Wort über Kontakte.",)),
            entry("b", "Keine", tags=("kontakte",)),
            entry("c", "Kontakte mit Mehrwert"),
            entry("d", "Sonst", author="Kontakte Verlag"),
        ]
    )
    hits = index.search("kontakte")
    assert [(h.article_id, h.field) for h in hits] == [
        ("c", HitField.TITLE),
        ("b", HitField.TAG),
        ("d", HitField.AUTHOR),
        ("a", HitField.BODY),
    ]


def test_body_and_comment_hits_name_their_place() -> None:
    """Body hits carry their block index; comment hits their comment id and block."""
    comments = (IndexedComment("c1", 1, "Sehr wahr, Herr Mueller", "Anna"),)
    index = SearchIndex([entry("a", "Titel", blocks=("eins", "Müller zwei"), comments=comments)])
    hits = index.search("müller")
    assert [(h.field, h.block, h.comment_id) for h in hits] == [
        (HitField.BODY, 1, None),
        (HitField.COMMENT, 1, "c1"),
    ]
    assert hits[1].match == (16, 23)


def test_one_hit_per_block() -> None:
    """A block with several matches gives one hit, at its first match."""
    index = SearchIndex([entry("a", "T", blocks=("x und x und x", "x"))])
    hits = index.search("x")
    assert [(h.block, h.match) for h in hits] == [(0, (0, 1)), (1, (0, 1))]


def test_snippet_is_one_clean_line_with_the_match_marked() -> None:
    """The snippet has no line breaks or control characters, and its span is the match."""
    body = "Anfang\n" + "wort " * 30 + "\x1b[31mZiel\x1b[0m\tund " + "mehr " * 30
    hit = SearchIndex([entry("a", "T", blocks=(body,))]).search("ziel")[0]
    start, end = hit.span
    assert hit.snippet[start:end] == "Ziel"
    assert "\n" not in hit.snippet and "\x1b" not in hit.snippet and "\t" not in hit.snippet
    assert len(hit.snippet) <= 90
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")


def test_snippet_of_short_text_is_whole() -> None:
    """A short text is its own snippet, without ellipses."""
    assert make_snippet("Nur kurz", 4, 8) == ("Nur kurz", (4, 8))


def test_limit_caps_the_hits() -> None:
    """No more than `limit` hits come back, best ranked first."""
    index = SearchIndex([entry(f"a{i}", "Wort", blocks=("Wort",)) for i in range(10)])
    hits = index.search("wort", limit=12)
    assert len(hits) == 12
    assert all(h.field is HitField.TITLE for h in hits[:10])


def test_added_article_is_found_after_earlier_search() -> None:
    """An article added after a search is found alongside the old ones."""
    index = SearchIndex([entry("a", "Alpha Wort"), entry("b", "Beta Wort")])
    assert [h.article_id for h in index.search("wort")] == ["a", "b"]
    index.add(entry("c", "Gamma Wort"))
    assert [h.article_id for h in index.search("wort")] == ["a", "b", "c"]


def test_removed_article_is_not_found() -> None:
    """A removed article no longer gives hits; the others still do."""
    index = SearchIndex([entry("a", "Wort"), entry("b", "Wort"), entry("c", "Wort")])
    index.search("wort")
    index.remove("b")
    assert [h.article_id for h in index.search("wort")] == ["a", "c"]
    assert "b" not in index and len(index) == 2


def test_replaced_article_keeps_its_place() -> None:
    """Re-indexing an article updates its text without moving it to the end."""
    index = SearchIndex([entry("a", "Alt"), entry("b", "Wort")])
    index.search("wort")
    index.replace(entry("a", "Neues Wort"))
    assert [h.article_id for h in index.search("wort")] == ["a", "b"]
    assert index.search("alt") == []


def test_empty_index_finds_nothing() -> None:
    """Searching an empty index gives no hits."""
    assert SearchIndex().search("x") == []


words = st.sampled_from(["Müller", "Mueller", "muller", "Frau", "Straße", "x", "", "ue"])
texts = st.lists(words, max_size=4).map(" ".join)
articles_strategy = st.tuples(texts, st.lists(texts, max_size=3), st.lists(texts, max_size=2))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(articles_strategy, max_size=5),
    st.sampled_from(["müller", "strasse", "x", "frau", "ue", "u"]),
    st.integers(min_value=0, max_value=3),
)
def test_index_agrees_with_plain_text_search(
    articles: list[tuple[str, list[str], list[str]]], query: str, removed: int
) -> None:
    """Every title, block and comment the index reports matches, and none is missed."""
    entries = [
        entry(
            f"a{i}",
            title,
            blocks=tuple(blocks),
            comments=tuple(IndexedComment(f"c{j}", None, body, None) for j, body in enumerate(cs)),
        )
        for i, (title, blocks, cs) in enumerate(articles)
    ]
    index = SearchIndex(entries)
    index.search(query)
    index.remove(f"a{removed}")
    expected = []
    for tier in ("title", "body"):
        for item in entries:
            if item.article_id == f"a{removed}":
                continue
            if tier == "title":
                texts_ = [(HitField.TITLE, None, item.title)]
            else:
                texts_ = [(HitField.BODY, i, t) for i, t in enumerate(item.blocks)]
                texts_ += [(HitField.COMMENT, c.comment_id, c.body) for c in item.comments]
            for field, where, text in texts_:
                spans = find_in_text(text, query)
                if spans:
                    expected.append((item.article_id, field, where, spans[0]))
    got = [
        (h.article_id, h.field, h.comment_id if h.field is HitField.COMMENT else h.block, h.match)
        for h in index.search(query)
    ]
    assert got == expected


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


def test_author_and_tags_of_one_article_each_give_their_hit() -> None:
    """An article whose author and a later tag both match reports each, with its own text."""
    index = SearchIndex([entry("a", "T", author="Kontakt Verlag", tags=("netz", "kontakte"))])
    hits = index.search("kontakt")
    assert [(h.field, h.snippet) for h in hits] == [
        (HitField.AUTHOR, "Kontakt Verlag"),
        (HitField.TAG, "kontakte"),
    ]


def tracked_reachable(root: object) -> int:
    """How many lists, dicts and objects the garbage collector tracks among those `root` holds.

    Tuples are left out: CPython untracks tuples of plain values only when a collection happens
    to look at them, which depends on what ran before.
    """
    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type | types.ModuleType | types.FunctionType):
            continue
        seen.add(id(obj))
        if gc.is_tracked(obj):
            count += not isinstance(obj, tuple)
            stack.extend(gc.get_referents(obj))
    return count


def test_indexed_articles_leave_little_for_the_garbage_collector() -> None:
    """An indexed article holds about one tracked object, so full collections stay short."""
    comments = (IndexedComment("c1", 0, "Ein Kommentar", "Anna"),)
    entries = [
        entry(
            f"a{i}",
            "Titel",
            author="Anna",
            tags=("x", "y"),
            blocks=("eins", "zwei" * 300),
            comments=comments,
        )
        for i in range(300)
    ]
    index = SearchIndex(entries)
    index.search("zwei")
    del entries
    assert tracked_reachable(index) < 2 * 300
