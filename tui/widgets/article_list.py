"""The article list: title, author, date and reading time of every article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.i18n import active
from tui.model.library import Article
from tui.model.text import sanitize_name
from tui.widgets.bindings import localise


class ArticleList(OptionList):
    """Lists the articles of the folder; enter opens the highlighted one.

    | Key(s) | Description |
    | :- | :- |
    | j, down / k, up | Move the highlight. |
    | enter | Open the highlighted article. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "bind.cursor_down", show=False, id="list_down"),
        Binding("k,up", "cursor_up", "bind.cursor_up", show=False, id="list_up"),
        Binding("g,home", "first", "bind.top", show=False, id="list_top"),
        Binding("G,end", "last", "bind.bottom", show=False, id="list_bottom"),
        Binding("pagedown", "page_down", "bind.page_down", show=False, id="list_page_down"),
        Binding("pageup", "page_up", "bind.page_up", show=False, id="list_page_up"),
        Binding("enter", "select", "bind.open", id="open_article"),
    ]

    DEFAULT_CSS = """
    ArticleList, ArticleList:focus {
        border: none;
        padding: 0;
        background: $surface;
    }
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bindings = localise(self._bindings)
        self.articles: list[Article] = []
        """Articles in list order."""
        self.comment_counts: dict[str, int] = {}
        """Comments per article id, shown after the reading time."""
        self.open_id: str | None = None
        """Id of the article on show, marked in the list."""
        self._built_width = 0

    def set_articles(self, articles: Sequence[Article]) -> None:
        """Show `articles`, keeping the highlight on the same article where possible."""
        highlighted = self.highlighted_article
        self.articles = list(articles)
        self._rebuild(highlighted.id if highlighted else None)

    def set_comment_counts(self, counts: dict[str, int]) -> None:
        """Show new comment counts."""
        if counts != self.comment_counts:
            self.comment_counts = dict(counts)
            self._rebuild(self.highlighted_article.id if self.highlighted_article else None)

    def mark_open(self, article_id: str | None) -> None:
        """Mark the article on show and move the highlight to it."""
        self.open_id = article_id
        self._rebuild(article_id)

    @property
    def highlighted_article(self) -> Article | None:
        """The article under the highlight."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.articles):
            return None
        return self.articles[index]

    def index_of(self, article_id: str) -> int | None:
        """Position of the article with `article_id` in the list."""
        for index, article in enumerate(self.articles):
            if article.id == article_id:
                return index
        return None

    def _rebuild(self, highlight_id: str | None) -> None:
        self._built_width = self.size.width
        self.clear_options()
        self.add_options(Option(self._prompt(article), id=None) for article in self.articles)
        index = self.index_of(highlight_id) if highlight_id else None
        if index is None and self.articles:
            index = 0
        self.highlighted = index

    def _prompt(self, article: Article) -> Text:
        """Two lines per article: the title, then author, date, reading time and comments."""
        t = active()
        marker = "▶ " if article.id == self.open_id else "  "
        prompt = Text(marker, style="bold")
        prompt.append(sanitize_name(article.title), style="bold")
        details = [
            sanitize_name(article.author) if article.author else "",
            t.date(article.date),
            t.reading_time(article.word_count) if article.problem is None else t("list.problem"),
        ]
        count = self.comment_counts.get(article.id, 0)
        if count:
            details.append(f"✎ {count}")
        meta = Text("  " + " · ".join(part for part in details if part), style="dim")
        # Option prompts wrap; cut each line to the list's width so every entry is two rows.
        width = max(8, self.scrollable_content_region.width or 32)
        prompt.truncate(width, overflow="ellipsis")
        meta.truncate(width, overflow="ellipsis")
        return Text("\n").join([prompt, meta])

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._built_width:
            self._rebuild(self.highlighted_article.id if self.highlighted_article else None)

    @on(OptionList.OptionSelected)
    def _post_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.articles):
            self.post_message(self.Chosen(self, self.articles[event.option_index]))
