"""A document laid out for one width, block by block, so a long article paints at once.

The layout renders blocks in reading order on demand (`extend_until`, `extend_to`) and keeps
each block's lines and top row; rows below the laid-out part are only estimated. The article
view extends the layout in short slices between key presses, so neither the first paint nor
scrolling waits for the whole document.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Sequence

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from tui.model.articles.blocks import Block
from tui.render.blocks import render_block, render_gap
from tui.render.styles import RenderStyles

Line = list[Segment]


def segments_of(text: Text, console: Console) -> Line:
    """Return the segments of one laid-out line, its own style included.

    `Text.render` applies a text's own style only when the text has spans; a heading, title
    or byline without inline marks would lose its colour and bold.
    """
    if text.spans:
        return list(text.render(console))
    plain = text.plain
    if not plain:
        return []
    style = console.get_style(text.style, default=Style.null()) if text.style else None
    return [Segment(plain, style or None)]


class DocumentLayout:
    """The blocks of one document rendered to lines for one width."""

    def __init__(
        self,
        blocks: Sequence[Block],
        width: int,
        styles: RenderStyles,
        console: Console,
        top: int = 0,
    ) -> None:
        self.blocks = blocks
        """The blocks being laid out."""
        self.width = max(10, width)
        """Cells available for the text."""
        self.styles = styles
        """Styles the blocks are rendered with."""
        self._console = console
        self._lines: list[list[Line]] = []
        self._gaps: list[list[Line]] = []
        self._tops: list[int] = []
        self._bottom = top
        self._estimate_rest = sum(self._estimate(block) for block in blocks)

    def move_top(self, top: int) -> None:
        """Start the document at row `top` instead (the header above it changed height)."""
        shift = top - (self._tops[0] - len(self._gaps[0]) if self._tops else self._bottom)
        if shift:
            self._tops = [row + shift for row in self._tops]
            self._bottom += shift

    def grow(self, blocks: Sequence[Block]) -> None:
        """Continue with `blocks`, whose start is the blocks laid out so far."""
        added = blocks[len(self.blocks) :]
        self.blocks = blocks
        self._estimate_rest += sum(self._estimate(block) for block in added)

    @property
    def laid_out(self) -> int:
        """How many blocks, from the start, have been rendered."""
        return len(self._lines)

    @property
    def complete(self) -> bool:
        """True once every block has been rendered."""
        return len(self._lines) == len(self.blocks)

    @property
    def height(self) -> int:
        """Rows of the document: exact once complete, estimated before."""
        return self._bottom + self._estimate_rest

    def extend_until(self, deadline: float) -> bool:
        """Render further blocks until `deadline` (a `perf_counter` time); True when complete."""
        while not self.complete:
            self._render_next()
            if time.perf_counter() >= deadline:
                break
        return self.complete

    def extend_to(self, index: int) -> None:
        """Render blocks up to and including `index`."""
        index = min(index, len(self.blocks) - 1)
        while len(self._lines) <= index:
            self._render_next()

    def extend_to_row(self, row: int) -> None:
        """Render blocks until the laid-out part reaches `row` (or the document ends)."""
        while not self.complete and self._bottom <= row:
            self._render_next()

    def block_rows(self, index: int) -> tuple[int, int]:
        """Return the first row and the row after the last of block `index` (rendering it)."""
        self.extend_to(index)
        top = self._tops[index]
        return top, top + len(self._lines[index])

    def block_at(self, row: int) -> int | None:
        """Return the index of the block shown at `row`, or of the block after a gap there."""
        if not self._tops or row < self._tops[0] - 1:
            return None
        index = bisect_right(self._tops, row) - 1
        if index < 0:
            return 0
        top = self._tops[index]
        if row < top + len(self._lines[index]):
            return index
        return index + 1 if index + 1 < len(self._tops) else index

    def line(self, row: int) -> tuple[int | None, Line]:
        """Return the block index and segments of `row` (no block index for a gap row)."""
        if row >= self._bottom:
            return None, []
        index = bisect_right(self._tops, row) - 1
        if index < 0:
            return None, []
        offset = row - self._tops[index]
        lines = self._lines[index]
        if offset < len(lines):
            return index, lines[offset]
        if index + 1 < len(self._tops):
            gap = self._gaps[index + 1]
            gap_offset = row - (self._tops[index + 1] - len(gap))
            if 0 <= gap_offset < len(gap):
                return None, gap[gap_offset]
        return None, []

    def _render_next(self) -> None:
        """Render the next block and place it below the laid-out part."""
        index = len(self._lines)
        block = self.blocks[index]
        previous = self.blocks[index - 1] if index else None
        console = self._console
        gap = [
            segments_of(text, console)
            for text in render_gap(previous, block, self.width, self.styles)
        ]
        lines = [
            segments_of(text, console) for text in render_block(block, self.width, self.styles)
        ]
        self._tops.append(self._bottom + len(gap))
        self._gaps.append(gap)
        self._lines.append(lines)
        self._bottom += len(gap) + len(lines)
        self._estimate_rest -= self._estimate(block)

    def redo_block(self, index: int, offset: int) -> bool:
        """Render laid-out block `index` again, its code from cell `offset` on; True if it did.

        Only a code block whose lines are cut (code_wrap off) is redone: its rows stay as many,
        so nothing below it moves.
        """
        if index >= len(self._lines) or self.styles.code_wrap:
            return False
        block = self.blocks[index]
        lines = render_block(block, self.width, self.styles, offset)
        if len(lines) != len(self._lines[index]):
            return False
        self._lines[index] = [segments_of(text, self._console) for text in lines]
        return True

    def _estimate(self, block: Block) -> int:
        """Guess a block's rows before it is rendered (for the scrollbar)."""
        return 1 + len(block.text) // max(1, self.width - 8) + (1 if block.text else 0)
