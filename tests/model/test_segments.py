"""The searchable text of a file: blocks from markdown-it's block rules, inline syntax stripped."""

from __future__ import annotations

import pytest

from tui.model.search.segments import plain_inline, read_for_search


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("Some **bold** and _em_ text", "Some bold and em text"),
        ("a [link](https://example.org) here", "a link here"),
        ("an ![image](x.png) and [ref][1]", "an image and ref"),
        ("`code` and ~~gone~~", "code and gone"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("__dunder__ and a__b", "dunder and a__b"),
        ("_Müller_ und *Straße*___ über_all _ä", "Müller und Straße über_all ä"),
        ("<https://example.org> and <b>tag</b>", "https://example.org and tag"),
        ("Tom &amp; Jerry \\*not em\\*", "Tom & Jerry not em"),
        ("line one\nline two", "line one line two"),
        ("bad \x1b[31mescape", "bad escape"),
    ],
)
def test_inline_markdown_reads_as_its_words(raw: str, plain: str) -> None:
    """Links by their text, no marks, tags or escapes, one clean line."""
    assert plain_inline(raw) == plain


def test_markdown_blocks_keep_their_first_line_in_the_file() -> None:
    """Front matter lines count: each block names the line it starts on in the whole file."""
    text = "---\ntitle: T\n---\n# T\n\nFirst para\ncontinued\n\n> quoted\n\n```\ncode\n```\n"
    reading = read_for_search("markdown", text)
    assert reading.head.title == "T"
    assert [(s.line, s.text) for s in reading.segments] == [
        (5, "First para continued"),
        (8, "quoted"),
        (10, "code"),
    ]


def test_a_heading_that_is_not_the_title_is_kept() -> None:
    """Only a leading heading repeating the title is dropped, as the reader drops it."""
    reading = read_for_search("markdown", "---\ntitle: Other\n---\n# Heading\n\nText\n")
    assert [s.text for s in reading.segments] == ["Heading", "Text"]


def test_plain_text_is_read_by_its_paragraphs() -> None:
    """A .txt file gives its title and byline to the head and its paragraphs as blocks."""
    reading = read_for_search("text", "Titel\nvon Anna\n\nErster Absatz.\n\nZweiter Absatz.\n")
    assert (reading.head.title, reading.head.author) == ("Titel", "Anna")
    assert [s.text for s in reading.segments][-2:] == ["Erster Absatz.", "Zweiter Absatz."]


def test_a_link_across_lines_reads_as_its_text() -> None:
    """Link text and targets that wrap onto the next line still leave only the words."""
    assert plain_inline("see [the release\npage](https://example.org/a\nb) now") == (
        "see the release page now"
    )
