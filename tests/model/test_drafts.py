"""Tests for the draft store."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui.model.comments.drafts import Draft, DraftKey, DraftStore
from tui.model.text import sanitize

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
KEY = DraftKey("blog/post", "block:" + "a" * 40)


@pytest.fixture
def drafts(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def test_missing_draft_is_none(drafts: DraftStore) -> None:
    """Nothing saved means nothing offered."""
    assert drafts.load(KEY) is None and drafts.list_for("blog/post") == []


def test_save_and_load_in_a_new_store(drafts: DraftStore) -> None:
    """A saved draft is read back by a fresh store (as after a restart)."""
    drafts.save(KEY, "half a thought", context="the quote", now=T0)
    assert DraftStore(drafts.folder).load(KEY) == Draft(KEY, "half a thought", T0, "the quote")


@pytest.mark.parametrize("text", ["\ud800", "\x1b[2J", "[@click=app.quit]x[/]", "😀 עברית", ""])
def test_any_text_round_trips(drafts: DraftStore, text: str) -> None:
    """Draft text is kept as typed, less what the sanitiser removes, and reads back the same."""
    saved = drafts.save(KEY, text, now=T0)
    loaded = drafts.load(KEY)
    assert loaded is not None and loaded.text == saved.text == sanitize(text)


def test_save_overwrites_previous_draft(drafts: DraftStore) -> None:
    """Saving again replaces the text and leaves no temp files behind."""
    drafts.save(KEY, "one", now=T0)
    drafts.save(KEY, "two", now=T0 + timedelta(seconds=5))
    loaded = drafts.load(KEY)
    assert loaded is not None and loaded.text == "two"
    assert [p.name for p in drafts.path_for(KEY).parent.iterdir()] == [drafts.path_for(KEY).name]


def test_discard_removes_draft(drafts: DraftStore) -> None:
    """A discarded draft is gone, and discarding twice is harmless."""
    drafts.save(KEY, "text", now=T0)
    drafts.discard(KEY)
    drafts.discard(KEY)
    assert drafts.load(KEY) is None


def test_list_for_returns_article_drafts_oldest_first(drafts: DraftStore) -> None:
    """Listing shows every target of one article and nothing from others."""
    reply = DraftKey("blog/post", "reply:abc")
    article = DraftKey("blog/post", "article")
    drafts.save(reply, "r", now=T0 + timedelta(minutes=1))
    drafts.save(article, "a", now=T0)
    drafts.save(DraftKey("blog_post", "article"), "other", now=T0)
    drafts.save(DraftKey("blog", "article"), "other", now=T0)
    assert [d.key for d in drafts.list_for("blog/post")] == [article, reply]


@pytest.mark.parametrize("data", [b"{", b"\x00", b"[]", b'{"format": "marginalia.draft"}', b"\xff"])
def test_unreadable_draft_is_ignored(drafts: DraftStore, data: bytes) -> None:
    """A damaged draft file is not offered and does not crash."""
    drafts.save(KEY, "text", now=T0)
    drafts.path_for(KEY).write_bytes(data)
    assert drafts.load(KEY) is None and drafts.list_for(KEY.article_id) == []


def test_symlinked_draft_is_not_followed(drafts: DraftStore, tmp_path: Path) -> None:
    """A draft file replaced by a symlink is neither read through nor written through."""
    drafts.save(KEY, "text", now=T0)
    target = tmp_path / "target"
    target.write_text("precious")
    path = drafts.path_for(KEY)
    os.unlink(path)
    path.symlink_to(target)
    assert drafts.load(KEY) is None
    drafts.save(KEY, "new", now=T0)
    assert target.read_text() == "precious"
    loaded = drafts.load(KEY)
    assert loaded is not None and loaded.text == "new"
