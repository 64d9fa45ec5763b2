"""Painting rows: search matches are marked also where a match wraps onto the next line."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style

from tui.model.articles.markdown import parse_markdown
from tui.render.layout import DocumentLayout
from tui.render.styles import RenderStyles
from tui.widgets.article_rows import Marks, RowPainter

MATCH = Style(bgcolor="yellow")
CURRENT = Style(bgcolor="red")


def painter() -> RowPainter:
    """A painter whose match styles are easy to recognise."""
    styles = {"article-view--match": MATCH, "article-view--match-current": CURRENT}
    return RowPainter(lambda name: styles.get(name, Style()))


def marked(strip_segments: list[tuple[str, Style | None]], style: Style) -> str:
    """The text of the segments painted with `style`'s background."""
    return "".join(
        text for text, s in strip_segments if s is not None and s.bgcolor == style.bgcolor
    )


def test_a_match_across_a_line_break_is_marked_on_both_rows() -> None:
    """ "quick brown" wrapped as "… quick" / "brown …" is marked on both rows, as one match."""
    document = parse_markdown("> The very quick brown fox jumps over the lazy dog.\n")
    layout = DocumentLayout(document.blocks, 18, RenderStyles.plain_text(), Console(), top=0)
    layout.extend_to(0)
    first, after = layout.block_rows(0)
    marks = Marks(search_query="quick brown", search_blocks={0}, search_current=(0, 0))
    rows = [
        [(segment.text, segment.style) for segment in painter().paint(layout, [], row, marks, 18)]
        for row in range(first, after)
    ]
    painted = [marked(row, CURRENT) for row in rows]
    assert "quick" in painted[0] and "brown" in painted[1]
    assert not any(marked(row, MATCH) for row in rows)  # one match only: the current one
