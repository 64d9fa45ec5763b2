"""The article-format registry: one entry per kind of file, asked by the scan, loader and CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.model.articles.formats import (
    ARTICLE_SUFFIXES,
    FORMATS,
    MARKDOWN,
    PLAIN_TEXT,
    format_for,
    format_named,
)
from tui.model.articles.library import load_article, scan_folder


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [(".md", MARKDOWN), (".MARKDOWN", MARKDOWN), (".txt", PLAIN_TEXT), (".pdf", None), ("", None)],
)
def test_a_suffix_names_its_format(suffix: str, expected: object) -> None:
    """Suffixes are matched in any case; anything else is no article."""
    assert format_for(suffix) is expected


def test_every_format_is_found_by_its_name_and_suffixes() -> None:
    """The registry is one table: names, suffixes and the suffix set agree."""
    assert {s for fmt in FORMATS for s in fmt.suffixes} == ARTICLE_SUFFIXES
    for fmt in FORMATS:
        assert format_named(fmt.name) is fmt
        assert all(format_for(s) is fmt for s in fmt.suffixes)


def test_markdown_reads_its_head_and_its_document() -> None:
    """Front matter and the first heading make the head; the title heading is not repeated."""
    text = "---\nauthor: Anna\ntags: [a]\n---\n# Der Titel\n\nEin Absatz.\n"
    head = MARKDOWN.read_head(text)
    assert (head.title, head.author, head.tags, head.problem) == ("Der Titel", "Anna", ("a",), None)
    parsed = MARKDOWN.parse(text, "Der Titel")
    assert [b.text for b in parsed.document.blocks] == ["Ein Absatz."]


def test_plain_text_reads_title_and_byline() -> None:
    """A saved page's first line is its title and a `von …` line its author."""
    head = PLAIN_TEXT.read_head("Ein Titel\nvon Christian Muster\n\nText hier.\n")
    assert (head.title, head.author) == ("Ein Titel", "Christian Muster")
    assert PLAIN_TEXT.parse_start is None


def test_the_scan_and_the_loader_use_the_registry(tmp_path: Path) -> None:
    """Every registered suffix is listed and opens; other files are left out."""
    for name in ("a.md", "b.MARKDOWN", "c.txt", "d.pdf"):
        (tmp_path / name).write_text("Title\n\nBody text.\n", "utf-8")
    articles = scan_folder(tmp_path)
    assert sorted(a.relpath for a in articles) == ["a.md", "b.MARKDOWN", "c.txt"]
    assert {a.relpath: a.format for a in articles}["c.txt"] == "text"
    assert all(load_article(tmp_path, a).document.blocks for a in articles)
