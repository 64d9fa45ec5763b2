"""How the reader's panes share the screen: list width, text width, narrow and stacked layouts."""

from __future__ import annotations

from textual.screen import Screen

from tui.i18n import t
from tui.messages import RememberSetting
from tui.model.session.reading_session import ReadingSession
from tui.model.session.settings import LIST_WIDTHS, TEXT_WIDTHS
from tui.screens.part import ReaderPart
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.footer import ReaderFooter

NARROW = 90
"""Below this many columns the list and the article take turns instead of sharing the screen."""
STACKED = 130
"""Below this many columns the comment pane sits under the article instead of beside it."""
COMMENTS_WIDTH = 40
"""Columns of the comment pane beside the article (app.tcss)."""
ARTICLE_ROOM = 40
"""Columns the list always leaves to the article when the reader widens it."""


class PanesPart(ReaderPart):
    """Sizes the panes to the screen and to the reader's choices, and shows reading progress."""

    def __init__(
        self,
        screen: Screen[None],
        session: ReadingSession,
        text_width: str | None,
        list_width: int | None,
    ) -> None:
        super().__init__(screen, session)
        self.text_width = text_width if text_width in TEXT_WIDTHS else "normal"
        """How wide the text runs: one of `TEXT_WIDTHS`."""
        self._list_width = list_width
        self._list_hidden = False

    @property
    def narrow(self) -> bool:
        """Whether list and article take turns instead of sharing the screen."""
        return self.screen.has_class("-narrow")

    def show_article_pane(self) -> None:
        """On a narrow screen, show the article instead of the list."""
        self.screen.remove_class("-list-only")

    def show_list_pane(self) -> None:
        """Show the list again (on a narrow screen, instead of the article) and focus it."""
        self._list_hidden = False
        self.screen.remove_class("-list-hidden")
        self.screen.set_class(self.narrow, "-list-only")
        self.screen.query_one(ArticleList).focus()

    def toggle_list(self) -> bool:
        """Show or hide the list; False when on a narrow screen the list should come back."""
        screen = self.screen
        if self.narrow and not screen.has_class("-list-only"):
            return False
        if self.narrow:
            self.show_article_pane()
            screen.query_one(ArticleView).focus()
        else:
            self._list_hidden = not self._list_hidden
            screen.set_class(self._list_hidden, "-list-hidden")
            if self._list_hidden:
                screen.query_one(ArticleView).focus()
        return True

    def toggle_comments(self) -> None:
        """Show or hide the comment pane (hidden at first on narrow screens, shown on wide)."""
        self.screen.toggle_class("-comments-shown" if self.narrow else "-comments-hidden")

    def cycle_text_width(self) -> None:
        """Let the text run narrower or wider: narrow, normal, wide, full, and round again."""
        index = (TEXT_WIDTHS.index(self.text_width) + 1) % len(TEXT_WIDTHS)
        self.text_width = TEXT_WIDTHS[index]
        self.screen.query_one(ArticleView).set_text_width(self.text_width)
        self.notify(t(f"text_width.{self.text_width}"), timeout=2)
        self.post(RememberSetting("text_width", self.text_width))

    def resize_list(self, delta: int) -> None:
        """Make the article list `delta` columns wider (or narrower)."""
        width = self.screen.size.width
        current = self.screen.query_one("#list-pane").outer_size.width or list_width(width)
        wanted = max(LIST_WIDTHS.start, min(LIST_WIDTHS.stop - 1, current + delta))
        self._list_width = min(wanted, max(LIST_WIDTHS.start, width - ARTICLE_ROOM))
        self.apply_width(width)
        self.post(RememberSetting("list_width", str(self._list_width)))

    def show_progress(self) -> None:
        """Show in the footer how far the open article has been read."""
        view = self.screen.query_one(ArticleView)
        if self.session.loaded is None or not view.document.blocks:
            progress = ""
        else:
            progress = t("progress", percent=view.progress)
        self.screen.query_one(ReaderFooter).show_progress(progress)

    def start(self, width: int) -> None:
        """Give the screen the classes for `width` before it is first styled.

        A change of the screen's classes restyles every widget on it: made before the first
        styling, it costs nothing.
        """
        classes = self._width_classes(width, list_only=width < NARROW)
        self.screen.update_classes(classes, update=False)

    def apply_width(self, width: int) -> None:
        """Share the screen when it is wide; let list and article take turns when narrow."""
        screen = self.screen
        narrow = width < NARROW
        list_only = screen.has_class("-list-only")
        if narrow and not self.narrow:
            article_list = screen.query_one(ArticleList)
            list_only = article_list.open_id is None or screen.focused is article_list
        screen.update_classes(self._width_classes(width, list_only))
        pane = screen.query_one("#list-pane")
        columns = list_width(width)
        if self._list_width:
            # The reader's choice, but never so wide that the article has no room.
            columns = min(self._list_width, max(LIST_WIDTHS.start, width - ARTICLE_ROOM))
        pane.styles.width = "1fr" if narrow else columns

    def _width_classes(self, width: int, list_only: bool) -> dict[str, bool]:
        """The screen's layout classes at `width` columns."""
        narrow = width < NARROW
        return {
            "-narrow": narrow,
            "-list-only": list_only,
            "-stacked": width < STACKED,
            "-list-hidden": not narrow and self._list_hidden,
        }


def list_width(width: int) -> int:
    """Columns of the article list on a screen `width` columns wide, unless the reader chose:
    about three eighths of what the comment pane leaves, 34 to 60."""
    room = width - COMMENTS_WIDTH if width >= STACKED else width
    return max(34, min(60, room * 3 // 8))
