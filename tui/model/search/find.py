"""Search that ignores case, accents and German spellings: in a text and in an article.

Matching is done on folded text (see `tui.model.search.fold`): the folded query in the folded
text and the loosened query in the loosened text, so `Müller`, `Mueller` and `muller` all find
each other. Spans are always reported in the original text, ready to highlight. Search across
a whole folder lives in `tui.model.search.index`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from tui.model.articles.blocks import Document
from tui.model.search.fold import (
    fold,
    fold_map,
    fold_with_map,
    loose_drops,
    loosen,
    loosen_with_map,
    source_span,
)

__all__ = [
    "DocumentIndex",
    "DocumentMatch",
    "find_in_text",
    "query_patterns",
    "search_document",
]

SNIPPET_WIDTH = 80
"""Characters of context a search hit shows around its match."""

MATCH_LIMIT = 10_000
"""At most this many matches are reported in one article (a one-letter query finds too many)."""


def query_patterns(query: str) -> tuple[str, str] | None:
    """Return the folded and the loosened query, or None when the query has nothing to find."""
    folded = fold(query).strip()
    if not folded:
        return None
    return folded, loosen(folded)


def _find_all(folded: str, pattern: str) -> Iterable[tuple[int, int]]:
    """Yield the non-overlapping spans of `pattern` in `folded`."""
    position = folded.find(pattern)
    while position != -1:
        end = position + len(pattern)
        yield position, end
        position = folded.find(pattern, end)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return `spans` sorted, with overlapping spans joined (touching ones stay apart)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def spans_in(text: str, patterns: tuple[str, str]) -> list[tuple[int, int]]:
    """Return the match spans of both query patterns in the original `text`."""
    exact, loose = patterns
    folded, mapping = fold_with_map(text)
    spans = [source_span(mapping, s, e, len(text)) for s, e in _find_all(folded, exact)]
    loose_text, loose_map = loosen_with_map(folded, mapping)
    spans += [source_span(loose_map, s, e, len(text)) for s, e in _find_all(loose_text, loose)]
    return _merge(spans)


def find_in_text(haystack: str, query: str) -> list[tuple[int, int]]:
    """Return the spans of `haystack` that match `query`, in order, as (start, end) offsets."""
    patterns = query_patterns(query)
    if patterns is None:
        return []
    return spans_in(haystack, patterns)


@dataclass(frozen=True, slots=True)
class DocumentMatch:
    """One match of an in-article search."""

    block: int
    """Index of the block in the document."""
    start: int
    """Offset of the match in the block's text."""
    end: int
    """Offset just past the match in the block's text."""


class _BlockMap(NamedTuple):
    """How one block's folded and loosened texts point back into its source text."""

    fold: array[int] | None
    """Source index of each folded character; None when folding kept every position."""
    shifted: array[int]
    """For each `e` that loosening dropped, the index in the loosened text where it stood."""


class DocumentIndex:
    """The folded texts of one document's blocks, built on the first search and then reused.

    The character maps that turn folded offsets back into source offsets are made only for blocks
    that matched a query, kept in compact arrays, and left out where folding kept every position.
    """

    __slots__ = ("_folded", "_loose", "_maps", "_texts")

    def __init__(self, document: Document) -> None:
        """Remember the block texts of `document`; folding waits for the first search."""
        self._texts = tuple(block.text for block in document.blocks)
        self._folded: list[str] = []
        self._loose: list[str] = []
        self._maps: dict[int, _BlockMap] = {}

    def _ensure_folded(self) -> None:
        """Fold every block once."""
        if len(self._folded) != len(self._texts):
            self._folded = [fold(text) for text in self._texts]
            self._loose = [loosen(folded) for folded in self._folded]

    def _map(self, index: int) -> _BlockMap:
        """Return the character map of one block, making it on first use."""
        block_map = self._maps.get(index)
        if block_map is None:
            mapping = fold_map(self._texts[index])
            dropped = loose_drops(self._folded[index])
            block_map = _BlockMap(
                None if mapping is None else array("i", mapping),
                array("i", [position - rank for rank, position in enumerate(dropped)]),
            )
            self._maps[index] = block_map
        return block_map

    def _spans(self, index: int, patterns: tuple[str, str]) -> list[tuple[int, int]]:
        """Return the source spans of both patterns in one block, as `spans_in` would."""
        exact, loose = patterns
        folded, loosened = self._folded[index], self._loose[index]
        mapping, shifted = self._map(index)
        length = len(self._texts[index])
        spans: list[tuple[int, int]] = []
        for start, end in _find_all(folded, exact):
            following = _source(mapping, end) if end < len(folded) else length
            spans.append((_source(mapping, start), max(_source(mapping, end - 1) + 1, following)))
        for start, end in _find_all(loosened, loose):
            # A loosened offset lies after every dropped `e` whose shifted index is not past it.
            first = _source(mapping, start + bisect_right(shifted, start))
            last = _source(mapping, end - 1 + bisect_right(shifted, end - 1))
            following = length
            if end < len(loosened):
                following = _source(mapping, end + bisect_right(shifted, end))
            spans.append((first, max(last + 1, following)))
        return _merge(spans)

    def search(self, query: str, limit: int = MATCH_LIMIT) -> list[DocumentMatch]:
        """Return the first `limit` matches of `query` in the document, in reading order."""
        patterns = query_patterns(query)
        if patterns is None:
            return []
        self._ensure_folded()
        exact, loose = patterns
        matches: list[DocumentMatch] = []
        for index, (folded, loosened) in enumerate(zip(self._folded, self._loose, strict=True)):
            if exact not in folded and loose not in loosened:
                continue
            matches.extend(
                DocumentMatch(index, start, end) for start, end in self._spans(index, patterns)
            )
            if len(matches) >= limit:
                return matches[:limit]
        return matches


def _source(mapping: array[int] | None, position: int) -> int:
    """Return the source index of a folded position (the identity when there is no map)."""
    return position if mapping is None else mapping[position]


_INDEX_CACHE: list[tuple[Document, DocumentIndex]] = []
_INDEX_CACHE_SIZE = 4


def document_index(document: Document) -> DocumentIndex:
    """Return the search index of `document`, reusing it while the document is recent."""
    for cached, index in _INDEX_CACHE:
        if cached is document:
            return index
    index = DocumentIndex(document)
    _INDEX_CACHE.insert(0, (document, index))
    del _INDEX_CACHE[_INDEX_CACHE_SIZE:]
    return index


def search_document(
    document: Document, query: str, limit: int = MATCH_LIMIT
) -> list[DocumentMatch]:
    """Return the first `limit` matches of `query` in `document`, in reading order."""
    return document_index(document).search(query, limit)
