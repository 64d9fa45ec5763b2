"""The reader: the one screen that owns the reading session, and the keys that act on it.

The screen composes the panes, holds the `ReadingSession` and four helpers, one per concern:
`ArticlesPart` (list and view: opening and showing articles), `NavigationPart` (search, links,
history, positions), `CommentsPart` (writing and showing comments) and `PanesPart` (layout).
The helpers never call one another: they post messages (`OpenArticle`, `ArticleLoaded`,
`CommentsChanged`, `ArticlesChanged`) and the screen's handlers below hand each to the parts
that care, in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from tui.i18n import t
from tui.messages import (
    ArticleLoaded,
    ArticlesChanged,
    CommentsChanged,
    OpenArticle,
    WatchFailed,
)
from tui.model.articles.library import Article
from tui.model.session.reading import ReadingState
from tui.model.session.reading_session import Opening, ReadingSession, Received
from tui.model.session.workspace import Workspace
from tui.screens.external import edit_in_editor
from tui.screens.panes import PanesPart
from tui.screens.reader_articles import ArticlesPart
from tui.screens.reader_comments import COMMENT_ACTIONS, GUESS_ACTIONS, CommentsPart
from tui.screens.reader_discussion import POLL_SECONDS, DiscussionPart
from tui.screens.reader_keys import NAVIGATION_ACTIONS, READER_BINDINGS
from tui.screens.reader_navigation import NavigationPart
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.bindings import translate_bindings
from tui.widgets.comment_pane import CommentPane
from tui.widgets.find_bar import FindBar
from tui.widgets.footer import ReaderFooter
from tui.workers import report_failure

if TYPE_CHECKING:
    from tui.screens.live import FolderWatch
    from tui.screens.tags import TagChoice


class ReaderScreen(Screen[None]):
    """Shows the folder's articles, one of them beside the list, and its comments.

    | Key(s) | Description |
    | :- | :- |
    | J / K | Open the next / previous article. |
    | esc, backspace | Back to the list. |
    | l / m | Show or hide the article list / the comments. |
    | c / C | Comment on the paragraph / on the whole article. |
    | r, e, d | Reply to, edit, delete the selected comment. |
    | u | Undo the last deletion. |
    | a / x | Put the selected orphan on its "maybe here" paragraph / say it is not there. |
    | / , n / N | Search in the article, next / previous match. |
    | t | The article's outline. |
    | i | Everything known about the article. |
    | E | Open the article in $VISUAL / $EDITOR, then show it again. |
    | w | Text width: narrow, normal, wide, full (remembered). |
    | < / > | Make the article list narrower / wider (remembered). |
    | alt+left / alt+right | Back / forward in the history. |
    """

    AUTO_FOCUS = ""
    """`on_mount` focuses the article or the list: focusing the first widget before it would
    restyle the screen once more before the first paint."""

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    def __init__(
        self,
        workspace: Workspace,
        articles: list[Article],
        *,
        total: int | None = None,
        author: str | None = None,
        open_id: str | None = None,
        code_wrap: bool = True,
        text_width: str | None = None,
        list_width: int | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.workspace = workspace
        """The content folder, comment store and drafts."""
        reading = ReadingState.load(workspace.dirs.reading_file(workspace.root))
        self.session = ReadingSession(articles, reading)
        """Everything the reader is doing: the one owner of the reader's state."""
        self.articles_part = ArticlesPart(self, self.session, workspace, total)
        self.navigation = NavigationPart(self, self.session, workspace)
        self.comments = CommentsPart(self, self.session, workspace, author)
        self.discussion = DiscussionPart(self, self.session, workspace)
        self.panes = PanesPart(self, self.session, text_width, list_width)
        self.panes.start(self.app.size.width)
        self._code_wrap = code_wrap
        self._open_on_start = open_id
        self._reading: tuple[int, int] | None = (0, 0) if not articles else None
        self._shown_first = list(articles)
        self._first_page = total is not None and total > len(articles)
        self._watch: FolderWatch | None = None

    def compose(self) -> ComposeResult:
        # The screen lays the list and the reading column side by side (app.tcss), the footer
        # docked below: one container fewer to style and paint.
        with Vertical(id="list-pane"):
            yield Static(id="list-title", markup=False)
            yield ArticleList(id="list")
        with Container(id="reading"):
            with Vertical(id="article-pane"):
                yield ArticleView(id="article", code_wrap=self._code_wrap)
                yield FindBar(id="find")
            with Vertical(id="comments-pane"):
                yield Static(id="comments-title", markup=False)
                yield CommentPane(id="comments")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.articles_part.show_list()
        view = self.query_one(ArticleView)
        view.set_text_width(self.panes.text_width)
        view.show(view.document, "", "", t("article.none"))
        self.watch(view, "scroll_y", self.panes.show_progress, init=False)
        self.watch(view, "virtual_size", self.panes.show_progress, init=False)
        self.query_one(CommentPane).quote_of = self._block_text
        self.query_one(CommentPane).me = self.comments.author
        self.query_one("#comments-title", Static).update(t("comments.title", count=0))
        self.panes.apply_width(self.size.width)
        self.set_interval(POLL_SECONDS, self.discussion.poll)
        # Counted after the first paint: a thread running beside it slows it down.
        self.call_after_refresh(self.articles_part.count_comments, self.comments.author)
        # The rest of a list that starts with its first page is read once the first one shows.
        self.call_after_refresh(self._start_watch)
        if self.workspace.comments_fell_back:
            folder = str(self.workspace.comments.folder)
            self.notify(t("comments.fallback", path=folder), timeout=10, markup=False)
        target = self.session.article(self._open_on_start or self.session.reading.last_article)
        if target is not None:
            # A short article is read at once, so that the first paint shows its text.
            self._open(Opening(target), now=True)
        else:
            self.query_one(ArticleList).focus()

    def _start_watch(self) -> None:
        """Watch the folder (the watch and the index it keeps load after the first paint)."""
        from tui.screens.live import FolderWatch

        if self._watch is not None or not self.is_attached:
            return  # already watching, or the screen went before its first paint
        workspace = self.workspace
        index = self.navigation.search_index
        shown, self._shown_first = self._shown_first, []
        self._watch = FolderWatch(
            self, workspace.root, workspace.comments, index, shown, first_page=self._first_page
        )
        self._watch.start()

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.stop()
        self.session.reading.save()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed background job is reported and logged; the reader carries on."""
        report_failure(self, event)

    def on_resize(self, event: events.Resize) -> None:
        self.panes.apply_width(event.size.width)

    @property
    def open_article_id(self) -> str | None:
        """Id of the article on show."""
        return self.session.open_id

    def open_article(self, article: Article, *, block: int | None = None) -> None:
        """Open `article` in the view, at `block` or where the reader left it."""
        self._open(Opening(article, block=block))

    def _open(self, opening: Opening, *, now: bool = False) -> None:
        self.session.open(opening)
        self.panes.show_article_pane()
        loaded = self.articles_part.open(opening, now=now)
        if loaded is not None:
            self._article_loaded(loaded)

    def _block_text(self, index: int) -> str:
        loaded = self.session.loaded
        blocks = loaded.document.blocks if loaded is not None else ()
        return blocks[index].text if 0 <= index < len(blocks) else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a comment action can run now (None shows it disabled)."""
        if action == "comments" and parameters:
            return self.comments.can_run(str(parameters[0]))
        return True

    # Messages from the parts, the widgets and the folder

    @on(OpenArticle)
    def _open_asked(self, message: OpenArticle) -> None:
        if message.visit:
            self.session.visit(message.opening, self.navigation.here())
        self._open(message.opening)

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        received = self.articles_part.show(message)
        if received is Received.SHOW:
            self.discussion.file_notice(message.comment_file)
        if received is Received.IGNORE or not message.complete:
            return
        self.navigation.arrived(self.articles_part.arrive())
        if not message.comment_file.comments:
            self.discussion.show_file(message.comment_file)  # nothing to wait for
            self.articles_part.show_count(0)

    @on(CommentsChanged)
    def _comments_changed(self, message: CommentsChanged) -> None:
        if self.discussion.show(message):
            self.articles_part.show_count(len(self.session.discussion))
            self.navigation.comments_changed(message)

    @on(ArticlesChanged)
    def _articles_changed(self, message: ArticlesChanged) -> None:
        """Show what changed on disk: the list, the open article in place, comment counts."""
        self._reading = message.reading
        if message.articles is not None:
            update = self.session.apply_folder(message.articles, message.change.articles)
            self.articles_part.show_list(whole=True)
            if update.gone is not None:
                self.notify(t("live.gone", title=update.gone.title), markup=False)
            elif update.reload is not None:
                self._reload(update.reload)
        if message.change.comment_files:
            self.articles_part.count_comments(self.comments.author)
            self.discussion.poll()
        for path in message.moved_aside:
            self.notify(t("comments.moved_aside", path=str(path)), severity="warning", markup=False)

    @on(WatchFailed)
    def _watch_failed(self, message: WatchFailed) -> None:
        self.log.error(f"folder watch failed: {message.error!r}")
        self.notify(t("live.failed", error=str(message.error)), severity="warning", markup=False)

    @on(ArticleList.Chosen)
    def _chosen(self, message: ArticleList.Chosen) -> None:
        self.open_article(message.article)

    @on(ArticleList.ViewChanged)
    def _list_view_changed(self, message: ArticleList.ViewChanged) -> None:
        title = message.title
        if self._reading is not None:
            done, total = self._reading
            if total:
                title = t("list.reading", title=title, done=done, total=total)
            else:
                title = t("list.reading.start", title=title)
        self.query_one("#list-title", Static).update(title)

    @on(ArticleList.TagPickRequested)
    def _pick_tag(self, message: ArticleList.TagPickRequested) -> None:
        article_list = message.article_list

        from tui.screens.tags import TagScreen, tag_counts  # loaded on first use

        def chosen(choice: TagChoice | None) -> None:
            if choice is not None:
                article_list.set_tag(choice.tag)

        counts = tag_counts(article_list.articles)
        tags = TagScreen(counts, len(article_list.articles), article_list.tag)
        self.app.push_screen(tags, chosen)

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.navigation.cursor_moved(message.index)
        self.discussion.follow_cursor(message.index)

    @on(ArticleView.LinkActivated)
    def _link(self, message: ArticleView.LinkActivated) -> None:
        self.navigation.follow(message.href)

    @on(CommentPane.Selected)
    def _comment_selected(self, message: CommentPane.Selected) -> None:
        self.discussion.cursor_to(message.entry)

    @on(FindBar.Changed)
    def _find(self, message: FindBar.Changed) -> None:
        self.navigation.find(message.query)

    @on(FindBar.Closed)
    def _find_closed(self, message: FindBar.Closed) -> None:
        self.navigation.find_closed(message.keep)

    # Keys

    def action_next_article(self) -> None:
        """Open the next article in the list."""
        self._step_article(1)

    def action_previous_article(self) -> None:
        """Open the previous article in the list."""
        self._step_article(-1)

    def _step_article(self, delta: int) -> None:
        target = self.articles_part.step(delta)
        if target is not None:
            article_list = self.query_one(ArticleList)
            focused = self.focused
            self.open_article(target)
            if focused is article_list and not self.panes.narrow:
                article_list.focus()

    def action_go_back(self) -> None:
        """Go back ("Zurück"): clear a search, else leave a followed link, else show the list."""
        find_bar = self.query_one(FindBar)
        if find_bar.is_open:
            find_bar.action_cancel()
        elif self.session.history.can_go_back and self.focused is not self.query_one(ArticleList):
            self.navigation.history_back()
        else:
            self.panes.show_list_pane()

    def action_toggle_list(self) -> None:
        """Show or hide the article list (on narrow screens: switch between list and article)."""
        if not self.panes.toggle_list():
            self.action_go_back()

    def action_toggle_comments(self) -> None:
        """Show or hide the comment pane (hidden at first on narrow screens, shown on wide)."""
        self.panes.toggle_comments()

    def action_cycle_text_width(self) -> None:
        """Let the text run narrower or wider: narrow, normal, wide, full, and round again."""
        self.panes.cycle_text_width()

    def action_resize_list(self, delta: int) -> None:
        """Make the article list `delta` columns wider (or narrower)."""
        self.panes.resize_list(delta)

    def action_comments(self, name: str) -> None:
        """Run the comments part's action `name` (a key of `COMMENT_ACTIONS` or `GUESS_ACTIONS`)."""
        if name in COMMENT_ACTIONS or name in GUESS_ACTIONS:
            getattr(self.comments, name)()

    def action_navigation(self, name: str) -> None:
        """Run the navigation part's action `name` (one of `NAVIGATION_ACTIONS`)."""
        if name in NAVIGATION_ACTIONS:
            getattr(self.navigation, name)()

    def action_show_info(self) -> None:
        """Show everything known about the open (or highlighted) article."""
        loaded = self.session.loaded
        article = loaded.article if loaded else self.query_one(ArticleList).highlighted_article
        if article is not None:
            count = self.session.comment_counts.get(article.id, 0)
            from tui.screens.info import InfoScreen  # loaded on first use

            self.app.push_screen(InfoScreen(article, count))

    def action_edit_article(self) -> None:
        """Open the article in the reader's editor; show what it became afterwards."""
        if self.session.loaded is None:
            return
        article = self.session.loaded.article
        if not self.workspace.policy.edits_articles:
            self.notify(t("edit.served"), severity="warning", markup=False)
            return
        problem = edit_in_editor(self.app, article.path)
        if problem is not None:
            self.notify(t(problem, editor="$VISUAL / $EDITOR"), severity="warning", markup=False)
            return
        self._reload(article)

    def _reload(self, article: Article) -> None:
        """Read the open article again, keeping the cursor on its paragraph (by its anchor)."""
        opening = self.session.reopen(article, self.query_one(ArticleView).cursor)
        self.articles_part.open(opening, focus=False)
