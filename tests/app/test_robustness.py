"""Pilot tests: bad files, a single file, the bundled folder, failed saves, read-only folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.app.helpers import article_text, make_app, screen_text, settle
from tui.cli_start import build_app
from tui.model.comments import store as store_module
from tui.model.comments.store import ErrorCode, StoreError
from tui.model.session.workspace import UserDirs
from tui.private_api import notifications
from tui.screens.editor import CommentEditor
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList


def dirs_in(tmp_path: Path) -> UserDirs:
    """User folders inside `tmp_path`."""
    return UserDirs(tmp_path / "config", tmp_path / "data", tmp_path / "state")


async def test_unreadable_article_is_listed_and_says_why(content_dir: Path) -> None:
    """A binary file and a symlink out of the folder are listed; opening one tells the reason."""
    (content_dir / "kaputt.md").write_bytes(b"\x00\x01binary\x00")
    outside = content_dir.parent / "secret.md"
    outside.write_text("# Secret\n\nnot for the reader\n", "utf-8")
    (content_dir / "link.md").symlink_to(outside)
    app = make_app(content_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        ids = [a.id for a in screen.session.articles]
        assert "kaputt" in ids and "link" in ids
        assert "cannot be read" in screen_text(pilot)
        screen.open_article(next(a for a in screen.session.articles if a.id == "link"))
        await settle(pilot)
        text = article_text(pilot)
        assert "points outside the content folder" in text
        assert "not for the reader" not in text
        screen.open_article(next(a for a in screen.session.articles if a.id == "kaputt"))
        await settle(pilot)
        assert "binary data" in article_text(pilot)
        await pilot.press("J")
        await settle(pilot)
        assert app.is_running


async def test_a_single_file_opens_that_article(content_dir: Path, tmp_path: Path) -> None:
    """`marginalia FILE.md` shows that article at once, alone in the list."""
    app = build_app(content_dir / "notes-on-plain-text.md", dirs=dirs_in(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert [a.id for a in app.screen.query_one(ArticleList).articles] == ["notes-on-plain-text"]
        assert "Plain text outlives the programs" in article_text(pilot)


async def test_no_argument_opens_the_bundled_articles(tmp_path: Path) -> None:
    """Without a path the reader lists the bundled articles, the welcome guide among them."""
    app = build_app(None, dirs=dirs_in(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        titles = [a.title for a in app.screen.query_one(ArticleList).articles]
        assert "Willkommen bei Marginalia" in titles
        assert len(titles) >= 5


async def test_failed_save_keeps_the_text_as_a_draft(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the disk is full the reader is told and c brings the text back."""

    def full(*_args: object, **_kwargs: object) -> None:
        raise StoreError(ErrorCode.NO_SPACE, "No space left on device")

    monkeypatch.setattr(store_module.CommentStore, "add", full)
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c", *"Wichtiger Gedanke", "ctrl+s")
        await settle(pilot)
        assert any("not saved" in n.message for n in notifications(app))
        await pilot.press("c")
        await app.workers.wait_for_complete()  # the draft is read off the event loop
        await pilot.pause()
        assert isinstance(app.screen, CommentEditor)
        assert app.screen.text == "Wichtiger Gedanke"


async def test_read_only_folder_sends_comments_to_the_data_folder(
    content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A content folder that cannot be written: one notice, and the comment lands elsewhere."""
    real_access = os.access
    monkeypatch.setattr(
        store_module.os,
        "access",
        lambda path, mode: False if Path(path) == content_dir else real_access(path, mode),
    )
    dirs = dirs_in(tmp_path)
    app = build_app(content_dir, dirs=dirs, author="Tester")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        notices = [n.message for n in notifications(app) if "cannot be written" in n.message]
        assert len(notices) == 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c", *"Anderswo", "ctrl+s")
        await settle(pilot)
    assert not (content_dir / ".comments").exists()
    saved = list((dirs.data / "comments").rglob("*.json"))
    assert len(saved) == 1 and "Anderswo" in saved[0].read_text("utf-8")
