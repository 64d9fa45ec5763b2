"""A scroll view that shows a laid-out document, laying it out a slice at a time.

The base of the article view: it owns the per-width layout, the header above the text, the
virtual size Textual scrolls over and the painting of rows. The article view on top of it
owns the cursor, the links, the keys and the messages.
"""

from __future__ import annotations

import time
from dataclasses import replace

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events, work
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme
from textual.worker import Worker

from tui.i18n import t
from tui.model.articles.blocks import Document
from tui.model.text import sanitize_line
from tui.render.code import loaded, warm_up
from tui.render.layout import DocumentLayout, segments_of
from tui.render.styles import RenderStyles
from tui.widgets.article_rows import GUTTER, Marks, RowPainter
from tui.workers import report_failure

MEASURE = 88
"""Widest text column at the normal text width; longer lines are hard to read."""
TEXT_MEASURES: dict[str, int | None] = {"narrow": 66, "normal": MEASURE, "wide": 120, "full": None}
"""Widest text column for each text width setting (None: as wide as the view)."""
SLICE_SECONDS = 0.008
"""How long one slice of background layout may hold the event loop."""


class DocumentView(ScrollView):
    """Shows `document` under a title, byline and notice, painting only the rows on screen."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed background job is reported and logged; the reader carries on."""
        report_failure(self, event)

    def __init__(
        self, *, name: str | None = None, id: str | None = None, code_wrap: bool = True
    ) -> None:
        super().__init__(name=name, id=id)
        self.code_wrap = code_wrap
        """Wrap long code lines; when False they are cut and `scroll_code` shows the rest."""
        self._code_offset = (-1, 0)
        self.document = Document()
        """The article on show."""
        self.title = ""
        """Title shown above the text."""
        self.byline = ""
        """Author, date, reading time and comment count, shown under the title."""
        self.notice = ""
        """A message shown instead of (or above) the text, e.g. why it cannot be read."""
        self._layout: DocumentLayout | None = None
        self._header: list[list[Segment]] = []
        self._layout_scheduled = False
        self._styles: RenderStyles | None = None
        self._complete = True
        self._marks = Marks()
        self._painter = RowPainter(self.get_component_rich_style)
        self._measure: int | None = MEASURE
        self._placement: tuple[int, bool] | int | None = None

    @property
    def laid_out(self) -> bool:
        """True once the whole article is there and laid out for the current width."""
        return self._complete and self._layout is not None and self._layout.complete

    def on_mount(self) -> None:
        # The signal, not a watch on `App.theme`: it comes after the new theme's variables
        # are computed, which a watcher would read still from the old theme.
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_resize(self, event: events.Resize) -> None:
        if self._layout is None or self._layout.width != self._text_width():
            self._lay_out_at_size()

    def render_lines(self, crop: Region) -> list[Strip]:
        # A document shown before the view had its size is laid out in the first frame that
        # paints the view (its size is known by then; its Resize event comes after the frame).
        if self._layout is None and self.size.width:
            self._lay_out_at_size(painting=True)
        return super().render_lines(crop)

    def _lay_out_at_size(self, *, painting: bool = False) -> None:
        """Lay out for the view's size; scroll to where the reader asked before it had one."""
        placement, self._placement = self._placement, None
        self._relayout(self._kept_block(), painting=painting)
        if isinstance(placement, tuple):
            block, top = placement
            self._scroll_to_block(block, top=top)
        elif placement is not None:
            self._scroll_to_row(placement)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painter.forget_styles()

    def _kept_block(self) -> int | None:
        """The block to keep in view when the layout is redone (the article's cursor)."""
        return None

    def _layout_complete(self) -> None:
        """Called when the last block has been laid out."""

    def _theme_changed(self, _theme: Theme) -> None:
        self._styles = None
        self._painter.forget_styles()
        self._relayout(self._kept_block())
        languages = {block.language for block in self.document.blocks if block.language}
        theme = self._render_styles().code_theme
        if languages and not all(loaded(language, theme) for language in languages):
            self._load_lexers(languages, theme)

    @work(thread=True, exclusive=True, group="lexers", exit_on_error=False)
    def _load_lexers(self, languages: set[str], theme: str | None) -> None:
        """Load the code theme and lexers of a new theme off the event loop, then lay out."""
        if warm_up(languages, theme):
            self.app.call_from_thread(self.refresh_layout)

    def set_text_width(self, name: str) -> None:
        """Let the text run as wide as `name` (one of TEXT_MEASURES) says, keeping the place."""
        measure = TEXT_MEASURES.get(name, MEASURE)
        if measure != self._measure:
            self._measure = measure
            self._relayout(self._kept_block())

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width or self.size.width or 80
        room = width - GUTTER - 1
        return max(10, room if self._measure is None else min(self._measure, room))

    def _render_styles(self) -> RenderStyles:
        if self._styles is None:
            app = self.app
            styles = RenderStyles.from_theme(app.theme_variables, app.current_theme.dark)
            self._styles = replace(
                styles,
                loaded_lexers_only=True,
                code_wrap=self.code_wrap,
                more_rows=t("render.more_rows"),
                thousands=t("number.thousands"),
            )
        return self._styles

    def scroll_code(self, index: int, delta: int) -> None:
        """Move code block `index` sideways by `delta` cells (lines are cut, not wrapped).

        One block is scrolled at a time: another block scrolled before goes back to its start.
        """
        if self._layout is None or not 0 <= index < len(self.document.blocks):
            return
        before, offset = self._code_offset
        offset = offset if before == index else 0
        if before != index and before >= 0:
            self._layout.redo_block(before, 0)
        code = self.document.blocks[index].text
        widest = max((cell_len(line) for line in code.split("\n")), default=0)
        # Room for the code: the text width less the panel's margins and any container indent.
        room = max(1, self._layout.width - 2)
        offset = max(0, min(offset + delta, widest - room + 1))
        self._code_offset = (index, offset)
        if self._layout.redo_block(index, offset):
            self.refresh()

    def refresh_layout(self) -> None:
        """Lay the document out again (the code lexers it needs have been loaded)."""
        self._relayout(self._kept_block())

    def _relayout(self, keep: int | None, *, painting: bool = False) -> None:
        """Lay the article out again for the current width and theme, keeping block `keep` seen.

        While `painting` a frame, only what it shows is laid out before the frame goes out.
        """
        if not self.is_mounted:
            return
        if not self.size.width:
            # Not arranged yet (the first frame is being built, or a narrow layout hides it):
            # laid out once it has a size, rather than at a guessed width now and again then.
            self._layout = None
            return
        self._code_offset = (-1, 0)
        width = self._text_width()
        self._header = self._render_header(width)
        self._layout = DocumentLayout(
            self.document.blocks,
            width,
            self._render_styles(),
            self.app.console,
            top=len(self._header),
        )
        # Lay out one screen now so the first paint shows text, the rest in slices.
        height = self.size.height or 24
        start = time.perf_counter()
        keep = keep if keep is not None and self.document.blocks else None
        if keep is not None:
            self._layout.extend_to(keep)
        self._layout.extend_to_row(round(self.scroll_y) + height + 1)
        if not painting:
            self._layout.extend_until(start + SLICE_SECONDS)
        self._sync_virtual_size()
        if keep is not None:
            self._scroll_to_block(keep, top=False)
        self.refresh()
        self._schedule_layout()

    def _redo_header(self) -> None:
        """Render the header again (a new byline) and move the laid-out text under it."""
        if self._layout is None or not self.is_mounted:
            return
        self._header = self._render_header(self._layout.width)
        self._layout.move_top(len(self._header))
        self._sync_virtual_size()
        self.refresh()

    def _grow(self, document: Document) -> None:
        """Show `document`, which continues the one on show, without laying out its start again."""
        shown = self.document.blocks
        self._complete = True
        if self._layout is None or document.blocks[: len(shown)] != shown:
            self.document = document
            self._relayout(self._kept_block())
            return
        self.document = document
        self._layout.grow(document.blocks)
        self._sync_virtual_size()
        self._schedule_layout()

    def _scroll_to_row(self, row: int) -> None:
        """Scroll so that `row` is the first row on show (going back to an exact place)."""
        if self._layout is None:
            self._placement = row
            return
        self._layout.extend_to_row(row + self.size.height)
        self._sync_virtual_size()
        self.scroll_to(y=row, animate=False, immediate=True, force=True)

    def _scroll_to_block(self, index: int, *, top: bool) -> None:
        """Scroll so block `index` is in view: near the top when `top`, else just enough."""
        if self._layout is None:
            self._placement = (index, top)
            return
        first, after = self._layout.block_rows(index)
        self._sync_virtual_size()
        height = self.scrollable_content_region.height
        # force=True: right after the document grows, Textual has not yet enabled the
        # scrollbar and would refuse to scroll at all.
        if index == 0:
            # The first block sits under the title and byline: show them too.
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
        elif top:
            self.scroll_to(y=max(0, first - 2), animate=False, immediate=True, force=True)
        elif first < self.scroll_y + 1:
            self.scroll_to(y=max(0, first - 1), animate=False, immediate=True, force=True)
        elif after > self.scroll_y + height - 1:
            target = min(first - 1, after - height + 1)
            self.scroll_to(y=max(0, target), animate=False, immediate=True, force=True)

    def _schedule_layout(self) -> None:
        if not self._layout_scheduled and self._layout is not None and not self._layout.complete:
            self._layout_scheduled = True
            self.set_timer(0.001, self._layout_slice)

    def _layout_slice(self) -> None:
        """Lay out the next slice of blocks without holding the event loop for long."""
        self._layout_scheduled = False
        layout = self._layout
        if layout is None:
            return
        layout.extend_until(time.perf_counter() + SLICE_SECONDS)
        self._sync_virtual_size()
        if layout.complete:
            self._layout_complete()
            self.refresh()
        else:
            self._schedule_layout()

    def _sync_virtual_size(self) -> None:
        """Tell Textual the document's size: exactly once laid out, roughly before.

        While the layout grows its height estimate shifts a little with every slice; each new
        virtual size makes Textual lay out and repaint the whole view, so small shifts wait.
        """
        layout = self._layout
        if layout is None:
            return
        size = Size(layout.width + GUTTER, layout.height)
        current = self.virtual_size
        page = max(1, self.size.height)
        if (
            layout.complete
            or size.width != current.width
            or abs(size.height - current.height) > page
            or self.scroll_y >= current.height - 2 * page
        ):
            self.virtual_size = size

    def _render_header(self, width: int) -> list[list[Segment]]:
        """Render the title, byline and notice above the text."""
        console = self.app.console
        lines: list[list[Segment]] = []
        for value, component in (
            (self.title, "title"),
            (self.byline, "byline"),
            (self.notice, "notice"),
        ):
            if not value:
                continue
            style = self._painter.style(component)
            text = Text(sanitize_line(value), style=style)
            band = component == "title"
            for line in text.wrap(console, width - 2 if band else width):
                if band:
                    # The title is a band across the text column, the most prominent line.
                    line = Text(" ", style=style) + line
                    line.pad_right(max(0, width - line.cell_len))
                lines.append(segments_of(line, console))
        if lines:
            lines.append([])
        return lines

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        strip = self._painter.paint(
            self._layout, self._header, scroll_y + y, self._marks, self._text_width()
        )
        width = self.scrollable_content_region.width
        return strip.apply_style(base).crop_extend(scroll_x, scroll_x + width, base)

    def styled_lines(self) -> list[list[Segment]]:
        """The laid-out rows as painted before the gutter and cursor: header, then text."""
        rows = list(self._header)
        if self._layout is not None:
            for row in range(len(self._header), self._layout.height):
                _index, segments = self._layout.line(row)
                rows.append(segments)
        return rows

    def text_lines(self) -> list[str]:
        """The laid-out rows as plain text, for tests and `cat`-like inspection."""
        return ["".join(segment.text for segment in line) for line in self.styled_lines()]
