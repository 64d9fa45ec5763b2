"""The reader: article list, article view and footer, and the moves between articles."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Static

from tui.i18n import active, t
from tui.messages import ArticleLoaded
from tui.model.articles.blocks import Document
from tui.model.articles.library import Article, LoadedArticle, load_article, load_article_head
from tui.model.comments.discussion import Discussion
from tui.model.search.corpus import SessionIndex
from tui.model.session.reading import position_at
from tui.model.session.workspace import Workspace
from tui.render.code import warm_up
from tui.render.styles import RenderStyles
from tui.screens.commenting import POLL_SECONDS, CommentsChanged, place
from tui.screens.external import edit_in_editor
from tui.screens.info import InfoScreen
from tui.screens.live import FolderChanged, FolderWatch, WatchFailed
from tui.screens.panes import PanesScreen
from tui.screens.tags import TagChoice, TagScreen, tag_counts
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.bindings import translate_bindings
from tui.widgets.comment_pane import CommentPane
from tui.widgets.find_bar import FindBar
from tui.widgets.footer import ReaderFooter

LOADING_DELAY = 0.15
"""Seconds an article may take to arrive before the view says it is loading."""


class ReaderScreen(PanesScreen):
    """Owns the folder's articles and shows one of them beside the list and its comments.

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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("J", "next_article", "bind.next_article", id="next_article"),
        Binding("K", "previous_article", "bind.previous_article", id="previous_article"),
        Binding("escape,backspace", "go_back", "bind.back", id="go_back"),
        Binding("l", "toggle_list", "bind.toggle_list", id="toggle_list"),
        Binding("m", "toggle_comments", "bind.toggle_comments", id="toggle_comments"),
        Binding("c", "comment_paragraph", "bind.comment_paragraph", id="comment_paragraph"),
        Binding("C", "comment_article", "bind.comment_article", show=False, id="comment_article"),
        Binding("r", "reply_comment", "bind.reply_comment", show=False, id="reply_comment"),
        Binding("e", "edit_comment", "bind.edit_comment", show=False, id="edit_comment"),
        Binding("d", "delete_comment", "bind.delete_comment", show=False, id="delete_comment"),
        Binding("u", "undo_delete", "bind.undo_delete", show=False, id="undo_delete"),
        Binding("/", "find_in_article", "bind.find_in_article", id="find_in_article"),
        Binding("n", "next_match", "bind.next_match", show=False, id="next_match"),
        Binding("N", "previous_match", "bind.previous_match", show=False, id="previous_match"),
        Binding("t", "show_outline", "bind.show_outline", show=False, id="show_outline"),
        Binding("i", "show_info", "bind.show_info", show=False, id="show_info"),
        Binding("E", "edit_article", "bind.edit_article", show=False, id="edit_article"),
        Binding(
            "ctrl+f,colon", "search_everywhere", "bind.search_everywhere", id="search_everywhere"
        ),
        Binding("alt+left", "history_back", "bind.history_back", show=False, id="history_back"),
        Binding(
            "alt+right", "history_forward", "bind.history_forward", show=False, id="history_forward"
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        articles: list[Article],
        *,
        author: str | None = None,
        open_id: str | None = None,
        code_wrap: bool = True,
        text_width: str | None = None,
        list_width: int | None = None,
    ) -> None:
        super().__init__(workspace, articles, author, text_width, list_width)
        self._code_wrap = code_wrap
        translate_bindings(self)
        self._open_on_start = open_id
        self._arrival: tuple[int | None, str | None, int | None] = (None, None, None)
        self._partial = False
        self._new_comments: set[str] = set()
        self._watch = FolderWatch(self, workspace.root, workspace.comments.folder)

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
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

    @on(ArticleList.TagPickRequested)
    def _pick_tag(self, message: ArticleList.TagPickRequested) -> None:
        article_list = message.article_list

        def chosen(choice: TagChoice | None) -> None:
            if choice is not None:
                article_list.set_tag(choice.tag)

        counts = tag_counts(article_list.articles)
        self.app.push_screen(
            TagScreen(counts, len(article_list.articles), article_list.tag), chosen
        )

    def on_mount(self) -> None:
        article_list = self.query_one(ArticleList)
        self.query_one("#list-title", Static).update(t("list.count", count=len(self.articles)))
        article_list.set_articles(self.articles)
        view = self.query_one(ArticleView)
        view.set_text_width(self._text_width)
        view.show(view.document, "", "", t("article.none"))
        self.watch(view, "scroll_y", self._show_progress, init=False)
        self.watch(view, "virtual_size", self._show_progress, init=False)
        self.query_one(CommentPane).quote_of = self._block_text
        self.query_one("#comments-title", Static).update(t("comments.title", count=0))
        self._apply_width(self.size.width)
        self.set_interval(POLL_SECONDS, self.poll_comments)
        self._count_comments()
        self._watch.start()
        if self.workspace.comments_fell_back:
            self.notify(
                t("comments.fallback", path=str(self.workspace.comments.folder)),
                timeout=10,
                markup=False,
            )
        wanted = self._open_on_start or self.reading.last_article
        target = next((a for a in self.articles if a.id == wanted), None)
        if target is not None:
            self.open_article(target)
        else:
            article_list.focus()

    @property
    def open_article_id(self) -> str | None:
        """Id of the article on show."""
        return self.loaded.article.id if self.loaded else None

    def open_article(
        self,
        article: Article,
        *,
        block: int | None = None,
        fragment: str | None = None,
        scroll: int | None = None,
    ) -> None:
        """Open `article` in the view, at `block`, `#fragment` or where the reader left it."""
        self._arrival = (block, fragment, scroll)
        self.query_one(ArticleList).mark_open(article.id)
        self._show_article_pane()
        self.query_one(ArticleView).focus()
        self._load(article)
        # Most articles arrive within a frame or two; say "Loading" only for the slow ones.
        self.set_timer(LOADING_DELAY, lambda: self._show_loading(article))

    def _show_loading(self, article: Article) -> None:
        """Show the article's title and a loading note while its file is still being read."""
        opening = self.query_one(ArticleList).open_id == article.id
        if opening and (self.loaded is None or self.loaded.article.id != article.id):
            view = self.query_one(ArticleView)
            view.show(Document(), article.title, self._byline(article), t("article.loading"))

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, article: Article) -> None:
        """Read and parse the article and its comments off the event loop."""
        store = self.workspace.comments
        stat_key = store.stat_key(article.id)  # before the read: a later write is seen as new
        comment_file = store.load(article.id)
        head = load_article_head(self.root, article)
        if head is not None:
            self.post_message(ArticleLoaded(head, comment_file, complete=False, stat_key=stat_key))
        loaded = load_article(self.root, article)
        self.post_message(ArticleLoaded(loaded, comment_file, stat_key=stat_key))
        # The text shows first; placing a thousand comments on it may take a moment.
        placed = (loaded.document, place(loaded.document, comment_file))
        self.post_message(CommentsChanged(article.id, comment_file, placed=placed))
        # Code shows plain until its lexers are loaded (too slow for the event loop): here.
        theme = RenderStyles.default(dark=self.app.current_theme.dark).code_theme
        if warm_up(_languages(loaded), theme):
            self.app.call_from_thread(self._highlight_code, loaded.article.id)

    def _highlight_code(self, article_id: str) -> None:
        """Lay the article out again now that its code can be highlighted."""
        if self.open_article_id == article_id:
            self.query_one(ArticleView).refresh_layout()

    def _count_comments(self) -> None:
        """Read every article's comment count, and which have comments since the last visit."""
        ids = [a.id for a in self.articles]
        visits = {article_id: self.reading.last_visited(article_id) for article_id in ids}
        self._read_counts(ids, visits, self.author)

    @work(thread=True, group="counts", exit_on_error=False)
    def _read_counts(
        self, ids: list[str], visits: dict[str, datetime | None], author: str | None
    ) -> None:
        """Off the event loop, from a snapshot of the visits: the worker assigns nothing."""
        store = self.workspace.comments
        counts = store.comment_counts(ids)
        self.app.call_from_thread(self.query_one(ArticleList).set_comment_counts, counts)
        new: set[str] = set()
        for article_id, count in counts.items():
            visited = visits.get(article_id)
            if not count or visited is None:
                continue
            others = [c for c in store.load(article_id).comments if c.author != author]
            if others and max(c.last_changed for c in others) > visited:
                new.add(article_id)
        self.app.call_from_thread(self._show_new_comments, new)

    def _show_new_comments(self, new: set[str]) -> None:
        self._new_comments = new
        self._show_reading_marks()

    def _block_text(self, index: int) -> str:
        blocks = self.loaded.document.blocks if self.loaded else ()
        return blocks[index].text if 0 <= index < len(blocks) else ""

    @on(ArticleLoaded)
    def _show_loaded(self, message: ArticleLoaded) -> None:
        loaded = message.loaded
        if self.query_one(ArticleList).open_id != loaded.article.id:
            return
        view = self.query_one(ArticleView)
        if (
            self._partial
            and self.loaded is not None
            and self.loaded.article.id == loaded.article.id
        ):
            # The rest of a long article: extend what is on show, then settle the place.
            self._partial = False
            self.loaded = loaded
            view.extend_document(loaded.document)
            self._settle(loaded, message)
            return
        self._partial = not message.complete
        self.loaded = loaded
        self.discussion = Discussion()
        notice = ""
        if loaded.problem is not None:
            reason = t(f"problem.{loaded.problem.code}", detail=loaded.problem.detail)
            # Broken front matter still leaves a readable text: say so above it.
            key = "article.warning" if loaded.document.blocks else "article.problem"
            notice = t(key, reason=reason)
        elif not loaded.document.blocks:
            notice = t("article.empty")
        view.show(
            loaded.document,
            loaded.article.title,
            self._byline(loaded.article),
            notice,
            complete=message.complete,
        )
        self._stat_key = message.stat_key
        self.comment_file_notice(message.comment_file)
        if message.complete:
            self._settle(loaded, message)

    def _settle(self, loaded: LoadedArticle, message: ArticleLoaded) -> None:
        """With the whole article there: go to its place and mark it read (comments follow)."""
        self.arrive(*self._arrival)
        if not message.comment_file.comments:
            self.set_discussion(message.comment_file)  # nothing to wait for
        self._new_comments.discard(loaded.article.id)
        self._show_reading_marks()

    def _byline(self, article: Article, count: int | None = None) -> str:
        """Author, date, reading time and comment count in the UI language."""
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
        """Open the article `delta` places away in the list as shown (filtered and sorted)."""
        article_list = self.query_one(ArticleList)
        # The article being opened, not the one on show: J pressed again while an article
        # loads goes on from there, so held or quick presses each move one article.
        current = (
            article_list.open_id
            or self.open_article_id
            or (article_list.highlighted_article.id if article_list.highlighted_article else None)
        )
        target = article_list.neighbour(current, delta)
        if target is not None:
            focused = self.focused
            self.open_article(target)
            if focused is article_list and not self._narrow:
                article_list.focus()

    @on(ArticleList.ViewChanged)
    def _list_view_changed(self, message: ArticleList.ViewChanged) -> None:
        self.query_one("#list-title", Static).update(message.title)

    def _show_reading_marks(self) -> None:
        """Mark unread articles, and those with comments since the last visit, in the list."""
        unread = {a.id for a in self.articles if self.reading.is_unread(a.id)}
        self.query_one(ArticleList).set_reading(unread, self._new_comments)

    def action_go_back(self) -> None:
        """Go back ("Zurück"): clear a search, else leave a followed link, else show the list."""
        find_bar = self.query_one(FindBar)
        if find_bar.is_open:
            find_bar.action_cancel()
            return
        if self.history.can_go_back and self.focused is not self.query_one(ArticleList):
            self.action_history_back()
            return
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

    def action_show_info(self) -> None:
        """Show everything known about the open (or highlighted) article."""
        article_list = self.query_one(ArticleList)
        article = self.loaded.article if self.loaded else article_list.highlighted_article
        if article is not None:
            count = article_list.comment_counts.get(article.id, 0)
            self.app.push_screen(InfoScreen(article, count))

    def on_unmount(self) -> None:
        self._watch.stop()
        super().on_unmount()

    @on(FolderChanged)
    def _folder_changed(self, message: FolderChanged) -> None:
        """Show what changed on disk: the list, the open article in place, comment counts."""
        if message.articles is not None:
            self.articles = message.articles
            self.query_one(ArticleList).set_articles(self.articles)
            self.query_one("#list-title", Static).update(t("list.count", count=len(self.articles)))
            if self.search_index.started:
                self.workers.cancel_group(self, "search-index")
                self.search_index = SessionIndex()  # built again on the next search
            loaded = self.loaded
            if loaded is not None and loaded.article.relpath in message.change.articles:
                fresh = next(
                    (a for a in self.articles if a.relpath == loaded.article.relpath), None
                )
                if fresh is None:
                    self.notify(t("live.gone", title=loaded.article.title), markup=False)
                else:
                    self.reload_in_place(fresh)
        if message.change.comment_files:
            self._count_comments()
            self.poll_comments()

    @on(WatchFailed)
    def _watch_failed(self, message: WatchFailed) -> None:
        self.log.error(f"folder watch failed: {message.error!r}")
        self.notify(t("live.failed", error=str(message.error)), severity="warning", markup=False)

    def reload_in_place(self, article: Article) -> None:
        """Read the open article again, keeping the cursor on its paragraph (by its anchor)."""
        view = self.query_one(ArticleView)
        if self.loaded is not None and self.loaded.document.blocks:
            position = position_at(self.loaded.document, view.cursor)
            self.reading.set_position(article.id, position)
        self._arrival = (None, None, None)
        self._load(article)

    def action_edit_article(self) -> None:
        """Open the article in the reader's editor; show what it became afterwards."""
        if self.loaded is None:
            return
        article = self.loaded.article
        problem = edit_in_editor(self.app, article.path)
        if problem is not None:
            self.notify(t(problem, editor="$VISUAL / $EDITOR"), severity="warning", markup=False)
            return
        self.reload_in_place(article)


def _languages(loaded: LoadedArticle) -> set[str]:
    """The languages of the article's code blocks."""
    return {b.language for b in loaded.document.blocks if b.language}
