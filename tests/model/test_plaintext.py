"""Tests for giving saved plain-text pages their structure back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.articles.blocks import BlockKind, ContainerKind
from tui.model.articles.plaintext import byline_author, is_blank, parse_plaintext

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plaintext"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "social-media-article.txt"


def _page() -> str:
    """Return the saved blog page fixture."""
    return (FIXTURES / "herbst.txt").read_text(encoding="utf-8")


def test_title_and_author() -> None:
    """The first line is the title and the byline gives the author without the comment count."""
    page = parse_plaintext(_page())
    assert (page.title, page.author) == (
        "Gartenarbeit im Herbst: Was jetzt noch zu tun ist",
        "Anna Beispiel",
    )


def test_title_and_byline_are_not_blocks() -> None:
    """The document starts with the first paragraph after the byline."""
    first = parse_plaintext(_page()).document.blocks[0]
    assert first.text.startswith("Viele glauben")
    assert first.lines == (4, 5)


def test_headings() -> None:
    """Short lone lines before longer paragraphs are level-2 headings."""
    doc = parse_plaintext(_page()).document
    headings = [(doc.blocks[i].text, doc.blocks[i].level) for i in doc.headings]
    assert headings == [("Laub ist kein Abfall", 2), ("Zwiebeln für das Frühjahr", 2)]


def test_unclosed_quote_is_a_quote_over_two_lines() -> None:
    """A paragraph opened with a quotation mark is a quote, its lines joined by a space."""
    doc = parse_plaintext(_page()).document
    quotes = [b for b in doc.blocks if b.quote_depth]
    assert len(quotes) == 1
    assert quotes[0].containers[0].kind is ContainerKind.QUOTE
    assert quotes[0].text.startswith('"Wer im Herbst')
    assert "seitdem hält sich" in quotes[0].text
    assert quotes[0].lines == (6, 8)


def test_no_break_space_lines_are_blank() -> None:
    """Lines holding only no-break spaces separate paragraphs and never become blocks."""
    doc = parse_plaintext(_page()).document
    assert all(b.text.strip() for b in doc.blocks)
    assert doc.blocks[0].lines == (4, 5)


def test_page_leftovers_stay_paragraphs() -> None:
    """The closing question, "Zurück" and the comment-form label stay paragraphs."""
    tail = parse_plaintext(_page()).document.blocks[-3:]
    assert [(b.kind, b.text) for b in tail] == [
        (BlockKind.PARAGRAPH, "Was pflanzen Sie im Herbst noch?"),
        (BlockKind.PARAGRAPH, "Zurück"),
        (BlockKind.PARAGRAPH, "Einen Kommentar schreiben"),
    ]


def test_heading_path_follows_headings() -> None:
    """Blocks carry the heading they sit under; blocks before any heading carry none."""
    doc = parse_plaintext(_page()).document
    assert doc.blocks[0].heading_path == ()
    assert doc.blocks[-1].heading_path == ("Zwiebeln für das Frühjahr",)
    assert doc.blocks[doc.headings[0]].heading_path == ("Laub ist kein Abfall",)


def test_spans_hold_the_text() -> None:
    """Every block has one plain span with its text."""
    for block in parse_plaintext(_page()).document.blocks:
        assert [s.text for s in block.spans] == [block.text]


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("von Anna Beispiel (Kommentare: 3)", "Anna Beispiel"),
        ("by Jo Doe · 5 min read", "Jo Doe"),
        ("By Jo Doe | Staff", "Jo Doe"),
        ("von Anna Beispiel - 12.03.2020", "Anna Beispiel"),
        ("von Hans-Peter von Beispiel", "Hans-Peter von Beispiel"),
        ("by parkr", "parkr"),
        ("Von der Idee zur Umsetzung", None),
        ("Von Anfang an war klar, dass es so kommt.", None),
        ("Nothing like a byline", None),
    ],
)
def test_byline(line: str, author: str | None) -> None:
    """Bylines give the name alone; sentences that start with von/by are not bylines."""
    assert byline_author(line) == author


def test_no_byline_keeps_second_line() -> None:
    """Without a byline the second line is an ordinary block."""
    page = parse_plaintext("Title\n\nA first paragraph.\n")
    assert (page.author, [b.text for b in page.document.blocks]) == (None, ["A first paragraph."])


def test_short_line_before_short_text_is_paragraph() -> None:
    """A short line is only a heading when a clearly longer paragraph follows."""
    doc = parse_plaintext("T\n\nShort line\n\nAlso short.\n").document
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


def test_line_with_punctuation_is_not_heading() -> None:
    """A short line ending in a colon introduces text but is not a heading."""
    doc = parse_plaintext("T\n\nWie folgt:\n\n" + "Wort " * 30 + "\n").document
    assert doc.headings == ()


@pytest.mark.parametrize("opener", ["„", "“", "«", "»", "‚", "‘", '"'])
def test_quote_openers(opener: str) -> None:
    """Each kind of opening quotation mark makes a quote."""
    doc = parse_plaintext(f"T\n\n{opener}Zitat ohne Ende\n").document
    assert doc.blocks[0].quote_depth == 1


def test_text_is_sanitised() -> None:
    """Escape sequences in the file never reach the blocks or the title."""
    page = parse_plaintext("Ti\x1b[2Jtle\n\nBody \x1b]8;;http://x\x07link\n")
    assert page.title == "Title"
    assert page.document.blocks[0].text == "Body link"


def test_crlf_and_empty() -> None:
    """CRLF text parses like LF text, and empty text gives nothing."""
    assert parse_plaintext("T\r\n\r\nP\r\n").document.blocks[0].lines == (2, 3)
    empty = parse_plaintext(" \n\u00a0\n")
    assert (empty.title, empty.document.blocks) == (None, ())


def test_overlong_first_line_is_not_a_title() -> None:
    """A first line too long for a title stays a paragraph."""
    page = parse_plaintext("word " * 100)
    assert page.title is None
    assert len(page.document.blocks) == 1


def test_blank_detection() -> None:
    """No-break, thin and zero-width spaces count as blank."""
    assert all(is_blank(s) for s in ["", " ", "\u00a0", "\u2009\u202f", "\u200b", "\ufeff "])
    assert not is_blank("\u00a0x")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab .?\n\u00a0"„«\x1b')), max_size=200))
def test_never_raises(text: str) -> None:
    """Any text parses, and block lines stay in order inside the text."""
    doc = parse_plaintext(text).document
    starts = [b.lines[0] for b in doc.blocks]
    assert starts == sorted(starts)
    assert all(b.lines[1] <= text.count("\n") + 1 for b in doc.blocks)


@pytest.fixture
def seed_text() -> str:
    """Return the seed article, or skip when it is not beside the repository."""
    if not SEED.is_file():
        pytest.skip("seed article not available")
    return SEED.read_text(encoding="utf-8")


def test_seed_title_author(seed_text: str) -> None:
    """The seed page gives its title and author."""
    page = parse_plaintext(seed_text)
    assert page.title == "Nutzen von Social Media: Kontakte mit Mehrwert"
    assert page.author == "Christian Müller"


def test_seed_structure(seed_text: str) -> None:
    """The seed page has two headings, one quote, and ends with the page leftovers."""
    doc = parse_plaintext(seed_text).document
    assert [doc.blocks[i].text for i in doc.headings] == [
        "Nutzen hängt von Erwartungen ab",
        "Social Media: Chance für Kontakte und Beziehungsaufbau",
    ]
    quotes = [b for b in doc.blocks if b.quote_depth]
    assert len(quotes) == 1
    assert quotes[0].text.lstrip('"„“').startswith("In Facebook")
    assert [(b.kind, b.text) for b in doc.blocks[-2:]] == [
        (BlockKind.PARAGRAPH, "Zurück"),
        (BlockKind.PARAGRAPH, "Einen Kommentar schreiben"),
    ]
