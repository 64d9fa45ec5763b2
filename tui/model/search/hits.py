"""Turning a reader's query into an FTS5 match, and FTS5's highlighted columns into hits."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.model.search.fold import fold, loosen
from tui.model.search.index import HitField, SearchHit, make_snippet

__all__ = ["MARK_END", "MARK_START", "hits_from_highlights", "match_expression"]

MARK_START = "\x01"
"""Put before a matched word by `highlight` (the sanitiser keeps control characters out of text)."""
MARK_END = "\x02"
"""Put after a matched word by `highlight`."""

_WORD = re.compile(r"[^\W_]+")
_MARKED = re.compile("\x01([^\x02]*)\x02")


def match_expression(query: str) -> str | None:
    """Return the FTS5 expression for `query`: every word folded, as a prefix, all required.

    Every word of two letters or more is a prefix, so a word still being typed already finds
    (a single letter would match nearly every article); quoting each keeps FTS5's own syntax
    (AND, NEAR, `*`, `"`) from being read in the reader's words.
    """
    words = _WORD.findall(loosen(fold(query)))
    if not words:
        return None
    return " ".join(f'"{word}"*' if len(word) > 1 else f'"{word}"' for word in words)


def _marked_lines(text: str) -> list[tuple[int, str, tuple[int, int]]]:
    """Return (line number, clean line, first match span) of each line with a marked match."""
    found: list[tuple[int, str, tuple[int, int]]] = []
    if MARK_START not in text:
        return found
    for number, line in enumerate(text.split("\n")):
        match = _MARKED.search(line)
        if match is None:
            continue
        before = line[: match.start()].replace(MARK_START, "").replace(MARK_END, "")
        clean = line.replace(MARK_START, "").replace(MARK_END, "")
        found.append((number, clean, (len(before), len(before) + len(match[1]))))
    return found


def hits_from_highlights(
    article_id: str,
    lines: Sequence[int],
    comments: Sequence[Sequence[str | int | None]],
    columns: Sequence[str],
) -> list[SearchHit]:
    """Return the hits of one article from its highlighted title, authors, tags, body, comments.

    Each line of a column that holds a match gives one hit: the title, an author, a tag, a
    block of the text (with its first line in the file), a comment (with its id and block).
    """
    title, authors, tags, body, comment_text = columns
    hits: list[SearchHit] = []
    for field, text in ((HitField.TITLE, title), (HitField.AUTHOR, authors), (HitField.TAG, tags)):
        for _number, clean, (start, end) in _marked_lines(text or ""):
            snippet, span = make_snippet(clean, start, end)
            hits.append(SearchHit(article_id, field, None, None, snippet, span, (start, end)))
    for number, clean, (start, end) in _marked_lines(body or ""):
        snippet, span = make_snippet(clean, start, end)
        line = lines[number] if number < len(lines) else None
        hits.append(
            SearchHit(article_id, HitField.BODY, None, None, snippet, span, (start, end), line)
        )
    for number, clean, (start, end) in _marked_lines(comment_text or ""):
        if number >= len(comments):
            continue
        comment_id, block = comments[number][0], comments[number][1]
        snippet, span = make_snippet(clean, start, end)
        hits.append(
            SearchHit(
                article_id,
                HitField.COMMENT,
                block if isinstance(block, int) else None,
                str(comment_id),
                snippet,
                span,
                (start, end),
            )
        )
    return hits
