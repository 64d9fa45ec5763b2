"""The content folder: find the articles, describe them cheaply, load one in full (DESIGN.md §1)."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from tui.model.articles.blocks import Document
from tui.model.articles.files import (
    FileProblem,
    FolderProblem,
    FolderProblemCode,
    read_text_at,
    read_text_file,
)
from tui.model.articles.formats import (
    PLAIN_TEXT,
    ArticleFormat,
    Format,
    Head,
    format_for,
    format_named,
)
from tui.model.articles.frontmatter import parse_date
from tui.model.articles.head import HEAD_BYTES
from tui.model.articles.ids import id_from_path, is_safe_id, settled_ids
from tui.model.articles.walk import walk_articles
from tui.model.text import sanitize, sanitize_line

SortKey = Literal["date", "title", "comments", "folder"]

_DATED_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-")
_INDEX_NAMES = frozenset({"index", "_index"})


@dataclass(frozen=True, slots=True)
class ArticleProblem:
    """Why an article cannot be shown in full: a code the UI translates, and a detail."""

    code: str
    """A FileProblem code ("not_found", "outside_folder", …), "front_matter" or "parse_error"."""
    detail: str = ""
    """A short technical detail, such as the front matter problem code."""


@dataclass(frozen=True, slots=True)
class Article:
    """What the article list knows about one file, from a single cheap read."""

    id: str
    """Stable id: a safe front matter id, else the relative path without extension."""
    path: Path
    """Absolute path of the file."""
    relpath: str
    """Path relative to the content folder, with `/` separators (sanitised, like the text)."""
    format: Format
    """"markdown", "text" or "html"."""
    title: str
    """Front matter title, first `# ` heading, or file name (sanitised)."""
    author: str | None = None
    """Who wrote it."""
    date: datetime.date | None = None
    """Front matter date, else a `YYYY-MM-DD-` file name prefix."""
    tags: tuple[str, ...] = ()
    """Tags from the front matter."""
    summary: str | None = None
    """Summary from the front matter."""
    lang: str | None = None
    """Language tag from the front matter."""
    extra: tuple[tuple[str, str], ...] = ()
    """Unknown front matter keys with display values."""
    word_count: int = 0
    """Words in the body."""
    size: int = 0
    """File size in bytes."""
    mtime: float = 0.0
    """Modification time (seconds since the epoch)."""
    encoding: str = ""
    """How the file's bytes were decoded ("utf-8", "utf-8-sig", "cp1252"), "" if unread."""
    problem: ArticleProblem | None = None
    """Set when the file could not be read or its front matter was broken."""


@dataclass(frozen=True, slots=True)
class LoadedArticle:
    """An article read in full and parsed into blocks."""

    article: Article
    """The article as listed."""
    document: Document = field(default_factory=Document)
    """Its blocks (empty when the file could not be read)."""
    source: str = ""
    """The whole decoded file text, front matter included."""
    problem: ArticleProblem | None = None
    """Set when the file could not be read, its front matter was broken or parsing failed."""


@dataclass(slots=True)
class FoundArticle:
    """An article file read during a scan, before its id is settled."""

    wanted_id: str | None
    """A safe front matter id, if there is one."""
    path_id: str
    """The id made from the relative path."""
    article: Article
    """The article, with its path id until the ids are settled."""


def scan_folder(root: Path) -> list[Article]:
    """Return the articles below `root`, sorted by date; raises FolderProblem for a bad root."""
    root = Path(os.path.abspath(root))
    try:
        if not root.is_dir():
            code = FolderProblemCode.NOT_A_FOLDER if root.exists() else FolderProblemCode.MISSING
            raise FolderProblem(code, "")
        with os.scandir(root):
            pass
    except PermissionError as error:
        raise FolderProblem(FolderProblemCode.UNREADABLE, str(error.errno)) from None
    except OSError as error:
        raise FolderProblem(FolderProblemCode.UNREADABLE, str(error.errno)) from None
    real_root = Path(os.path.realpath(root))
    found = [read_one(path, rel, is_link, real_root) for path, rel, is_link in walk_articles(root)]
    return sort_articles(settle_ids(found))


def article_for_path(path: Path) -> tuple[Path, Article]:
    """Return the folder and the article for a single file the user named."""
    real = Path(os.path.realpath(path))
    root = real.parent
    return root, settle_ids([read_one(str(real), real.name, False, root)])[0]


def load_article(root: Path, article: Article) -> LoadedArticle:
    """Read and parse `article` in full; file problems come back in `problem`, never raised."""
    fmt = format_named(article.format)
    try:
        decoded = read_text_file(article.path, root, max_bytes=fmt.max_bytes, decode=fmt.decode)
    except FileProblem as error:
        return LoadedArticle(article, problem=ArticleProblem(error.code.value, error.detail))
    try:
        parsed = fmt.parse(decoded.text, article.title)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError) as error:
        # A parser bug on hostile input must not take the reader down with it.
        return LoadedArticle(
            article,
            source=decoded.text,
            problem=ArticleProblem("parse_error", type(error).__name__),
        )
    problem = None if parsed.problem is None else ArticleProblem("front_matter", parsed.problem)
    return LoadedArticle(article, parsed.document, decoded.text, problem)


def load_article_head(root: Path, article: Article) -> LoadedArticle | None:
    """Read a long Markdown article and parse only its start, or None when it is not worth it.

    The start's blocks are the first blocks of the full parse, so a view can show them at
    once and add the rest when `load_article` has parsed everything.
    """
    parse_start = format_named(article.format).parse_start
    if parse_start is None or article.size < 2 * HEAD_BYTES:
        return None
    try:
        decoded = read_text_file(article.path, root)
    except FileProblem:
        return None
    try:
        document = parse_start(decoded.text, article.title)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError):
        return None
    return None if document is None else LoadedArticle(article, document, decoded.text)


def folder_of(article: Article) -> str:
    """The folder of `article` below the content folder, "" for the top level."""
    folder, _, _name = article.relpath.rpartition("/")
    return folder


def sort_articles(
    articles: Iterable[Article], key: SortKey = "date", counts: Mapping[str, int] | None = None
) -> list[Article]:
    """Return `articles` sorted by date (newest first), title, comment count or folder."""
    return sorted(articles, key=sort_key(key, counts))


def sort_key(
    key: SortKey = "date", counts: Mapping[str, int] | None = None
) -> Callable[[Article], tuple[object, ...]]:
    """The key `sort_articles` sorts by: every article's is distinct (the path comes last)."""

    def by_title(a: Article) -> tuple[str, str]:
        return (a.title.casefold(), a.relpath)

    def by_date(a: Article) -> tuple[object, ...]:
        return (a.date is None, -a.date.toordinal() if a.date else 0, *by_title(a))

    if key == "title":
        return by_title
    if key == "folder":
        # Grouped by folder (the top level first), each folder's articles by title.
        return lambda a: (folder_of(a), *by_title(a))
    if key == "comments":
        tally = counts or {}
        return lambda a: (-tally.get(a.id, 0), *by_date(a))
    return by_date


def read_one(
    path: str,
    relpath: str,
    is_link: bool,
    real_root: Path,
    read_head: Callable[[ArticleFormat, str], Head] | None = None,
) -> FoundArticle:
    """Read one article file once and describe it (`read_head` may read more of its text)."""
    # A file name is untrusted text like any other; links in the (sanitised) articles name
    # files in this same form, so they still find them.
    relpath = sanitize(relpath).replace("\n", " ").replace("\t", " ")
    stem, extension = os.path.splitext(relpath)
    fmt = format_for(extension) or PLAIN_TEXT
    name = os.path.basename(stem)
    path_id = id_from_path(stem)
    try:
        decoded = (
            read_text_file(Path(path), real_root, max_bytes=fmt.max_bytes, decode=fmt.decode)
            if is_link
            else read_text_at(path, max_bytes=fmt.max_bytes, decode=fmt.decode)
        )
    except FileProblem as error:
        size, mtime = _lstat(path)
        article = Article(
            path_id,
            Path(path),
            relpath,
            fmt.name,
            _fallback_title(name, relpath),
            date=_name_date(name),
            size=size,
            mtime=mtime,
            problem=ArticleProblem(error.code.value, error.detail),
        )
        return FoundArticle(None, path_id, article)
    head = fmt.read_head(decoded.text) if read_head is None else read_head(fmt, decoded.text)
    article = Article(
        path_id,
        Path(path),
        relpath,
        fmt.name,
        head.title or _fallback_title(name, relpath),
        author=head.author,
        date=head.date or _name_date(name),
        tags=head.tags,
        summary=head.summary,
        lang=head.lang,
        extra=head.extra,
        word_count=head.word_count,
        size=decoded.size,
        mtime=decoded.mtime,
        encoding=decoded.encoding,
        problem=None if head.problem is None else ArticleProblem("front_matter", head.problem),
    )
    wanted = head.wanted_id if head.wanted_id is not None and is_safe_id(head.wanted_id) else None
    return FoundArticle(wanted, path_id, article)


def _fallback_title(name: str, relpath: str) -> str:
    """Return the title of an article that names none: its file name, or its folder's name."""
    if name.casefold() in _INDEX_NAMES:
        folder = os.path.basename(os.path.dirname(relpath))
        if folder:
            name = folder
    return sanitize_line(name).strip() or sanitize_line(relpath)


def settle_ids(found: list[FoundArticle]) -> list[Article]:
    """Give every article a distinct id, path ids first so a front matter id never steals one."""
    ids = settled_ids([(f.wanted_id, f.path_id, f.article.relpath) for f in found])
    # Most articles keep the path id they were made with: building them again would double the
    # cost of the scan's many small objects.
    return [
        f.article if f.article.id == i else replace(f.article, id=i)
        for i, f in zip(ids, found, strict=True)
    ]


def _name_date(name: str) -> datetime.date | None:
    """Return the date of a `YYYY-MM-DD-title` file name (the Jekyll convention)."""
    match = _DATED_NAME.match(name)
    return parse_date(f"{match[1]}-{match[2]}-{match[3]}") if match else None


def _lstat(path: str) -> tuple[int, float]:
    """Return size and mtime of `path` itself (a symlink is not followed), or zeros."""
    try:
        info = os.lstat(path)
    except OSError:
        return 0, 0.0
    return info.st_size, info.st_mtime
