"""Global search in the folder's index: the best articles by bm25, then their matches marked.

Marking (FTS5's `highlight`) costs a few milliseconds an article for a common word at 100,000
articles, however many articles one query asks for: each article is marked on its own, and no
more are marked than the hits asked for need.
"""

from __future__ import annotations

import json
import re
import sqlite3

from tui.model.search.hits import hits_from_highlights
from tui.model.search.index import SearchHit

RANK_AT_MOST = 2000
"""Articles a query may match and still be ranked (see `ranked`)."""
ENTRY_BATCH = 50
"""Articles whose line numbers and comment places are read in one query."""
EXPAND_AT_MOST = 40
"""Indexed words a prefix may stand for and still be spelled out to mark matches."""
_PHRASE = re.compile(r'"([^"]*)"(\*?)')
"""One quoted word of `hits.match_expression`, and its prefix star."""
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
"""Words the tokenizer keeps as they are (folded queries are mostly such)."""

_HIGHLIGHTS = ", ".join(f"highlight(search, {column}, char(1), char(2))" for column in range(5))
"""Each text column with its matched words between \x01 and \x02 (see `hits`)."""


def find_hits(connection: sqlite3.Connection, expression: str, limit: int) -> list[SearchHit]:
    """Up to `limit` hits for an FTS5 `expression`, best articles first, each article's in order."""
    hits: list[SearchHit] = []
    best = ranked(connection, expression, limit)
    marking = exact_expression(connection, expression) if best else expression
    for start in range(0, len(best), ENTRY_BATCH):
        batch = best[start : start + ENTRY_BATCH]
        entries = {
            row[0]: row
            for row in connection.execute(
                "SELECT rowid, id, lines, comment_meta FROM articles"
                f" WHERE rowid IN ({', '.join('?' * len(batch))})",
                batch,
            )
        }
        for rowid in batch:
            entry = entries.get(rowid)
            # A rowid range, not `IN` or a join: FTS5 then reads this one article's matches.
            marked = connection.execute(
                f"SELECT {_HIGHLIGHTS} FROM search WHERE search MATCH ? AND rowid BETWEEN ? AND ?",
                (marking, rowid, rowid),
            ).fetchone()
            if entry is None or marked is None:
                continue
            lines, comments = json.loads(entry[2]), json.loads(entry[3])
            hits.extend(hits_from_highlights(entry[1], lines, comments, marked))
            if len(hits) >= limit:
                return hits[:limit]
    return hits


def exact_expression(connection: sqlite3.Connection, expression: str) -> str:
    """`expression` with each prefix word spelled out as the indexed words it stands for.

    FTS5 looks up every word a prefix stands for again in each query: 3 ms an article for
    "network*" at 100,000 articles, 0.2 ms for the words themselves. A prefix standing for more
    than `EXPAND_AT_MOST` words, or for words with characters the tokenizer might change, is
    left as it is.
    """
    connection.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab(main, search, row)"
    )
    groups: list[str] = []
    for word, prefix in _PHRASE.findall(expression):
        if not prefix or not _PLAIN_WORD.fullmatch(word):
            groups.append(f'"{word}"{prefix}')
            continue
        words = [
            term
            for (term,) in connection.execute(
                "SELECT term FROM temp.search_words WHERE term >= ? AND term < ? LIMIT ?",
                (word, word[:-1] + chr(ord(word[-1]) + 1), EXPAND_AT_MOST + 1),
            )
        ]
        if not words or len(words) > EXPAND_AT_MOST:
            groups.append(f'"{word}"*')
        else:
            groups.append("(" + " OR ".join(f'"{term}"' for term in words) + ")")
    return " AND ".join(groups)


def ranked(connection: sqlite3.Connection, expression: str, limit: int) -> list[int]:
    """The rowids of the best `limit` articles: title, author or tag matches first, then text.

    Each tier is ranked by bm25 unless it matches more than `RANK_AT_MOST` articles: ranking
    reads every match, and a word found nearly everywhere ranks them all alike anyway.
    """
    found: dict[int, None] = {}
    for tier in (f"{{title authors tags}} : ({expression})", expression):
        broad = connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)",
            (tier, RANK_AT_MOST),
        ).fetchone()[0]
        order = "" if broad >= RANK_AT_MOST else " ORDER BY rank"
        rows = connection.execute(
            f"SELECT rowid FROM search WHERE search MATCH ?{order} LIMIT ?",
            (tier, limit + len(found)),
        )
        found.update((rowid, None) for (rowid,) in rows)
        if len(found) >= limit:
            break
    return list(found)[:limit]
