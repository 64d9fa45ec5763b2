"""The comments of one open article, placed on its blocks and ordered for the comment pane."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from tui.model.articles.blocks import Document
from tui.model.comments.comment import Comment, thread_order

if TYPE_CHECKING:
    from tui.model.comments.anchoring import Placement


class Group(StrEnum):
    """Where a thread belongs in the pane."""

    BLOCK = "block"
    ARTICLE = "article"
    ORPHAN = "orphan"


@dataclass(frozen=True, slots=True)
class Entry:
    """One comment as the pane lists it."""

    comment: Comment
    """The comment."""
    depth: int
    """0 for a thread's first comment, 1 for a reply, and so on."""
    group: Group
    """Whether it is on a block, on the whole article, or on text that changed."""
    block: int | None
    """The block it is placed on (None for article comments and orphans)."""
    changed: bool = False
    """True when its paragraph was found again but its text changed."""
    guess: int | None = None
    """For the first comment of an orphaned thread: the block it may belong to ("maybe here")."""


@dataclass(frozen=True, slots=True)
class Discussion:
    """Every comment of an article with its placement in the current document."""

    comments: tuple[Comment, ...] = ()
    """All comments, as read from the store."""
    placements: dict[str, Placement] = field(default_factory=dict)
    """Where each thread's first comment landed, by comment id."""
    read_only: bool = False
    """True when the comment file must not be written."""
    threaded: tuple[Entry, ...] = ()
    """The comments in pane order (see `entries`), worked out once when built."""

    @classmethod
    def build(
        cls, document: Document, comments: Iterable[Comment], *, read_only: bool = False
    ) -> Discussion:
        """Place `comments` on the blocks of `document` and thread them."""
        comments = tuple(comments)
        if not comments:
            return cls(read_only=read_only)
        # Anchoring (fuzzy matching among it) loads with the first comments to place.
        from tui.model.comments.anchoring import place_comments

        placements = place_comments(document, comments)
        return cls(comments, placements, read_only, _thread(comments, placements))

    def __len__(self) -> int:
        return len(self.comments)

    def entries(self) -> list[Entry]:
        """All comments threaded: block threads in reading order, article comments, orphans."""
        return list(self.threaded)

    def block_counts(self) -> dict[int, int]:
        """How many comments (replies included) sit on each block."""
        counts: dict[int, int] = {}
        for entry in self.threaded:
            if entry.block is not None:
                counts[entry.block] = counts.get(entry.block, 0) + 1
        return counts


def _thread(comments: tuple[Comment, ...], placements: dict[str, Placement]) -> tuple[Entry, ...]:
    """Threads on blocks in reading order, then comments on the article, then orphans."""
    placed: list[tuple[tuple[int, int], Entry]] = []
    root: Comment | None = None
    for comment, depth in thread_order(comments):
        if depth == 0 or root is None:
            root = comment
        placement = placements.get(root.id)
        if placement is None or placement.orphan:
            group, block, rank = Group.ORPHAN, None, 2
        elif placement.block is None:
            group, block, rank = Group.ARTICLE, None, 1
        else:
            group, block, rank = Group.BLOCK, placement.block, 0
        changed = bool(placement and placement.changed and group is Group.BLOCK)
        guess = placement.guess if placement and group is Group.ORPHAN and depth == 0 else None
        key = (rank, block if block is not None else 0)
        placed.append((key, Entry(comment, depth, group, block, changed, guess)))
    placed.sort(key=lambda item: item[0])  # stable: threads stay together
    return tuple(entry for _key, entry in placed)
