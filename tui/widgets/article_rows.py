"""Painting one row of the article view: gutter, text, cursor, focused link, search matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.render.layout import DocumentLayout
from tui.widgets.strip_marks import highlight, restyle_link

RowMatches = dict[int, list[tuple[int, int, int]]]
"""Per row: the (start, end) characters of each piece of a match and the match's number."""

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
        self._match_cache: dict[tuple[int, str], RowMatches] = {}
        self._match_layout: DocumentLayout | None = None

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
            match, current = self.style("match"), self.style("match-current")
            pieces = self._matches(layout, index, marks.search_query).get(row, [])
            text = highlight(
                text,
                [
                    (start, end, current if marks.search_current == (index, n) else match)
                    for start, end, n in pieces
                ],
            )
        return text

    def _matches(self, layout: DocumentLayout, index: int, query: str) -> RowMatches:
        """Where `query` matches in block `index`, row by row, also across wrapped lines."""
        if layout is not self._match_layout or len(self._match_cache) > 256:
            # A new layout (another article, width or theme): the rows have moved.
            self._match_layout = layout
            self._match_cache.clear()
        key = (index, query)
        found = self._match_cache.get(key)
        if found is None:
            found = self._match_cache[key] = _row_matches(layout, index, query)
        return found

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


def _row_matches(layout: DocumentLayout, index: int, query: str) -> RowMatches:
    """Find `query` in the block's rows joined as one text (without the quote bars and list
    markers in front of each row), then cut every match back into pieces per row.

    Each piece carries the number of its match within the block, which is how the current
    match is told apart.
    """
    first, after = layout.block_rows(index)
    indent = sum(container.width for container in layout.blocks[index].containers)
    starts: list[tuple[int, int]] = []
    parts: list[str] = []
    offset = 0
    for row in range(first, after):
        body = _row_text(layout, row)[indent:].rstrip()
        starts.append((row, offset))
        parts.append(body)
        offset += len(body) + 1
    from tui.model.search.find import find_in_text  # loaded with the first search

    found: RowMatches = {}
    for number, (start, end) in enumerate(find_in_text(" ".join(parts), query)):
        for (row, row_start), body in zip(starts, parts, strict=True):
            low, high = max(start, row_start), min(end, row_start + len(body))
            if low < high:
                piece = (low - row_start + indent, high - row_start + indent, number)
                found.setdefault(row, []).append(piece)
    return found
