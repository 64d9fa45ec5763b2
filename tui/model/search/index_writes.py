"""Writing the index: an article's row and its searchable text, inside a write transaction.

`LibraryIndex` opens the transactions; these put rows in them. The searchable text is folded
(`index_text`) and kept beside the original, which FTS5's `highlight` marks (see
`library_index`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from tui.model.articles.library import FoundArticle
from tui.model.comments.comment import Comment
from tui.model.search.fold import fold, loosen
from tui.model.search.index_schema import TEXT_COLUMNS
from tui.model.search.rows import article_row
from tui.model.search.segments import Segment
from tui.model.text import sanitize_line

__all__ = [
    "IndexedArticle",
    "add_text",
    "comment_text",
    "drop_text",
    "index_text",
    "put_article",
    "set_comments_text",
]


def index_text(text: str) -> str:
    """Return `text` as FTS5 indexes it: folded and loosened, word positions unchanged."""
    return loosen(fold(text))


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """One article file as read for the index: its list entry and its searchable text."""

    found: FoundArticle
    """The list entry, its id not yet settled against the other articles."""
    segments: tuple[Segment, ...]
    """The article's text, block by block."""


def put_article(cursor: sqlite3.Cursor, item: IndexedArticle) -> None:
    """Add or replace one article (by relative path), its comments kept."""
    article = item.found.article
    row = cursor.execute(
        "SELECT rowid, comment_file, comment_meta FROM articles WHERE relpath = ?",
        (article.relpath,),
    ).fetchone()
    comments_text = ""
    comment_file: str | None = None
    comment_meta = "[]"
    if row is not None:
        rowid, comment_file, comment_meta = row
        comments_text = drop_text(cursor, rowid)
        cursor.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
    values = article_row(item.found, item.segments, comment_file, comment_meta)
    cursor.execute(f"INSERT INTO articles VALUES (NULL, {', '.join('?' * len(values))})", values)
    rowid = cursor.lastrowid
    texts = (
        article.title,
        article.author or "",
        "\n".join(article.tags),
        "\n".join(segment.text for segment in item.segments),
        comments_text,
    )
    add_text(cursor, rowid, texts)


def drop_text(cursor: sqlite3.Cursor, rowid: int) -> str:
    """Take an article's text out of the search; return its comments' text."""
    old = cursor.execute(f"SELECT {TEXT_COLUMNS} FROM texts WHERE rowid = ?", (rowid,)).fetchone()
    if old is None:
        return ""
    # External content: FTS5 forgets a row only when told exactly what it indexed.
    cursor.execute(
        f"INSERT INTO search(search, rowid, {TEXT_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?)",
        (rowid, *(index_text(text) for text in old)),
    )
    cursor.execute("DELETE FROM texts WHERE rowid = ?", (rowid,))
    return str(old[4])


def add_text(cursor: sqlite3.Cursor, rowid: int | None, texts: tuple[str, ...]) -> None:
    cursor.execute(
        f"INSERT INTO texts VALUES (?, {TEXT_COLUMNS.count(',') * '?, '}?)", (rowid, *texts)
    )
    cursor.execute(
        f"INSERT INTO search(rowid, {TEXT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (rowid, *(index_text(text) for text in texts)),
    )


def set_comments_text(
    cursor: sqlite3.Cursor, rowid: int, text: str, meta: str, stamp: str | None
) -> None:
    """Replace the comments' text of the article in row `rowid`."""
    old = cursor.execute(f"SELECT {TEXT_COLUMNS} FROM texts WHERE rowid = ?", (rowid,)).fetchone()
    drop_text(cursor, rowid)
    add_text(cursor, rowid, (*(old or ("", "", "", ""))[:4], text))
    cursor.execute(
        "UPDATE articles SET comment_file = ?, comment_meta = ? WHERE rowid = ?",
        (stamp, meta, rowid),
    )


def comment_text(comments: Sequence[Comment]) -> tuple[str, str]:
    """The searchable text of an article's comments, and where each sits (JSON)."""
    lines = [sanitize_line(comment.body).strip() for comment in comments]
    blocks: dict[str, int | None] = {}
    for comment in comments:
        # A reply sits where its thread does; the reader anchors them again on opening.
        anchored = comment.anchor.block if comment.anchor is not None else None
        blocks[comment.id] = anchored if comment.parent is None else blocks.get(comment.parent)
    meta = json.dumps([[comment.id, blocks[comment.id]] for comment in comments])
    return "\n".join(lines), meta
