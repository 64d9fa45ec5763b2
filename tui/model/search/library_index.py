"""The folder's index on disk: every article's list entry and searchable text, in SQLite with FTS5.

It is a cache. Everything in it is read again from the files when it is missing, damaged, locked
by a stuck writer or written by another schema version; comments stay in their JSON files. One
database per content folder lives in the user cache folder; WAL mode and a busy timeout let two
instances read and write it at once. `index_database` opens the file and replaces it when it is
unusable; this module reads and writes what it holds.

The searchable text is folded (`tui.model.search.fold`) before FTS5 indexes it, and queries are
folded the same way, so `Müller`, `Mueller` and `Muller` meet, as `Straße` and `Strasse` do. The
original text is kept beside it (an external-content table): FTS5's `highlight` finds the matched
words by their position, which folding keeps, and marks them in the text the reader sees.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

from tui.model.articles.ids import settled_ids
from tui.model.articles.library import Article, FoundArticle, settle_ids, sort_articles
from tui.model.comments.comment import Comment
from tui.model.search.hits import match_expression
from tui.model.search.index import SearchHit
from tui.model.search.index_database import BUSY_SECONDS, IndexDatabase
from tui.model.search.index_query import find_hits
from tui.model.search.index_schema import LIST_ORDER, SCHEMA_VERSION, SETTLE, SETTLED, UNSETTLE
from tui.model.search.index_writes import (
    IndexedArticle,
    comment_text,
    drop_text,
    index_text,
    put_article,
    set_comments_text,
)
from tui.model.search.rows import ENTRY_COLUMNS, EntryReader

__all__ = ["SCHEMA_VERSION", "IndexedArticle", "LibraryIndex", "index_text"]

LOOKUP_BATCH = 500
"""Articles looked up by id in one query (each such query reads the whole table)."""


class LibraryIndex:
    """The SQLite index of one content folder, safe to use from several threads at once."""

    def __init__(
        self, database: Path, *, busy_seconds: float = BUSY_SECONDS, read_only: bool = False
    ) -> None:
        """Open (or create, or rebuild) the index in the file `database`.

        `read_only`: open it for reading only, as it is, or raise `sqlite3.Error` when it is
        missing, locked, damaged or of another version (see `for_reading`).
        """
        self._db = IndexDatabase(database, busy_seconds=busy_seconds, read_only=read_only)

    @classmethod
    def for_reading(cls, database: Path) -> LibraryIndex | None:
        """The index in `database` to read only, or None when there is no usable one.

        For a look before the reader's first paint. Nothing is created or rebuilt (the pass
        after the paint does that), and a reading connection never checkpoints the write-ahead
        log when it closes: the last writable one to close does, which after an interrupted
        build of 10,000 articles took 53 ms.
        """
        try:
            return cls(database, read_only=True)
        except sqlite3.Error:
            return None

    @property
    def database(self) -> Path:
        """Where the index lives (a private temporary file when the real one was unusable)."""
        return self._db.database

    @property
    def rebuilt(self) -> bool:
        """Whether the file was found unusable and started afresh this session."""
        return self._db.rebuilt

    def close(self) -> None:
        """Close every thread's connection (a private index is deleted)."""
        self._db.close()

    def differences(
        self, files: Iterable[tuple[str, str, bool, int | None, float | None]]
    ) -> tuple[list[tuple[str, str, bool]], list[str]] | None:
        """Compare the folder's files (path, relpath, is_link, size, mtime) with the index.

        Returns the files new or changed since they were indexed (path, relpath, is_link), by
        relative path, and the relative paths indexed that are gone; None when the database
        failed. The files go through the database one by one: at 100,000 articles, the listing
        and the stamps held side by side in Python took 50 MB.
        """

        def compare() -> tuple[list[tuple[str, str, bool]], list[str]]:
            connection = self._db.connect()
            connection.execute(
                "CREATE TEMP TABLE IF NOT EXISTS walk (relpath TEXT PRIMARY KEY, path TEXT,"
                " is_link INTEGER, size INTEGER, mtime REAL)"
            )
            connection.execute("DELETE FROM temp.walk")
            try:
                connection.executemany(
                    "INSERT OR IGNORE INTO temp.walk VALUES (?, ?, ?, ?, ?)",
                    ((rel, path, link, size, mtime) for path, rel, link, size, mtime in files),
                )
                changed = connection.execute(
                    "SELECT w.path, w.relpath, w.is_link FROM temp.walk w"
                    " LEFT JOIN articles a ON a.relpath = w.relpath"
                    " WHERE a.rowid IS NULL OR a.size IS NOT w.size OR a.mtime IS NOT w.mtime"
                    " ORDER BY w.relpath"
                ).fetchall()
                removed = connection.execute(
                    "SELECT relpath FROM articles"
                    " WHERE relpath NOT IN (SELECT relpath FROM temp.walk)"
                ).fetchall()
            finally:
                connection.execute("DELETE FROM temp.walk")
            return [(p, r, bool(link)) for p, r, link in changed], [r for (r,) in removed]

        return self._db.guarded(compare, None)

    def comment_files(
        self, name_of: Callable[[str], str], names: Collection[str]
    ) -> list[tuple[str, str | None]]:
        """(id, indexed comment file stamp) of each article whose comments may have changed:
        those indexed with a comment file, and those whose file's name (`name_of`) is in `names`.
        """

        def read() -> list[tuple[str, str | None]]:
            rows = self._db.connect().execute("SELECT id, comment_file FROM articles")
            return [(i, stamp) for i, stamp in rows if stamp is not None or name_of(i) in names]

        return self._db.guarded(read, [])

    def found(self) -> list[FoundArticle]:
        """Every indexed article as found in the folder, ids not settled."""

        def read() -> list[FoundArticle]:
            rows = self._db.connect().execute(
                f"SELECT {ENTRY_COLUMNS} FROM articles ORDER BY relpath"
            )
            reader = EntryReader()
            return [reader.found(row) for row in rows]

        return self._db.guarded(read, [])

    @property
    def settled(self) -> bool:
        """Whether the stored ids are the folder's settled ids (no write since `settle_ids`)."""

        def read() -> bool:
            return self._db.connect().execute(SETTLED).fetchone() is not None

        return self._db.guarded(read, False)

    def listing(self, limit: int | None = None, also: str | None = None) -> list[Article] | None:
        """The first `limit` articles (all: None) in the list's default order, with their ids.

        The article with the id `also` comes last when it is not among them (it sorts after
        them all). None when the ids are not settled: the list must then be worked out from
        `found`.
        """

        def read() -> list[Article] | None:
            connection = self._db.connect()
            # One read transaction: a writer between the check and the rows cannot unsettle them.
            connection.execute("BEGIN")
            try:
                if connection.execute(SETTLED).fetchone() is None:
                    return None
                rows = connection.execute(
                    f"SELECT {ENTRY_COLUMNS} FROM articles ORDER BY {LIST_ORDER} LIMIT ?",
                    (-1 if limit is None else limit,),
                )
                # Row by row: a folder's rows at once would hold every entry twice.
                reader = EntryReader()
                articles = [reader.listed(row) for row in rows]
                if also is not None and all(article.id != also for article in articles):
                    extra = connection.execute(
                        f"SELECT {ENTRY_COLUMNS} FROM articles WHERE id = ?", (also,)
                    ).fetchone()
                    if extra is not None:
                        articles.append(reader.listed(extra))
                return articles
            finally:
                connection.execute("COMMIT")

        return self._db.guarded(read, None)

    def articles(self) -> list[Article]:
        """Every indexed article, ids settled, in the list's default order."""
        listed = self.listing()
        return listed if listed is not None else sort_articles(settle_ids(self.found()))

    def __len__(self) -> int:
        """Number of indexed articles."""
        return self._db.guarded(
            lambda: int(self._db.connect().execute("SELECT count(*) FROM articles").fetchone()[0]),
            0,
        )

    def put(self, items: Sequence[IndexedArticle]) -> None:
        """Add or replace articles (by relative path), their comments kept."""
        if not items:
            return

        def write() -> None:
            with self._db.transaction() as cursor:
                cursor.execute(UNSETTLE)
                for item in items:
                    put_article(cursor, item)

        self._db.guarded(write, None)

    def remove(self, relpaths: Sequence[str]) -> None:
        """Forget the articles at these relative paths."""
        if not relpaths:
            return

        def write() -> None:
            with self._db.transaction() as cursor:
                cursor.execute(UNSETTLE)
                for relpath in relpaths:
                    row = cursor.execute(
                        "SELECT rowid FROM articles WHERE relpath = ?", (relpath,)
                    ).fetchone()
                    if row is not None:
                        drop_text(cursor, row[0])
                        cursor.execute("DELETE FROM articles WHERE rowid = ?", (row[0],))

        self._db.guarded(write, None)

    def settle_ids(self) -> None:
        """Give every article its distinct id (ids depend on the whole folder), as a scan does."""

        def write() -> None:
            with self._db.transaction() as cursor:
                rows = cursor.execute(
                    "SELECT rowid, id, wanted_id, path_id, relpath FROM articles ORDER BY relpath"
                ).fetchall()
                ids = settled_ids([(row[2], row[3], row[4]) for row in rows])
                cursor.executemany(
                    "UPDATE articles SET id = ? WHERE rowid = ?",
                    [(new, row[0]) for new, row in zip(ids, rows, strict=True) if new != row[1]],
                )
                cursor.execute(SETTLE)

        self._db.guarded(write, None)

    def set_comments(self, article_id: str, comments: Sequence[Comment], stamp: str | None) -> None:
        """Index the comments of one article (`stamp` says which version of its file they are)."""
        self.set_many_comments([(article_id, comments, stamp)])

    def set_many_comments(
        self, entries: Sequence[tuple[str, Sequence[Comment], str | None]]
    ) -> None:
        """Index the comments of several articles (id, comments, stamp) in one transaction."""
        prepared = {
            article_id: (*comment_text(comments), stamp) for article_id, comments, stamp in entries
        }
        wanted = list(prepared)

        def write() -> None:
            with self._db.transaction() as cursor:
                for start in range(0, len(wanted), LOOKUP_BATCH):
                    ids = wanted[start : start + LOOKUP_BATCH]
                    # Ids are not indexed: one scan of the table finds a whole batch of them.
                    rows = cursor.execute(
                        "SELECT rowid, id, comment_file FROM articles"
                        f" WHERE id IN ({', '.join('?' * len(ids))})",
                        ids,
                    ).fetchall()
                    for rowid, article_id, indexed in rows:
                        text, meta, stamp = prepared[article_id]
                        if stamp is None or indexed != stamp:
                            set_comments_text(cursor, rowid, text, meta, stamp)

        self._db.guarded(write, None)

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Return up to `limit` hits for `query`, best articles first, each article's in order."""
        expression = match_expression(query)
        if expression is None or limit <= 0:
            return []

        return self._db.guarded(lambda: find_hits(self._db.connect(), expression, limit), [])

    def title(self, article_id: str) -> str:
        """The title of an indexed article ("" when it is not indexed)."""

        def read() -> str:
            row = (
                self._db.connect()
                .execute("SELECT title FROM articles WHERE id = ?", (article_id,))
                .fetchone()
            )
            return "" if row is None else str(row[0])

        return self._db.guarded(read, "")


def comment_stamp(path: Path) -> str | None:
    """A short mark of one version of a comment file (None when there is none)."""
    try:
        return stamp_of(os.stat(path, follow_symlinks=False))
    except OSError:
        return None


def stamp_of(info: os.stat_result) -> str:
    """The mark of a comment file's version from its status (the pass compares these)."""
    return f"{info.st_size}:{info.st_mtime_ns}"
