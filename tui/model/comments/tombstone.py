"""Deleted comments remembered as tombstones, so a merge never brings them back (DESIGN.md §2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tui.model.comments.comment import (
    Comment,
    CommentFormatError,
    descendants,
    format_time,
    parse_time,
)
from tui.model.text import sanitize


@dataclass(frozen=True, slots=True)
class Tombstone:
    """The record that one comment was deleted."""

    id: str
    """Id of the deleted comment."""
    deleted: datetime
    """When it was deleted (aware, UTC)."""
    by: str
    """Who deleted it (the reader's name, "" when not known)."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object for this tombstone."""
        return {"id": self.id, "deleted": format_time(self.deleted), "by": self.by}

    @classmethod
    def from_json(cls, value: object) -> Tombstone:
        """Return the tombstone described by `value`, or raise CommentFormatError."""
        if not isinstance(value, dict):
            raise CommentFormatError("shape")
        comment_id, by = value.get("id"), value.get("by")
        if not isinstance(comment_id, str) or not comment_id or not isinstance(by, str):
            raise CommentFormatError("shape")
        return cls(sanitize(comment_id), parse_time(value.get("deleted")), sanitize(by))


def delete_thread(
    comments: list[Comment],
    tombstones: dict[str, Tombstone],
    comment_id: str,
    by: str = "",
    now: datetime | None = None,
) -> tuple[Comment, ...]:
    """Remove a comment and every reply below it, leave a tombstone for each; return them."""
    stamp = now if now is not None else datetime.now(UTC)
    gone = descendants(comments, comment_id)
    removed = tuple(c for c in comments if c.id in gone)
    comments[:] = [c for c in comments if c.id not in gone]
    for comment in removed:
        tombstones[comment.id] = Tombstone(comment.id, stamp, by)
    return removed


def restore_thread(
    comments: list[Comment], tombstones: dict[str, Tombstone], restored: Iterable[Comment]
) -> None:
    """Put deleted comments back (undo) and take their tombstones away."""
    for comment in restored:
        comments.append(comment)
        tombstones.pop(comment.id, None)


def drop_revived(
    tombstones: Mapping[str, Tombstone], comments: Iterable[Comment]
) -> dict[str, Tombstone]:
    """Return the tombstones without those of comments that are there again (undone, re-edited)."""
    alive = {comment.id for comment in comments}
    return {key: grave for key, grave in tombstones.items() if key not in alive}
