"""Finding your way: search in the article, headings, links, history and reading positions.

The middle layer of the reader screen (`CommentingScreen` → this → `ReaderScreen`): it knows
the open article and moves within it or to the places its links name; the reader itself
owns the list and the panes.
"""

from __future__ import annotations

import time
import webbrowser
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from textual import on, work
from textual.timer import Timer
from textual.worker import get_current_worker

from tui.i18n import t
from tui.model.articles.blocks import Document
from tui.model.articles.library import Article
from tui.model.articles.links import LinkKind, classify, find_heading
from tui.model.comments.comment import Comment
from tui.model.search.corpus import Indexed, SessionIndex, entry_for
from tui.model.search.find import DocumentMatch, search_document
from tui.model.session.history import History
from tui.model.session.reading import ReadingState, position_at, resolve_position, write_state
from tui.model.session.workspace import Workspace
from tui.screens.commenting import CommentingScreen, CommentsChanged
from tui.screens.confirm import web_link_question
from tui.screens.outline import OutlineScreen
from tui.screens.search import SearchChoice, SearchScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.find_bar import FindBar

BUSY_SECONDS = 0.5
"""After a key press, background indexing stays polite for this long."""
BUSY_PAUSE = 0.01
"""Seconds the indexer rests after each article while the reader is busy."""
SAVE_DELAY = 1.0
"""Seconds after the last cursor move before the reading position is written."""


def open_in_browser(url: str) -> bool:
    """Hand `url` to the system's browser (tests replace this)."""
    return webbrowser.open(url)


@dataclass(frozen=True, slots=True)
class Place:
    """A place to go back to: an article and the block the cursor was on."""

    article_id: str
    """The article."""
    block: int
    """The block under the cursor."""
    scroll: int | None = None
    """The first row on screen, to come back to the exact line (None: bring the block into view)."""


class NavigationScreen(CommentingScreen):
    """Search, headings, links, history and reading positions for the reader screen."""

    def __init__(self, workspace: Workspace, articles: list[Article], author: str | None) -> None:
        super().__init__(workspace, author)
        self.articles = articles
        """The folder's articles, in list order."""
        self.reading = ReadingState.load(workspace.dirs.reading_file(workspace.root))
        """Where the reader left each article, and when each was last visited."""
        self.history: History[Place] = History()
        """Places visited by following links and search results."""
        self.search_index = SessionIndex()
        """Every article and comment of the folder, for the global search (built on first use)."""
        self._last_query = ""
        self._matches: list[DocumentMatch] = []
        self._match: int | None = None
        self._save_timer: Timer | None = None

    def open_article(
        self,
        article: Article,
        *,
        block: int | None = None,
        fragment: str | None = None,
        scroll: int | None = None,
    ) -> None:
        raise NotImplementedError

    def _view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def current_place(self) -> Place | None:
        """Where the reader is now."""
        if self.loaded is None:
            return None
        view = self._view()
        return Place(self.loaded.article.id, view.cursor, round(view.scroll_y))

    def go_to_place(self, place: Place) -> None:
        """Show `place`, opening its article when another one is on show."""
        if self.loaded is not None and self.loaded.article.id == place.article_id:
            self._view().go_to_block(place.block, scroll=place.scroll)
            return
        article = next((a for a in self.articles if a.id == place.article_id), None)
        if article is not None:
            self.open_article(article, block=place.block, scroll=place.scroll)

    def visit(
        self, article: Article, *, block: int | None = None, fragment: str | None = None
    ) -> None:
        """Open `article` (at `block` or `#fragment`) and remember where the reader came from."""
        here = self.current_place()
        if here is not None:
            self.history.replace_current(here)
        self.history.push(Place(article.id, block or 0))
        self.open_article(article, block=block, fragment=fragment)

    def arrive(self, block: int | None, fragment: str | None, scroll: int | None = None) -> None:
        """Put the cursor where a freshly loaded article should open."""
        assert self.loaded is not None
        document = self.loaded.document
        article_id = self.loaded.article.id
        if block is None and fragment is not None:
            headings = [(i, document.blocks[i].text) for i in document.headings]
            block = find_heading(headings, fragment)
            if block is None:
                # Footnotes and the marks that point at them (`#fn-1`, `#fnref-1`).
                block = next(
                    (i for i, b in enumerate(document.blocks) if fragment in b.anchors), None
                )
            if block is None:
                self.notify(t("link.no_heading", heading=fragment), markup=False)
        if block is None:
            position = self.reading.position_for(article_id)
            block = resolve_position(document, position) if position is not None else None
        if block is not None and document.blocks:
            self._view().go_to_block(block, scroll=scroll)
        self.reading.mark_visited(article_id, datetime.now(UTC))
        self.reading.last_article = article_id
        self.history.replace_current(Place(article_id, block or 0))
        self._clear_search()
        self._schedule_save()

    @on(ArticleView.CursorMoved)
    def _remember_position(self, message: ArticleView.CursorMoved) -> None:
        if self.loaded is None or not self.loaded.document.blocks:
            return
        document = self.loaded.document
        if 0 <= message.index < len(document.blocks):
            self.reading.set_position(self.loaded.article.id, position_at(document, message.index))
            self._schedule_save()

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_reading)

    def _save_reading(self) -> None:
        """Write reading positions off the event loop (a snapshot taken here)."""
        data = self.reading.encoded()
        if data is not None:
            self._write_reading(self.reading.path, data)

    @work(thread=True, exclusive=True, group="reading", exit_on_error=False)
    def _write_reading(self, path: Path, data: bytes) -> None:
        write_state(path, data)

    def on_unmount(self) -> None:
        self.reading.save()

    def action_history_back(self) -> None:
        """Go back to where the reader was before following a link or a search result."""
        here = self.current_place()
        if here is not None:
            self.history.replace_current(here)
        place = self.history.back()
        if place is not None:
            self.go_to_place(place)

    def action_history_forward(self) -> None:
        """Go forward again after going back."""
        place = self.history.forward()
        if place is not None:
            self.go_to_place(place)

    def action_show_outline(self) -> None:
        """Show the headings of the article and jump to the one chosen."""
        if self.loaded is None or not self.loaded.document.headings:
            self.notify(t("outline.none"), markup=False)
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self._view().go_to_block(index)

        self.app.push_screen(OutlineScreen(self.loaded.document, self._view().cursor), chosen)

    @on(ArticleView.LinkActivated)
    def _follow(self, message: ArticleView.LinkActivated) -> None:
        if self.loaded is None:
            return
        relpaths = {a.relpath for a in self.articles}
        target = classify(message.href, self.root, self.loaded.article.relpath, relpaths)
        if target.kind is LinkKind.ARTICLE:
            article = next(a for a in self.articles if a.relpath == target.relpath)
            self.visit(article, fragment=target.fragment)
        elif target.kind is LinkKind.ANCHOR and target.fragment:
            self.visit(self.loaded.article, fragment=target.fragment)
        elif target.kind is LinkKind.WEB and target.url:
            url = target.url

            def answered(yes: bool | None) -> None:
                if yes:
                    self._open_web(url)

            self.app.push_screen(web_link_question(url), answered)
        else:
            reason = t(f"link.refused.{target.refusal.value if target.refusal else 'scheme'}")
            self.notify(t("link.refused", target=target.shown, reason=reason), markup=False)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_web(self, url: str) -> None:
        if not open_in_browser(url):
            self.app.call_from_thread(self.notify, t("link.no_browser", target=url), markup=False)

    def action_search_everywhere(self) -> None:
        """Search titles, authors, tags, text and comments of every article."""
        if self.search_index.claim():
            self._build_search_index()
        self.app.push_screen(
            SearchScreen(self.search_index, self._last_query), self._open_search_choice
        )

    @work(thread=True, exclusive=True, group="search-index", exit_on_error=False)
    def _build_search_index(self) -> None:
        """Index the whole folder off the event loop (an open search screen shows the progress)."""
        worker = get_current_worker()

        def report(item: Indexed) -> None:
            # While the reader is pressing keys, index at a fifth of the pace: each pause
            # leaves the interpreter to the event loop (threads share one lock).
            if time.monotonic() - getattr(self.app, "last_input", 0.0) < BUSY_SECONDS:
                time.sleep(BUSY_PAUSE)
            if item.moved_to is not None:
                self.app.call_from_thread(
                    self.notify,
                    t("comments.moved_aside", path=str(item.moved_to)),
                    severity="warning",
                    timeout=15,
                    markup=False,
                )

        self.search_index.build(
            self.root,
            self.articles,
            self.workspace.comments,
            report=report,
            cancelled=lambda: worker.is_cancelled,
        )

    def _open_search_choice(self, choice: SearchChoice | None) -> None:
        if choice is None:
            return
        self._last_query = choice.query
        article = next((a for a in self.articles if a.id == choice.article_id), None)
        if article is not None:
            self._select_after_load = choice.comment_id
            self.visit(article, block=choice.block)

    @on(CommentsChanged)
    def _reindex_comments(self, message: CommentsChanged) -> None:
        loaded = self.loaded
        if (
            self.search_index.started
            and loaded is not None
            and loaded.problem is None
            and loaded.article.id == message.article_id
        ):
            self._reindex(loaded.article, loaded.document, message.comment_file.comments)

    @work(thread=True, group="search-reindex", exit_on_error=False)
    def _reindex(self, article: Article, document: Document, comments: tuple[Comment, ...]) -> None:
        """Fold the article again off the event loop; the next query sees its new comments."""
        self.search_index.replace(entry_for(article, document, comments))

    def action_find_in_article(self) -> None:
        """Open the search bar."""
        if self.loaded is not None:
            self.query_one(FindBar).open()

    @on(FindBar.Changed)
    def _find(self, message: FindBar.Changed) -> None:
        if self.loaded is None:
            return
        query = message.query.strip()
        self._matches = search_document(self.loaded.document, query) if query else []
        cursor = self._view().cursor
        self._match = next(
            (n for n, m in enumerate(self._matches) if m.block >= cursor),
            0 if self._matches else None,
        )
        self._show_match(query, scroll=True)

    @on(FindBar.Closed)
    def _find_closed(self, message: FindBar.Closed) -> None:
        if not message.keep:
            self._clear_search()
        self._view().focus()

    def _clear_search(self) -> None:
        self._matches = []
        self._match = None
        self._view().set_search("", set(), None)

    def action_next_match(self) -> None:
        """Go to the next match of the search."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Go to the previous match of the search."""
        self._step_match(-1)

    def _step_match(self, delta: int) -> None:
        if not self._matches:
            return
        self._match = ((self._match or 0) + delta) % len(self._matches)
        self._show_match(self.query_one(FindBar).text.strip(), scroll=True)

    def _show_match(self, query: str, *, scroll: bool) -> None:
        """Highlight the matches and bring the current one into view."""
        view = self._view()
        blocks = {m.block for m in self._matches}
        current = None
        if self._match is not None and self._matches:
            match = self._matches[self._match]
            occurrence = sum(1 for m in self._matches[: self._match] if m.block == match.block)
            current = (match.block, occurrence)
            if scroll:
                view.go_to_block(match.block, top=False)
        view.set_search(query, blocks, current)
        self.query_one(FindBar).show_count(self._match, len(self._matches))
