"""An orphaned comment's "maybe here": put it on the guessed paragraph, or say it is not there.

Re-anchoring makes an orphan of every comment whose paragraph it cannot find for sure, and
keeps its best candidate as a guess. The comment pane shows the guess; these actions let the
reader settle it with one key. Both rewrite the comment's anchor through the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.model.articles.library import LoadedArticle
from tui.model.comments.anchoring import decline_guess, replace_anchor
from tui.model.comments.comment import Comment
from tui.model.comments.discussion import Discussion, Entry

if TYPE_CHECKING:
    from tui.model.comments.drafts import DraftKey
    from tui.model.comments.store import ArticleRef
    from tui.widgets.comment_pane import CommentPane

GUESS_ACTIONS = frozenset({"accept_guess", "dismiss_guess"})
"""Actions that exist only while an orphan with a guess is selected."""


class GuessActions:
    """Accepting or dismissing the guess of the selected orphan (a mixin of the reader)."""

    loaded: LoadedArticle | None
    discussion: Discussion
    _guess_selected = False

    if TYPE_CHECKING:

        def _pane(self) -> CommentPane: ...

        def _ref(self) -> ArticleRef: ...

        def refresh_bindings(self) -> None: ...

        def _write_comment(
            self, ref: ArticleRef, key: DraftKey | None, comment: Comment, edit: bool
        ) -> object: ...

    def guessed_entry(self) -> Entry | None:
        """The selected comment, when it is an orphan with a guess that may be settled now."""
        entry = self._pane().selected
        if entry is None or entry.guess is None or self.loaded is None:
            return None
        if self.discussion.read_only or entry.guess >= len(self.loaded.document.blocks):
            return None
        return entry

    def _refresh_guess_keys(self) -> None:
        """Show the keys for a guess in the footer exactly while an orphan with one is selected."""
        selected = self.guessed_entry() is not None
        if selected != self._guess_selected:
            self._guess_selected = selected
            self.refresh_bindings()

    def _save_anchor(self, ref: ArticleRef, comment: Comment) -> None:
        """Write a comment whose anchor the reader settled (no draft to discard)."""
        self._write_comment(ref, None, comment, True)

    def action_accept_guess(self) -> None:
        """Put the selected orphan on the paragraph it was guessed to belong to."""
        entry = self.guessed_entry()
        if entry is None or entry.guess is None or self.loaded is None:
            return
        comment = replace_anchor(entry.comment, self.loaded.document, entry.guess)
        self._save_anchor(self._ref(), comment)

    def action_dismiss_guess(self) -> None:
        """Say the selected orphan does not belong on the guessed paragraph."""
        entry = self.guessed_entry()
        if entry is None or entry.guess is None or self.loaded is None:
            return
        comment = decline_guess(entry.comment, self.loaded.document, entry.guess)
        self._save_anchor(self._ref(), comment)
