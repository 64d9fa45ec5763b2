"""What re-anchoring needs to know about a document: hashes, sentences and words per block."""

from __future__ import annotations

import hashlib
import itertools
import re
import zlib

from tui.model.blocks import Block, BlockKind, Document

QUOTE_CHARS = 200
"""Longest quote kept in an anchor."""
SHORT_HASH = 8
"""Hex digits kept of a sentence's or a neighbour's hash (32 bits: enough within one article)."""
MAX_UNITS = 64
"""Most sentences (or code lines) an anchor records; the rest of a long block is left out."""
SKETCH = 4
"""Word pairs a sentence's sketch keeps: the 4 smallest of their hashes (a bottom-k sketch)."""
_SKETCH_DIGITS = 6

_SENTENCE = re.compile(r"\S.*?(?:[.!?…]+[\"'”’»)\]]*(?= )|$)")
"""A sentence of normalised text: up to closing punctuation (and closing quotes) and a space."""
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


def short_hash(normal: str) -> str:
    """Return the first hex digits of the SHA-1 of already normalised text."""
    return full_hash(normal)[:SHORT_HASH]


def unit_texts(kind: BlockKind | str, text: str) -> list[str]:
    """Return the normalised sentences of a block's text (lines for code and tables)."""
    if kind in _LINES:
        return [line for line in (normalise(raw) for raw in text.split("\n")) if line]
    return _SENTENCE.findall(normalise(text))


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
        self._units: list[list[Unit]] | None = None
        self._texts: list[list[str]] | None = None
        self._sketches: dict[tuple[int, int], str] = {}
        self._by_unit: dict[str, list[int]] | None = None
        self._words: list[list[str]] | None = None
        self._by_word: dict[str, list[int]] | None = None

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

    def units(self, index: int) -> list[Unit]:
        """The sentences of block `index`, as hashes and lengths."""
        if self._units is None:
            self._texts = [unit_texts(b.kind, b.text) for b in self.blocks]
            self._units = [units_of(texts) for texts in self._texts]
        return self._units[index]

    def unit_text(self, index: int) -> list[str]:
        """The sentences of block `index`, as text."""
        self.units(index)
        assert self._texts is not None
        return self._texts[index]

    def sketch_at(self, index: int, unit: int) -> str:
        """The sketch of sentence `unit` of block `index`."""
        key = (index, unit)
        found = self._sketches.get(key)
        if found is None:
            found = self._sketches[key] = sketch(self.unit_text(index)[unit])
        return found

    def by_unit(self) -> dict[str, list[int]]:
        """Blocks by the hashes of their sentences."""
        if self._by_unit is None:
            self._by_unit = {}
            for i in range(len(self.blocks)):
                for unit, _length in self.units(i):
                    holders = self._by_unit.setdefault(unit, [])
                    if not holders or holders[-1] != i:
                        holders.append(i)
        return self._by_unit

    def words(self, index: int) -> list[str]:
        """The normalised words of block `index`."""
        if self._words is None:
            self._words = [self.normal(i).split() for i in range(len(self.blocks))]
        return self._words[index]

    def by_word(self) -> dict[str, list[int]]:
        """Blocks by the words they hold."""
        if self._by_word is None:
            self._by_word = {}
            for i in range(len(self.blocks)):
                for token in set(self.words(i)):
                    self._by_word.setdefault(token, []).append(i)
        return self._by_word
