"""Anchors for comments, and finding their paragraphs again after the article changed (§2).

A comment on the wrong paragraph is worse than an orphan: the reader trusts it. So a changed
paragraph is placed only when the evidence is clear: most of its old text is there (whole
sentences by hash, edited ones by their words), its neighbours or its own length confirm it, it
is the same kind of block, not far off, and clearly ahead of the runner-up. Anything less makes
an orphan that carries its best candidate as a guess ("maybe here") for the reader to confirm.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from tui.model.articles.blocks import BlockKind, Document
from tui.model.comments.anchor_index import (
    MAX_UNITS,
    QUOTE_CHARS,
    DocumentIndex,
    block_hash,
    full_hash,
    normalise,
    short_hash,
    sketch,
    unit_texts,
)
from tui.model.comments.anchor_match import (
    Match,
    context,
    expected,
    find,
    neighbour_agrees,
    same_kind,
)
from tui.model.comments.comment import Anchor, Comment

__all__ = [
    "QUOTE_CHARS",
    "How",
    "Placement",
    "block_hash",
    "decline_guess",
    "make_anchor",
    "normalise",
    "place_comments",
    "replace_anchor",
]

CONTEXT_CHARS = 64
"""Longest prefix or suffix kept in an anchor."""


class How(StrEnum):
    """Which step of re-anchoring placed a comment."""

    SAME = "same"
    MOVED = "moved"
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
    confidence: float = 1.0
    """How sure the placement (or for an orphan, its guess) is, from 0 to 1."""
    guess: int | None = None
    """For an orphan: the block it most likely belongs to ("maybe here"), if any."""


def make_anchor(document: Document, index: int) -> Anchor:
    """Return an anchor for block `index` of `document`."""
    blocks = document.blocks
    block = blocks[index]
    prefix = blocks[index - 1].text[-CONTEXT_CHARS:] if index > 0 else ""
    suffix = blocks[index + 1].text[:CONTEXT_CHARS] if index + 1 < len(blocks) else ""
    texts = unit_texts(block.kind, block.text)
    normal = normalise(block.text)
    before = short_hash(normalise(blocks[index - 1].text)) if index > 0 else ""
    after = short_hash(normalise(blocks[index + 1].text)) if index + 1 < len(blocks) else ""
    return Anchor(
        block=index,
        heading=block.heading_path,
        quote=block.text[:QUOTE_CHARS],
        prefix=prefix,
        suffix=suffix,
        hash=full_hash(normal),
        kind=block.kind.value,
        sentences=tuple((short_hash(t), len(t), sketch(t)) for t in texts[:MAX_UNITS]),
        neighbours=(before, after),
        position=round(index / (len(blocks) - 1), 4) if len(blocks) > 1 else 0.0,
        length=len(normal),
        copies=sum(1 for b in blocks if b.kind is block.kind and normalise(b.text) == normal),
    )


def replace_anchor(comment: Comment, document: Document, index: int) -> Comment:
    """Return `comment` anchored on block `index` (the reader confirmed a guess)."""
    return replace(comment, anchor=make_anchor(document, index))


def decline_guess(comment: Comment, document: Document, index: int) -> Comment:
    """Return `comment` with block `index` never again offered as its place."""
    anchor = comment.anchor
    if anchor is None:
        return comment
    declined = dict.fromkeys((*anchor.declined, block_hash(document.blocks[index])))
    return replace(comment, anchor=replace(anchor, declined=tuple(declined)))


def _section(index: DocumentIndex, anchor: Anchor) -> int | None:
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


def _nearest(indexes: list[int], old: int) -> int:
    return min(indexes, key=lambda i: (abs(i - old), i))


def _place(index: DocumentIndex, anchor: Anchor) -> Placement:
    same = [
        i for i in index.by_hash().get(anchor.hash, ()) if same_kind(anchor, index.blocks[i].kind)
    ]
    if same:
        if anchor.block in same and (
            len(same) == 1 or neighbour_agrees(anchor, index, anchor.block)
        ):
            return Placement(anchor.block, how=How.SAME)
        spot = expected(anchor, index)
        # Identical copies: the one whose neighbours agree, else the one nearest where it was.
        best = min(same, key=lambda i: (-context(anchor, index, i), abs(i - spot), i))
        # A neighbour that recurs ("<!-- more -->") does not tell copies apart: one that does not.
        if neighbour_agrees(anchor, index, best):
            return Placement(best, how=How.SAME if best == anchor.block else How.MOVED)
        # Its neighbours are new. If the old place still holds the paragraph, edited but
        # recognised by its neighbours, the identical text elsewhere is a copy.
        found, _guess = find(anchor, index, frozenset(same))
        if found is not None and context(anchor, index, found.block) >= 0.5:
            return _changed(found)
        if len(same) == 1 and anchor.copies <= 1:
            return Placement(best, how=How.MOVED)  # moved: the only block with this text
        # One of several identical blocks ("See the release notes."), or of several there were,
        # none where it was: which one was meant cannot be told, so the nearest is a guess.
        return _orphan(index, anchor, best, 1.0)
    found, guess = find(anchor, index)
    if found is not None:
        return _changed(found)
    if guess is None:
        return _orphan(index, anchor, None, 0.0)
    return _orphan(index, anchor, guess.block, guess.confidence)


def _changed(found: Match) -> Placement:
    """The paragraph, found again with its text changed."""
    return Placement(found.block, changed=True, how=How.FUZZY, confidence=found.confidence)


def _orphan(index: DocumentIndex, anchor: Anchor, guess: int | None, sure: float) -> Placement:
    """The text is gone, or changed past recognising: listed with the comments on changed text.

    Its old section, if still there, is a hint, and its best candidate a guess.
    """
    if guess is not None and index.hash_at(guess) in anchor.declined:
        guess, sure = None, 0.0
    section = _section(index, anchor)
    return Placement(
        None,
        orphan=True,
        how=How.SECTION if section is not None else How.ORPHAN,
        section=section,
        confidence=round(max(0.0, min(1.0, sure)), 3),
        guess=guess,
    )


def place_comments(document: Document, comments: Iterable[Comment]) -> dict[str, Placement]:
    """Return, for every comment id, where the comment belongs in `document`.

    Replies follow their parent; comments on the whole article get block None.
    """
    items = {c.id: c for c in comments}
    index = DocumentIndex(document)
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
