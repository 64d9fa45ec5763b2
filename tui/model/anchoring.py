"""Anchors for comments, and finding their paragraphs again after the article changed (§2)."""

from __future__ import annotations

import hashlib
import heapq
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from operator import itemgetter

from tui.model.blocks import Block, BlockKind, Document
from tui.model.comments import Anchor, Comment

QUOTE_CHARS = 200
"""Longest quote kept in an anchor."""
CONTEXT_CHARS = 64
"""Longest prefix or suffix kept in an anchor."""
FUZZY_THRESHOLD = 0.6
"""Lowest similarity score at which a changed paragraph counts as found."""
MIN_CONTAINED_QUOTE = 12
"""Shortest normalised quote that may be found inside a longer block."""
FUZZY_CANDIDATES = 6
"""How many blocks, best by shared words, the fuzzy step compares in detail."""


class How(StrEnum):
    """Which step of re-anchoring placed a comment."""

    SAME = "same"
    MOVED = "moved"
    QUOTE = "quote"
    FUZZY = "fuzzy"
    SECTION = "section"
    ORPHAN = "orphan"
    ARTICLE = "article"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a comment is shown in the current version of its article."""

    block: int | None
    """Index of the block it belongs to, None for article comments and orphans."""
    changed: bool = False
    """True when the paragraph was found but its text differs from the quote."""
    orphan: bool = False
    """True when its text is gone: listed under "comments on changed text"."""
    how: How = How.SAME
    """Which step found it."""
    section: int | None = None
    """For an orphan whose section still exists: that section's heading block."""


def normalise(text: str) -> str:
    """Return `text` casefolded with runs of whitespace collapsed to one space."""
    return " ".join(text.casefold().split())


def _hash_text(text: str) -> str:
    return hashlib.sha1(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()


def block_hash(block: Block) -> str:
    """Return the SHA-1 hex digest of the block's normalised text."""
    return _hash_text(block.text)


def make_anchor(document: Document, index: int) -> Anchor:
    """Return an anchor for block `index` of `document`."""
    blocks = document.blocks
    block = blocks[index]
    prefix = blocks[index - 1].text[-CONTEXT_CHARS:] if index > 0 else ""
    suffix = blocks[index + 1].text[:CONTEXT_CHARS] if index + 1 < len(blocks) else ""
    return Anchor(
        block=index,
        heading=block.heading_path,
        quote=block.text[:QUOTE_CHARS],
        prefix=prefix,
        suffix=suffix,
        hash=block_hash(block),
    )


class _Index:
    """Lazily built lookups over one document, shared by all comments being placed."""

    def __init__(self, document: Document) -> None:
        self.blocks = document.blocks
        self._hashes: dict[int, str] = {}
        self._by_hash: dict[str, list[int]] | None = None
        self._normal: list[str] | None = None
        self._joined: str = ""
        self._starts: list[int] = []
        self._postings: dict[str, list[int]] | None = None
        self._words: list[list[str]] | None = None

    def hash_at(self, index: int) -> str:
        found = self._hashes.get(index)
        if found is None:
            found = self._hashes[index] = block_hash(self.blocks[index])
        return found

    def by_hash(self) -> dict[str, list[int]]:
        if self._by_hash is None:
            self._by_hash = {}
            for i in range(len(self.blocks)):
                self._by_hash.setdefault(self.hash_at(i), []).append(i)
        return self._by_hash

    def normal(self) -> list[str]:
        if self._normal is None:
            self._normal = [normalise(b.text) for b in self.blocks]
            # One joined string lets `str.find` scan every block at C speed.
            pos = 0
            for text in self._normal:
                self._starts.append(pos)
                pos += len(text) + 1
            self._joined = "\x00".join(self._normal)
        return self._normal

    def containing(self, needle: str) -> list[int]:
        self.normal()
        found: list[int] = []
        at = self._joined.find(needle)
        while at >= 0:
            block = bisect_right(self._starts, at) - 1
            found.append(block)
            next_start = self._starts[block + 1] if block + 1 < len(self._starts) else None
            if next_start is None:
                break
            at = self._joined.find(needle, next_start)
        return found

    def words(self) -> list[list[str]]:
        if self._words is None:
            self._words = [text.split() for text in self.normal()]
        return self._words

    def postings(self) -> dict[str, list[int]]:
        if self._postings is None:
            self._postings = {}
            for i, words in enumerate(self.words()):
                for token in set(words):
                    self._postings.setdefault(token, []).append(i)
        return self._postings


def _nearest(indexes: list[int], old: int) -> int:
    return min(indexes, key=lambda i: (abs(i - old), i))


def _similar(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _fuzzy(index: _Index, anchor: Anchor) -> int | None:
    quote = normalise(anchor.quote).split()
    if not quote:
        return None
    postings = index.postings()
    words = index.words()
    common = max(8, len(words) // 4)
    counts: Counter[int] = Counter()
    for token in set(quote):
        hits = postings.get(token, ())
        # Words found in a quarter of all blocks say little about where a paragraph went.
        if len(hits) <= common:
            counts.update(hits)
    if not counts:
        return None
    top = heapq.nlargest(FUZZY_CANDIDATES * 4, counts.items(), key=itemgetter(1))
    ranked = sorted((i for i, _ in top), key=lambda i: (-counts[i], abs(i - anchor.block)))
    prefix, suffix = normalise(anchor.prefix).split(), normalise(anchor.suffix).split()
    # Words, not characters: sequences ten times shorter, and a fixed typo costs one word.
    # The quote is the matcher's second sequence, so its index is built once per comment.
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote)
    context_weight = 0.15 if prefix or suffix else 0.0
    best, best_score = None, FUZZY_THRESHOLD
    for i in ranked[:FUZZY_CANDIDATES]:
        # The quote is capped, so compare it with the same length of the candidate.
        matcher.set_seq1(words[i][: len(quote) + len(quote) // 5 + 2])
        if (1 - context_weight) * matcher.quick_ratio() + context_weight <= best_score:
            continue
        score = matcher.ratio()
        if context_weight:
            before = words[i - 1][-len(prefix) :] if i > 0 and prefix else []
            after = words[i + 1][: len(suffix)] if i + 1 < len(words) and suffix else []
            context = (_similar(prefix, before) + _similar(suffix, after)) / 2
            score = (1 - context_weight) * score + context_weight * context
        if score > best_score:
            best, best_score = i, score
    return best


def _section(index: _Index, anchor: Anchor) -> int | None:
    if not anchor.heading:
        return None
    wanted = tuple(normalise(h) for h in anchor.heading)
    heads = [i for i, b in enumerate(index.blocks) if b.kind is BlockKind.HEADING]
    exact = [
        i for i in heads if tuple(normalise(h) for h in index.blocks[i].heading_path) == wanted
    ]
    if exact:
        return _nearest(exact, anchor.block)
    # The section may have moved under another parent heading: its own title still names it.
    named = [i for i in heads if normalise(index.blocks[i].text) == wanted[-1]]
    return _nearest(named, anchor.block) if named else None


def _place(index: _Index, anchor: Anchor) -> Placement:
    count = len(index.blocks)
    if anchor.block < count and index.hash_at(anchor.block) == anchor.hash:
        return Placement(anchor.block, how=How.SAME)
    same = index.by_hash().get(anchor.hash)
    if same:
        return Placement(_nearest(same, anchor.block), how=How.MOVED)
    quote = normalise(anchor.quote)
    if len(quote) >= MIN_CONTAINED_QUOTE and "\x00" not in quote:
        holders = index.containing(quote)
        if holders:
            return Placement(_nearest(holders, anchor.block), changed=True, how=How.QUOTE)
    found = _fuzzy(index, anchor)
    if found is not None:
        return Placement(found, changed=True, how=How.FUZZY)
    # The text is gone. It is listed with the comments on changed text (the rule, which
    # wins over the section fallback of DESIGN.md §2); its old section, if still there, is a hint.
    section = _section(index, anchor)
    if section is not None:
        return Placement(None, orphan=True, how=How.SECTION, section=section)
    return Placement(None, orphan=True, how=How.ORPHAN)


def place_comments(document: Document, comments: Iterable[Comment]) -> dict[str, Placement]:
    """Return, for every comment id, where the comment belongs in `document`.

    Replies follow their parent; comments on the whole article get block None.
    """
    items = {c.id: c for c in comments}
    index = _Index(document)
    placed: dict[str, Placement] = {}
    for comment in items.values():
        if comment.parent is not None and comment.parent in items:
            continue
        if comment.anchor is None:
            placed[comment.id] = Placement(None, how=How.ARTICLE)
        else:
            placed[comment.id] = _place(index, comment.anchor)
    for comment in items.values():
        if comment.id in placed:
            continue
        chain: list[str] = []
        current: Comment | None = comment
        while current is not None and current.id not in placed and current.id not in chain:
            chain.append(current.id)
            current = items.get(current.parent) if current.parent is not None else None
        if current is not None and current.id in placed:
            where = placed[current.id]
        else:
            # A parent cycle has no root to follow: the comment goes by its own anchor.
            anchor = comment.anchor
            where = Placement(None, how=How.ARTICLE) if anchor is None else _place(index, anchor)
        for comment_id in chain:
            placed[comment_id] = where
    return placed
