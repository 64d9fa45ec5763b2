"""Search everywhere: titles, authors, tags, text and comments of every article of a folder.

The folded texts of all articles are joined into a few large strings, so a query is a handful
of `str.find` runs rather than one per article; hits come back with a snippet of the original
text around the match.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate
from typing import NamedTuple

from tui.model.search.find import SNIPPET_WIDTH, query_patterns, spans_in
from tui.model.search.fold import fold, loosen
from tui.model.text import sanitize

_SEPARATOR = "\x00"
"""Joins folded texts into one corpus; folding turns every control character into a space."""

_WHITESPACE = re.compile(r"\s+")


class HitField(StrEnum):
    """Where in an article a search hit was found."""

    TITLE = "title"
    AUTHOR = "author"
    TAG = "tag"
    BODY = "body"
    COMMENT = "comment"


class IndexedComment(NamedTuple):
    """A comment as the search index sees it."""

    comment_id: str
    """The comment's id."""
    block: int | None
    """Index of the block the comment is on, None for a comment on the whole article."""
    body: str
    """The comment's text (this is what is searched)."""
    author: str | None
    """The comment's author (kept for display, not searched)."""


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the global search knows about one article."""

    article_id: str
    """The article's id."""
    title: str
    """The article's title."""
    author: str | None = None
    """The article's author."""
    tags: tuple[str, ...] = ()
    """The article's tags."""
    blocks: tuple[str, ...] = ()
    """Plain text of each block, in document order."""
    comments: tuple[IndexedComment, ...] = ()
    """The article's comments."""


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


class _Segment(NamedTuple):
    """One searchable text of an article."""

    field: HitField
    block: int | None
    comment_id: str | None
    text: str


_TIERS = 3
"""Ranking tiers: titles, then authors and tags, then bodies and comments."""


class _Chunk:
    """One article's folded texts, per ranking tier, joined for searching.

    Only strings and tuples of strings or numbers are kept, which the garbage collector stops
    tracking: with 10,000 articles indexed, its full collections (which stall every thread) stay
    short.
    """

    __slots__ = (
        "article_id",
        "author",
        "blocks",
        "comments",
        "loose_starts",
        "pending",
        "slot",
        "starts",
        "tags",
        "title",
    )

    def __init__(self, entry: IndexEntry) -> None:
        self.article_id = entry.article_id
        self.title = entry.title
        self.author = entry.author or None
        self.tags = entry.tags
        self.blocks = entry.blocks
        self.comments = entry.comments
        tiers = (
            (self.title,),
            (self.author, *self.tags) if self.author else self.tags,
            (*self.blocks, *(comment.body for comment in self.comments)),
        )
        starts: list[tuple[int, ...]] = []
        loose_starts: list[tuple[int, ...]] = []
        pending: list[tuple[str, str]] = []
        for tier in tiers:
            folded = [fold(text) for text in tier]
            loose = [loosen(text) for text in folded]
            pending.append((_SEPARATOR.join(folded), _SEPARATOR.join(loose)))
            starts.append(tuple(_offsets(folded)))
            loose_starts.append(tuple(_offsets(loose)))
        self.starts = tuple(starts)
        self.loose_starts = tuple(loose_starts)
        self.pending: tuple[tuple[str, str], ...] | None = tuple(pending)
        """Folded and loosened texts per tier, until they are joined into the corpus."""
        self.slot = -1
        """Where the chunk sits in the corpus once joined (its texts then live only there)."""

    def segment(self, tier: int, index: int) -> _Segment:
        """Return the searchable text at `index` of a ranking tier, and where it belongs."""
        if tier == 0:
            return _Segment(HitField.TITLE, None, None, self.title)
        if tier == 1:
            if self.author:
                if index == 0:
                    return _Segment(HitField.AUTHOR, None, None, self.author)
                index -= 1
            return _Segment(HitField.TAG, None, None, self.tags[index])
        if index < len(self.blocks):
            return _Segment(HitField.BODY, index, None, self.blocks[index])
        comment = self.comments[index - len(self.blocks)]
        return _Segment(HitField.COMMENT, comment.block, comment.comment_id, comment.body)


class _Tier(NamedTuple):
    """One ranking tier of all articles, joined into a folded and a loosened corpus."""

    folded: str
    loose: str
    starts: array[int]
    loose_starts: array[int]

    def part(self, slot: int) -> tuple[str, str]:
        """Return the folded and loosened texts of the article at `slot`."""
        return _part(self.folded, self.starts, slot), _part(self.loose, self.loose_starts, slot)


def _part(corpus: str, starts: array[int], slot: int) -> str:
    """Return the text of one article in a joined corpus."""
    end = starts[slot + 1] - 1 if slot + 1 < len(starts) else len(corpus)
    return corpus[starts[slot] : end]


def _offsets(texts: list[str]) -> list[int]:
    """Return where each of `texts` starts once they are joined with one-character separators."""
    return [0, *accumulate(len(text) + 1 for text in texts[:-1])] if texts else []


def _starts(texts: list[str]) -> array[int]:
    """Return `_offsets(texts)` as a compact array."""
    return array("q", _offsets(texts))


class SearchIndex:
    """Folded titles, tags, bodies and comments of many articles, searched in one pass.

    Each article's folded texts are kept only once: in the joined corpus, which is rebuilt from
    its own slices and the newly added articles on the first search after a change.
    """

    def __init__(self, entries: Iterable[IndexEntry] = ()) -> None:
        """Index `entries`, in the order results should rank within a field."""
        self._chunks: dict[str, _Chunk] = {}
        self._corpus: list[_Tier] = []
        self._order: list[_Chunk] = []
        self._dirty = False
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        """Number of indexed articles."""
        return len(self._chunks)

    def __contains__(self, article_id: object) -> bool:
        """Whether an article is indexed."""
        return article_id in self._chunks

    def add(self, entry: IndexEntry) -> None:
        """Index an article after the others (an article already indexed is replaced in place)."""
        self._chunks[entry.article_id] = _Chunk(entry)
        self._dirty = True

    def replace(self, entry: IndexEntry) -> None:
        """Re-index an article that changed, keeping its place in the order."""
        self.add(entry)

    def remove(self, article_id: str) -> None:
        """Forget an article (nothing happens when it is not indexed)."""
        if self._chunks.pop(article_id, None) is not None:
            self._dirty = True

    def _ensure_corpus(self) -> None:
        """Join every article's folded texts, per tier, after the set of articles changed."""
        if not self._dirty:
            return
        order = list(self._chunks.values())
        corpus: list[_Tier] = []
        for tier in range(_TIERS):
            parts = [
                chunk.pending[tier]
                if chunk.pending is not None
                else self._corpus[tier].part(chunk.slot)
                for chunk in order
            ]
            folded = [part[0] for part in parts]
            loose = [part[1] for part in parts]
            corpus.append(
                _Tier(
                    _SEPARATOR.join(folded), _SEPARATOR.join(loose), _starts(folded), _starts(loose)
                )
            )
        for slot, chunk in enumerate(order):
            chunk.pending = None
            chunk.slot = slot
        self._corpus = corpus
        self._order = order
        self._dirty = False

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Return up to `limit` hits: titles first, then authors and tags, then text and comments.

        Each matching title, tag, block or comment gives one hit (its first match); within a
        field, hits follow the order the articles were added in.
        """
        patterns = query_patterns(query)
        if patterns is None or limit <= 0:
            return []
        self._ensure_corpus()
        hits: list[SearchHit] = []
        for tier, corpus in enumerate(self._corpus):
            wanted = limit - len(hits)
            exact, loose = patterns
            found = set(
                _segments(corpus.folded, corpus.starts, self._order, tier, exact, wanted, False)
            )
            found.update(
                _segments(corpus.loose, corpus.loose_starts, self._order, tier, loose, wanted, True)
            )
            for article, segment in sorted(found)[:wanted]:
                hit = _hit(self._order[article], tier, segment, patterns)
                if hit is not None:
                    hits.append(hit)
            if len(hits) >= limit:
                break
        return hits


def _segments(
    corpus: str,
    article_starts: array[int],
    chunks: list[_Chunk],
    tier: int,
    pattern: str,
    limit: int,
    loose: bool,
) -> list[tuple[int, int]]:
    """Return (article, segment) positions of the first `limit` segments containing `pattern`."""
    found: list[tuple[int, int]] = []
    position = corpus.find(pattern)
    while position != -1 and len(found) < limit:
        article = bisect_right(article_starts, position) - 1
        chunk = chunks[article]
        starts = chunk.loose_starts[tier] if loose else chunk.starts[tier]
        segment = bisect_right(starts, position - article_starts[article]) - 1
        found.append((article, segment))
        if segment + 1 < len(starts):
            position = corpus.find(pattern, article_starts[article] + starts[segment + 1])
        elif article + 1 < len(article_starts):
            position = corpus.find(pattern, article_starts[article + 1])
        else:
            break
    return found


def _hit(chunk: _Chunk, tier: int, index: int, patterns: tuple[str, str]) -> SearchHit | None:
    """Build the hit for one matching segment, with its snippet."""
    segment = chunk.segment(tier, index)
    spans = spans_in(segment.text, patterns)
    if not spans:
        return None
    start, end = spans[0]
    snippet, span = make_snippet(segment.text, start, end)
    return SearchHit(
        chunk.article_id,
        segment.field,
        segment.block,
        segment.comment_id,
        snippet,
        span,
        (start, end),
    )


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
