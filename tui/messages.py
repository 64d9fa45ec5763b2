"""Requests and results posted to the reader screen, which owns the session and acts on them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from tui.model.articles.article_set import ArticleSet
from tui.model.articles.library import Article, LoadedArticle
from tui.model.comments.discussion import Discussion
from tui.model.comments.store import CommentFile, StatKey
from tui.model.session.reading_session import Opening

if TYPE_CHECKING:
    from tui.model.articles.changes import FolderChange  # loads with the folder watch


class OpenArticle(Message):
    """Open an article (from a link, a search result, the history or the list)."""

    def __init__(self, opening: Opening, *, visit: bool = False) -> None:
        super().__init__()
        self.opening = opening
        """The article and where it should open."""
        self.visit = visit
        """Remember the place left in the history (links and search results)."""


class ArticleLoaded(Message):
    """An article and its comments were read in a worker."""

    def __init__(
        self,
        loaded: LoadedArticle,
        comment_file: CommentFile,
        *,
        complete: bool = True,
        stat_key: StatKey | None = None,
    ) -> None:
        super().__init__()
        self.stat_key = stat_key
        """The comment file's stat key, taken just before it was read."""
        self.loaded = loaded
        """The article with its document, or with the problem that kept it from loading."""
        self.comment_file = comment_file
        """The article's comments as on disk."""
        self.complete = complete
        """False when only the start of a long article was parsed; the whole follows."""


class CommentsChanged(Message):
    """An article's comments were written or read again."""

    def __init__(
        self,
        article_id: str,
        comment_file: CommentFile,
        select: str | None = None,
        *,
        placed: Discussion | None = None,
        loaded: LoadedArticle | None = None,
        stat_key: StatKey | None = None,
    ) -> None:
        super().__init__()
        self.article_id = article_id
        """The article the comments belong to."""
        self.comment_file = comment_file
        """The comment file as now on disk."""
        self.select = select
        """A comment to select in the pane (the one just written)."""
        self.placed = placed
        """The comments already placed (in the worker) on `loaded`'s document."""
        self.loaded = loaded
        """The article as it was when the comments were placed."""
        self.stat_key = stat_key
        """The comment file's stat key when it was read (None: not read from disk now)."""


class ArticlesChanged(Message):
    """Articles or comment files changed on disk."""

    def __init__(
        self,
        change: FolderChange,
        articles: Sequence[Article] | None,
        moved_aside: tuple[Path, ...] = (),
        reading: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.change = change
        """Which articles and comment files changed."""
        # Made in the thread that posts the message: the event loop only assigns the set.
        self.articles = None if articles is None else ArticleSet.of(articles)
        """The folder's articles read again (None when only comment files changed)."""
        self.moved_aside = moved_aside
        """Damaged comment files moved aside while reading them."""
        self.reading = reading
        """On a first start, files read so far and in all (None once the folder is read)."""


class WatchFailed(Message):
    """The folder could not be watched; the reader works on without live changes."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        """What went wrong."""


class RememberSetting(Message):
    """Keep one setting in the settings file for the next start."""

    def __init__(self, key: str, value: str) -> None:
        super().__init__()
        self.key = key
        """The setting, one of `settings.REMEMBERED_KEYS`."""
        self.value = value
        """Its new value, as written to the file."""
