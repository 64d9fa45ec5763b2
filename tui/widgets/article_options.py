"""The option list under the article list: entries added in slices, drawn when they come in sight.

`ArticleOptions` knows the articles on show and keeps the highlight on them; it does not know why
they are shown. `ArticleList` decides that (filter, order, tag) and how an entry looks.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model.articles.library import Article
from tui.private_api import option_render_cache
from tui.widgets.article_entry import ListEntry

OPTION_SLICE = 2000
"""Entries added to the list at a time: a long list fills in slices, keys answered between."""
_RESTYLE_LIMIT = 64
"""Above this many changed entries every rendered entry is forgotten instead of one by one."""


class ArticleOptions(OptionList):
    """An option list of articles: a long one fills in slices, an entry draws itself on sight."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[Article] = []
        """The articles on show, in order (those of slices still to be added too)."""
        self._filling = 0
        """Counts the list's rebuilds: a slice of an older one is not added."""
        self._wanted: int | None = None
        """An entry to highlight once its slice is in the list."""
        self._moved = False
        """Whether the reader moved the highlight: until then a new view keeps it at the top."""

    @property
    def shown_articles(self) -> list[Article]:
        """The articles on show, in the order shown."""
        return list(self._shown)

    @property
    def highlighted_article(self) -> Article | None:
        """The article under the highlight."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index]

    def shown_index(self, article_id: str) -> int | None:
        """Position of the article with `article_id` among the articles shown."""
        for index, article in enumerate(self._shown):
            if article.id == article_id:
                return index
        return None

    def neighbour(self, article_id: str | None, delta: int) -> Article | None:
        """The article `delta` places from `article_id` in the order shown (None past the ends).

        An article that is not shown (or None) counts as just before the first or after the last.
        """
        index = self.shown_index(article_id) if article_id else None
        if index is None:
            index = -1 if delta > 0 else len(self._shown)
        target = index + delta
        return self._shown[target] if 0 <= target < len(self._shown) else None

    def prompt(self, article: Article, width: int) -> Text:
        """Two lines for `article`, each cut to `width` cells (drawn by the list built on this)."""
        raise NotImplementedError

    def action_cursor_down(self) -> None:
        self._moved = True
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._moved = True
        super().action_cursor_up()

    def action_first(self) -> None:
        self._moved = True
        super().action_first()

    def action_last(self) -> None:
        self._moved = True
        super().action_last()

    def action_page_down(self) -> None:
        self._moved = True
        super().action_page_down()  # type: ignore[no-untyped-call]

    def action_page_up(self) -> None:
        self._moved = True
        super().action_page_up()  # type: ignore[no-untyped-call]

    async def _on_click(self, event: events.Click) -> None:
        self._moved = True
        await super()._on_click(event)

    def on_resize(self, event: events.Resize) -> None:
        # OptionList measures every option again after any resize (the filter's field taking a
        # row is one): 90 ms over 100,000. Entries are two rows high at any width, so only the
        # rows already drawn, cut to the old width, need drawing again.
        event.prevent_default()
        option_render_cache(self).clear()
        self.refresh()

    def _highlight(self, index: int | None) -> None:
        """Highlight the entry at `index` now, or once its slice has been added."""
        if index is not None and index >= self.option_count:
            self._wanted = index
            return
        self._wanted = None
        self.highlighted = index

    def _show_entries(self, shown: list[Article]) -> None:
        """Replace the entries with those of `shown`: the first slice now, the rest after paints."""
        self._shown = shown
        self._filling += 1
        self.set_options(Option(ListEntry(self, a)) for a in self._shown[:OPTION_SLICE])
        if len(self._shown) > OPTION_SLICE:
            self.call_after_refresh(self._fill, self._filling, OPTION_SLICE)

    def _fill(self, filling: int, start: int) -> None:
        """Add the next slice of entries of a long list (unless the list was rebuilt since)."""
        if filling != self._filling:
            return
        end = start + OPTION_SLICE
        self.add_options(Option(ListEntry(self, a)) for a in self._shown[start:end])
        if self._wanted is not None:
            self._highlight(self._wanted)
        if end < len(self._shown):
            self.call_after_refresh(self._fill, filling, end)

    def _restyle(self, article_ids: set[str] | frozenset[str]) -> None:
        """Redraw the entries of `article_ids` (all entries when many changed)."""
        if not article_ids:
            return
        # Entries draw themselves from the list's marks and are always two rows high, so
        # forgetting their rendered rows is enough (replacing prompts re-measures all options).
        if len(article_ids) > _RESTYLE_LIMIT:
            option_render_cache(self).clear()
            self.refresh()
            return
        options = {
            self.get_option_at_index(index)
            for article_id in article_ids
            if (index := self.shown_index(article_id)) is not None
        }
        cache = option_render_cache(self)
        for key in [key for key in cache.keys() if key[0] in options]:  # noqa: SIM118 (not iterable)
            cache.discard(key)
        self.refresh()
