"""A web page saved as text, rendered: its sub-headings and its quote look like an article's."""

from __future__ import annotations

from pathlib import Path

from tui.model.articles.plaintext import parse_plaintext
from tui.render.blocks import render_document
from tui.render.styles import RenderStyles

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "plaintext" / "herbst.txt"


def test_saved_page_renders_headings_quote_and_leftovers() -> None:
    """At width 60 the sub-headings are underlined, the unclosed quote has bars, the page's
    leftovers ("Zurück", the comment form) end the text as short paragraphs."""
    page = parse_plaintext(PAGE.read_text("utf-8"))
    lines = [
        line.plain.rstrip()
        for line in render_document(page.document.blocks, 60, RenderStyles.plain_text())
    ]
    for heading in ("Laub ist kein Abfall", "Zwiebeln für das Frühjahr"):
        at = lines.index(heading)
        assert lines[at + 1] == "─" * len(heading)
    quoted = [line for line in lines if line.startswith("▌ ")]
    assert quoted[0].startswith('▌ "Wer im Herbst nicht mulcht')
    assert len(quoted) >= 2  # the quote wraps, every line carries the bar
    assert all(len(line) <= 60 for line in lines)
    assert [line for line in lines if line][-3:] == [
        "Was pflanzen Sie im Herbst noch?",
        "Zurück",
        "Einen Kommentar schreiben",
    ]
