"""The reader: article list, article view and footer, and the moves between articles."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.i18n import active, t
from tui.messages import ArticleLoaded
from tui.model.library import Article, LoadedArticle, load_article
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.bindings import localise

NARROW = 90
"""Below this many columns the list and the article take turns instead of sharing the screen."""


class ReaderScreen(Screen[None]):
    """Owns the folder's articles and shows one of them beside the list.

    | Key(s) | Description |
    | :- | :- |
    | J / K | Open the next / previous article. |
    | esc, backspace | Back to the list. |
    | l | Show or hide the article list. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("J", "next_article", "bind.next_article", id="next_article"),
        Binding("K", "previous_article", "bind.previous_article", id="previous_article"),
        Binding("escape,backspace", "go_back", "bind.back", id="go_back"),
        Binding("l", "toggle_list", "bind.toggle_list", id="toggle_list"),
    ]

    def __init__(self, root: Path, articles: list[Article], open_id: str | None = None) -> None:
        super().__init__()
        self._bindings = localise(self._bindings)
        self.root = root
        """The content folder."""
        self.articles = articles
        """The folder's articles, in list order."""
        self.loaded: LoadedArticle | None = None
        """The article on show, with its document."""
        self._open_on_start = open_id
        self._list_hidden = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield Static(id="list-title", markup=False)
                yield ArticleList(id="list")
            yield ArticleView(id="article")
        yield Footer()

    def on_mount(self) -> None:
        article_list = self.query_one(ArticleList)
        self.query_one("#list-title", Static).update(t("list.count", count=len(self.articles)))
        article_list.set_articles(self.articles)
        view = self.query_one(ArticleView)
        view.show(view.document, "", "", t("article.none"))
        self._apply_width(self.size.width)
        target = next((a for a in self.articles if a.id == self._open_on_start), None)
        if target is not None:
            self.open_article(target)
        else:
            article_list.focus()

    @property
    def open_article_id(self) -> str | None:
        """Id of the article on show."""
        return self.loaded.article.id if self.loaded else None

    def open_article(self, article: Article) -> None:
        """Open `article` in the view (its file is read in a worker)."""
        self.query_one(ArticleList).mark_open(article.id)
        view = self.query_one(ArticleView)
        view.show(view.document.__class__(), article.title, self._byline(article), t("article.loading"))
        self._show_article_pane()
        view.focus()
        self._load(article)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, article: Article) -> None:
        """Read and parse the article off the event loop."""
        self.post_message(ArticleLoaded(load_article(self.root, article)))

    @on(ArticleLoaded)
    def _show_loaded(self, message: ArticleLoaded) -> None:
        loaded = message.loaded
        if self.query_one(ArticleList).open_id != loaded.article.id:
            return
        self.loaded = loaded
        notice = ""
        if loaded.problem is not None:
            reason = t(
                f"problem.{loaded.problem.code}", detail=loaded.problem.detail
            )
            notice = t("article.problem", reason=reason)
        elif not loaded.document.blocks:
            notice = t("article.empty")
        view = self.query_one(ArticleView)
        view.show(loaded.document, loaded.article.title, self._byline(loaded.article), notice)

    def _byline(self, article: Article) -> str:
        """Author, date and reading time in the UI language."""
        tr = active()
        parts = []
        if article.author:
            parts.append(tr("byline.by", author=article.author))
        if article.date:
            parts.append(tr.date(article.date))
        parts.append(tr.reading_time(article.word_count))
        return " · ".join(parts)

    @on(ArticleList.Chosen)
    def _open_chosen(self, message: ArticleList.Chosen) -> None:
        self.open_article(message.article)

    def action_next_article(self) -> None:
        """Open the next article in the list."""
        self._step_article(1)

    def action_previous_article(self) -> None:
        """Open the previous article in the list."""
        self._step_article(-1)

    def _step_article(self, delta: int) -> None:
        if not self.articles:
            return
        article_list = self.query_one(ArticleList)
        current = self.open_article_id or (
            article_list.highlighted_article.id if article_list.highlighted_article else None
        )
        index = article_list.index_of(current) if current else None
        if index is None:
            index = -1 if delta > 0 else len(self.articles)
        target = index + delta
        if 0 <= target < len(self.articles):
            focused = self.focused
            self.open_article(self.articles[target])
            if focused is article_list and not self._narrow:
                article_list.focus()

    def action_go_back(self) -> None:
        """Go back to the article list ("Zurück")."""
        self._list_hidden = False
        self.remove_class("-list-hidden")
        self.set_class(self._narrow, "-list-only")
        self.query_one(ArticleList).focus()

    def action_toggle_list(self) -> None:
        """Show or hide the article list (on narrow screens: switch between list and article)."""
        if self._narrow and not self.has_class("-list-only"):
            self.action_go_back()
        elif self._narrow:
            self._show_article_pane()
            self.query_one(ArticleView).focus()
        else:
            self._list_hidden = not self._list_hidden
            self.set_class(self._list_hidden, "-list-hidden")
            if self._list_hidden:
                self.query_one(ArticleView).focus()

    def _show_article_pane(self) -> None:
        self.remove_class("-list-only")

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
            self.set_class(nothing_open or self.focused is self.query_one(ArticleList), "-list-only")
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow and self._list_hidden, "-list-hidden")
