"""Comments and their anchors, with the JSON form of DESIGN.md §2."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from tui.model.comments.anchor_fields import later_anchor_fields
from tui.model.text import sanitize

MAX_NUMBER_DIGITS = 30
"""Longest integer or float literal accepted when reading JSON (guards int max_str_digits)."""


class CommentFormatError(ValueError):
    """A JSON value does not have the shape of a comment or comment file."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        """A short code: "nul", "utf8", "json", "number" or "shape"."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a comment sits in an article: enough to find its paragraph again after edits."""

    block: int
    """Index of the block the comment was written on."""
    heading: tuple[str, ...]
    """Heading path of that block, outermost first."""
    quote: str
    """The block's text (capped), as it was when the comment was written."""
    prefix: str
    """The end of the previous block's text."""
    suffix: str
    """The start of the next block's text."""
    hash: str
    """SHA-1 hex of the block's normalised text."""
    kind: str = ""
    """The block's kind ("paragraph", "heading", …); empty in anchors written before it existed."""
    sentences: tuple[tuple[str, int, str], ...] = ()
    """Short hash, length and word-pair sketch of each normalised sentence (code: each line)."""
    neighbours: tuple[str, str] = ("", "")
    """Short hashes of the blocks before and after ("" at the article's edges)."""
    position: float = 0.0
    """Where the block sat in the article, 0 for the first block and 1 for the last."""
    length: int = 0
    """Length of the block's whole normalised text (the quote may be capped)."""
    copies: int = 0
    """How many blocks of the article had this very text (0: not known)."""
    declined: tuple[str, ...] = ()
    """Hashes of blocks the reader said the comment does not belong to."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object for this anchor (fields added later only when they are set)."""
        value: dict[str, Any] = {
            "block": self.block,
            "heading": list(self.heading),
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "hash": self.hash,
        }
        if self.kind:
            value["kind"] = self.kind
            # One line per sentence in the pretty-printed file: "hash length sketch".
            value["sentences"] = [f"{h} {n} {sk}".rstrip() for h, n, sk in self.sentences]
            value["neighbours"] = list(self.neighbours)
            value["position"] = self.position
            value["length"] = self.length
            value["copies"] = self.copies
        if self.declined:
            value["declined"] = list(self.declined)
        return value

    @classmethod
    def from_json(cls, value: object) -> Anchor:
        """Return the anchor described by `value`, or raise CommentFormatError."""
        obj = _object(value)
        block = obj.get("block")
        if type(block) is not int or block < 0:
            raise CommentFormatError("shape")
        heading = obj.get("heading")
        if not isinstance(heading, list) or not all(isinstance(h, str) for h in heading):
            raise CommentFormatError("shape")
        return cls(
            block=block,
            heading=tuple(sanitize(h) for h in heading),
            quote=_string(obj, "quote"),
            prefix=_string(obj, "prefix"),
            suffix=_string(obj, "suffix"),
            hash=_string(obj, "hash"),
            **later_anchor_fields(obj),
        )


@dataclass(frozen=True, slots=True)
class Revision:
    """An earlier body of a comment, kept when two copies of it were edited apart and merged."""

    body: str
    """The text of that version."""
    changed: datetime
    """When that version was written (aware, UTC)."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object for this revision."""
        return {"body": self.body, "changed": format_time(self.changed)}

    @classmethod
    def from_json(cls, value: object) -> Revision:
        """Return the revision described by `value`, or raise CommentFormatError."""
        obj = _object(value)
        return cls(_string(obj, "body"), parse_time(obj.get("changed")))


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment or reply."""

    id: str
    """Unique id (uuid4 hex for comments made here)."""
    parent: str | None
    """Id of the comment this one replies to, None for a top-level comment."""
    author: str
    """Name of the writer, as typed and sanitised (DESIGN.md §5)."""
    body: str
    """The text, as typed and sanitised (DESIGN.md §5)."""
    created: datetime
    """When it was written (aware, UTC)."""
    updated: datetime | None
    """When it was last edited, None if never."""
    anchor: Anchor | None
    """The paragraph it is about, None for a comment on the whole article."""
    history: tuple[Revision, ...] = ()
    """Bodies an edit made elsewhere replaced, oldest first (written only when there are any)."""

    @property
    def last_changed(self) -> datetime:
        """The time of the latest version of this comment."""
        return self.updated if self.updated is not None else self.created

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object for this comment."""
        value: dict[str, Any] = {
            "id": self.id,
            "parent": self.parent,
            "author": self.author,
            "body": self.body,
            "created": format_time(self.created),
            "updated": None if self.updated is None else format_time(self.updated),
            "anchor": None if self.anchor is None else self.anchor.to_json(),
        }
        if self.history:
            value["history"] = [revision.to_json() for revision in self.history]
        return value

    @classmethod
    def from_json(cls, value: object) -> Comment:
        """Return the comment described by `value`, or raise CommentFormatError."""
        obj = _object(value)
        comment_id = _string(obj, "id")
        if not comment_id:
            raise CommentFormatError("shape")
        parent = obj.get("parent")
        if parent is not None and not isinstance(parent, str):
            raise CommentFormatError("shape")
        parent = None if parent is None else sanitize(parent)
        updated = obj.get("updated")
        anchor = obj.get("anchor")
        history = obj.get("history", [])
        if not isinstance(history, list):
            raise CommentFormatError("shape")
        return cls(
            id=comment_id,
            parent=parent,
            author=_string(obj, "author"),
            body=_string(obj, "body"),
            created=parse_time(obj.get("created")),
            updated=None if updated is None else parse_time(updated),
            anchor=None if anchor is None else Anchor.from_json(anchor),
            history=tuple(Revision.from_json(item) for item in history),
        )


def new_comment(
    author: str,
    body: str,
    anchor: Anchor | None = None,
    parent: str | None = None,
    now: datetime | None = None,
) -> Comment:
    """Return a new comment with a fresh id, created `now` (default: the current time)."""
    created = _utc(now) if now is not None else datetime.now(UTC)
    # Typed or pasted text is cleaned as a file's would be, so a comment reads back unchanged.
    return Comment(
        id=uuid.uuid4().hex,
        parent=parent,
        author=sanitize(author),
        body=sanitize(body),
        created=created,
        updated=None,
        anchor=anchor,
    )


def edited(comment: Comment, body: str, now: datetime | None = None) -> Comment:
    """Return `comment` with a new body, marked as updated `now`."""
    stamp = _utc(now) if now is not None else datetime.now(UTC)
    # A clock that went backwards must not make an edit lose the merge against its own original.
    stamp = max(stamp, comment.last_changed)
    return replace(comment, body=sanitize(body), updated=stamp)


def newer(current: Comment, incoming: Comment) -> Comment:
    """Return whichever version of one comment changed last (`incoming` on a tie)."""
    return current if current.last_changed > incoming.last_changed else incoming


def merge(comments: Iterable[Comment]) -> list[Comment]:
    """Return `comments` with duplicate ids merged (latest version wins), first position kept."""
    merged: dict[str, Comment] = {}
    for comment in comments:
        old = merged.get(comment.id)
        merged[comment.id] = comment if old is None else newer(old, comment)
    return list(merged.values())


def thread_order(comments: Iterable[Comment]) -> list[tuple[Comment, int]]:
    """Return every comment with its depth, parents before their replies, replies by time.

    Top-level comments keep their given order. A reply whose parent is missing, and any
    comment caught in a parent cycle, is shown at the top level: nothing is ever left out.
    """
    items = list(comments)
    ids = {c.id for c in items}
    children: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    for comment in items:
        if comment.parent is None or comment.parent not in ids or comment.parent == comment.id:
            roots.append(comment)
        else:
            children.setdefault(comment.parent, []).append(comment)
    for replies in children.values():
        replies.sort(key=lambda c: c.created)
    ordered: list[tuple[Comment, int]] = []
    seen: set[str] = set()

    def walk(root: Comment) -> None:
        stack = [(root, 0)]
        while stack:
            comment, depth = stack.pop()
            if comment.id in seen:
                continue
            seen.add(comment.id)
            ordered.append((comment, depth))
            stack.extend((r, depth + 1) for r in reversed(children.get(comment.id, ())))

    for root in roots:
        walk(root)
    for comment in items:
        if comment.id not in seen:
            walk(comment)
    return ordered


def descendants(comments: Iterable[Comment], comment_id: str) -> set[str]:
    """Return the ids of `comment_id` and of all replies below it."""
    children: dict[str, list[str]] = {}
    for comment in comments:
        if comment.parent is not None:
            children.setdefault(comment.parent, []).append(comment.id)
    found = {comment_id}
    stack = [comment_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def encode_json(value: object) -> bytes:
    """Return `value` as pretty, key-sorted UTF-8 JSON with a trailing newline.

    Text is written as typed; only lone surrogates, which UTF-8 cannot hold, force the
    whole document into `\\uXXXX` escapes so that they still round-trip.
    """
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
        return text.encode("ascii")


def decode_json(data: bytes) -> object:
    """Return the JSON value in `data`, or raise CommentFormatError for anything doubtful."""
    if b"\x00" in data:
        raise CommentFormatError("nul")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CommentFormatError("utf8") from None
    try:
        return _DECODER.decode(text)
    except CommentFormatError:
        raise
    except (ValueError, RecursionError):
        raise CommentFormatError("json") from None


def _parse_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_DIGITS:
        raise CommentFormatError("number")
    return int(literal)


def _parse_float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_DIGITS:
        raise CommentFormatError("number")
    return float(literal)


def _reject_constant(literal: str) -> object:
    raise CommentFormatError("number")


# One decoder for every call (as json.loads keeps one for its defaults): building it per
# call cost more than decoding a comment's line.
_DECODER = json.JSONDecoder(
    parse_int=_parse_int, parse_float=_parse_float, parse_constant=_reject_constant
)


def _object(value: object) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise CommentFormatError("shape")
    return value


def _string(obj: Mapping[str, object], key: str) -> str:
    """The string at `key`, sanitised: every text in a comment file enters the app here."""
    value = obj.get(key)
    if not isinstance(value, str):
        raise CommentFormatError("shape")
    return sanitize(value)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """Return an aware time as the file writes it (ISO 8601, UTC)."""
    return _utc(moment).isoformat()


def parse_time(value: object) -> datetime:
    """Return the aware UTC time a file wrote, or raise CommentFormatError."""
    if not isinstance(value, str) or len(value) > 64:
        raise CommentFormatError("shape")
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise CommentFormatError("shape")
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise CommentFormatError("shape") from None
