"""Comment actions of the reader: write, reply, edit, delete and undo, and keeping in step.

A mixin for `ReaderScreen`, so the screen module stays about panes and articles while
this one is about comments. File work runs in thread workers; results come back as
`CommentsChanged` messages.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from tui.i18n import t
from tui.model.articles.blocks import Document
from tui.model.articles.library import Article, LoadedArticle
from tui.model.comments.anchoring import block_hash, make_anchor
from tui.model.comments.comment import Comment, edited, new_comment
from tui.model.comments.discussion import Discussion, Group
from tui.model.comments.drafts import DraftKey
from tui.model.comments.store import ArticleRef, CommentFile, StatKey, StoreError
from tui.model.session.settings import remember
from tui.model.session.workspace import Workspace, account_name
from tui.screens.confirm import ConfirmScreen
from tui.screens.editor import CommentEditor, EditorRequest, EditorResult
from tui.screens.guesses import GUESS_ACTIONS, GuessActions
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.comment_pane import CommentPane
from tui.workers import report_failure

COMMENT_ACTIONS = frozenset(
    {
        "comment_paragraph",
        "comment_article",
        "reply_comment",
        "edit_comment",
        "delete_comment",
        "undo_delete",
    }
)
"""Actions that change comments, disabled while they cannot run."""
POLL_SECONDS = 1.0
"""How often the open article's comment file is checked for another instance's writes."""


def place(document: Document, comment_file: CommentFile) -> Discussion:
    """The comment file's comments placed on `document`."""
    return Discussion.build(document, comment_file.comments, read_only=comment_file.read_only)


def problem_text(comment_file: CommentFile) -> str:
    """Why a comment file cannot be changed, in the reader's words; "" when it can."""
    if not comment_file.read_only or comment_file.problem is None:
        return ""
    return t(f"comments.problem.{comment_file.problem.value}", detail=comment_file.problem_detail)


class CommentsChanged(Message):
    """The open article's comments were written or re-read."""

    def __init__(
        self,
        article_id: str,
        comment_file: CommentFile,
        select: str | None = None,
        *,
        placed: tuple[Document, Discussion] | None = None,
        stat_key: StatKey | None = None,
    ) -> None:
        super().__init__()
        self.stat_key = stat_key
        """The comment file's stat key when it was read (None: not read from disk now)."""
        self.article_id = article_id
        """The article the comments belong to."""
        self.comment_file = comment_file
        """The comment file as now on disk."""
        self.select = select
        """A comment to select in the pane (the one just written)."""
        self.placed = placed
        """The comments already placed on a document in the worker, with that document."""


@dataclass(frozen=True, slots=True)
class _Pending:
    """What an open editor will do with its text."""

    kind: str
    """"paragraph", "article", "reply" or "edit"."""
    block: int | None = None
    """The paragraph commented on."""
    comment: Comment | None = None
    """The comment replied to or edited."""


class CommentingScreen(GuessActions, Screen[None]):
    """Base of the reader screen: comment actions and the comment pane's bookkeeping."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept_guess", "bind.accept_guess", id="accept_guess"),
        Binding("x", "dismiss_guess", "bind.dismiss_guess", id="dismiss_guess"),
    ]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed background job is reported and logged; the reader carries on."""
        report_failure(self, event)

    def __init__(self, workspace: Workspace, author: str | None) -> None:
        super().__init__()
        self.workspace = workspace
        """The content folder, comment store and drafts."""
        self.root = workspace.root
        """The content folder."""
        self.author = author
        """The comment author's name, once known."""
        self.loaded: LoadedArticle | None = None
        """The article on show, with its document."""
        self.discussion = Discussion()
        """The open article's comments."""
        self.comment_problem: str = ""
        """Why the open article's comment file cannot be changed, as told to the reader."""
        self._stat_key: StatKey | None = None
        self._undo: list[tuple[ArticleRef, tuple[Comment, ...]]] = []
        self._pane_moves_cursor = False
        self._select_after_load: str | None = None

    def _byline(self, article: Article, count: int | None = None) -> str:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a comment action can run now (None shows it disabled)."""
        if action in GUESS_ACTIONS:
            return self.guessed_entry() is not None  # shown only while there is a guess
        if action not in COMMENT_ACTIONS:
            return True
        loaded = self.loaded
        if loaded is None:
            return None
        if self.comment_problem:
            return True  # the action explains why comments cannot be changed
        if loaded.problem is not None and not loaded.document.blocks:
            return None  # the file could not be read: nothing to comment on
        if action in ("reply_comment", "edit_comment", "delete_comment"):
            return True if self._pane().selected is not None else None
        if action == "undo_delete":
            return True if self._undo else None
        if action == "comment_paragraph":
            return True if loaded.document.blocks else None
        return True

    def _pane(self) -> CommentPane:
        return self.query_one(CommentPane)

    def _view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def _ref(self) -> ArticleRef:
        assert self.loaded is not None
        article = self.loaded.article
        return ArticleRef(article.id, article.relpath, article.title)

    def action_comment_paragraph(self) -> None:
        """Comment on the paragraph under the cursor."""
        if self._explain_read_only():
            return
        view = self._view()
        block = view.current_block
        if self.loaded is None or block is None:
            return
        key = DraftKey(self.loaded.article.id, f"block:{block_hash(block)}")
        self._open_editor(
            _Pending("paragraph", block=view.cursor), key, t("editor.title.paragraph"), block.text
        )

    def action_comment_article(self) -> None:
        """Comment on the whole article."""
        if self._explain_read_only():
            return
        if self.loaded is None:
            return
        key = DraftKey(self.loaded.article.id, "article")
        self._open_editor(
            _Pending("article"), key, t("editor.title.article"), self.loaded.article.title
        )

    def action_reply_comment(self) -> None:
        """Reply to the selected comment."""
        if self._explain_read_only():
            return
        entry = self._pane().selected
        if self.loaded is None or entry is None:
            return
        comment = entry.comment
        key = DraftKey(self.loaded.article.id, f"reply:{comment.id}")
        title = t("editor.title.reply", author=comment.author)
        self._open_editor(
            _Pending("reply", block=entry.block, comment=comment), key, title, comment.body
        )

    def action_edit_comment(self) -> None:
        """Edit the selected comment."""
        if self._explain_read_only():
            return
        entry = self._pane().selected
        if self.loaded is None or entry is None:
            return
        comment = entry.comment
        key = DraftKey(self.loaded.article.id, f"edit:{comment.id}")
        self._open_editor(
            _Pending("edit", block=entry.block, comment=comment),
            key,
            t("editor.title.edit"),
            "",
            initial=comment.body,
        )

    def _open_editor(
        self, pending: _Pending, key: DraftKey, title: str, quote: str, initial: str = ""
    ) -> None:
        request = EditorRequest(
            key=key,
            title=title,
            quote=quote,
            initial=initial,
            author=self.author or account_name(),
            ask_author=self.author is None and pending.kind != "edit",
        )
        editor = CommentEditor(request, self.workspace.drafts)

        def saved(result: EditorResult | None) -> None:
            if result is not None:
                self._store_comment(pending, key, result)

        self.app.push_screen(editor, saved)

    def _store_comment(self, pending: _Pending, key: DraftKey, result: EditorResult) -> None:
        """Turn the editor's text into a comment and write it."""
        assert self.loaded is not None
        if self.author != result.author:
            self.author = result.author
            self._remember_author(result.author)
        if pending.kind == "edit" and pending.comment is not None:
            comment = edited(pending.comment, result.text)
        else:
            anchor = None
            if pending.kind == "paragraph" and pending.block is not None:
                anchor = make_anchor(self.loaded.document, pending.block)
            elif pending.kind == "reply" and pending.comment is not None:
                anchor = pending.comment.anchor
            parent = pending.comment.id if pending.kind == "reply" and pending.comment else None
            comment = new_comment(result.author, result.text, anchor=anchor, parent=parent)
        self._write_comment(self._ref(), key, comment, pending.kind == "edit")

    @work(thread=True, group="comments", exit_on_error=False)
    def _remember_author(self, name: str) -> None:
        """Keep the author name in the settings file for next time."""
        # On failure the name is still used this session; the next session asks again.
        with contextlib.suppress(OSError):
            remember(self.workspace.dirs.config_file, "author", name)

    @work(thread=True, group="comments", exit_on_error=False)
    def _write_comment(
        self, ref: ArticleRef, key: DraftKey | None, comment: Comment, edit: bool
    ) -> None:
        """Write one comment; on failure the draft stays and the reader is told."""
        store = self.workspace.comments
        try:
            written = store.update(ref, comment) if edit else store.add(ref, comment)
        except StoreError as error:
            self.app.call_from_thread(
                self.notify,
                t("comments.save_failed", reason=t(f"store.{error.code.value}")),
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        if key is not None:
            self.workspace.drafts.discard(key)
        self._post_changed(ref.id, written, select=comment.id, stat_key=store.stat_key(ref.id))

    def action_delete_comment(self) -> None:
        """Delete the selected comment and its replies, after asking."""
        if self._explain_read_only():
            return
        entry = self._pane().selected
        if self.loaded is None or entry is None:
            return
        comment = entry.comment
        ref = self._ref()

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(ref, comment.id)

        detail = f"{comment.author}: {CommentPane.describe(comment)}"
        self.app.push_screen(ConfirmScreen(t("comments.delete_question"), detail), answered)

    @work(thread=True, group="comments", exit_on_error=False)
    def _delete(self, ref: ArticleRef, comment_id: str) -> None:
        store = self.workspace.comments
        try:
            removed = store.delete(ref, comment_id)
            written = store.load(ref.id)
        except StoreError as error:
            self.app.call_from_thread(
                self.notify,
                t("comments.delete_failed", reason=t(f"store.{error.code.value}")),
                severity="error",
                markup=False,
            )
            return
        if removed:
            self.app.call_from_thread(self._undo.append, (ref, removed))
            self.app.call_from_thread(
                self.notify, t("comments.deleted", count=len(removed)), markup=False
            )
        self._post_changed(ref.id, written, stat_key=store.stat_key(ref.id))

    def action_undo_delete(self) -> None:
        """Bring back the comments deleted last."""
        if self._explain_read_only() or not self._undo:
            return
        self._restore(*self._undo.pop())

    def _explain_read_only(self) -> bool:
        """Say why comments cannot be changed, when they cannot; True if they cannot."""
        if not self.comment_problem:
            return False
        self.notify(self.comment_problem, severity="warning", timeout=10, markup=False)
        return True

    @work(thread=True, group="comments", exit_on_error=False)
    def _restore(self, ref: ArticleRef, comments: tuple[Comment, ...]) -> None:
        store = self.workspace.comments
        try:
            written = store.restore(ref, comments)
        except StoreError as error:
            self.app.call_from_thread(self._undo.append, (ref, comments))
            self.app.call_from_thread(
                self.notify,
                t("comments.save_failed", reason=t(f"store.{error.code.value}")),
                severity="error",
                markup=False,
            )
            return
        self._post_changed(ref.id, written, select=comments[0].id, stat_key=store.stat_key(ref.id))

    def _post_changed(
        self,
        article_id: str,
        comment_file: CommentFile,
        select: str | None = None,
        stat_key: StatKey | None = None,
    ) -> None:
        """From a worker: place the comments there (placing 1,000 takes a while), then post."""
        loaded = self.loaded
        placed = None
        if loaded is not None and loaded.article.id == article_id:
            placed = (loaded.document, place(loaded.document, comment_file))
        changed = CommentsChanged(
            article_id, comment_file, select, placed=placed, stat_key=stat_key
        )
        self.post_message(changed)

    @on(CommentsChanged)
    def _show_comments(self, message: CommentsChanged) -> None:
        if self.loaded is None or self.loaded.article.id != message.article_id:
            return
        if message.stat_key is not None:
            self._stat_key = message.stat_key
        select = message.select or self._select_after_load
        self._select_after_load = None
        self.set_discussion(message.comment_file, select=select, placed=message.placed)

    def set_discussion(
        self,
        comment_file: CommentFile,
        select: str | None = None,
        placed: tuple[Document, Discussion] | None = None,
    ) -> None:
        """Show the comment file's comments on the open article (placed in a worker if given)."""
        assert self.loaded is not None
        self.comment_problem = problem_text(comment_file)
        if placed is not None and placed[0] is self.loaded.document:
            self.discussion = placed[1]
        else:
            self.discussion = place(self.loaded.document, comment_file)
        self._show_discussion(select)

    def _show_discussion(self, select: str | None = None) -> None:
        assert self.loaded is not None
        view = self._view()
        self._pane().notice = self.comment_problem
        view.comment_counts = self.discussion.block_counts()
        view.set_byline(self._byline(self.loaded.article, len(self.discussion)))
        view.refresh()
        pane = self._pane()
        cursor = view.cursor
        if select is not None:
            entry = next((e for e in self.discussion.entries() if e.comment.id == select), None)
            if entry is not None and entry.group is Group.BLOCK:
                cursor = entry.block if entry.block is not None else cursor
        pane.show(self.discussion.entries(), cursor, keep=select)
        self.query_one("#comments-title", Static).update(
            t("comments.title", count=len(self.discussion))
        )
        self._update_list_count(self.loaded.article.id, len(self.discussion))
        self.refresh_bindings()

    def _update_list_count(self, article_id: str, count: int) -> None:
        """Show the open article's new comment count in the list."""
        article_list = self.query_one(ArticleList)
        counts = dict(article_list.comment_counts)
        counts[article_id] = count
        article_list.set_comment_counts(counts)

    @on(ArticleView.CursorMoved)
    def _follow_cursor(self, message: ArticleView.CursorMoved) -> None:
        if self._pane_moves_cursor:
            self._pane_moves_cursor = False
            return
        if self.loaded is not None and len(self.discussion):
            self._pane().show(self.discussion.entries(), message.index)
            self._refresh_guess_keys()
        # No refresh_bindings here: what the footer shows does not change with the cursor,
        # and each refresh makes Textual rebuild the footer and lay out the screen.

    @on(CommentPane.Selected)
    def _cursor_to_comment(self, message: CommentPane.Selected) -> None:
        # An orphan with a guess shows the paragraph it may belong to.
        block = message.entry.block if message.entry.block is not None else message.entry.guess
        if block is not None:
            self._pane_moves_cursor = True
            self._view().go_to_block(block, top=False)
        self._refresh_guess_keys()

    def poll_comments(self) -> None:
        """Look for comments another instance wrote to the open article."""
        if self.loaded is not None and self.loaded.problem is None:
            self._poll(self.loaded.article.id, self._stat_key)

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self, article_id: str, known: StatKey | None) -> None:
        store = self.workspace.comments
        if store.changed_since(article_id, known):
            key = store.stat_key(article_id)
            self._post_changed(article_id, store.load(article_id), stat_key=key)

    def comment_file_notice(self, comment_file: CommentFile) -> None:
        """Tell the reader about a damaged, unusable or newer comment file, once per load."""
        if comment_file.moved_to is not None:
            self.notify(
                t("comments.moved_aside", path=str(comment_file.moved_to)),
                severity="warning",
                timeout=15,
                markup=False,
            )
        elif self.comment_problem:
            self.notify(self.comment_problem, severity="warning", timeout=10, markup=False)
