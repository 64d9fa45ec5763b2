"""A web page's article written into the folder as Markdown with front matter.

The file is named after the title and never replaces another file; saving the same page
again (the same `source` in the front matter) rewrites that file in place, so its id and
its comments stay. Every write is whole or nothing: a hidden temporary file beside the
target, flushed to disk, then linked or renamed into place.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from tui.model.articles.files import FileProblem, read_text_at
from tui.model.articles.frontmatter import MAX_FRONT_MATTER
from tui.model.articles.library import Article, scan_folder
from tui.model.comments.atomicfile import atomic_write, place_new

MAX_SLUG = 80
"""Longest file name stem made from a title."""

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_MARKDOWN = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class PageText:
    """What goes into a saved article's file."""

    title: str | None
    """Its title."""
    author: str | None
    """Who wrote it."""
    date: datetime.date | None
    """When it was published."""
    lang: str | None
    """Its language tag."""
    source: str
    """Where it came from: its address (or a `file:` address for a page saved by a browser)."""
    markdown: str
    """The body."""


@dataclass(frozen=True, slots=True)
class Saved:
    """Where a saved article landed."""

    path: Path
    """The file written."""
    article_id: str
    """Its article id in the folder."""
    updated: bool
    """Whether it replaced an earlier save of the same page."""


def article_text(page: PageText, saved: datetime.datetime) -> str:
    """The Markdown file for `page`: front matter (title, author, date, lang, source, saved)."""
    fields: dict[str, object] = {
        "title": page.title,
        "author": page.author,
        "date": page.date,
        "lang": page.lang,
        "source": page.source,
        "saved": saved.astimezone(datetime.UTC).isoformat(timespec="seconds"),
    }
    # safe_dump quotes whatever YAML would read as something else ("no", "1.0", "- x").
    front = yaml.safe_dump(
        {key: value for key, value in fields.items() if value is not None},
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
    )
    return f"---\n{front}---\n\n{page.markdown.strip()}\n"


def slug(title: str | None, fallback: str = "page") -> str:
    """A file name stem from a title: lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", (title or "").translate(_GERMAN))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    words = _NOT_SLUG.sub("-", text).strip("-")
    if len(words) > MAX_SLUG:
        cut = words[: MAX_SLUG + 1].rfind("-")
        words = words[: cut if cut > MAX_SLUG // 2 else MAX_SLUG].strip("-")
    return words or fallback


def same_source(a: str, b: str) -> bool:
    """Whether two addresses name the same page (scheme and host in any case, no fragment)."""
    return _normal(a) == _normal(b)


def save_page(folder: Path, page: PageText, saved: datetime.datetime) -> Saved:
    """Write `page` into `folder` (created if missing): over its earlier save, else as new."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = scan_folder(folder)
    text = article_text(page, saved).encode("utf-8")
    earlier = find_saved(articles, page.source)
    if earlier is not None:
        _write(earlier.path.parent, earlier.path.name, text)
        return Saved(earlier.path, earlier.id, updated=True)
    taken = {a.id.casefold() for a in articles}
    host = slug(urlsplit(page.source).hostname, "page")
    stem = slug(page.title, host)
    for attempt in range(1, 1000):
        name = stem if attempt == 1 else f"{stem}-{attempt}"
        if name.casefold() in taken or _stem_used(folder, name):
            continue
        with contextlib.suppress(FileExistsError):
            _create(folder, f"{name}.md", text)
            return Saved(folder / f"{name}.md", name, updated=False)
    raise FileExistsError(f"no free name for {stem}")


def find_saved(articles: list[Article], source: str) -> Article | None:
    """The Markdown article whose front matter `source` is `source`, if there is one."""
    for article in articles:
        if article.format != "markdown" or not any(k == "source" for k, _ in article.extra):
            continue
        found = _front_source(article.path)
        if found is not None and same_source(found, source):
            return article
    return None


def _front_source(path: Path) -> str | None:
    """The `source` value of a Markdown file's front matter, read in full (not clipped)."""
    try:
        text = read_text_at(path).text
    except FileProblem:
        return None
    match = _FRONT.match(text.removeprefix("\ufeff"))
    if match is None or len(match[1]) > MAX_FRONT_MATTER:
        return None
    try:
        data = yaml.safe_load(match[1])
    except yaml.YAMLError:
        return None
    value = data.get("source") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else None


def _normal(url: str) -> str:
    """`url` with its scheme and host in lower case and without a fragment."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    return urlunsplit(
        parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower(), fragment="")
    )


def _stem_used(folder: Path, stem: str) -> bool:
    """Whether any file in `folder` is named `stem` with some extension (in any case)."""
    wanted = stem.casefold()
    with os.scandir(folder) as entries:
        return any(os.path.splitext(e.name)[0].casefold() == wanted for e in entries)


def _create(folder: Path, name: str, data: bytes) -> None:
    """Create `name` in `folder` with `data`, whole or not at all; FileExistsError if it exists."""
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    temp = _temp_name(name)
    try:
        atomic_write(dir_fd, temp, data, f"{temp}~")
        try:
            place_new(dir_fd, temp, name)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=dir_fd)
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _write(folder: Path, name: str, data: bytes) -> None:
    """Replace `name` in `folder` with `data`, whole or not at all."""
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        atomic_write(dir_fd, name, data, _temp_name(name))
    finally:
        os.close(dir_fd)


def _temp_name(name: str) -> str:
    """A hidden temporary name beside `name` (the folder scan and live reload skip it)."""
    return f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
