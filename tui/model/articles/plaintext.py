"""Plain text saved from a web page, given its structure back (DESIGN.md §1)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.model.articles.blocks import Block, BlockKind, Container, ContainerKind, Document, Span
from tui.model.text import sanitize_line

MAX_TITLE = 200
"""A first line longer than this is a paragraph, not a title."""
MAX_HEADING = 80
"""Longest line that can be a heading."""
MAX_HEADING_WORDS = 12
"""Most words in a heading."""
MIN_FOLLOWER = 80
"""Shortest paragraph that can follow a heading."""

_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff")
_BYLINE = re.compile(r"(?:von|by)\s+(\S.*)", re.IGNORECASE)
# Where the name in a byline ends: a parenthetical, a separator, or a date after a dash.
_BYLINE_TAIL = re.compile(r"\s*\(|\s+[·|•]\s*|\s+[-–—]\s+|,\s|\s+(?:am|on)\s+\d")
_NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "del", "la", "le", "zu", "ter", "ten"}
)
_QUOTE_OPENERS = frozenset('"„“«»‚‘')
_CLOSING_PUNCTUATION = frozenset(".!?:;,…")
_TRAILING_CLOSERS = "\"'»«“”‘’)]"


@dataclass(frozen=True, slots=True)
class PlainText:
    """A plain-text article: its title, author and blocks."""

    title: str | None
    """The first non-empty line, or None when there is none (or it is too long to be a title)."""
    author: str | None
    """The name from a `von NAME` / `by NAME` byline under the title."""
    document: Document
    """The paragraphs, headings and quotes after the title and byline."""


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """Consecutive non-blank lines: where they are and what they say."""

    start: int
    end: int
    text: str


def is_blank(line: str) -> bool:
    """Return whether `line` holds only whitespace, no-break and zero-width spaces included."""
    return not line.strip() or not line.translate(_INVISIBLE).strip()


def read_title_and_byline(text: str) -> tuple[str | None, str | None, int]:
    """Return the title, the author and the index of the first line after them."""
    lines = text.split("\n")
    title_at = _next_filled(lines, 0)
    if title_at is None:
        return None, None, len(lines)
    title = _clean(lines[title_at])
    if len(title) > MAX_TITLE:
        return None, None, title_at
    after = title_at + 1
    byline_at = _next_filled(lines, after)
    if byline_at is not None:
        author = byline_author(lines[byline_at])
        if author is not None:
            return title, author, byline_at + 1
    return title, None, after


def byline_author(line: str) -> str | None:
    """Return NAME from a byline such as "von NAME (Kommentare: 3)", or None if not a byline."""
    line = _clean(line)
    match = _BYLINE.fullmatch(line) if len(line) <= 2 * MAX_HEADING else None
    if match is None:
        return None
    name = _BYLINE_TAIL.split(match[1], maxsplit=1)[0].strip()
    words = name.split()
    if not words or len(words) > 6 or name[-1] in _CLOSING_PUNCTUATION:
        return None
    if len(words) == 1:
        return name
    # "Von der Idee zur Tat" is a sentence, "von Anna von Beispiel" a byline: names are capitalised.
    first_ok = words[0][0].isupper() or words[0][0] == "@"
    rest_ok = all(w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words[1:])
    return name if first_ok and rest_ok else None


def parse_plaintext(text: str) -> PlainText:
    """Parse plain text into a title, an author and a document of paragraphs, headings, quotes."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    title, author, first = read_title_and_byline(text)
    paragraphs = _paragraphs(text.split("\n"), first)
    blocks: list[Block] = []
    heading_path: tuple[str, ...] = ()
    for index, para in enumerate(paragraphs):
        follower = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        lines = (para.start, para.end)
        spans = (Span(para.text),)
        if para.text[0] in _QUOTE_OPENERS:
            quote = (Container(ContainerKind.QUOTE),)
            blocks.append(
                Block(BlockKind.PARAGRAPH, para.text, lines, spans, 0, quote, heading_path)
            )
        elif _is_heading(para, follower):
            heading_path = (para.text,)
            blocks.append(Block(BlockKind.HEADING, para.text, lines, spans, 2, (), heading_path))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, para.text, lines, spans, 0, (), heading_path))
    return PlainText(title, author, Document.of(blocks))


def _paragraphs(lines: list[str], first: int) -> list[_Paragraph]:
    """Group the lines from `first` on into paragraphs separated by blank lines."""
    paragraphs: list[_Paragraph] = []
    start: int | None = None
    for index in range(first, len(lines) + 1):
        blank = index == len(lines) or is_blank(lines[index])
        if blank and start is not None:
            text = _clean(" ".join(line.strip() for line in lines[start:index]))
            if text:
                paragraphs.append(_Paragraph(start, index, text))
            start = None
        elif not blank and start is None:
            start = index
    return paragraphs


def _is_heading(para: _Paragraph, follower: _Paragraph | None) -> bool:
    """Return whether a paragraph is a short lone line introducing a clearly longer paragraph."""
    text = para.text
    if para.end - para.start != 1 or follower is None:
        return False
    if len(text) > MAX_HEADING or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    if text.rstrip(_TRAILING_CLOSERS)[-1:] in _CLOSING_PUNCTUATION:
        return False
    return len(follower.text) >= max(2 * len(text), MIN_FOLLOWER)


def _next_filled(lines: list[str], start: int) -> int | None:
    """Return the index of the first non-blank line at or after `start`."""
    for index in range(start, len(lines)):
        if not is_blank(lines[index]):
            return index
    return None


def _clean(text: str) -> str:
    """Return `text` sanitised onto one line without outer spaces."""
    return sanitize_line(text).strip()
