"""Opening articles: reading them off the event loop, showing them, and the list's marks.

`open` asks the session for an article and starts a thread job that reads it and its comments
and posts `ArticleLoaded` and `CommentsChanged`; `show` takes the result on the event loop and
does what the session decides (show, extend, or drop a stale one).
"""

from __future__ import annotations

import gc
import threading
from datetime import UTC, datetime

from textual.screen import Screen
from textual.widgets import Static

from tui.i18n import active, t
from tui.messages import ArticleLoaded, CommentsChanged
from tui.model.articles.blocks import Document
from tui.model.articles.head import HEAD_BYTES
from tui.model.articles.library import Article, LoadedArticle, load_article, load_article_head
from tui.model.session.reading_session import Arrival, Opening, ReadingSession, Received
from tui.model.session.workspace import Workspace
from tui.render.code import warm_up
from tui.render.styles import RenderStyles
from tui.screens.part import ReaderPart
from tui.screens.reader_discussion import place
from tui.widgets.article_list import ArticleList

FREEZE_AT = 20_000
"""From this many articles, the garbage collector leaves the objects alive after a whole list."""
LOADING_DELAY = 0.15
"""Seconds an article may take to arrive before the view says it is loading."""
READ_AT_ONCE = 2 * HEAD_BYTES
"""Bytes up to which the article the reader starts on is read before the first paint (a load
job parses such an article in one piece anyway; 64 KiB of Markdown take about 30 ms)."""
PAINT_WAIT = 1.0
"""Longest wait of a load job for its text to be painted before it loads the code lexers."""


def byline(article: Article, count: int | None = None) -> str:
    """Author, date, reading time, tags and comment count in the UI language."""
    tr = active()
    parts = []
    if article.author:
        parts.append(tr("byline.by", author=article.author))
    if article.date:
        parts.append(tr.date(article.date))
    parts.append(tr.reading_time(article.word_count))
    if article.tags:
        parts.append(" ".join(f"#{tag}" for tag in article.tags))
    if count is not None:
        parts.append(tr.comment_count(count))
    return " · ".join(parts)


class ArticlesPart(ReaderPart):
    """The article list and the article view: what is listed, what is open, what is read."""

    def __init__(
        self,
        screen: Screen[None],
        session: ReadingSession,
        workspace: Workspace,
        total: int | None = None,
    ) -> None:
        super().__init__(screen, session)
        self.workspace = workspace
        """The content folder and its comment store."""
        self._counts_asked = 0
        self._first_page_of = total
        """The folder's count while the list holds only the first page of it (None after)."""
        self._painted = threading.Event()

    def _list(self) -> ArticleList:
        return self.screen.query_one(ArticleList)

    def show_list(self, *, whole: bool = False) -> None:
        """List the session's articles (`whole`: the whole folder, not its first page now)."""
        if whole:
            self._first_page_of = None
            if len(self.session.articles) > FREEZE_AT:
                # The entries live as long as the list: a full collection walking them all again
                # would stop the reader for a quarter of a second at 100,000 (they hold no cycles,
                # so they are still freed when the list lets them go).
                gc.freeze()
        count = max(len(self.session.articles), self._first_page_of or 0)
        # The session's articles come in the default order: from a scan, the index or a pass.
        self._list().set_articles(self.session.articles, total=count, by_date=True)
        self.show_reading_marks()
        self.screen.query_one("#list-title", Static).update(t("list.count", count=count))

    def open(
        self, opening: Opening, *, focus: bool = True, now: bool = False
    ) -> ArticleLoaded | None:
        """Start reading the article asked for; it shows when `show` gets it.

        With `now`, a short article is read at once and returned, for the caller to show
        before the next paint.
        """
        article = opening.article
        self._list().mark_open(article.id)
        if focus:
            self.view().focus()
        loaded = self._load(article, now=now)
        if loaded is not None:
            return loaded
        # Most articles arrive within a frame or two; say "Loading" only for the slow ones.
        self.screen.set_timer(LOADING_DELAY, lambda: self._show_loading(article))
        return None

    def _show_loading(self, article: Article) -> None:
        """Show the article's title and a loading note while its file is still being read."""
        opening = self.session.opening
        if (
            opening is not None
            and opening.article is article
            and self.session.open_id != article.id
        ):
            self.view().show(Document(), article.title, byline(article), t("article.loading"))

    def _load(self, article: Article, *, now: bool = False) -> ArticleLoaded | None:
        """Read and parse the article and its comments off the event loop.

        With `now`, a short article is read right here and returned for the caller to show,
        and only its comments are placed off the event loop.
        """
        root, store = self.workspace.root, self.workspace.comments
        dark = self.app.current_theme.dark
        # An earlier job still waiting for its text to be painted need not wait any longer.
        self._painted.set()
        painted = self._painted = threading.Event()

        def read(with_head: bool) -> ArticleLoaded:
            stat_key = store.stat_key(article.id)  # before the read: a later write is seen as new
            comment_file = store.load(article.id)
            head = load_article_head(root, article) if with_head else None
            if head is not None:
                self.post(ArticleLoaded(head, comment_file, complete=False, stat_key=stat_key))
            return ArticleLoaded(load_article(root, article), comment_file, stat_key=stat_key)

        def finish(message: ArticleLoaded) -> None:
            loaded, comment_file = message.loaded, message.comment_file
            # The text shows first; placing a thousand comments on it may take a moment.
            placed = place(loaded, comment_file)
            self.post(CommentsChanged(article.id, comment_file, placed=placed, loaded=loaded))
            # Code shows plain until its lexers are loaded (too slow for the event loop): here,
            # once the text is on screen, so that loading them does not hold up its painting.
            painted.wait(PAINT_WAIT)
            theme = RenderStyles.default(dark=dark).code_theme
            if warm_up(_languages(loaded), theme):
                self.app.call_from_thread(self._highlight_code, article.id)

        if now and article.size <= READ_AT_ONCE:
            message = read(with_head=False)
            # After the paint: a thread running beside the first frame slows it down.
            self.screen.call_after_refresh(
                lambda: self.in_thread(lambda: finish(message), "load", exclusive=True)
            )
            return message

        def job() -> None:
            message = read(with_head=True)
            self.post(message)
            finish(message)

        self.in_thread(job, "load", exclusive=True)
        return None

    def _highlight_code(self, article_id: str) -> None:
        """Lay the article out again now that its code can be highlighted."""
        if self.session.open_id == article_id:
            self.view().refresh_layout()

    def show(self, message: ArticleLoaded) -> Received:
        """Show an article a worker read, as the session decides."""
        loaded = message.loaded
        received = self.session.receive(loaded, complete=message.complete)
        if received is Received.IGNORE:
            return received
        view = self.view()
        if received is Received.EXTEND:
            view.extend_document(loaded.document)
        else:
            view.show(
                loaded.document,
                loaded.article.title,
                byline(loaded.article),
                _notice(loaded),
                complete=message.complete,
            )
            self.session.stat_key = message.stat_key
        if message.complete:
            self.screen.call_after_refresh(self._painted.set)
        return received

    def arrive(self) -> Arrival:
        """The whole article is there: mark it read; where it opens is for navigation."""
        arrival = self.session.arrive(datetime.now(UTC))
        self.show_reading_marks()
        return arrival

    def show_count(self, count: int) -> None:
        """Show the open article's comment count in its byline and in the list."""
        loaded = self.session.loaded
        if loaded is None:
            return
        self.view().set_byline(byline(loaded.article, count))
        self._list().set_comment_counts(dict(self.session.comment_counts))

    def count_comments(self, author: str | None) -> None:
        """Read every article's comment count, and which have comments since the last visit.

        Comments by `author`, the reader, are never news.
        """
        store, visits = self.workspace.comments, self.session.visits()
        # Counts read later win: a slow count started before a change must not undo it.
        self._counts_asked += 1
        asked = self._counts_asked

        def job() -> None:
            counts = store.comment_counts(list(visits))
            new: set[str] = set()
            for article_id, count in counts.items():
                visited = visits.get(article_id)
                if not count or visited is None:
                    continue
                others = [c for c in store.load(article_id).comments if c.author != author]
                if others and max(c.last_changed for c in others) > visited:
                    new.add(article_id)
            self.app.call_from_thread(self._counted, asked, counts, new)

        self.in_thread(job, "counts")

    def _counted(self, asked: int, counts: dict[str, int], new: set[str]) -> None:
        if asked != self._counts_asked:
            return  # a later count is on its way
        self.session.comment_counts.update(counts)
        new.discard(self.session.open_id or "")
        self.session.new_comments = new
        self._list().set_comment_counts(dict(self.session.comment_counts))
        self.show_reading_marks()

    def show_reading_marks(self) -> None:
        """Mark unread articles, and those with comments since the last visit, in the list."""
        self._list().set_reading(self.session.read(), self.session.new_comments)

    def step(self, delta: int) -> Article | None:
        """The article `delta` places away in the list as shown (filtered and sorted)."""
        article_list = self._list()
        if self.session.current_id is None and article_list.highlighted_article is not None:
            return article_list.neighbour(article_list.highlighted_article.id, delta)
        return self.session.neighbour(article_list.shown_articles, delta)


def _notice(loaded: LoadedArticle) -> str:
    """What to say above the article: why it could not be read, or that it is empty."""
    if loaded.problem is not None:
        reason = t(f"problem.{loaded.problem.code}", detail=loaded.problem.detail)
        # Broken front matter still leaves a readable text: say so above it.
        key = "article.warning" if loaded.document.blocks else "article.problem"
        return t(key, reason=reason)
    return "" if loaded.document.blocks else t("article.empty")


def _languages(loaded: LoadedArticle) -> set[str]:
    """The languages of the article's code blocks."""
    return {b.language for b in loaded.document.blocks if b.language}
