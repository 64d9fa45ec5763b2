"""What a reading session may do to the machine it runs on.

In the user's own terminal the reader remembers settings, offers the login name as the author,
keeps drafts and reading positions in the user's state folder and opens web links in the
user's browser. A session served to a browser (`marginalia serve`) runs on someone else's
machine for a visitor: it keeps all of that to itself and only writes comments, and not even
those when the server is read-only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.model.comments.codec import Problem
from tui.model.comments.comment import Comment
from tui.model.comments.store import (
    ArticleRef,
    CommentFile,
    CommentStore,
    ErrorCode,
    StoreReadOnly,
)

if TYPE_CHECKING:
    from tui.model.session.workspace import UserDirs


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    """The rules of one reading session: the terminal's (the default) or a served visitor's."""

    served: bool = False
    """True when the reader runs for a visitor in a browser rather than in the user's terminal."""
    read_only: bool = False
    """True when comments can be read but not written (`marginalia serve --read-only`)."""

    @property
    def writes_settings(self) -> bool:
        """Whether a changed setting (theme, widths, author name) goes to the settings file."""
        return not self.served

    @property
    def links_open_for_visitor(self) -> bool:
        """Whether web links open in the visitor's browser rather than on this machine."""
        return self.served

    @property
    def edits_articles(self) -> bool:
        """Whether `E` may hand an article to an editor on this machine (never for a visitor)."""
        return not self.served

    def starting_author(self, remembered: str | None) -> str | None:
        """The author a session starts with: a visitor is asked, never given the server's name."""
        return None if self.served else remembered

    def offered_author(self, account: str) -> str:
        """The name filled in when the author is first asked: a visitor's field starts empty."""
        return "" if self.served else account

    def session_dirs(self, dirs: UserDirs, private: Path) -> UserDirs:
        """The user folders for this session: a visitor's drafts and positions stay in `private`."""
        return replace(dirs, state=private) if self.served else dirs

    def comment_store(self, folder: Path) -> CommentStore:
        """The comment files as this session may use them."""
        return ReadOnlyCommentStore(folder) if self.read_only else CommentStore(folder)


class ReadOnlyCommentStore(CommentStore):
    """Comment files that are shown but never changed: every file reads as read-only."""

    def load(self, article_id: str) -> CommentFile:
        """The comments, marked read-only (a file's own problem, when it has one, says more)."""
        found = super().load(article_id)
        if found.read_only:
            return found
        return replace(found, read_only=True, problem=Problem.READ_ONLY_SESSION)

    def add(self, article: ArticleRef, comment: Comment) -> CommentFile:
        """Refuse: nothing is written."""
        raise _refused()

    def update(self, article: ArticleRef, comment: Comment) -> CommentFile:
        """Refuse: nothing is written."""
        raise _refused()

    def delete(self, article: ArticleRef, comment_id: str, by: str = "") -> tuple[Comment, ...]:
        """Refuse: nothing is written."""
        raise _refused()

    def restore(self, article: ArticleRef, comments: Iterable[Comment]) -> CommentFile:
        """Refuse: nothing is written."""
        raise _refused()


def _refused() -> StoreReadOnly:
    return StoreReadOnly(ErrorCode.READ_ONLY, Problem.READ_ONLY_SESSION.value)
