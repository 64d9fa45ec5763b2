"""The global search of one reading session: the folder's index, caught up once, searched at once.

The index on disk answers queries from the first moment; a pass in a worker thread brings it up
to date with the files (`catch_up`), and the search screen shows how far that pass is when the
index was empty, as on the first start in a folder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.model.articles.library import Article
from tui.model.comments.comment import Comment
from tui.model.comments.store import CommentStore

# The index, SQLite and the catch-up pass load with the first thread that uses them: a reader
# paints its first screen without them.
if TYPE_CHECKING:
    from tui.model.search.catch_up import CatchUp, Progress
    from tui.model.search.index import SearchHit
    from tui.model.search.library_index import LibraryIndex

__all__ = ["SessionIndex"]


class SessionIndex:
    """The folder's index as a reading session uses it, safe to search while it catches up."""

    def __init__(self, library: LibraryIndex | Path, only: Collection[str] | None = None) -> None:
        """Use `library`, or the index in the file `library`, opened on first use."""
        self._lock = threading.Lock()
        # One pass at a time: a later pass then always reports the later state of the folder.
        self._passing = threading.Lock()
        self._library = None if isinstance(library, Path) else library
        self._database = library if isinstance(library, Path) else library.database
        self.only = only
        """The relative paths of the files indexed, when not the whole folder."""
        self._ready = self._library is not None and len(self._library) > 0
        self._done = 0
        self._total = 0

    @property
    def library(self) -> LibraryIndex:
        """The index on disk, opened by the first thread that needs it (never before a paint)."""
        with self._lock:
            if self._library is None:
                from tui.model.search.library_index import LibraryIndex

                self._library = LibraryIndex(self._database)
                self._ready = len(self._library) > 0
            return self._library

    @property
    def ready(self) -> bool:
        """Whether searching finds the whole folder (the index held it, or a pass completed)."""
        return self._ready

    @property
    def progress(self) -> tuple[int, int]:
        """Files read so far by the pass under way, and files it has to read."""
        with self._lock:
            return self._done, self._total

    def catch_up(
        self,
        root: Path,
        store: CommentStore,
        *,
        report: Callable[[Progress], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        list_as_you_go: bool = False,
    ) -> CatchUp | None:
        """Bring the index up to date with the folder; None when cancelled on the way."""
        from tui.model.search.catch_up import catch_up

        def progress(step: Progress) -> None:
            with self._lock:
                self._done, self._total = step.done, step.total
            if report is not None:
                report(step)

        library = self.library
        with self._passing:
            result = catch_up(
                library,
                root,
                store,
                report=progress,
                cancelled=cancelled,
                list_as_you_go=list_as_you_go,
                only=self.only,
            )
        if result is not None:
            self._ready = True
        return result

    def articles(self) -> list[Article]:
        """The articles the index holds, in the list's default order."""
        return self.library.articles()

    def replace_comments(
        self, store: CommentStore, article_id: str, comments: Sequence[Comment]
    ) -> None:
        """Index the comments an article has now (after the reader or another instance wrote)."""
        from tui.model.search.library_index import comment_stamp

        stamp = comment_stamp(store.path_for(article_id))
        self.library.set_comments(article_id, comments, stamp)

    def title(self, article_id: str) -> str:
        """The title of an indexed article ("" when it is not indexed)."""
        return self.library.title(article_id)

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Up to `limit` hits for `query`, best first."""
        return self.library.search(query, limit)
