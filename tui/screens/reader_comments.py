"""Writing comments: comment, reply, edit, delete, undo, and settle an orphan's guess.

Each change is written by a thread job that reads only what it is handed and posts
`CommentsChanged`; the screen hands that to the discussion part, which shows it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.i18n import t
from tui.model.comments.comment import Comment, edited, new_comment
from tui.model.comments.store import ArticleRef, StoreError
from tui.model.session.reading_session import ReadingSession
from tui.model.session.settings import remember
from tui.model.session.workspace import Workspace, account_name
from tui.screens.part import ReaderPart
from tui.screens.reader_discussion import changed, guessed_entry, problem_text
from tui.widgets.comment_pane import CommentPane

if TYPE_CHECKING:
    from tui.model.comments.drafts import DraftKey
    from tui.screens.editor import EditorResult

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
GUESS_ACTIONS = frozenset({"accept_guess", "dismiss_guess"})
"""Actions that exist only while an orphan with a guess is selected."""


@dataclass(frozen=True, slots=True)
class _Pending:
    """What an open editor will do with its text."""

    kind: str
    """"paragraph", "article", "reply" or "edit"."""
    block: int | None = None
    """The paragraph commented on."""
    comment: Comment | None = None
    """The comment replied to or edited."""


class CommentsPart(ReaderPart):
    """Comment actions and the comment pane, for the reader screen."""

    def __init__(
        self,
        screen: Screen[None],
        session: ReadingSession,
        workspace: Workspace,
        author: str | None,
    ) -> None:
        super().__init__(screen, session)
        self.workspace = workspace
        """The comment store, drafts and settings file."""
        self.author = author
        """The comment author's name, once known."""

    def can_run(self, action: str) -> bool | None:
        """Whether a comment action can run now (None shows it disabled)."""
        if action in GUESS_ACTIONS:
            # Shown only while there is a guess.
            return guessed_entry(self.pane().selected, self.session) is not None
        loaded = self.session.loaded
        if loaded is None:
            return None
        if problem_text(self.session.comment_file):
            return True  # the action explains why comments cannot be changed
        if loaded.problem is not None and not loaded.document.blocks:
            return None  # the file could not be read: nothing to comment on
        if action in ("reply_comment", "edit_comment", "delete_comment"):
            return True if self.pane().selected is not None else None
        if action == "undo_delete":
            return True if self.session.undo else None
        if action == "comment_paragraph":
            return True if loaded.document.blocks else None
        return True

    # Writing

    def comment_paragraph(self) -> None:
        """Comment on the paragraph under the cursor."""
        view = self.view()
        block = view.current_block
        loaded = self.session.loaded
        if self._explain_read_only() or loaded is None or block is None:
            return
        from tui.model.comments.anchoring import block_hash  # loaded on first use

        key = _draft_key(loaded.article.id, f"block:{block_hash(block)}")
        pending = _Pending("paragraph", block=view.cursor)
        self._open_editor(pending, key, t("editor.title.paragraph"), block.text)

    def comment_article(self) -> None:
        """Comment on the whole article."""
        loaded = self.session.loaded
        if self._explain_read_only() or loaded is None:
            return
        key = _draft_key(loaded.article.id, "article")
        self._open_editor(_Pending("article"), key, t("editor.title.article"), loaded.article.title)

    def reply_comment(self) -> None:
        """Reply to the selected comment."""
        entry = self.pane().selected
        if self._explain_read_only() or self.session.loaded is None or entry is None:
            return
        comment = entry.comment
        key = _draft_key(self.session.loaded.article.id, f"reply:{comment.id}")
        title = t("editor.title.reply", author=comment.author)
        pending = _Pending("reply", block=entry.block, comment=comment)
        self._open_editor(pending, key, title, comment.body)

    def edit_comment(self) -> None:
        """Edit the selected comment."""
        entry = self.pane().selected
        if self._explain_read_only() or self.session.loaded is None or entry is None:
            return
        comment = entry.comment
        key = _draft_key(self.session.loaded.article.id, f"edit:{comment.id}")
        pending = _Pending("edit", block=entry.block, comment=comment)
        self._open_editor(pending, key, t("editor.title.edit"), "", initial=comment.body)

    def _open_editor(
        self, pending: _Pending, key: DraftKey, title: str, quote: str, initial: str = ""
    ) -> None:
        # The editor (and Textual's TextArea) load when the first comment is written.
        from tui.screens.editor import CommentEditor, EditorRequest

        request = EditorRequest(
            key=key,
            title=title,
            quote=quote,
            initial=initial,
            author=self.author or self.workspace.policy.offered_author(account_name()),
            ask_author=self.author is None and pending.kind != "edit",
        )

        def saved(result: EditorResult | None) -> None:
            if result is not None:
                self._store(pending, key, result)

        self.app.push_screen(CommentEditor(request, self.workspace.drafts), saved)

    def _store(self, pending: _Pending, key: DraftKey, result: EditorResult) -> None:
        """Turn the editor's text into a comment and write it."""
        loaded = self.session.loaded
        assert loaded is not None
        if self.author != result.author:
            self.author = self.pane().me = result.author
            if self.workspace.policy.writes_settings:
                self._remember_author(result.author)
        if pending.kind == "edit" and pending.comment is not None:
            comment = edited(pending.comment, result.text)
        else:
            anchor = None
            if pending.kind == "paragraph" and pending.block is not None:
                from tui.model.comments.anchoring import make_anchor

                anchor = make_anchor(loaded.document, pending.block)
            elif pending.kind == "reply" and pending.comment is not None:
                anchor = pending.comment.anchor
            parent = pending.comment.id if pending.kind == "reply" and pending.comment else None
            comment = new_comment(result.author, result.text, anchor=anchor, parent=parent)
        self.write(self.session.ref, key, comment, edit=pending.kind == "edit")

    def _remember_author(self, name: str) -> None:
        """Keep the author name in the settings file for next time."""
        path = self.workspace.dirs.config_file

        def job() -> None:
            # On failure the name is still used this session; the next session asks again.
            with contextlib.suppress(OSError):
                remember(path, "author", name)

        self.in_thread(job, "comments")

    def write(self, ref: ArticleRef, key: DraftKey | None, comment: Comment, *, edit: bool) -> None:
        """Write one comment in a thread; if that fails, the draft stays and the reader is told."""
        store, drafts, loaded = self.workspace.comments, self.workspace.drafts, self.session.loaded

        def job() -> None:
            try:
                written = store.update(ref, comment) if edit else store.add(ref, comment)
            except StoreError as error:
                reason = t(f"store.{error.code.value}")
                self.notify_from_thread(t("comments.save_failed", reason=reason), severity="error")
                return
            if key is not None:
                drafts.discard(key)
            self.post(changed(ref.id, written, loaded, comment.id, store.stat_key(ref.id)))

        self.in_thread(job, "comments")

    # Deleting and undoing

    def delete_comment(self) -> None:
        """Delete the selected comment and its replies, after asking."""
        entry = self.pane().selected
        if self._explain_read_only() or self.session.loaded is None or entry is None:
            return
        comment, ref, loaded = entry.comment, self.session.ref, self.session.loaded
        store = self.workspace.comments
        by = self.author or account_name()  # signs the tombstones

        def job() -> None:
            try:
                removed = store.delete(ref, comment.id, by)
                written = store.load(ref.id)
            except StoreError as error:
                reason = t(f"store.{error.code.value}")
                self.notify_from_thread(
                    t("comments.delete_failed", reason=reason), severity="error"
                )
                return
            if removed:
                self.app.call_from_thread(self._deleted, ref, removed)
            self.post(changed(ref.id, written, loaded, None, store.stat_key(ref.id)))

        def answered(yes: bool | None) -> None:
            if yes:
                self.in_thread(job, "comments")

        detail = f"{comment.author}: {CommentPane.describe(comment)}"
        from tui.screens.confirm import ConfirmScreen  # loaded on first use

        self.app.push_screen(ConfirmScreen(t("comments.delete_question"), detail), answered)

    def _deleted(self, ref: ArticleRef, removed: tuple[Comment, ...]) -> None:
        self.session.deleted(ref, removed)
        self.notify(t("comments.deleted", count=len(removed)))

    def undo_delete(self) -> None:
        """Bring back the comments deleted last."""
        if self._explain_read_only():
            return
        deleted = self.session.take_undo()
        if deleted is None:
            return
        store, loaded = self.workspace.comments, self.session.loaded

        def job() -> None:
            try:
                written = store.restore(deleted.ref, deleted.comments)
            except StoreError as error:
                self.app.call_from_thread(self.session.undo.append, deleted)
                reason = t(f"store.{error.code.value}")
                self.notify_from_thread(t("comments.save_failed", reason=reason), severity="error")
                return
            first = deleted.comments[0].id
            ref = deleted.ref
            self.post(changed(ref.id, written, loaded, first, store.stat_key(ref.id)))

        self.in_thread(job, "comments")

    def _explain_read_only(self) -> bool:
        """Say why comments cannot be changed, when they cannot; True if they cannot."""
        problem = problem_text(self.session.comment_file)
        if problem:
            self.notify(problem, severity="warning", timeout=10)
        return bool(problem)

    # "Maybe here" guesses of orphans

    def accept_guess(self) -> None:
        """Put the selected orphan on the paragraph it was guessed to belong to."""
        entry, loaded = guessed_entry(self.pane().selected, self.session), self.session.loaded
        if entry is not None and entry.guess is not None and loaded is not None:
            from tui.model.comments.anchoring import replace_anchor

            comment = replace_anchor(entry.comment, loaded.document, entry.guess)
            self.write(self.session.ref, None, comment, edit=True)

    def dismiss_guess(self) -> None:
        """Say the selected orphan does not belong on the guessed paragraph."""
        entry, loaded = guessed_entry(self.pane().selected, self.session), self.session.loaded
        if entry is not None and entry.guess is not None and loaded is not None:
            from tui.model.comments.anchoring import decline_guess

            comment = decline_guess(entry.comment, loaded.document, entry.guess)
            self.write(self.session.ref, None, comment, edit=True)


def _draft_key(article_id: str, target: str) -> DraftKey:
    """The key of a comment's draft; the drafts load with the first comment written."""
    from tui.model.comments.drafts import DraftKey

    return DraftKey(article_id, target)
