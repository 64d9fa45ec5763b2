"""Reading state: where the reader stopped in each article, what they read last, and when.

Kept as one JSON file in the user state folder. The file is the reader's own, but it is still
read as untrusted: anything that does not parse is moved aside and reading starts afresh.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.model.articles.blocks import Document
from tui.model.comments.atomicfile import write_file
from tui.model.text import sanitize

FORMAT = "marginalia.reading"
"""Value of the `format` field of the state file."""
VERSION = 1
"""Version of the state file this code writes."""
QUOTE_CHARS = 80
"""Longest quote kept in a position."""
SHORT_QUOTE_CHARS = 24
"""Length of the quote's opening that still finds a paragraph whose later text changed."""
MAX_FILE_BYTES = 16 * 1024 * 1024
"""A larger state file is treated as corrupt rather than read."""


@dataclass(frozen=True, slots=True)
class Position:
    """A place in an article that survives re-wrapping and edits: block index, hash and quote."""

    block: int
    """Index of the block when the position was taken."""
    hash: str
    """SHA-1 of the block's normalised text (as comment anchors use)."""
    quote: str
    """The start of the block's normalised text."""
    offset: int = 0
    """Lines scrolled into the block (a hint for the view; 0 for its top)."""


def position_at(document: Document, block: int, offset: int = 0) -> Position:
    """Return the position of block `block` of `document` (clamped into the document)."""
    if not document.blocks:
        return Position(0, "", "", 0)
    # The block hashes load with the first position taken or looked up, not with every start.
    from tui.model.comments.anchor_index import block_hash, normalise

    index = min(max(block, 0), len(document.blocks) - 1)
    found = document.blocks[index]
    return Position(index, block_hash(found), normalise(found.text)[:QUOTE_CHARS], max(offset, 0))


def resolve_position(document: Document, position: Position) -> int:
    """Return the block index `position` points to now: by hash, then by quote, then clamped."""
    blocks = document.blocks
    if not blocks:
        return 0
    from tui.model.comments.anchor_index import block_hash, normalise

    old = min(max(position.block, 0), len(blocks) - 1)
    if position.hash:
        if block_hash(blocks[old]) == position.hash:
            return old
        same = [i for i, block in enumerate(blocks) if block_hash(block) == position.hash]
        if same:
            return _nearest(same, old)
    quote = normalise(position.quote)
    # The whole quote first; then only its opening words, for a paragraph edited further on.
    for prefix in dict.fromkeys((quote, quote[:SHORT_QUOTE_CHARS])):
        if not prefix:
            continue
        starting = [i for i, b in enumerate(blocks) if normalise(b.text).startswith(prefix)]
        if starting:
            return _nearest(starting, old)
    return old


def _nearest(indexes: list[int], old: int) -> int:
    """Return the index closest to `old` (the earlier one on a tie)."""
    return min(indexes, key=lambda index: (abs(index - old), index))


class ReadingState:
    """Positions, visit times and the last article, loaded from and saved to one JSON file."""

    def __init__(self, path: Path) -> None:
        """Start empty, to be saved at `path` (use `ReadingState.load` to read an existing file)."""
        self.path = path
        """Where the state is saved."""
        self.last_article: str | None = None
        """Id of the article open when the reader last left, if any."""
        self.recovered: Path | None = None
        """Where an unreadable state file was moved aside on load, if one was."""
        self.read_only = False
        """True when the file was written by a newer version: it is used but never overwritten."""
        self._positions: dict[str, Position] = {}
        self._visited: dict[str, datetime] = {}

    @classmethod
    def load(cls, path: Path) -> ReadingState:
        """Read the state at `path`: missing means empty, corrupt is moved aside and empty."""
        state = cls(path)
        try:
            with path.open("rb") as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)
        except OSError:
            # Missing is the normal first run; unreadable (a folder, no permission) reads as empty
            # too, and `save` then reports the failure.
            return state
        try:
            if len(raw) > MAX_FILE_BYTES:
                raise ValueError("state file too large")
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a reading state file")
            version = data.get("version")
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise ValueError("bad version")
        except (ValueError, RecursionError):
            state.recovered = _move_aside(path)
            return state
        state.read_only = version > VERSION
        state._read(data)
        return state

    def _read(self, data: dict[str, Any]) -> None:
        """Take every well-formed entry of `data`, skipping the rest."""
        last = data.get("last_article")
        self.last_article = last if isinstance(last, str) else None
        articles = data.get("articles")
        if not isinstance(articles, dict):
            return
        for article_id, entry in articles.items():
            if not isinstance(entry, dict):
                continue
            position = _position_from(entry.get("position"))
            if position is not None:
                self._positions[article_id] = position
            visited = _time_from(entry.get("visited"))
            if visited is not None:
                self._visited[article_id] = visited

    def position_for(self, article_id: str) -> Position | None:
        """Return where the reader stopped in an article, if known."""
        return self._positions.get(article_id)

    def set_position(self, article_id: str, position: Position) -> None:
        """Remember where the reader is in an article."""
        self._positions[article_id] = position

    def last_visited(self, article_id: str) -> datetime | None:
        """Return when the reader last opened an article (None: never, so it is unread)."""
        return self._visited.get(article_id)

    def visited_ids(self) -> frozenset[str]:
        """The ids of every article the reader has opened."""
        return frozenset(self._visited)

    def is_unread(self, article_id: str) -> bool:
        """Whether the reader has never opened an article."""
        return article_id not in self._visited

    def mark_visited(self, article_id: str, when: datetime) -> None:
        """Record that the reader opened an article at `when` (naive times are taken as UTC)."""
        self._visited[article_id] = when if when.tzinfo else when.replace(tzinfo=UTC)
        self.last_article = article_id

    def forget(self, article_id: str) -> None:
        """Drop everything remembered about an article."""
        self._positions.pop(article_id, None)
        self._visited.pop(article_id, None)
        if self.last_article == article_id:
            self.last_article = None

    def to_json(self) -> dict[str, Any]:
        """Return the state as the JSON document that `save` writes."""
        articles: dict[str, dict[str, Any]] = {}
        for article_id, position in self._positions.items():
            articles.setdefault(article_id, {})["position"] = {
                "block": position.block,
                "hash": position.hash,
                "quote": position.quote,
                "offset": position.offset,
            }
        for article_id, when in self._visited.items():
            articles.setdefault(article_id, {})["visited"] = when.isoformat()
        return {
            "format": FORMAT,
            "version": VERSION,
            "last_article": self.last_article,
            "articles": articles,
        }

    def encoded(self) -> bytes | None:
        """The file's bytes as the state stands now, or None when it must not be written.

        Taken where the state changes (the event loop), so a worker writes a snapshot and never
        iterates the state while it changes.
        """
        if self.read_only:
            return None
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        return text.encode("utf-8", "surrogatepass")

    def save(self) -> bool:
        """Write the state atomically; return False when it could not be written."""
        data = self.encoded()
        return data is not None and write_state(self.path, data)


def write_state(path: Path, data: bytes) -> bool:
    """Write encoded reading state durably; return False when it could not be written."""
    try:
        write_file(path, data)
    except OSError:
        return False
    return True


def _position_from(value: object) -> Position | None:
    """Return a position from its JSON form, or None when it is malformed."""
    if not isinstance(value, dict):
        return None
    block, hash_, quote = value.get("block"), value.get("hash"), value.get("quote")
    offset = value.get("offset", 0)
    if (
        type(block) is not int
        or type(offset) is not int
        or not isinstance(hash_, str)
        or not isinstance(quote, str)
    ):
        return None
    return Position(max(block, 0), hash_[:64], sanitize(quote[:QUOTE_CHARS]), max(offset, 0))


def _time_from(value: object) -> datetime | None:
    """Return an aware datetime from ISO text, or None when it is malformed."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _move_aside(path: Path) -> Path | None:
    """Rename an unreadable file to `<name>.corrupt-<timestamp>` and return the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        os.replace(path, target)
    except OSError:
        return None
    return target
