"""The content folder: find the articles, describe them cheaply, load one in full (DESIGN.md §1)."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
from tui.model.text import sanitize, sanitize_line

MAX_FILES = 200_000
"""Most article files one scan collects."""
MAX_DEPTH = 32
"""Deepest folder level a scan descends to."""

SortKey = Literal["date", "title", "comments", "folder"]

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_SAFE_FILENAME_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_"
)
_MAX_FILENAME = 200
_PLAIN_ID = re.compile(r"[A-Za-z0-9.\-/]+")
"""Ids whose file name is the id with `/` as `__`: no `_`, `%` or other character to escape."""
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


def safe_id_filename(article_id: str) -> str:
    """Map an article id to one safe, distinct file name component ("blog/a_b" -> "blog__a_b")."""
    if not article_id:
        return "%"
    if _PLAIN_ID.fullmatch(article_id) and article_id[0] != "." and len(article_id) < 100:
        # Most ids need no escaping (the loop below costs ten microseconds an id).
        return article_id.replace("/", "__")
    out: list[str] = []
    for index, char in enumerate(article_id):
        before = article_id[index - 1] if index > 0 else ""
        after = article_id[index + 1 : index + 2]
        if char == "/":
            out.append("__")
        elif char == "_" and ("_" in (before, after) or "/" in (before, after)):
            # Keeps "__" meaning "/" only, so two ids never share a file name.
            out.append("%5F")
        elif char in _SAFE_FILENAME_CHARS and not (index == 0 and char == "."):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    name = "".join(out)
    if len(name) > _MAX_FILENAME:
        digest = hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"{name[: _MAX_FILENAME - 18]}~{digest}"
    return name


def is_safe_id(value: str) -> bool:
    """Return whether `value` is a slug that can serve as an article id as it stands."""
    return _SAFE_ID.fullmatch(value) is not None and ".." not in value


def count_articles(root: Path, at_most: int) -> int:
    """How many article files lie below `root`, counting no further than `at_most`."""
    found = 0
    stack: list[tuple[str, int]] = [(str(root), 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if depth < MAX_DEPTH:
                                stack.append((entry.path, depth + 1))
                            continue
                    except OSError:
                        continue
                    if format_for(os.path.splitext(entry.name)[1]) is not None:
                        found += 1
                        if found >= at_most:
                            return found
        except OSError:
            continue
    return found


def walk_folders(root: Path) -> list[str]:
    """The folder `root` and every folder below it that a scan descends into (not hidden ones)."""
    found = [str(root)]
    stack: list[tuple[str, int]] = [(str(root), 0)]
    while stack:
        folder, depth = stack.pop()
        if depth >= MAX_DEPTH:
            continue
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                            found.append(entry.path)
                            stack.append((entry.path, depth + 1))
                    except OSError:
                        continue
        except OSError:
            continue
    return found


def walk_articles(root: Path) -> list[tuple[str, str, bool]]:
    """Return (path, relpath, is_symlink) of article files by relpath, skipping hidden entries."""
    found = list(itertools.islice(iter_articles(root), MAX_FILES))
    found.sort(key=lambda item: item[1])
    return found


def iter_articles(root: Path) -> Iterator[tuple[str, str, bool]]:
    """(path, relpath, is_symlink) of each article file below `root` in no particular order."""
    stack: list[tuple[str, str, int]] = [(str(root), "", 0)]
    while stack:
        folder, prefix, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if depth < MAX_DEPTH:
                                stack.append((entry.path, f"{prefix}{name}/", depth + 1))
                            continue
                        is_link = entry.is_symlink()
                    except OSError:
                        continue
                    if format_for(os.path.splitext(name)[1]) is not None:
                        yield entry.path, prefix + name, is_link
        except OSError:
            # An unreadable subfolder is left out; the rest of the folder still lists.
            continue


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
    path_id = _path_id(stem)
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


def settled_ids(entries: Sequence[tuple[str | None, str, str]]) -> list[str]:
    """The distinct id of each (wanted id, path id, relative path), given in relative path order.

    Articles without a front matter id choose first, so a front matter id never steals the id
    another article's path gives it; a taken id gets the first free `~2`, `~3` suffix.
    """
    taken: set[str] = set()
    ids: list[str] = [""] * len(entries)
    order = sorted(range(len(entries)), key=lambda i: entries[i][0] is not None)
    for index in order:
        wanted_id, path_id, relpath = entries[index]
        choices = [c for c in (wanted_id, path_id, _path_id(relpath)) if c]
        chosen = next((c for c in choices if c not in taken), None)
        suffix = 2
        while chosen is None or chosen in taken:
            chosen = f"{path_id}~{suffix}"
            suffix += 1
        taken.add(chosen)
        ids[index] = chosen
    return ids


def _path_id(relpath: str) -> str:
    """Return an id from a relative path, with no `..` in it."""
    while ".." in relpath:
        relpath = relpath.replace("..", "._.")
    return relpath


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
