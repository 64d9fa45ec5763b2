"""An article's list entry as a row of the index, and back."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from tui.model.articles.formats import FORMATS, Format
from tui.model.articles.library import Article, ArticleProblem, FoundArticle
from tui.model.search.segments import Segment

_FORMATS: dict[str, Format] = {fmt.name: fmt.name for fmt in FORMATS}

_V = TypeVar("_V")

ENTRY_COLUMNS = (
    "rowid, relpath, id, path_id, wanted_id, path, format, size, mtime, title, author, date,"
    " tags, summary, lang, extra, word_count, encoding, problem"
)
"""The `articles` columns a list entry is made from (not the search's line numbers)."""


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


class EntryReader:
    """Makes list entries from `articles` rows (`ENTRY_COLUMNS`), sharing what they have in common.

    At 100,000 articles the entries are most of the reader's memory: articles in one folder share
    its path object, and authors, tags, languages and encodings are kept once, not per article.
    """

    def __init__(self) -> None:
        self._folders: dict[str, Path] = {}
        self._values: dict[Any, Any] = {}

    def found(self, row: Sequence[Any]) -> FoundArticle:
        """The list entry of one row, its id not settled (from its path and front matter)."""
        # The settled id is worked out again from all rows, as a scan does.
        return FoundArticle(row[4], row[3], self._article(row, row[3]))

    def listed(self, row: Sequence[Any]) -> Article:
        """The list entry of one row, with the settled id stored beside it."""
        return self._article(row, row[2])

    def _shared(self, value: _V) -> _V:
        return cast(_V, self._values.setdefault(value, value))

    def _path(self, text: str) -> Path:
        """`Path(text)`, made from its folder's path object (so its parts are not copied)."""
        folder, slash, name = text.rpartition("/")
        if not slash or not folder or not name:
            return Path(text)
        parent = self._folders.get(folder)
        if parent is None:
            parent = self._folders[folder] = Path(folder)
        return parent / name

    def _article(self, row: Sequence[Any], article_id: str) -> Article:
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
        ) = row
        shared = self._shared
        problem_code = None if problem is None else json.loads(problem)
        return Article(
            article_id,
            self._path(path),
            relpath,
            _FORMATS.get(fmt, "text"),
            title,
            author=shared(author),
            date=None if date is None else shared(datetime.date.fromisoformat(date)),
            # Most articles have no extra keys, many no tags: "[]" needs no parser.
            tags=() if tags == "[]" else shared(tuple(shared(tag) for tag in json.loads(tags))),
            summary=summary,
            lang=shared(lang),
            extra=() if extra == "[]" else tuple((str(k), str(v)) for k, v in json.loads(extra)),
            word_count=word_count,
            size=size,
            mtime=mtime,
            encoding=shared(encoding),
            problem=None if problem_code is None else ArticleProblem(*problem_code),
        )
