"""The searchable text of an article file, read cheaply: its head and its text by source line.

Markdown is split into blocks by markdown-it's block rules alone (no inline parsing, no block
tree, no rendering), and the inline syntax left in each block is stripped by a few patterns.
That is enough to search, and it is many times faster than parsing the article for reading,
so a whole folder can be indexed in the background. Other formats are cheap to parse in full.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING

from tui.model.articles.formats import Head, format_named, markdown_head
from tui.model.articles.frontmatter import split_front_matter
from tui.model.text import sanitize_line

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from tui.model.articles.formats import Format

__all__ = ["Segment", "TextReading", "read_for_search"]

_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]*)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.DOTALL)
_MARKS = ("*", "`", "~")
# Underscores at the edge of a word (`_em_`), not inside one (`snake_case`): the same as
# `(?<!\w)_+|_+(?!\w)`, written to start with the literal so the scan skips to each `_`.
_EDGE_UNDERSCORES = re.compile(r"_(?:(?<!\w_)_*|_*(?!\w))")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
# A replacement template (`r"\1"`) is expanded by Python code on every call before 3.12;
# a C callable that picks the group is not.
_FIRST_GROUP = itemgetter(1)
_TEXT_TOKENS = frozenset({"inline", "fence", "code_block", "html_block"})

_parser: MarkdownIt | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """One block's text, flattened onto a line, and where it starts in the file."""

    line: int
    """0-based line of the file (front matter counted) where the block starts."""
    text: str
    """The block's sanitised text on one line, inline Markdown syntax removed."""


@dataclass(frozen=True, slots=True)
class TextReading:
    """What the list and the search need of one file's text."""

    head: Head
    """Title, author, date, tags and the rest, as the list reads them."""
    segments: tuple[Segment, ...]
    """The text, block by block."""


def _blocks_parser() -> MarkdownIt:
    """The reader's Markdown dialect with inline parsing switched off (built once, on first use)."""
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.deflist import deflist_plugin
        from mdit_py_plugins.gfm import gfm_plugin

        parser = MarkdownIt("commonmark", {"html": True}).use(gfm_plugin).use(deflist_plugin)
        parser.disable("inline")
        _parser = parser
    return _parser


def plain_inline(raw: str) -> str:
    """Return inline Markdown as the words a reader sees: links by their text, no marks or tags."""
    if "[" in raw:
        raw = _IMAGE_OR_LINK.sub(_FIRST_GROUP, raw)
    if "<" in raw:
        # A tag may stand between two words (`a<br>b`): it becomes a space, runs of them one.
        raw = " ".join(_TAG.sub(" ", _AUTOLINK.sub(_FIRST_GROUP, raw)).split())
    if "\\" in raw:
        raw = _ESCAPED.sub(_FIRST_GROUP, raw)
    for mark in _MARKS:
        # `str.translate` looks every character up in a dict once the text is not ASCII.
        if mark in raw:
            raw = raw.replace(mark, "")
    if "_" in raw:
        raw = _EDGE_UNDERSCORES.sub("", raw)
    if "&" in raw:
        raw = html.unescape(raw)
    return sanitize_line(raw).strip()


def markdown_segments(body: str, line_offset: int = 0, title: str | None = None) -> list[Segment]:
    """Return the text blocks of a Markdown body, each with its first line in the file.

    A leading level-1 heading that repeats `title` is left out, as the reader leaves it out.
    """
    try:
        tokens = _blocks_parser().parse(body)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError):
        # A parser bug on hostile input still leaves the text searchable, paragraph by line.
        return [
            Segment(line_offset + n, text)
            for n, line in enumerate(body.split("\n"))
            if (text := plain_inline(line))
        ]
    found: list[Segment] = []
    skip_title = bool(tokens) and tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    for token in tokens:
        if token.type not in _TEXT_TOKENS or token.map is None:
            continue
        if skip_title:
            skip_title = False
            if title is not None and _comparable(plain_inline(token.content)) == _comparable(title):
                continue
        if token.type == "inline" or token.type == "html_block":
            text = plain_inline(token.content)
        else:
            text = sanitize_line(token.content).strip()
        if text:
            found.append(Segment(line_offset + token.map[0], text))
    return found


def _comparable(text: str) -> str:
    """Return `text` without case or extra spaces, for comparing a heading to a title."""
    return " ".join(text.casefold().split())


def read_for_search(fmt: Format, text: str) -> TextReading:
    """Return the head and the searchable blocks of a file's text in format `fmt`."""
    if fmt == "markdown":
        split = split_front_matter(text)
        head = markdown_head(split)
        return TextReading(head, tuple(markdown_segments(split.body, split.body_line, head.title)))
    article_format = format_named(fmt)
    head = article_format.read_head(text)
    document = article_format.parse(text, head.title or "").document
    return TextReading(
        head,
        tuple(
            Segment(block.lines[0], sanitize_line(block.text).strip())
            for block in document.blocks
            if block.text.strip()
        ),
    )
