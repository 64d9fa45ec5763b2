"""The article: our own line-API widget that paints only the rows on screen."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from tui.i18n import t
from tui.model.articles.blocks import Block, BlockKind, Document
from tui.widgets.article_rows import GUTTER
from tui.widgets.bindings import translate_bindings
from tui.widgets.document_view import DocumentView

CODE_STEP = 8
"""Columns one press of left or right scrolls a code block that does not wrap."""


class ArticleView(DocumentView, can_focus=True):
    """Shows one article with a paragraph cursor, laying it out a slice at a time.

    | Key(s) | Description |
    | :- | :- |
    | j, down / k, up | Scroll one line. |
    | space, pagedown / b, pageup | Scroll one page. |
    | g, home / G, end | Go to the top / bottom. |
    | } / { | Move the paragraph cursor to the next / previous block. |
    | ] / [ | Jump to the next / previous heading. |
    | tab / shift+tab, enter | Focus the next / previous link, follow it. |
    | y | Copy the paragraph under the cursor to the clipboard. |
    | (click) | Put the cursor on a paragraph; on a link, follow it. |
    | left / right | Scroll the code block under the cursor sideways (when code does not wrap). |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_line(1)", "bind.scroll_down", show=False, id="scroll_down"),
        Binding("k,up", "scroll_line(-1)", "bind.scroll_up", show=False, id="scroll_up"),
        Binding("space,pagedown", "scroll_page(1)", "bind.page_down", show=False, id="page_down"),
        Binding("b,pageup", "scroll_page(-1)", "bind.page_up", show=False, id="page_up"),
        Binding("g,home", "go_top", "bind.top", show=False, id="go_top"),
        Binding("G,end", "go_bottom", "bind.bottom", show=False, id="go_bottom"),
        Binding("}", "move_cursor(1)", "bind.next_paragraph", show=False, id="next_paragraph"),
        Binding(
            "{", "move_cursor(-1)", "bind.previous_paragraph", show=False, id="previous_paragraph"
        ),
        Binding("]", "move_heading(1)", "bind.next_heading", show=False, id="next_heading"),
        Binding(
            "[", "move_heading(-1)", "bind.previous_heading", show=False, id="previous_heading"
        ),
        Binding("tab", "move_link(1)", "bind.next_link", show=False, id="next_link"),
        Binding("shift+tab", "move_link(-1)", "bind.previous_link", show=False, id="previous_link"),
        Binding("enter", "follow_link", "bind.follow_link", show=False, id="follow_link"),
        Binding("y", "copy_paragraph", "bind.copy_paragraph", show=False, id="copy_paragraph"),
        Binding("right", "scroll_code(1)", "bind.code_right", show=False, id="code_right"),
        Binding("left", "scroll_code(-1)", "bind.code_left", show=False, id="code_left"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--byline",
        "article-view--notice",
        "article-view--cursor",
        "article-view--cursor-bar",
        "article-view--marker",
        "article-view--link-focus",
        "article-view--match",
        "article-view--match-current",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        scrollbar-gutter: stable;
    }
    ArticleView > .article-view--title {
        color: $text-primary;
        background: $primary-muted;
        text-style: bold;
    }
    ArticleView > .article-view--byline { color: $text-muted; }
    ArticleView > .article-view--notice { color: $text-warning; }
    ArticleView > .article-view--cursor { background: $boost; }
    ArticleView > .article-view--cursor-bar { color: $accent; }
    ArticleView:blur > .article-view--cursor-bar { color: $text-muted; }
    ArticleView > .article-view--marker { color: $text-accent; text-style: bold; }
    ArticleView > .article-view--link-focus { background: $accent; color: $text; }
    ArticleView > .article-view--match { background: $warning 40%; }
    ArticleView > .article-view--match-current { background: $warning; color: $background; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    """Index of the block under the paragraph cursor."""

    class CursorMoved(Message):
        """The paragraph cursor moved to another block."""

        def __init__(self, view: ArticleView, index: int) -> None:
            super().__init__()
            self.view = view
            """The view whose cursor moved."""
            self.index = index
            """The block now under the cursor."""

        @property
        def control(self) -> ArticleView:
            """The view whose cursor moved."""
            return self.view

    class LinkActivated(Message):
        """The reader asked to follow a link."""

        def __init__(self, view: ArticleView, href: str, block: int) -> None:
            super().__init__()
            self.view = view
            """The view the link is in."""
            self.href = href
            """The link target as written."""
            self.block = block
            """The block the link is in."""

        @property
        def control(self) -> ArticleView:
            """The view the link is in."""
            return self.view

    def __init__(
        self, *, name: str | None = None, id: str | None = None, code_wrap: bool = True
    ) -> None:
        super().__init__(name=name, id=id, code_wrap=code_wrap)
        translate_bindings(self)
        self._pending_bottom = False
        self._links: list[tuple[int, int]] = []

    def extend_document(self, document: Document) -> None:
        """Show `document`, which continues the one on show, keeping the place and the layout."""
        self._links = _links_of(document)
        self._grow(document)
        if self._pending_bottom and self.laid_out:
            self._finish_go_bottom()

    def _kept_block(self) -> int | None:
        return self.cursor

    def _layout_complete(self) -> None:
        if self._pending_bottom and self._complete:
            self._finish_go_bottom()

    def show(
        self,
        document: Document,
        title: str,
        byline: str,
        notice: str = "",
        *,
        complete: bool = True,
    ) -> None:
        """Show `document` from its top, with the cursor on its first block.

        `complete` is False when `document` is the start of a longer one that
        `extend_document` will bring.
        """
        self.document = document
        self._complete = complete
        self.title = title
        self.byline = byline
        self.notice = notice
        self.comment_counts = {}
        self.link_focus = None
        self._links = _links_of(document)
        self.set_search("", set(), None)
        self._pending_bottom = False
        self._set_cursor(0, scroll=False)
        self._placement = None
        self._relayout(None)
        self.scroll_to(0, 0, animate=False, immediate=True, force=True)

    def set_byline(self, byline: str) -> None:
        """Replace the byline (the comment count in it changes as comments are written)."""
        if byline != self.byline:
            self.byline = byline
            self._redo_header()

    @property
    def comment_counts(self) -> dict[int, int]:
        """Comments per block index, for the gutter markers."""
        return self._marks.comment_counts

    @comment_counts.setter
    def comment_counts(self, counts: dict[int, int]) -> None:
        self._marks.comment_counts = counts
        self.refresh()

    @property
    def link_focus(self) -> tuple[int, int] | None:
        """The focused link as (block index, link number), if any."""
        return self._marks.link_focus

    @link_focus.setter
    def link_focus(self, focus: tuple[int, int] | None) -> None:
        self._marks.link_focus = focus
        self.refresh()

    @property
    def search_query(self) -> str:
        """The in-article search being highlighted."""
        return self._marks.search_query

    @property
    def search_current(self) -> tuple[int, int] | None:
        """The current match as (block index, occurrence within the block)."""
        return self._marks.search_current

    @property
    def progress(self) -> int:
        """How far the article has been read, in percent of its scroll height."""
        if self.max_scroll_y <= 0:
            return 100
        return max(0, min(100, round(100 * self.scroll_y / self.max_scroll_y)))

    @property
    def current_block(self) -> Block | None:
        """The block under the cursor, if any."""
        blocks = self.document.blocks
        return blocks[self.cursor] if 0 <= self.cursor < len(blocks) else None

    def go_to_block(self, index: int, *, top: bool = True, scroll: int | None = None) -> None:
        """Put the cursor on block `index` and scroll it into view (near the top when `top`).

        With `scroll`, the view scrolls to that row instead (going back to an exact place).
        """
        if not self.document.blocks:
            return
        index = max(0, min(index, len(self.document.blocks) - 1))
        self._set_cursor(index, scroll=False)
        if scroll is None:
            self._scroll_to_block(index, top=top)
        else:
            self._scroll_to_row(scroll)

    def action_scroll_line(self, delta: int) -> None:
        """Scroll by one line."""
        self.scroll_to(y=self.scroll_y + delta, animate=False)

    def action_scroll_page(self, delta: int) -> None:
        """Scroll by a page, keeping two lines of context."""
        page = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_y + delta * page, animate=False)

    def action_go_top(self) -> None:
        """Go to the top of the article."""
        self.scroll_to(y=0, animate=False)
        if self.document.blocks:
            self._set_cursor(0, scroll=False)

    def action_go_bottom(self) -> None:
        """Go to the end of the article, once it is laid out (without blocking meanwhile)."""
        if self.laid_out:
            self._finish_go_bottom()
        else:
            self._pending_bottom = True
            self._schedule_layout()

    def action_move_cursor(self, delta: int) -> None:
        """Move the paragraph cursor to the next or previous block."""
        if not self.document.blocks:
            return
        index = max(0, min(self.cursor + delta, len(self.document.blocks) - 1))
        if index != self.cursor:
            self._set_cursor(index, scroll=True)

    def action_move_heading(self, delta: int) -> None:
        """Jump to the next or previous heading."""
        headings = self.document.headings
        if not headings:
            return
        if delta > 0:
            target = next((h for h in headings if h > self.cursor), None)
        else:
            target = next((h for h in reversed(headings) if h < self.cursor), None)
        if target is not None:
            self.go_to_block(target)

    def action_move_link(self, delta: int) -> None:
        """Focus the next or previous link (from the cursor); with no links, the next pane."""
        if not self._links:
            if delta > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        current = self.link_focus or (self.cursor, -1 if delta > 0 else 10**6)
        if delta > 0:
            target = next((link for link in self._links if link > current), self._links[0])
        else:
            earlier = [link for link in self._links if link < current]
            target = earlier[-1] if earlier else self._links[-1]
        self.link_focus = target
        self._set_cursor(target[0], scroll=True)
        self.refresh()

    def action_follow_link(self) -> None:
        """Follow the focused link."""
        if self.link_focus is None:
            return
        index, number = self.link_focus
        links = self.document.blocks[index].links
        if number < len(links):
            self.post_message(self.LinkActivated(self, links[number], index))

    def action_copy_paragraph(self) -> None:
        """Copy the text of the block under the cursor to the clipboard."""
        block = self.current_block
        if block is not None and block.text:
            self.app.copy_to_clipboard(block.text)
            self.notify(t("copy.paragraph"), timeout=3, markup=False)

    def action_scroll_code(self, direction: int) -> None:
        """Scroll the code block under the cursor sideways by a few columns."""
        self.scroll_code(self.cursor, direction * CODE_STEP)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "follow_link":
            return self.link_focus is not None
        if action == "scroll_code":
            block = self.current_block
            return not self.code_wrap and block is not None and block.kind is BlockKind.CODE
        return True

    def set_search(self, query: str, blocks: set[int], current: tuple[int, int] | None) -> None:
        """Highlight `query` in `blocks`, the occurrence `current` (block, n) most strongly."""
        self._marks.search_query = query
        self._marks.search_blocks = blocks if query else set()
        self._marks.search_current = current
        self.refresh()

    def _finish_go_bottom(self) -> None:
        self._pending_bottom = False
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)
        if self.document.blocks:
            self._set_cursor(len(self.document.blocks) - 1, scroll=False)

    def _set_cursor(self, index: int, *, scroll: bool) -> None:
        previous = self.cursor
        self.cursor = index
        self._marks.cursor = index
        if scroll:
            self._scroll_to_block(index, top=False)
        self.refresh()
        if previous != index or not scroll:
            self.post_message(self.CursorMoved(self, index))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._follow_scroll()

    def _follow_scroll(self) -> None:
        """Keep the cursor on screen when the reader scrolls past it."""
        layout = self._layout
        if layout is None or not self.document.blocks:
            return
        height = self.scrollable_content_region.height
        top_row = round(self.scroll_y)
        if self.cursor < layout.laid_out:
            first, after = layout.block_rows(self.cursor)
            if after > top_row and first < top_row + height:
                return
        layout.extend_to_row(top_row + height)
        index = layout.block_at(top_row + 1)
        if index is not None and index != self.cursor:
            if index < layout.laid_out:
                first, _after = layout.block_rows(index)
                if first < top_row and index + 1 < layout.laid_out:
                    index += 1
            self._set_cursor(min(index, len(self.document.blocks) - 1), scroll=False)

    def on_click(self, event: events.Click) -> None:
        """Put the cursor on the clicked block; a click on a link follows it."""
        if self._layout is None:
            return
        row = round(self.scroll_y) + event.y
        index, segments = self._layout.line(row)
        if index is None:
            return
        self._set_cursor(index, scroll=False)
        link = _link_at(segments, event.x + round(self.scroll_x) - GUTTER)
        if link is not None:
            self.link_focus = (index, link)
            self.action_follow_link()


def _links_of(document: Document) -> list[tuple[int, int]]:
    """Every link of `document` as (block index, link number), in reading order."""
    return [
        (index, number)
        for index, block in enumerate(document.blocks)
        for number in range(len(block.links))
    ]


def _link_at(segments: list[Segment], column: int) -> int | None:
    """The number of the link drawn at `column` of a row, if one is."""
    if column < 0:
        return None
    start = 0
    for segment in segments:
        end = start + segment.cell_length
        if start <= column < end:
            meta = segment.style.meta if segment.style is not None else {}
            link = meta.get("link")
            return link if isinstance(link, int) else None
        start = end
    return None
