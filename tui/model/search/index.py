"""What a search across the folder finds: a hit, where it is, and a one-line snippet around it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from tui.model.search.find import SNIPPET_WIDTH
from tui.model.text import sanitize

_WHITESPACE = re.compile(r"\s+")


class HitField(StrEnum):
    """Where in an article a search hit was found."""

    TITLE = "title"
    AUTHOR = "author"
    TAG = "tag"
    BODY = "body"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: where it is, and a one-line snippet to show."""

    article_id: str
    """The article the match is in."""
    field: HitField
    """Which part of the article matched."""
    block: int | None
    """Block index for body matches and comments on a block, else None."""
    comment_id: str | None
    """The comment's id for comment matches, else None."""
    snippet: str
    """About `SNIPPET_WIDTH` characters of sanitised, single-line context around the match."""
    span: tuple[int, int]
    """The match inside `snippet`, as (start, end)."""
    match: tuple[int, int]
    """The match inside the original text (title, tag, block or comment body)."""
    line: int | None = None
    """For a text match found by the folder's index: the file line its block starts on."""


def _flatten(text: str) -> str:
    """Return `text` sanitised, with every run of whitespace made one space."""
    return _WHITESPACE.sub(" ", sanitize(text))


def make_snippet(
    text: str, start: int, end: int, width: int = SNIPPET_WIDTH
) -> tuple[str, tuple[int, int]]:
    """Return a one-line excerpt of `text` around `start:end` and the match's span inside it."""
    end = min(end, start + width)
    context = max(0, (width - (end - start)) // 2)
    left = max(0, start - context)
    right = min(len(text), end + context)
    if left > 0:
        # Start on a word where one begins close by, so the snippet does not open mid-word.
        space = text.find(" ", left, start)
        if space != -1:
            left = space + 1
    if right < len(text):
        space = text.rfind(" ", end, right)
        if space != -1:
            right = space
    before = _flatten(text[left:start]).lstrip()
    middle = _flatten(text[start:end])
    after = _flatten(text[end:right]).rstrip()
    if left > 0:
        before = "…" + before
    if right < len(text):
        after += "…"
    return before + middle + after, (len(before), len(before) + len(middle))
