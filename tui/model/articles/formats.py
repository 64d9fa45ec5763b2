"""The article formats: each kind of file is one entry, with its suffixes and its two readings.

A format reads a file's text cheaply for the article list (its head: title, author, date, …)
and in full into the block document; long Markdown articles can also have their start parsed
first. A format may bring its own way of decoding bytes and its own size cap (web pages name
their charset and run larger). The folder scan, the loader, the live folder and the command
line all ask this registry.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from tui.model.articles.blocks import Block, BlockKind, Document
from tui.model.articles.charset import decode_html
from tui.model.articles.files import MAX_BYTES, Decoder, decode_bytes
from tui.model.articles.frontmatter import FrontMatterSplit, split_front_matter
from tui.model.articles.head import head_cut
from tui.model.articles.markdown import parse_markdown
from tui.model.text import sanitize_line

Format = Literal["markdown", "text", "html"]
"""The name of an article format."""

_ATX_OR_FENCE = re.compile(r"^ {0,3}(?:(`{3,}|~{3,})(.*)|#(?:[ \t]+(.*?))?[ \t]*)$", re.MULTILINE)
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_FIRST_LINE = re.compile(r"^.*$", re.MULTILINE)
_COMMENT_LINE = re.compile(r"\s*<!--.*-->\s*")
_INLINE_MARKS = str.maketrans("", "", "*_`")
PAGE_MAX_BYTES = 10 * 1024 * 1024
"""Cap on the size of a saved web page (pages carry their styles and scripts along)."""


@dataclass(frozen=True, slots=True)
class Head:
    """What one cheap read of a file's text tells the article list."""

    title: str | None = None
    """The title the text names, if it names one."""
    author: str | None = None
    """Who wrote it."""
    date: datetime.date | None = None
    """When it was published."""
    tags: tuple[str, ...] = ()
    """Its tags."""
    summary: str | None = None
    """A short summary."""
    lang: str | None = None
    """Its language tag."""
    extra: tuple[tuple[str, str], ...] = ()
    """Front matter keys the reader does not know, with display values."""
    word_count: int = 0
    """Words in the text proper."""
    problem: str | None = None
    """A front matter problem code, when its front matter was there but broken."""
    wanted_id: str | None = None
    """The id the file asks for (the library decides whether it is safe)."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """A file's text read in full."""

    document: Document
    """Its blocks."""
    problem: str | None = None
    """A front matter problem code, when its front matter was there but broken."""


@dataclass(frozen=True, slots=True)
class ArticleFormat:
    """One kind of article file."""

    name: Format
    """What the format is called in an `Article`."""
    suffixes: tuple[str, ...]
    """File name endings, lower case, with the dot."""
    read_head: Callable[[str], Head]
    """The cheap reading for the list."""
    parse: Callable[[str, str], Parsed]
    """The full reading, given the text and the article's title."""
    parse_start: Callable[[str, str], Document | None] | None = None
    """The start of a long article only (its blocks are the full parse's first), if possible."""
    decode: Decoder = decode_bytes
    """How the file's bytes become text."""
    max_bytes: int = MAX_BYTES
    """Largest file read."""


def _markdown_head(text: str) -> Head:
    return markdown_head(split_front_matter(text))


def markdown_head(split: FrontMatterSplit) -> Head:
    """The list's reading of a Markdown text already split from its front matter."""
    meta = split.meta
    return Head(
        title=meta.title or _first_heading(split.body),
        author=meta.author,
        date=meta.date,
        tags=meta.tags,
        summary=meta.summary,
        lang=meta.lang,
        extra=meta.extra,
        # str.split beat counting regex matches (findall, finditer, subn) by 2-3x here.
        word_count=len(split.body.split()),
        problem=split.problem,
        wanted_id=meta.id,
    )


def _markdown(text: str, title: str) -> Parsed:
    split = split_front_matter(text)
    document = parse_markdown(split.body, line_offset=split.body_line)
    return Parsed(_drop_title_heading(document, title), split.problem)


def _markdown_start(text: str, title: str) -> Document | None:
    split = split_front_matter(text)
    found = head_cut(split.body)
    if split.problem is not None or found is None:
        return None
    document = parse_markdown(split.body[: found[0]], line_offset=split.body_line)
    return _drop_title_heading(document, title)


def _plain_text_head(text: str) -> Head:
    from tui.model.articles.plaintext import read_title_and_byline  # loaded with the first .txt

    title, author, _ = read_title_and_byline(text)
    return Head(title=title, author=author, word_count=len(text.split()))


def _plain_text(text: str, title: str) -> Parsed:
    from tui.model.articles.plaintext import parse_plaintext

    return Parsed(parse_plaintext(text).document)


def _html_head(text: str) -> Head:
    # Reading a page's tags is for web pages only: loaded with the first one.
    from tui.model.articles.page_meta import read_page_meta

    meta = read_page_meta(text)
    extra = tuple((key, v) for key, v in (("source", meta.canonical), ("site", meta.site)) if v)
    return Head(
        title=meta.title,
        author=meta.author,
        date=meta.date,
        summary=meta.summary,
        lang=meta.lang,
        extra=extra,
        word_count=meta.word_count,
    )


def _html(text: str, title: str) -> Parsed:
    # The extraction library and lxml load when a page is opened, not when the reader starts.
    from tui.model.articles.extract import extract_article

    article = extract_article(text)
    return Parsed(_drop_title_heading(parse_markdown(article.markdown), title))


MARKDOWN = ArticleFormat(
    "markdown", (".md", ".markdown"), _markdown_head, _markdown, _markdown_start
)
"""Markdown with optional YAML or TOML front matter."""
PLAIN_TEXT = ArticleFormat("text", (".txt",), _plain_text_head, _plain_text)
"""Plain text, as saved from a web page: its structure is read back from its shape."""
HTML = ArticleFormat(
    "html",
    (".html", ".htm"),
    _html_head,
    _html,
    decode=decode_html,
    max_bytes=PAGE_MAX_BYTES,
)
"""A web page saved from a browser: its article is extracted, its head read from its tags."""
FORMATS: tuple[ArticleFormat, ...] = (MARKDOWN, PLAIN_TEXT, HTML)
"""Every format the reader opens."""
ARTICLE_SUFFIXES = frozenset(suffix for fmt in FORMATS for suffix in fmt.suffixes)
"""File name endings of articles (lower case)."""
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def format_for(suffix: str) -> ArticleFormat | None:
    """The format of files ending in `suffix` (any case), or None when it is not an article."""
    return _BY_SUFFIX.get(suffix.lower())


def format_named(name: Format) -> ArticleFormat:
    """The format called `name`."""
    return _BY_NAME[name]


def _first_heading(body: str) -> str | None:
    """Return the text of a `# ` heading that is the body's first block, without a full parse."""
    for match in _FIRST_LINE.finditer(body):
        line = match[0]
        if not line.strip() or _COMMENT_LINE.fullmatch(line):
            continue
        heading = _ATX_OR_FENCE.fullmatch(line)
        if heading is None or not heading[3]:
            return None
        text = sanitize_line(_CLOSING_HASHES.sub("", heading[3])).strip()
        return text or None
    return None


def _drop_title_heading(document: Document, title: str) -> Document:
    """Drop a leading level-1 heading that repeats the title, and take it out of heading paths."""
    blocks = document.blocks
    if not blocks or blocks[0].kind is not BlockKind.HEADING or blocks[0].level != 1:
        return document
    if _comparable(blocks[0].text) != _comparable(title):
        return document
    heading = blocks[0].heading_path[:1]
    kept: list[Block] = []
    inside = True
    for block in blocks[1:]:
        if block.kind is BlockKind.HEADING and block.level == 1:
            inside = False
        if inside and heading and block.heading_path[:1] == heading:
            block = replace(block, heading_path=block.heading_path[1:])
        kept.append(block)
    return Document.of(kept)


def _comparable(text: str) -> str:
    """Return `text` without inline Markdown marks or case, for comparing a heading to a title."""
    return " ".join(text.translate(_INLINE_MARKS).casefold().split())
