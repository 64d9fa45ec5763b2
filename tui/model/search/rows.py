"""An article's list entry as a row of the index, and back."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.model.articles.formats import FORMATS, Format
from tui.model.articles.library import Article, ArticleProblem, FoundArticle
from tui.model.search.segments import Segment

_FORMATS: dict[str, Format] = {fmt.name: fmt.name for fmt in FORMATS}


def article_row(
    found: FoundArticle, segments: Sequence[Segment], comment_file: str | None, comment_meta: str
) -> tuple[Any, ...]:
    """The `articles` columns after rowid, in table order."""
    article = found.article
    problem = article.problem
    return (
        article.relpath,
        article.id,
        found.path_id,
        found.wanted_id,
        str(article.path),
        article.format,
        article.size,
        article.mtime,
        article.title,
        article.author,
        article.date.isoformat() if article.date is not None else None,
        json.dumps(article.tags, ensure_ascii=False),
        article.summary,
        article.lang,
        json.dumps(article.extra, ensure_ascii=False),
        article.word_count,
        article.encoding,
        None if problem is None else json.dumps([problem.code, problem.detail]),
        json.dumps([segment.line for segment in segments]),
        comment_file,
        comment_meta,
        article.title.casefold(),
    )


def article_from_row(row: Sequence[Any]) -> FoundArticle:
    """The list entry stored in one `articles` row (all its columns, rowid first), id unsettled."""
    # The settled id is worked out again from all rows, as a scan does.
    return FoundArticle(row[4], row[3], _article(row, row[3]))


def listed_article(row: Sequence[Any]) -> Article:
    """The list entry stored in one `articles` row, with the settled id stored beside it."""
    return _article(row, row[2])


def _article(row: Sequence[Any], article_id: str) -> Article:
    (
        _rowid,
        relpath,
        _stored_id,
        _path_id,
        _wanted_id,
        path,
        fmt,
        size,
        mtime,
        title,
        author,
        date,
        tags,
        summary,
        lang,
        extra,
        word_count,
        encoding,
        problem,
        *_rest,
    ) = row
    problem_code = None if problem is None else json.loads(problem)
    return Article(
        article_id,
        Path(path),
        relpath,
        _FORMATS.get(fmt, "text"),
        title,
        author=author,
        date=None if date is None else datetime.date.fromisoformat(date),
        # Most articles have no extra keys, many no tags: "[]" needs no parser.
        tags=() if tags == "[]" else tuple(json.loads(tags)),
        summary=summary,
        lang=lang,
        extra=() if extra == "[]" else tuple((str(k), str(v)) for k, v in json.loads(extra)),
        word_count=word_count,
        size=size,
        mtime=mtime,
        encoding=encoding,
        problem=None if problem_code is None else ArticleProblem(*problem_code),
    )
