"""Pilot tests: the reader starts from the folder's index and catches up with the files."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.app.helpers import screen_text, until
from tests.conftest import FIXTURES
from tui import cli_start
from tui.cli_start import build_app
from tui.model.articles import library
from tui.model.articles.library import Article, scan_folder
from tui.model.search import catch_up
from tui.model.session.workspace import UserDirs
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList


def dirs_in(tmp_path: Path) -> UserDirs:
    """User folders inside `tmp_path`, the cache among them."""
    return UserDirs(tmp_path / "config", tmp_path / "data", tmp_path / "state", tmp_path / "cache")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the search fixture folder."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "search", root)
    return root


def title(pilot: Pilot[None]) -> str:
    """The list's title line, whole (the pane may be too narrow to show all of it)."""
    return str(pilot.app.screen.query_one("#list-title", Static).render())


def listed(pilot: Pilot[None]) -> list[Article]:
    """The articles the list shows."""
    return pilot.app.screen.query_one(ArticleList).articles


async def test_the_second_start_lists_from_the_index_then_catches_up(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed and started again, the list comes from the index; a file added meanwhile appears."""
    dirs = dirs_in(tmp_path)
    app = build_app(folder, dirs=dirs)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: dirs.index_file(folder.resolve()).exists())
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.navigation.search_index.ready)
    (folder / "neu.md").write_text("# Ganz neu\n\nGeschrieben, als der Leser zu war.\n")

    def no_scan(root: Path) -> list[Article]:
        raise AssertionError("the folder was scanned before the reader started")

    # The command line imports the scanner when it needs it, from its own module.
    monkeypatch.setattr(library, "scan_folder", no_scan)
    again = build_app(folder, dirs=dirs)
    assert "Ganz neu" not in [article.title for article in again.articles]
    async with again.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: "Ganz neu" in [article.title for article in listed(pilot)])
        monkeypatch.undo()
        assert listed(pilot) == scan_folder(folder)
        assert "Articles (5)" in screen_text(pilot)
        await pilot.press("ctrl+f", *"geschrieben")
        await until(pilot, lambda: "Ganz neu  Text" in screen_text(pilot))


async def test_an_article_removed_while_closed_leaves_the_list(
    folder: Path, tmp_path: Path
) -> None:
    """A file deleted between two starts is listed from the index, then dropped from the list."""
    dirs = dirs_in(tmp_path)
    app = build_app(folder, dirs=dirs)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.navigation.search_index.ready)
    gone = next(a for a in scan_folder(folder) if a.id == "vereinsleben")
    gone.path.unlink()
    again = build_app(folder, dirs=dirs)
    assert "vereinsleben" in [article.id for article in again.articles]
    async with again.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: "vereinsleben" not in [a.id for a in listed(pilot)])
        assert listed(pilot) == scan_folder(folder)


async def test_the_first_start_lists_the_folder_as_it_is_read(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large folder is not read before the reader starts: the list fills, the title counts."""
    for n in range(40):
        # Read in name order, dated the other way: the first read are the oldest.
        front = f"---\ndate: 2030-{12 - n // 4:02}-{1 + n % 4:02}\n---\n"
        (folder / f"notiz-{n:02}.md").write_text(f"{front}# Notiz {n}\n\nKurz.\n")
    monkeypatch.setattr(cli_start, "READ_BEFORE_START", 10)
    slow_read = catch_up.read_indexed

    def read_slowly(*args: Any) -> Any:
        time.sleep(0.01)
        return slow_read(*args)

    monkeypatch.setattr(catch_up, "read_indexed", read_slowly)
    monkeypatch.setattr(catch_up, "HEAD_START", 5)  # listed before the whole folder is
    monkeypatch.setattr(catch_up, "REPORT_SECONDS", 0.05)
    monkeypatch.setattr(catch_up, "REPORT_MAX_SECONDS", 0.05)
    monkeypatch.setattr(library, "scan_folder", lambda root: pytest.fail("read before the start"))
    app = build_app(folder, dirs=dirs_in(tmp_path))
    assert app.articles == []
    seen: list[tuple[int, bool]] = []
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: bool(listed(pilot)))

        def complete() -> bool:
            count = len(listed(pilot))
            seen.append((count, "reading the folder" in title(pilot)))
            return count == 44

        await until(pilot, complete)
        await pilot.pause(0.1)
        assert title(pilot).startswith("Articles (44)")
        assert "reading the folder" not in title(pilot)
        # Untouched, the list stays at its top: the newest article, not one read early on.
        article_list = pilot.app.screen.query_one(ArticleList)
        assert article_list.highlighted_article == scan_folder(folder)[0]
    assert any(0 < count < 44 and reading for count, reading in seen)


async def test_a_large_folder_starts_with_its_first_page_and_the_last_article_read(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the index, the reader starts with the list's first page (and the article read last,
    reopened), counts the whole folder in the title, and gets the rest just after."""
    for n in range(30):
        front = f"---\ndate: 2030-01-{n + 1:02}\n---\n"
        (folder / f"notiz-{n:02}.md").write_text(f"{front}# Notiz {n}\n")
    dirs = dirs_in(tmp_path)
    oldest = scan_folder(folder)[-1]
    app = build_app(folder, dirs=dirs, author="Leser")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.navigation.search_index.ready)
        screen.open_article(oldest)
        await until(pilot, lambda: screen.session.open_id == oldest.id)
    monkeypatch.setattr(cli_start, "FIRST_PAGE", 5)
    again = build_app(folder, dirs=dirs, author="Leser")
    assert again.articles == [*scan_folder(folder)[:5], oldest]
    assert again.total == 34
    async with again.run_test(size=(120, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.session.open_id == oldest.id)
        await until(pilot, lambda: len(listed(pilot)) == 34)
        assert listed(pilot) == scan_folder(folder)
        assert title(pilot).startswith("Articles (34)")
        assert oldest.title in screen_text(pilot)
        article_list = screen.query_one(ArticleList)
        await pilot.press("escape", "G")  # the list's last entry is the folder's last article
        assert article_list.highlighted_article == oldest
        # Entries beyond the first page carry their marks too: never opened, or open.
        assert str(article_list.get_option_at_index(20).prompt).startswith("● Notiz")
        assert str(article_list.get_option_at_index(33).prompt).startswith("▶ ")
