"""What re-anchoring needs to know about a document: hashes, sentences and words per block."""

from __future__ import annotations

import hashlib
import itertools
import re
import zlib
from bisect import bisect_right
from collections import Counter

from tui.model.articles.blocks import Block, BlockKind, Document

QUOTE_CHARS = 200
"""Longest quote kept in an anchor."""
SHORT_HASH = 8
"""Hex digits kept of a sentence's or a neighbour's hash (32 bits: enough within one article)."""
MAX_UNITS = 64
"""Most sentences (or code lines) an anchor records; the rest of a long block is left out."""
SKETCH = 4
"""Word pairs a sentence's sketch keeps: the 4 smallest of their hashes (a bottom-k sketch)."""
_SKETCH_DIGITS = 6

_SENTENCE_END = re.compile(r"([.!?…][\"'”’»)\]]{0,2}) ")
"""The end of a sentence in normalised text: punctuation, up to two closing marks, a space."""
_LINES = (BlockKind.CODE, BlockKind.TABLE)
"""Kinds whose text is split by lines rather than by sentences."""

Unit = tuple[str, int]
"""A sentence (or a line of code) as its short hash and its length in characters."""


def normalise(text: str) -> str:
    """Return `text` casefolded with runs of whitespace collapsed to one space."""
    return " ".join(text.casefold().split())


def full_hash(normal: str) -> str:
    """Return the SHA-1 hex digest of already normalised text."""
    return hashlib.sha1(normal.encode("utf-8", "surrogatepass")).hexdigest()


def block_hash(block: Block) -> str:
    """Return the SHA-1 hex digest of the block's normalised text."""
    return full_hash(normalise(block.text))


def short_hash(normal: str) -> str:
    """Return the first hex digits of the SHA-1 of already normalised text."""
    return full_hash(normal)[:SHORT_HASH]


def unit_texts(kind: BlockKind | str, text: str) -> list[str]:
    """Return the normalised sentences of a block's text (lines for code and tables)."""
    return _split(kind, text, normalise(text))


def _split(kind: BlockKind | str, text: str, normal: str) -> list[str]:
    if kind in _LINES:
        return [line for line in (normalise(raw) for raw in text.split("\n")) if line]
    if not normal:
        return []
    # Split keeps each end as its own item: put it back onto the sentence it closes.
    parts = _SENTENCE_END.split(normal)
    return [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)] + [parts[-1]]


def sketch(text: str) -> str:
    """Return a small sketch of a sentence's word pairs; similar sentences share most of it."""
    words = text.split()
    shingles = [f"{a} {b}" for a, b in itertools.pairwise(words)] or words
    values = sorted({zlib.crc32(s.encode("utf-8", "surrogatepass")) >> 8 for s in shingles})
    return "".join(f"{v:06x}" for v in values[:SKETCH])


def sketch_similarity(a: str, b: str) -> float:
    """Estimate how many word pairs two sentences share (Jaccard similarity) from sketches."""
    step = _SKETCH_DIGITS
    mine = {a[i : i + step] for i in range(0, len(a), step)}
    theirs = {b[i : i + step] for i in range(0, len(b), step)}
    smallest = sorted(mine | theirs)[:SKETCH]
    if not smallest:
        return 0.0
    return sum(1 for v in smallest if v in mine and v in theirs) / len(smallest)


def units_of(texts: list[str]) -> list[Unit]:
    """Return the short hash and length of each sentence."""
    return [(short_hash(text), len(text)) for text in texts]


class DocumentIndex:
    """Lazily built lookups over one document, shared by all comments being placed."""

    def __init__(self, document: Document) -> None:
        self.blocks: tuple[Block, ...] = document.blocks
        """The document's blocks."""
        self._normal: list[str] | None = None
        self._hashes: dict[int, str] = {}
        self._by_hash: dict[str, list[int]] | None = None
        self._by_short: dict[str, list[int]] | None = None
        self._texts: dict[int, list[str]] = {}
        self._units: dict[int, list[Unit]] = {}
        self._unit_hashes: dict[tuple[int, int], str] = {}
        self._sketches: dict[tuple[int, int], str] = {}
        self._joined = ""
        self._starts: list[int] = []

    def __len__(self) -> int:
        return len(self.blocks)

    def normal(self, index: int) -> str:
        """The normalised text of block `index`."""
        if self._normal is None:
            self._normal = [normalise(b.text) for b in self.blocks]
        return self._normal[index]

    def hash_at(self, index: int) -> str:
        """The full hash of block `index`."""
        found = self._hashes.get(index)
        if found is None:
            found = self._hashes[index] = full_hash(self.normal(index))
        return found

    def short_at(self, index: int) -> str:
        """The short hash of block `index`, "" outside the document (the neighbour of an edge)."""
        return self.hash_at(index)[:SHORT_HASH] if 0 <= index < len(self.blocks) else ""

    def by_hash(self) -> dict[str, list[int]]:
        """Blocks by their full hash."""
        if self._by_hash is None:
            self._by_hash = {}
            for i in range(len(self.blocks)):
                self._by_hash.setdefault(self.hash_at(i), []).append(i)
        return self._by_hash

    def by_short(self) -> dict[str, list[int]]:
        """Blocks by their short hash."""
        if self._by_short is None:
            self._by_short = {}
            for i in range(len(self.blocks)):
                self._by_short.setdefault(self.short_at(i), []).append(i)
        return self._by_short

    def unit_text(self, index: int) -> list[str]:
        """The sentences of block `index`, as text."""
        found = self._texts.get(index)
        if found is None:
            block = self.blocks[index]
            found = self._texts[index] = _split(block.kind, block.text, self.normal(index))
        return found

    def _unit_hash(self, index: int, unit: int) -> str:
        key = (index, unit)
        found = self._unit_hashes.get(key)
        if found is None:
            found = self._unit_hashes[key] = short_hash(self.unit_text(index)[unit])
        return found

    def units(self, index: int) -> list[Unit]:
        """The sentences of block `index`, as hashes and lengths."""
        found = self._units.get(index)
        if found is None:
            texts = self.unit_text(index)
            found = [(self._unit_hash(index, u), len(t)) for u, t in enumerate(texts)]
            self._units[index] = found
        return found

    def sketch_at(self, index: int, unit: int) -> str:
        """The sketch of sentence `unit` of block `index`."""
        key = (index, unit)
        found = self._sketches.get(key)
        if found is None:
            found = self._sketches[key] = sketch(self.unit_text(index)[unit])
        return found

    def sharing(self, wanted: list[Unit], first: int, last: int) -> Counter[int]:
        """For the blocks from `first` to `last`: how much of the `wanted` sentences each holds.

        Only sentences of a wanted length are hashed: hashing all of a long article's
        sentences would cost more than placing its comments.
        """
        lengths: dict[int, set[str]] = {}
        for unit, length in wanted:
            lengths.setdefault(length, set()).add(unit)
        counts: Counter[int] = Counter()
        for i in range(max(0, first), min(len(self.blocks), last + 1)):
            for u, text in enumerate(self.unit_text(i)):
                hashes = lengths.get(len(text))
                if hashes and self._unit_hash(i, u) in hashes:
                    counts[i] += len(text)
        return counts

    def with_word(self, word: str, limit: int) -> list[int]:
        """The blocks holding `word` (a normalised token), or [] when more than `limit` do.

        One joined text searched at C speed: cheaper, for the few words of one quote, than
        listing every word of a long article.
        """
        if not self._starts:
            pos = 1
            for i in range(len(self.blocks)):
                self._starts.append(pos)
                pos += len(self.normal(i)) + 3
            self._joined = " " + " \x00 ".join(map(self.normal, range(len(self.blocks)))) + " "
        needle = f" {word} "
        if self._joined.count(needle) > limit:
            return []
        found: list[int] = []
        at = self._joined.find(needle)
        while at >= 0:
            block = bisect_right(self._starts, at + 1) - 1
            found.append(block)
            if block + 1 >= len(self._starts):
                break
            at = self._joined.find(needle, self._starts[block + 1] - 1)
        return found
