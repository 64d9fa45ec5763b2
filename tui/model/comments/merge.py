"""Three-way merge of one article's comment file, as git's merge driver (DESIGN.md §2).

Each comment id is in one of three states on each side: a comment, a tombstone, or absent.
A side that left an id as it was in the common base takes the other side's state; where both
sides changed it, a comment beats a deletion (its text is never lost), two edits keep the
later one with the other body in the comment's history, and two deletions keep the earlier
tombstone. Every choice depends on the contents only, so either side may be OURS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from tui.model.comments.codec import ArticleRef, CommentFile, Problem
from tui.model.comments.comment import Comment, Revision
from tui.model.comments.linecache import LineCache
from tui.model.comments.tombstone import Tombstone

State = Comment | Tombstone | None
"""What one side holds for one comment id."""


class MergeRefused(Exception):
    """A version cannot be merged safely (damaged, or from a newer version): git must stop."""

    def __init__(self, side: str, problem: Problem, detail: str = "") -> None:
        super().__init__(side, problem.value, detail)
        self.side = side
        """Which version: "base", "ours" or "theirs"."""
        self.problem = problem
        """What is wrong with it."""
        self.detail = detail
        """More detail, as the codec gave it."""


@dataclass(frozen=True, slots=True)
class Merged:
    """The outcome of a merge."""

    comments: tuple[Comment, ...]
    """The comments that live on, in file order."""
    tombstones: tuple[Tombstone, ...]
    """The deletions that stand."""


def merge_files(base: CommentFile, ours: CommentFile, theirs: CommentFile) -> Merged:
    """Merge the contents of three readable versions of one comment file."""
    states = [_states(version) for version in (base, ours, theirs)]
    ids = set().union(*states)
    comments: list[Comment] = []
    tombstones: list[Tombstone] = []
    for key in sorted(ids):
        state = merge_state(*(side.get(key) for side in states))
        if isinstance(state, Comment):
            comments.append(state)
        elif isinstance(state, Tombstone):
            tombstones.append(state)
    comments.sort(key=lambda c: (c.created, c.id))
    return Merged(tuple(comments), tuple(tombstones))


def merge_state(base: State, ours: State, theirs: State) -> State:
    """Merge one comment id's three states."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    if isinstance(ours, Comment) and isinstance(theirs, Comment):
        return merge_edits(ours, theirs)
    # One side deleted what the other changed: the comment stays, nothing written is lost.
    if isinstance(ours, Comment):
        return ours
    if isinstance(theirs, Comment):
        return theirs
    if ours is None or theirs is None:
        return ours or theirs
    return min(ours, theirs, key=lambda grave: (grave.deleted, grave.by))


def merge_edits(one: Comment, other: Comment) -> Comment:
    """Keep the later of two versions of a comment, the other body in its history."""
    later, earlier = sorted((one, other), key=_version_key, reverse=True)
    revisions = {*one.history, *other.history}
    if earlier.body != later.body:
        revisions.add(Revision(earlier.body, earlier.last_changed))
    history = tuple(sorted(revisions, key=lambda r: (r.changed, r.body)))
    return replace(later, history=history)


def merge_bytes(base: bytes, ours: bytes, theirs: bytes) -> bytes:
    """Return the merged file for three versions' bytes, or raise MergeRefused.

    An empty version stands for a file that does not exist there (git passes an empty
    base when both sides added the file). The article header comes from OURS when it has
    one; the result is always written in this version's format.
    """
    versions = {"base": base, "ours": ours, "theirs": theirs}
    read: dict[str, CommentFile] = {}
    cache = LineCache()
    for side, data in versions.items():
        found = cache.read(data) if data.strip() else CommentFile()
        if found.problem is not None:
            raise MergeRefused(side, found.problem, found.problem_detail)
        read[side] = found
    merged = merge_files(read["base"], read["ours"], read["theirs"])
    header = next(
        (read[side].article for side in ("ours", "theirs", "base") if read[side].article), None
    )
    if header is None:
        if not (merged.comments or merged.tombstones):
            return ours
        header = ArticleRef("", "", "")
    return cache.encode(header, merged.comments, merged.tombstones)


def _states(version: CommentFile) -> dict[str, Comment | Tombstone]:
    states: dict[str, Comment | Tombstone] = {grave.id: grave for grave in version.tombstones}
    states.update((comment.id, comment) for comment in version.comments)
    return states


def _version_key(comment: Comment) -> tuple[datetime, str]:
    """Later edit first; a tie is settled by the contents, so the merge is symmetric."""
    return (comment.last_changed, json.dumps(comment.to_json(), sort_keys=True))
