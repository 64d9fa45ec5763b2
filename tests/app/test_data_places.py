"""Pilot tests: what the reader writes lands in its place, per folder, never in the package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.app.helpers import settle
from tests.app.test_comments import write_comment
from tests.conftest import FIXTURES
from tui.cli_start import build_app
from tui.model.comments.drafts import DraftKey
from tui.model.session import workspace as workspace_module
from tui.model.session.workspace import UserDirs, Workspace
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView

NOTES = "# Notes\n\n" + "\n\n".join(f"Paragraph {n} of the notes." for n in range(40)) + "\n"


def dirs_in(tmp_path: Path) -> UserDirs:
    """User folders inside `tmp_path`."""
    return UserDirs(tmp_path / "config", tmp_path / "data", tmp_path / "state")


async def test_two_folders_with_the_same_article_keep_their_own_reading_state(
    tmp_path: Path,
) -> None:
    """Reading A/notes.md neither marks B/notes.md read nor reopens B at A's position."""
    dirs = dirs_in(tmp_path)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "notes.md").write_text(NOTES, "utf-8")
        (tmp_path / name / "other.md").write_text("# Other\n\nText.\n", "utf-8")
    app = build_app(tmp_path / "a", dirs=dirs)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.open_article_id == "notes"
        await pilot.press(*"}" * 12)
        assert app.screen.query_one(ArticleView).cursor == 12
    again_a = build_app(tmp_path / "a", dirs=dirs)
    async with again_a.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert again_a.screen.query_one(ArticleView).cursor == 12  # A remembers its own
    b = build_app(tmp_path / "b", dirs=dirs)
    async with b.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert b.screen.query_one(ArticleList).is_unread("notes")
        await pilot.press("enter")
        await settle(pilot)
        assert b.screen.query_one(ArticleView).cursor == 0


def test_drafts_are_kept_per_folder_and_old_ones_still_offered(tmp_path: Path) -> None:
    """A draft in folder A is not offered in folder B; one kept the old way is still found."""
    dirs = dirs_in(tmp_path)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    key = DraftKey("notes", "article")
    Workspace.open(tmp_path / "a", dirs=dirs).drafts.save(key, "half a thought")
    assert Workspace.open(tmp_path / "b", dirs=dirs).drafts.load(key) is None
    # Where drafts were kept before they were kept per folder:
    old_key = DraftKey("notes", "block:abc")
    legacy = Workspace.open(tmp_path / "a", dirs=dirs).drafts
    assert legacy.legacy is not None
    legacy.save(old_key, "from before")
    moved = legacy.path_for(old_key)
    old_place = legacy.path_for(old_key, legacy.legacy)
    old_place.parent.mkdir(parents=True)
    moved.rename(old_place)
    draft = Workspace.open(tmp_path / "a", dirs=dirs).drafts.load(old_key)
    assert draft is not None and draft.text == "from before"


async def test_comments_on_the_installed_articles_go_to_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment on the bundled articles of an installed copy never lands in the package."""
    package = tmp_path / "site-packages" / "tui"
    shutil.copytree(FIXTURES / "reader", package / "content")
    monkeypatch.setattr(workspace_module, "PACKAGE", package)
    dirs = dirs_in(tmp_path)
    app = build_app(package / "content", dirs=dirs, author="Tester")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await write_comment(pilot, "C", "Kept outside the package")
    assert not (package / "content" / ".comments").exists()
    saved = list((dirs.data / "comments" / "bundled").glob("*.json"))
    assert len(saved) == 1 and "Kept outside the package" in saved[0].read_text("utf-8")
