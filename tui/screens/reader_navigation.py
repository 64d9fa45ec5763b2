"""Finding your way: search in the article and everywhere, headings, links, history, positions.

Everything that opens another article posts `OpenArticle`; the reader screen opens it. Reading
positions are written off the event loop from a snapshot taken on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.timer import Timer

from tui.i18n import t
from tui.messages import CommentsChanged, OpenArticle
from tui.model.search.corpus import SessionIndex
from tui.model.session.reading import write_state
from tui.model.session.reading_session import Arrival, Opening, Place, ReadingSession
from tui.model.session.workspace import Workspace
from tui.screens.part import ReaderPart
from tui.widgets.find_bar import FindBar

if TYPE_CHECKING:
    from tui.screens.search import SearchChoice

SAVE_DELAY = 1.0
"""Seconds after the last cursor move before the reading position is written."""


def open_in_browser(url: str) -> bool:
    """Hand `url` to the system's browser (tests replace this)."""
    import webbrowser  # it looks for browsers: only when a link is opened

    return webbrowser.open(url)


class NavigationPart(ReaderPart):
    """Search, headings, links, history and reading positions, for the reader screen."""

    def __init__(self, screen: Screen[None], session: ReadingSession, workspace: Workspace) -> None:
        super().__init__(screen, session)
        self.workspace = workspace
        """The content folder and its comment store."""
        only = workspace.files or None
        self.search_index = SessionIndex(workspace.index_file, only)
        """The folder's index, for the global search (kept up to date by the folder watch)."""
        self._last_query = ""
        self._save_timer: Timer | None = None

    def here(self) -> Place | None:
        """Where the reader is now."""
        if self.session.loaded is None:
            return None
        view = self.view()
        return Place(self.session.loaded.article.id, view.cursor, round(view.scroll_y))

    def go_to(self, place: Place | None) -> None:
        """Show `place`, opening its article when another one is on show."""
        if place is None:
            return
        if self.session.open_id == place.article_id:
            self.view().go_to_block(place.block, scroll=place.scroll)
            return
        article = self.session.article(place.article_id)
        if article is not None:
            self.post(OpenArticle(Opening(article, block=place.block, scroll=place.scroll)))

    def arrived(self, arrival: Arrival) -> None:
        """Put the cursor where a freshly loaded article opens; clear the last search."""
        if arrival.missing is not None:
            self.notify(t("link.no_heading", heading=arrival.missing))
        if arrival.block is not None:
            self.view().go_to_block(arrival.block, scroll=arrival.scroll)
        self._clear_matches()
        self.schedule_save()

    # Reading positions

    def cursor_moved(self, index: int) -> None:
        """Keep the reader's place, written a moment after the cursor stops."""
        if self.session.remember_cursor(index):
            self.schedule_save()

    def schedule_save(self) -> None:
        """Write the reading state a second from now (moves until then are written together)."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.screen.set_timer(SAVE_DELAY, self._save_reading)

    def _save_reading(self) -> None:
        """Write reading positions off the event loop (a snapshot taken here)."""
        data = self.session.reading.encoded()
        path = self.session.reading.path
        if data is not None:
            self.in_thread(lambda: write_state(path, data), "reading", exclusive=True)

    # History, outline and links

    def history_back(self) -> None:
        """Go back to where the reader was before following a link or a search result."""
        self.go_to(self.session.back(self.here()))

    def history_forward(self) -> None:
        """Go forward again after going back."""
        self.go_to(self.session.forward())

    def show_outline(self) -> None:
        """Show the headings of the article and jump to the one chosen."""
        loaded = self.session.loaded
        if loaded is None or not loaded.document.headings:
            self.notify(t("outline.none"))
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self.view().go_to_block(index)

        from tui.screens.outline import OutlineScreen  # loaded on first use

        self.app.push_screen(OutlineScreen(loaded.document, self.view().cursor), chosen)

    def follow(self, href: str) -> None:
        """Follow a link of the open article: another article, a heading, or a web page."""
        from tui.model.articles.links import LinkKind  # loaded with the first link followed

        if self.session.loaded is None:
            return
        target, article = self.session.link(href, self.workspace.root)
        if target.kind is LinkKind.ARTICLE and article is not None:
            self.post(OpenArticle(Opening(article, fragment=target.fragment), visit=True))
        elif target.kind is LinkKind.ANCHOR and target.fragment:
            opening = Opening(self.session.loaded.article, fragment=target.fragment)
            self.post(OpenArticle(opening, visit=True))
        elif target.kind is LinkKind.WEB and target.url:
            url = target.url

            def answered(yes: bool | None) -> None:
                if yes:
                    self._open_web(url)

            from tui.screens.confirm import web_link_question  # loaded on first use

            self.app.push_screen(web_link_question(url), answered)
        else:
            reason = t(f"link.refused.{target.refusal.value if target.refusal else 'scheme'}")
            self.notify(t("link.refused", target=target.shown, reason=reason))

    def _open_web(self, url: str) -> None:
        if self.workspace.policy.links_open_for_visitor:
            self.app.open_url(url)  # the visitor's browser opens it, never the server's
            return

        def job() -> None:
            if not open_in_browser(url):
                self.notify_from_thread(t("link.no_browser", target=url))

        self.in_thread(job, "browser")

    # Search everywhere

    def search_everywhere(self) -> None:
        """Search titles, authors, tags, text and comments of every article."""
        from tui.screens.search import SearchScreen  # loaded on first use

        self.app.push_screen(SearchScreen(self.search_index, self._last_query), self._chosen)

    def _chosen(self, choice: SearchChoice | None) -> None:
        if choice is None:
            return
        self._last_query = choice.query
        article = self.session.article(choice.article_id)
        if article is not None:
            opening = Opening(
                article, block=choice.block, select=choice.comment_id, line=choice.line
            )
            self.post(OpenArticle(opening, visit=True))

    def comments_changed(self, message: CommentsChanged) -> None:
        """Index the article's comments again, so the next search finds them."""
        index, store = self.search_index, self.workspace.comments
        article_id, comments = message.article_id, message.comment_file.comments
        self.in_thread(
            lambda: index.replace_comments(store, article_id, comments), "search-reindex"
        )

    # Search in the article

    def find_in_article(self) -> None:
        """Open the search bar."""
        if self.session.loaded is not None:
            self.screen.query_one(FindBar).open()

    def find(self, query: str) -> None:
        """Search the open article as the reader types."""
        if self.session.loaded is not None:
            self.session.find(query.strip(), self.view().cursor)
            self._show_matches(query.strip(), scroll=True)

    def find_closed(self, keep: bool) -> None:
        """The search bar closed: keep the highlights (enter) or clear them (esc)."""
        if not keep:
            self._clear_matches()
        self.view().focus()

    def next_match(self) -> None:
        """Go to the next match of the search."""
        self._step_match(1)

    def previous_match(self) -> None:
        """Go to the previous match of the search."""
        self._step_match(-1)

    def _step_match(self, delta: int) -> None:
        if self.session.step_match(delta) is not None:
            self._show_matches(self.screen.query_one(FindBar).text.strip(), scroll=True)

    def _clear_matches(self) -> None:
        self.session.clear_matches()
        self.view().set_search("", set(), None)

    def _show_matches(self, query: str, *, scroll: bool) -> None:
        """Highlight the matches and bring the current one into view."""
        view, session = self.view(), self.session
        match = session.current_match()
        current = None
        if match is not None:
            current = (match.block, session.match_occurrence())
            if scroll:
                view.go_to_block(match.block, top=False)
        view.set_search(query, {m.block for m in session.matches}, current)
        self.screen.query_one(FindBar).show_count(session.match, len(session.matches))
