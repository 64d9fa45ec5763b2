"""The open article's discussion on screen: the comment pane, its counts, and keeping in step.

Comments arrive as `CommentsChanged` (read with the article, written by this instance, or
written by another one and noticed by `poll`); `show` places them in the session and on screen.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Static

from tui.i18n import t
from tui.messages import CommentsChanged
from tui.model.articles.library import LoadedArticle
from tui.model.comments.codec import Problem
from tui.model.comments.discussion import Discussion, Entry, Group
from tui.model.comments.store import CommentFile, StatKey
from tui.model.session.reading_session import ReadingSession
from tui.model.session.workspace import Workspace
from tui.screens.part import ReaderPart

POLL_SECONDS = 1.0
"""How often the open article's comment file is checked for another instance's writes."""


def place(loaded: LoadedArticle, comment_file: CommentFile) -> Discussion:
    """The comment file's comments placed on the article's document."""
    return Discussion.build(
        loaded.document, comment_file.comments, read_only=comment_file.read_only
    )


def problem_text(comment_file: CommentFile | None) -> str:
    """Why a comment file cannot be changed, in the reader's words; "" when it can."""
    if comment_file is None or not comment_file.read_only or comment_file.problem is None:
        return ""
    return t(f"comments.problem.{comment_file.problem.value}", detail=comment_file.problem_detail)


def changed(
    article_id: str,
    comment_file: CommentFile,
    loaded: LoadedArticle | None,
    select: str | None = None,
    stat_key: StatKey | None = None,
) -> CommentsChanged:
    """From a thread job: the comments placed there (placing 1,000 takes a while), to post."""
    placed = None
    if loaded is not None and loaded.article.id == article_id:
        placed = place(loaded, comment_file)
    return CommentsChanged(
        article_id, comment_file, select, placed=placed, loaded=loaded, stat_key=stat_key
    )


def guessed_entry(entry: Entry | None, session: ReadingSession) -> Entry | None:
    """`entry`, when it is an orphan with a guess that may be settled now."""
    loaded = session.loaded
    if entry is None or entry.guess is None or loaded is None:
        return None
    if session.discussion.read_only or entry.guess >= len(loaded.document.blocks):
        return None
    return entry


class DiscussionPart(ReaderPart):
    """The comment pane and the comment marks in the article, for the reader screen."""

    def __init__(self, screen: Screen[None], session: ReadingSession, workspace: Workspace) -> None:
        super().__init__(screen, session)
        self.workspace = workspace
        """The comment store, to notice other instances' writes."""
        self._pane_moves_cursor = False
        self._guess_selected = False

    @property
    def problem(self) -> str:
        """Why the open article's comments cannot be changed, as told to the reader."""
        return problem_text(self.session.comment_file)

    def show(self, message: CommentsChanged) -> bool:
        """Show the open article's comments as read or written; False if for another article."""
        loaded = self.session.loaded
        if loaded is None or loaded.article.id != message.article_id:
            return False
        placed = message.placed if message.loaded is loaded else None
        discussion = placed if placed is not None else place(loaded, message.comment_file)
        self.session.set_comments(message.comment_file, discussion, message.stat_key)
        self._show(self.session.take_select(message.select))
        return True

    def show_file(self, comment_file: CommentFile) -> None:
        """Show a comment file read with the article (no worker placed it: it has none)."""
        assert self.session.loaded is not None
        self.session.set_comments(comment_file, place(self.session.loaded, comment_file), None)
        self._show(None)

    def _show(self, select: str | None) -> None:
        discussion = self.session.discussion
        view, pane = self.view(), self.pane()
        pane.notice = self.problem
        view.comment_counts = discussion.block_counts()
        view.refresh()
        cursor = view.cursor
        if select is not None:
            entry = next((e for e in discussion.entries() if e.comment.id == select), None)
            if entry is not None and entry.group is Group.BLOCK and entry.block is not None:
                cursor = entry.block
        pane.show(discussion.entries(), cursor, keep=select)
        self.screen.query_one("#comments-title", Static).update(
            t("comments.title", count=len(discussion))
        )
        self.screen.refresh_bindings()

    def follow_cursor(self, index: int) -> None:
        """The cursor moved in the article: show that paragraph's comments."""
        if self._pane_moves_cursor:
            self._pane_moves_cursor = False
            return
        if self.session.loaded is not None and len(self.session.discussion):
            self.pane().show(self.session.discussion.entries(), index)
            self._refresh_guess_keys()
        # No refresh_bindings here: what the footer shows does not change with the cursor,
        # and each refresh makes Textual rebuild the footer and lay out the screen.

    def cursor_to(self, entry: Entry) -> None:
        """A comment was selected in the pane: bring its paragraph into view."""
        # An orphan with a guess shows the paragraph it may belong to.
        block = entry.block if entry.block is not None else entry.guess
        if block is not None:
            self._pane_moves_cursor = True
            self.view().go_to_block(block, top=False)
        self._refresh_guess_keys()

    def poll(self) -> None:
        """Look for comments another instance wrote to the open article."""
        loaded = self.session.loaded
        if loaded is None or loaded.problem is not None:
            return
        store, known, article_id = self.workspace.comments, self.session.stat_key, loaded.article.id

        def job() -> None:
            if store.changed_since(article_id, known):
                key = store.stat_key(article_id)
                self.post(changed(article_id, store.load(article_id), loaded, stat_key=key))

        self.in_thread(job, "poll", exclusive=True)

    def file_notice(self, comment_file: CommentFile) -> None:
        """Tell the reader about a damaged, unusable or newer comment file, once per load."""
        if comment_file.moved_to is not None:
            self.notify(
                t("comments.moved_aside", path=str(comment_file.moved_to)),
                severity="warning",
                timeout=15,
            )
        elif problem_text(comment_file) and comment_file.problem is not Problem.READ_ONLY_SESSION:
            # A read-only server is read-only everywhere: the pane says so, c/C/r/e/d/u explain.
            self.notify(problem_text(comment_file), severity="warning", timeout=10)

    def _refresh_guess_keys(self) -> None:
        """Show the keys for a guess in the footer exactly while an orphan with one is selected."""
        selected = guessed_entry(self.pane().selected, self.session) is not None
        if selected != self._guess_selected:
            self._guess_selected = selected
            self.screen.refresh_bindings()
