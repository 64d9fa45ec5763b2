"""How the reader's panes share the screen: list width, text width, narrow and stacked layouts."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType

from tui.i18n import t
from tui.messages import RememberSetting
from tui.model.articles.library import Article
from tui.model.session.settings import LIST_WIDTHS, TEXT_WIDTHS
from tui.model.session.workspace import Workspace
from tui.screens.navigation import NavigationScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.bindings import translate_bindings
from tui.widgets.footer import ReaderFooter

NARROW = 90
"""Below this many columns the list and the article take turns instead of sharing the screen."""
STACKED = 130
"""Below this many columns the comment pane sits under the article instead of beside it."""
COMMENTS_WIDTH = 40
"""Columns of the comment pane beside the article (app.tcss)."""
ARTICLE_ROOM = 40
"""Columns the list always leaves to the article when the reader widens it."""


class PanesScreen(NavigationScreen):
    """Sizes the panes to the screen and to the reader's choices, and shows reading progress.

    | Key(s) | Description |
    | :- | :- |
    | w | Text width: narrow, normal, wide, full (remembered). |
    | < / > | Make the article list narrower / wider (remembered). |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "cycle_text_width", "bind.text_width", show=False, id="cycle_text_width"),
        Binding(
            "less_than_sign",
            "resize_list(-4)",
            "bind.list_narrower",
            show=False,
            id="list_narrower",
        ),
        Binding(
            "greater_than_sign", "resize_list(4)", "bind.list_wider", show=False, id="list_wider"
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        articles: list[Article],
        author: str | None,
        text_width: str | None,
        list_width: int | None,
    ) -> None:
        super().__init__(workspace, articles, author)
        translate_bindings(self)
        self._text_width = text_width if text_width in TEXT_WIDTHS else "normal"
        self._list_width = list_width
        self._list_hidden = False

    def _show_article_pane(self) -> None:
        self.remove_class("-list-only")

    def action_cycle_text_width(self) -> None:
        """Let the text run narrower or wider: narrow, normal, wide, full, and round again."""
        index = (TEXT_WIDTHS.index(self._text_width) + 1) % len(TEXT_WIDTHS)
        self._text_width = TEXT_WIDTHS[index]
        self.query_one(ArticleView).set_text_width(self._text_width)
        self.notify(t(f"text_width.{self._text_width}"), timeout=2, markup=False)
        self.post_message(RememberSetting("text_width", self._text_width))

    def action_resize_list(self, delta: int) -> None:
        """Make the article list `delta` columns wider (or narrower)."""
        current = self.query_one("#list-pane").outer_size.width or list_width(self.size.width)
        wanted = max(LIST_WIDTHS.start, min(LIST_WIDTHS.stop - 1, current + delta))
        self._list_width = min(wanted, max(LIST_WIDTHS.start, self.size.width - ARTICLE_ROOM))
        self._apply_width(self.size.width)
        self.post_message(RememberSetting("list_width", str(self._list_width)))

    def _show_progress(self) -> None:
        """Show in the footer how far the open article has been read."""
        view = self.query_one(ArticleView)
        if self.loaded is None or not view.document.blocks:
            progress = ""
        else:
            progress = t("progress", percent=view.progress)
        self.query_one(ReaderFooter).show_progress(progress)

    def action_toggle_comments(self) -> None:
        """Show or hide the comment pane (hidden at first on narrow screens, shown on wide)."""
        self.toggle_class("-comments-shown" if self._narrow else "-comments-hidden")

    @property
    def _narrow(self) -> bool:
        return self.has_class("-narrow")

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        """Share the screen when it is wide; let list and article take turns when narrow."""
        narrow = width < NARROW
        if narrow and not self._narrow:
            nothing_open = self.query_one(ArticleList).open_id is None
            self.set_class(
                nothing_open or self.focused is self.query_one(ArticleList), "-list-only"
            )
        self.set_class(narrow, "-narrow")
        pane = self.query_one("#list-pane")
        columns = list_width(width)
        if self._list_width:
            # The reader's choice, but never so wide that the article has no room.
            columns = min(self._list_width, max(LIST_WIDTHS.start, width - ARTICLE_ROOM))
        pane.styles.width = "1fr" if narrow else columns
        self.set_class(width < STACKED, "-stacked")
        self.set_class(not narrow and self._list_hidden, "-list-hidden")


def list_width(width: int) -> int:
    """Columns of the article list on a screen `width` columns wide, unless the reader chose:
    about three eighths of what the comment pane leaves, 34 to 60."""
    room = width - COMMENTS_WIDTH if width >= STACKED else width
    return max(34, min(60, room * 3 // 8))
