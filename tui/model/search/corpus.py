"""The global search's view of a folder: one index entry per article, built off the event loop.

`iter_entries` reads every article and its comments and yields each entry with its progress, so
a worker can report how far it got. `SessionIndex` is the one index of a reading session: a worker
fills it while other workers search it and the reader re-indexes articles whose comments changed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.model.articles.blocks import Document
from tui.model.articles.library import Article, load_article
from tui.model.comments.comment import Comment
from tui.model.comments.discussion import Discussion
from tui.model.comments.store import CommentStore
from tui.model.search.index import IndexedComment, IndexEntry, SearchHit, SearchIndex

__all__ = [
    "Indexed",
    "SessionIndex",
    "entry_for",
    "iter_entries",
    "read_entry",
]


@dataclass(frozen=True, slots=True)
class Indexed:
    """One article indexed, and how far the whole folder is."""

    done: int
    """Articles indexed so far, this one included."""
    total: int
    """Articles to index in all."""
    entry: IndexEntry
    """What the search knows about the article."""
    moved_to: Path | None = None
    """Where the article's damaged comment file was moved aside while reading it, if it was."""


def entry_for(article: Article, document: Document, comments: Iterable[Comment]) -> IndexEntry:
    """Return the index entry of `article`, its comments placed on the blocks of `document`."""
    blocks = tuple(block.text for block in document.blocks)
    indexed: list[IndexedComment] = []
    comments = tuple(comments)
    if comments:
        for item in Discussion.build(document, comments).entries():
            comment = item.comment
            indexed.append(IndexedComment(comment.id, item.block, comment.body, comment.author))
    return IndexEntry(
        article.id,
        article.title,
        author=article.author,
        tags=article.tags,
        blocks=blocks,
        comments=tuple(indexed),
    )


def read_entry(
    root: Path, article: Article, store: CommentStore, *, has_comments: bool = True
) -> tuple[IndexEntry, Path | None]:
    """Read `article` and its comments and return its entry (and a moved-aside comment file).

    An article that cannot be read or parsed is still indexed by its title, author and tags.
    """
    document = Document()
    try:
        document = load_article(root, article).document
    except Exception:
        # One article the parser chokes on must not cost the reader the search of all others.
        document = Document()
    comments: tuple[Comment, ...] = ()
    moved_to: Path | None = None
    if has_comments:
        try:
            comment_file = store.load(article.id)
        except Exception:
            # Unreadable comments leave the article searchable by its own text.
            comment_file = None
        if comment_file is not None:
            comments = comment_file.comments
            moved_to = comment_file.moved_to
    try:
        return entry_for(article, document, comments), moved_to
    except Exception:
        return entry_for(article, Document(), ()), moved_to


def iter_entries(root: Path, articles: Sequence[Article], store: CommentStore) -> Iterator[Indexed]:
    """Yield the index entry of every article in `articles`, in order, with its progress."""
    present = _comment_files(store)
    total = len(articles)
    for done, article in enumerate(articles, start=1):
        has_comments = present is None or store.path_for(article.id).name in present
        entry, moved_to = read_entry(root, article, store, has_comments=has_comments)
        yield Indexed(done, total, entry, moved_to)


def _comment_files(store: CommentStore) -> frozenset[str] | None:
    """Return the names in the comments folder (None when it cannot be listed: try every file)."""
    try:
        return frozenset(entry.name for entry in store.folder.iterdir())
    except FileNotFoundError:
        return frozenset()
    except OSError:
        return None


class SessionIndex:
    """The search index of one reading session, safe to fill, change and search from threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index = SearchIndex()
        self._titles: dict[str, str] = {}
        self._started = False
        self._done = 0
        self._total = 0
        self._ready = False

    @property
    def started(self) -> bool:
        """Whether building has begun (it is started once per session)."""
        return self._started

    @property
    def ready(self) -> bool:
        """Whether every article of the folder is indexed."""
        return self._ready

    @property
    def progress(self) -> tuple[int, int]:
        """Articles indexed so far and articles to index."""
        return self._done, self._total

    def __len__(self) -> int:
        """Number of indexed articles."""
        with self._lock:
            return len(self._index)

    def claim(self) -> bool:
        """Mark building as begun; False when it already was, so only one builder runs."""
        with self._lock:
            if self._started:
                return False
            self._started = True
            return True

    def build(
        self,
        root: Path,
        articles: Sequence[Article],
        store: CommentStore,
        *,
        report: Callable[[Indexed], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        """Index every article, calling `report` after each; stop early when `cancelled()`."""
        self._started = True
        self._total = len(articles)
        for item in iter_entries(root, articles, store):
            if cancelled():
                return
            with self._lock:
                if item.entry.article_id not in self._index:
                    # An article re-indexed meanwhile (its comments changed) is already newer.
                    self._add(item.entry)
                self._done = item.done
            if report is not None:
                report(item)
            # Hand the GIL to the event loop between articles, so the reader's keys and paints
            # never wait behind a whole switch interval of indexing.
            time.sleep(0)
        self._done = self._total
        self._ready = True

    def _add(self, entry: IndexEntry) -> None:
        self._index.add(entry)
        self._titles[entry.article_id] = entry.title

    def replace(self, entry: IndexEntry) -> None:
        """Re-index one article (its comments or text changed)."""
        with self._lock:
            self._add(entry)

    def title(self, article_id: str) -> str:
        """Return the title of an indexed article ("" when it is not indexed)."""
        return self._titles.get(article_id, "")

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Return up to `limit` hits for `query` among the articles indexed so far."""
        with self._lock:
            return self._index.search(query, limit)
