"""Painting one row of the article view: gutter, text, cursor, focused link, search matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.model.search import find_in_text
from tui.render.layout import DocumentLayout
from tui.widgets.strip_marks import highlight, restyle_link

GUTTER = 4
"""Cells left of the text: a comment count and the cursor bar."""


@dataclass(slots=True)
class Marks:
    """What the view marks on top of the laid-out text."""

    cursor: int = 0
    """Block under the paragraph cursor."""
    comment_counts: dict[int, int] = field(default_factory=dict)
    """Comments per block, shown in the gutter."""
    link_focus: tuple[int, int] | None = None
    """The focused link as (block, link number)."""
    search_query: str = ""
    """Text whose matches are highlighted."""
    search_blocks: set[int] = field(default_factory=set)
    """Blocks that hold matches."""
    search_current: tuple[int, int] | None = None
    """The current match as (block, occurrence within the block)."""


class RowPainter:
    """Turns laid-out rows into strips, with styles looked up once per theme."""

    def __init__(self, component_style: Callable[[str], Style]) -> None:
        self._lookup = component_style
        self._styles: dict[str, Style] = {}

    def forget_styles(self) -> None:
        """Look the component styles up again (the theme or the CSS changed)."""
        self._styles.clear()

    def style(self, component: str) -> Style:
        """The rich style of `article-view--<component>`."""
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self._lookup(f"article-view--{component}")
        return style

    def paint(
        self,
        layout: DocumentLayout | None,
        header: list[list[Segment]],
        row: int,
        marks: Marks,
        text_width: int,
    ) -> Strip:
        """The gutter and text of `row`, uncropped and without the widget's base style."""
        index: int | None = None
        segments: list[Segment]
        if row < len(header):
            segments = header[row]
        elif layout is not None:
            index, segments = layout.line(row)
        else:
            segments = []
        text = Strip(segments)
        if index is None or layout is None:
            return Strip.join([Strip.blank(GUTTER), text])
        text = self._marks(layout, index, row, text, marks)
        if index == marks.cursor:
            text = text.extend_cell_length(text_width).apply_style(self.style("cursor"))
        return Strip.join([self._gutter(layout, index, row, marks), text])

    def _marks(
        self, layout: DocumentLayout, index: int, row: int, text: Strip, marks: Marks
    ) -> Strip:
        """Paint the focused link and search matches over a row of block `index`."""
        if marks.link_focus is not None and marks.link_focus[0] == index:
            text = restyle_link(text, marks.link_focus[1], self.style("link-focus"))
        if index in marks.search_blocks:
            first, _after = layout.block_rows(index)
            before = sum(
                len(find_in_text(_row_text(layout, r), marks.search_query))
                for r in range(first, row)
            )
            spans = find_in_text(text.text, marks.search_query)
            match, current = self.style("match"), self.style("match-current")
            text = highlight(
                text,
                [
                    (start, end, current if marks.search_current == (index, before + n) else match)
                    for n, (start, end) in enumerate(spans)
                ],
            )
        return text

    def _gutter(self, layout: DocumentLayout, index: int, row: int, marks: Marks) -> Strip:
        """The comment count on a block's first row, and the cursor bar."""
        first, _after = layout.block_rows(index)
        count = marks.comment_counts.get(index, 0)
        label = f"{count:>2}" if count and row == first else "  "
        bar = "▌" if index == marks.cursor else " "
        return Strip(
            [
                Segment(label, self.style("marker")),
                Segment(" "),
                Segment(bar, self.style("cursor-bar")),
            ],
            GUTTER,
        )


def _row_text(layout: DocumentLayout, row: int) -> str:
    _index, segments = layout.line(row)
    return "".join(segment.text for segment in segments)
