"""Tests for the reading state: positions, visits and the last article."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.model.articles.blocks import Block, BlockKind, Document
from tui.model.session.reading import Position, ReadingState, position_at, resolve_position

WHEN = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def doc(*texts: str) -> Document:
    """Build a document of paragraphs."""
    return Document.of([Block(BlockKind.PARAGRAPH, text) for text in texts])


ORIGINAL = doc("Title", "First paragraph here.", "Second paragraph, the one being read.", "End")


def test_position_resolves_in_unchanged_document() -> None:
    """An unchanged document gives back the same block."""
    assert resolve_position(ORIGINAL, position_at(ORIGINAL, 2)) == 2


def test_position_follows_a_moved_block() -> None:
    """When paragraphs are inserted before it, the block is found again by its hash."""
    position = position_at(ORIGINAL, 2)
    edited = doc("Title", "New intro.", "More new text.", *[b.text for b in ORIGINAL.blocks[1:]])
    assert resolve_position(edited, position) == 4


def test_position_follows_an_edited_block_by_quote() -> None:
    """A block whose end was edited is found by the quote of its start."""
    position = position_at(ORIGINAL, 2)
    edited = doc("Inserted.", "Title", "First paragraph here.", "Second paragraph, the one x.")
    assert resolve_position(edited, position) == 3


def test_position_clamps_when_nothing_matches() -> None:
    """A position past the end of a shorter, different document lands on its last block."""
    position = Position(10, "0" * 40, "nothing like it")
    assert resolve_position(doc("a", "b"), position) == 1


def test_position_in_empty_document_is_zero() -> None:
    """An empty document resolves every position to 0."""
    assert resolve_position(Document(), position_at(ORIGINAL, 1)) == 0


def test_state_round_trips_through_the_file(tmp_path: Path) -> None:
    """Positions, visits and the last article survive saving and loading."""
    path = tmp_path / "state" / "reading.json"
    state = ReadingState(path)
    state.set_position("blog/first", position_at(ORIGINAL, 2, offset=3))
    state.mark_visited("blog/first", WHEN)
    assert state.save()
    loaded = ReadingState.load(path)
    assert loaded.position_for("blog/first") == position_at(ORIGINAL, 2, offset=3)
    assert loaded.last_visited("blog/first") == WHEN
    assert loaded.last_article == "blog/first"
    assert loaded.recovered is None


def test_missing_file_is_an_empty_state(tmp_path: Path) -> None:
    """With no file yet, every article is unread and nothing is remembered."""
    state = ReadingState.load(tmp_path / "reading.json")
    assert state.is_unread("x") and state.position_for("x") is None
    assert state.last_article is None


def test_visit_marks_an_article_read(tmp_path: Path) -> None:
    """An article opened once is no longer unread."""
    state = ReadingState(tmp_path / "reading.json")
    state.mark_visited("a", WHEN)
    assert not state.is_unread("a") and state.is_unread("b")


def test_naive_visit_times_are_utc(tmp_path: Path) -> None:
    """A visit time without a zone is stored as UTC, so comparisons never fail."""
    state = ReadingState(tmp_path / "reading.json")
    state.mark_visited("a", datetime(2026, 1, 1, 12, 0))
    assert state.last_visited("a") == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe", b'{"format": "x"}'])
def test_corrupt_file_is_moved_aside(tmp_path: Path, content: bytes) -> None:
    """An unreadable state file is renamed, not lost, and reading starts empty."""
    path = tmp_path / "reading.json"
    path.write_bytes(content)
    state = ReadingState.load(path)
    assert state.recovered is not None
    assert state.recovered.read_bytes() == content
    assert state.recovered.name.startswith("reading.json.corrupt-")
    assert not path.exists()
    assert state.last_article is None


def test_malformed_entries_are_skipped(tmp_path: Path) -> None:
    """Entries of the wrong shape are ignored while good ones are kept."""
    path = tmp_path / "reading.json"
    good = {"block": 1, "hash": "h", "quote": "q", "offset": 0}
    data = {
        "format": "marginalia.reading",
        "version": 1,
        "last_article": 5,
        "articles": {
            "good": {"position": good, "visited": "2026-11-26T08:00:00+00:00"},
            "bad": {"position": {"block": "1"}, "visited": "yesterday"},
            "worse": [],
        },
    }
    path.write_text(json.dumps(data))
    state = ReadingState.load(path)
    assert state.position_for("good") == Position(1, "h", "q", 0)
    assert state.last_visited("good") == WHEN
    assert state.position_for("bad") is None and state.is_unread("bad")
    assert state.last_article is None


def test_newer_version_is_read_but_not_overwritten(tmp_path: Path) -> None:
    """A file from a newer version is used and left as it is."""
    path = tmp_path / "reading.json"
    text = json.dumps({"format": "marginalia.reading", "version": 99, "last_article": "a"})
    path.write_text(text)
    state = ReadingState.load(path)
    state.mark_visited("b", WHEN)
    assert state.last_article == "b"
    assert not state.save()
    assert path.read_text() == text


def test_save_failure_is_reported(tmp_path: Path) -> None:
    """Saving where a folder blocks the path returns False instead of raising."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    state = ReadingState(blocker / "reading.json")
    state.mark_visited("a", WHEN)
    assert not state.save()


def test_forget_drops_an_article(tmp_path: Path) -> None:
    """Forgetting an article removes its position, visit and last-article mark."""
    state = ReadingState(tmp_path / "reading.json")
    state.set_position("a", position_at(ORIGINAL, 1))
    state.mark_visited("a", WHEN)
    state.forget("a")
    assert state.position_for("a") is None and state.is_unread("a")
    assert state.last_article is None
