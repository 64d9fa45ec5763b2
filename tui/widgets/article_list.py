"""The article list: title, author, date and reading time of every article, filtered and sorted.

The list keeps every article of the folder in `articles` and shows a view of them: narrowed to a
tag, filtered by typed text (folded, so "mueller" finds "Müller") and sorted by date, title or
comment count. Entries are drawn only when they scroll into sight, so 10,000 articles stay quick.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.i18n import t
from tui.model.articles.library import Article, SortKey
from tui.model.text import sanitize_line
from tui.widgets.article_entry import entry_text
from tui.widgets.article_options import ArticleOptions
from tui.widgets.bindings import translate_bindings
from tui.widgets.list_filter import FilterIndex, ListFilter, ViewAsked, compute_view

SORT_KEYS: tuple[SortKey, ...] = ("date", "title", "comments", "folder")
"""The orders `s` cycles through."""
INSTANT_FILTER_LIMIT = 3000
"""Up to this many articles the filter follows every keystroke; above it waits for a pause."""
FILTER_DELAY = 0.15
"""Seconds of no typing before a large list is filtered."""


class ArticleList(ArticleOptions):
    """Lists the articles of the folder; enter opens the highlighted one.

    | Key(s) | Description |
    | :- | :- |
    | j, down / k, up | Move the highlight. |
    | enter | Open the highlighted article. |
    | / | Filter by title, author or tag (esc clears, enter keeps it). |
    | s | Sort by date, title, comment count or folder. |
    | # | Show only the articles with one tag. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "bind.cursor_down", show=False, id="list_down"),
        Binding("k,up", "cursor_up", "bind.cursor_up", show=False, id="list_up"),
        Binding("g,home", "first", "bind.top", show=False, id="list_top"),
        Binding("G,end", "last", "bind.bottom", show=False, id="list_bottom"),
        Binding("pagedown", "page_down", "bind.page_down", show=False, id="list_page_down"),
        Binding("pageup", "page_up", "bind.page_up", show=False, id="list_page_up"),
        Binding("enter", "select", "bind.open", id="open_article"),
        Binding("slash", "filter_list", "bind.filter_list", id="filter_list"),
        Binding("s", "cycle_sort", "bind.cycle_sort", id="cycle_sort"),
        Binding("number_sign", "pick_tag", "bind.pick_tag", id="pick_tag"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--unread",
        "article-list--new",
        "article-list--match",
    }

    DEFAULT_CSS = """
    ArticleList, ArticleList:focus {
        border: none;
        padding: 0;
        background: $surface;
    }
    ArticleList > .article-list--unread { color: $accent; text-style: bold; }
    ArticleList > .article-list--new { color: $warning; text-style: bold; }
    ArticleList > .article-list--match { text-style: bold underline; }
    """

    class Chosen(Message):
        """The reader chose an article to open."""

        def __init__(self, article_list: ArticleList, article: Article) -> None:
            super().__init__()
            self.article_list = article_list
            """The list it was chosen in."""
            self.article = article
            """The chosen article."""

        @property
        def control(self) -> ArticleList:
            """The list it was chosen in."""
            return self.article_list

    class TagPickRequested(Message):
        """The reader asked to narrow the list to a tag (the screen shows the picker)."""

        def __init__(self, article_list: ArticleList) -> None:
            super().__init__()
            self.article_list = article_list
            """The list to narrow."""

        @property
        def control(self) -> ArticleList:
            """The list to narrow."""
            return self.article_list

    class ViewChanged(Message):
        """What the list shows changed: how many, in which order, narrowed how."""

        def __init__(
            self,
            article_list: ArticleList,
            shown: int,
            total: int,
            sort_key: SortKey,
            tag: str | None,
            filter: str,
        ) -> None:
            super().__init__()
            self.article_list = article_list
            """The list."""
            self.shown = shown
            """Articles on show."""
            self.total = total
            """Articles in the folder."""
            self.sort_key = sort_key
            """The order: "date", "title" or "comments"."""
            self.tag = tag
            """The tag the list is narrowed to, if any."""
            self.filter = filter
            """The filter text typed (empty: none)."""
            self.title = article_list.view_title()
            """The list's title line in the UI language ("Articles (3 of 12) · by title")."""

        @property
        def control(self) -> ArticleList:
            """The list."""
            return self.article_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.articles: list[Article] = []
        """Every article, in the order given to `set_articles`."""
        self.total = 0
        """The folder's articles (more than `articles` while the list holds its first page)."""
        self.comment_counts: dict[str, int] = {}
        """Comments per article id, shown after the reading time."""
        self.open_id: str | None = None
        """Id of the article on show, marked in the list."""
        self.read: frozenset[str] = frozenset()
        """Ids of articles opened before; the others are marked with a dot."""
        self.new_comments: frozenset[str] = frozenset()
        """Ids of articles with comments newer than the last visit."""
        self.sort_key: SortKey = "date"
        """The order of the list."""
        self.tag: str | None = None
        """Only articles with this tag are shown (None: all)."""
        self.filter_text = ""
        """Only articles whose title, author or tags match this are shown."""
        self._orders: dict[SortKey, list[Article]] = {}
        self._computing = 0
        """Counts the views asked for: a view computed for an older one is not shown."""
        self._index = FilterIndex()
        self._filter_timer: Timer | None = None

    def set_articles(
        self, articles: Sequence[Article], *, total: int | None = None, by_date: bool = False
    ) -> None:
        """Show `articles`, keeping the highlight on the same article where possible.

        `total` counts the folder's articles when `articles` are only the first of them;
        `by_date` says they come in the default order already (sorting them again is not free).
        """
        self.articles = list(articles)
        self.total = len(self.articles) if total is None else max(total, len(self.articles))
        self._orders.clear()
        if by_date:
            self._orders["date"] = self.articles
        self._index.clear()
        self._refresh_view()

    def set_comment_counts(self, counts: dict[str, int]) -> None:
        """Show new comment counts (and reorder when sorted by them)."""
        if counts == self.comment_counts:
            return
        old = self.comment_counts
        self.comment_counts = dict(counts)
        self._orders.pop("comments", None)
        if self.sort_key == "comments":
            self._refresh_view()
        else:
            changed = {k for k in old.keys() | counts.keys() if old.get(k, 0) != counts.get(k, 0)}
            self._restyle(changed)

    def set_reading(self, read: Iterable[str], new_comments: Iterable[str]) -> None:
        """Mark the articles never opened (not in `read`), and those with comments newer than
        the last visit."""
        read_ids, new_ids = frozenset(read), frozenset(new_comments)
        changed = (read_ids ^ self.read) | (new_ids ^ self.new_comments)
        self.read, self.new_comments = read_ids, new_ids
        self._restyle(changed)

    def is_unread(self, article_id: str) -> bool:
        """Whether the article is marked as never opened."""
        return article_id not in self.read

    def set_tag(self, tag: str | None) -> None:
        """Show only the articles tagged `tag`, or all of them for None."""
        if tag != self.tag:
            self.tag = tag
            self._refresh_view()

    def set_sort(self, key: SortKey) -> None:
        """Sort the list by `key`: "date" (newest first), "title", "comments" (most first) or
        "folder" (grouped by folder, then by title)."""
        if key != self.sort_key and key in SORT_KEYS:
            self.sort_key = key
            self._refresh_view()

    def set_filter(self, text: str, *, immediate: bool = False) -> None:
        """Show only articles whose title, author or tags contain every word of `text`."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if text == self.filter_text and not immediate:
            return
        self.filter_text = text
        if immediate or len(self.articles) <= INSTANT_FILTER_LIMIT or not self.is_mounted:
            self._refresh_view()
        else:
            # Rebuilding a long list on every keystroke lags behind the typing: wait for a pause.
            self._filter_timer = self.set_timer(FILTER_DELAY, self._refresh_view)

    def mark_open(self, article_id: str | None) -> None:
        """Mark the article on show and move the highlight to it."""
        previous, self.open_id = self.open_id, article_id
        self._restyle({i for i in (previous, article_id) if i is not None})
        index = self.shown_index(article_id) if article_id else None
        if index is not None:
            self._highlight(index)

    def view_title(self) -> str:
        """The list's title line: counts, order and tag in the UI language."""
        total, shown = self.total, len(self._shown)
        if shown == len(self.articles):
            parts = [t("list.count", count=total)]
        else:
            parts = [t("list.count.shown", shown=shown, total=total)]
        parts.append(t(f"list.sort.{self.sort_key}"))
        if self.tag is not None:
            parts.append("#" + sanitize_line(self.tag))
        return " · ".join(parts)

    async def action_filter_list(self) -> None:
        """Open the filter field above the list."""
        field = await self._filter_field()
        if field is not None:
            field.open()

    def action_cycle_sort(self) -> None:
        """Sort by the next key: date, title, comment count, and folder where there are some."""
        keys = SORT_KEYS
        if not any("/" in article.relpath for article in self.articles):
            keys = tuple(key for key in SORT_KEYS if key != "folder")
        current = keys.index(self.sort_key) if self.sort_key in keys else -1
        self.set_sort(keys[(current + 1) % len(keys)])

    def action_pick_tag(self) -> None:
        """Ask for the tag picker (the screen shows it and calls `set_tag` with the choice)."""
        self.post_message(self.TagPickRequested(self))

    async def _filter_field(self) -> ListFilter | None:
        """The filter field above the list, mounted the first time it is needed."""
        parent = self.parent
        if not isinstance(parent, Widget):
            return None
        for child in parent.children:
            if isinstance(child, ListFilter) and child.article_list is self:
                return child
        field = ListFilter(self)
        await parent.mount(field, before=self)
        return field

    def _refresh_view(self) -> None:
        """Recompute the articles on show and rebuild the options, keeping the highlight.

        A long list is sorted, narrowed and filtered in a thread (100,000 titles take a few
        tenths of a second to fold): the list shows what it showed until the result is there.
        """
        self._filter_timer = None
        asked = ViewAsked(
            self.articles,
            self.sort_key,
            dict(self.comment_counts),
            self.tag,
            self.filter_text,
            self._orders.get(self.sort_key),
            self._index,
        )
        self._computing += 1  # a view still being computed is out of date now
        if len(self.articles) <= INSTANT_FILTER_LIMIT or not self.is_mounted or asked.ready:
            self._show_view(asked.sort_key, *compute_view(asked))
            return
        computing = self._computing

        def work() -> None:
            order, shown = compute_view(asked)
            self.app.call_from_thread(self._computed, computing, asked.sort_key, order, shown)

        self.run_worker(work, thread=True, group="list-view", exit_on_error=False)

    def _computed(
        self, computing: int, key: SortKey, order: list[Article], shown: list[Article]
    ) -> None:
        if computing == self._computing:
            self._show_view(key, order, shown)

    def _show_view(self, key: SortKey, order: list[Article], shown: list[Article]) -> None:
        """Show `shown` (of the articles in `order`) and keep the highlight where it was."""
        self._orders[key] = order
        keep = self.highlighted_article
        self._show_entries(shown)
        if not self._shown and self.articles:
            self.add_option(Option(Text(t("list.no_match"), style="dim italic"), disabled=True))
        index = None
        # An untouched list shows its top: on a first start the first entries listed are the
        # oldest read so far, and following one of them would end far down the whole list.
        for wanted in (keep.id if keep and (self._moved or self.open_id) else None, self.open_id):
            if wanted is not None and (index := self.shown_index(wanted)) is not None:
                break
        self._highlight(index if index is not None else (0 if self._shown else None))
        self.post_message(
            self.ViewChanged(
                self,
                len(self._shown),
                self.total,
                self.sort_key,
                self.tag,
                self.filter_text,
            )
        )

    def prompt(self, article: Article, width: int) -> Text:
        """Two lines for `article`, each cut to `width` cells: the title, then the details."""
        return entry_text(self, article, width)

    @on(OptionList.OptionSelected)
    def _post_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._shown):
            self.post_message(self.Chosen(self, self._shown[event.option_index]))
