"""The per-width layout: blocks rendered on demand, rows found again, growing and moving."""

from __future__ import annotations

import time

from rich.console import Console

from tui.model.articles.markdown import parse_markdown
from tui.render.layout import DocumentLayout
from tui.render.styles import RenderStyles

SOURCE = "\n\n".join(
    [
        "# Title",
        "First paragraph with enough words to wrap at a narrow width, surely.",
        "> A quote\n>\n> over two paragraphs",
        "- one\n- two",
        "Last.",
    ]
)


def layout_of(source: str = SOURCE, width: int = 30, top: int = 3) -> DocumentLayout:
    """A layout of `source` at `width`, starting at row `top`."""
    document = parse_markdown(source)
    return DocumentLayout(document.blocks, width, RenderStyles.plain_text(), Console(), top=top)


def row_text(layout: DocumentLayout, row: int) -> str:
    """The plain text of one row."""
    return "".join(segment.text for segment in layout.line(row)[1])


def test_nothing_is_rendered_until_asked_and_height_is_estimated() -> None:
    """A new layout renders nothing and still offers a height for the scrollbar."""
    layout = layout_of()
    assert layout.laid_out == 0 and not layout.complete
    assert layout.height > 3


def test_rows_map_back_to_their_blocks() -> None:
    """Every row of a laid-out block names that block; gap rows name none."""
    layout = layout_of()
    layout.extend_to(len(layout.blocks) - 1)
    assert layout.complete
    first, after = layout.block_rows(1)
    assert first > 3 and after - first >= 2  # the paragraph wraps at 30 cells
    assert all(layout.line(row)[0] == 1 for row in range(first, after))
    assert layout.line(first - 1)[0] is None  # the blank row before it
    assert layout.block_at(first) == 1
    assert row_text(layout, first).startswith("First paragraph")


def test_gap_inside_a_quote_keeps_the_bar() -> None:
    """The blank row between two quoted paragraphs still shows the quote bar."""
    layout = layout_of()
    layout.extend_to(len(layout.blocks) - 1)
    quote_second = next(i for i, b in enumerate(layout.blocks) if b.text == "over two paragraphs")
    first, _after = layout.block_rows(quote_second)
    assert row_text(layout, first - 1).startswith("▌")


def test_extend_until_stops_at_the_deadline_and_finishes_later() -> None:
    """A deadline in the past renders one block; a later call completes the layout."""
    layout = layout_of()
    assert not layout.extend_until(time.perf_counter() - 1)
    assert layout.laid_out == 1
    assert layout.extend_until(time.perf_counter() + 5)
    assert layout.height == layout.block_rows(len(layout.blocks) - 1)[1]


def test_grow_keeps_the_start_and_adds_the_rest() -> None:
    """Growing with a longer document keeps what is laid out and lays out the new blocks."""
    start = parse_markdown(SOURCE)
    whole = parse_markdown(SOURCE + "\n\nMore text.\n\nAnd more.")
    layout = DocumentLayout(start.blocks, 30, RenderStyles.plain_text(), Console(), top=0)
    layout.extend_to(len(start.blocks) - 1)
    before = [row_text(layout, row) for row in range(layout.height)]
    layout.grow(whole.blocks)
    assert not layout.complete
    layout.extend_to(len(whole.blocks) - 1)
    assert [row_text(layout, row) for row in range(len(before))] == before
    assert row_text(layout, layout.height - 1) == "And more."


def test_move_top_shifts_every_row() -> None:
    """A taller header moves the whole text down by the difference."""
    layout = layout_of(top=3)
    layout.extend_to(2)
    first, _after = layout.block_rows(1)
    layout.move_top(5)
    assert layout.block_rows(1)[0] == first + 2
    assert row_text(layout, first + 2).startswith("First paragraph")
