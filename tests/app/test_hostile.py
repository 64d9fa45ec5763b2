"""Pilot tests: confirmations that cannot be given by accident, and unusable comment files."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.app.helpers import make_app, screen_text, settle
from tui.model.comments import store as store_module
from tui.private_api import notifications
from tui.screens.confirm import ConfirmScreen
from tui.screens.editor import CommentEditor
from tui.screens.reader import ReaderScreen
from tui.widgets.comment_pane import CommentPane

# The visible part of the address imitates a bank; the real host stands after 3,000 characters.
DISGUISED = "https://www.mybank.example-login-secure-" + "x" * 3000 + "@evil.example/pay"


def _folder(tmp_path: Path, href: str) -> Path:
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "a.md").write_text(
        f"---\ntitle: Links\n---\n\nA [web link]({href}) here.\n\nA second paragraph.\n", "utf-8"
    )
    return folder


async def _ask_about_the_link(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("tab", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)


MOVES = ("j", "k", "J", "K", "down", "up", "space", "b", "g", "G", "pagedown", "home", "end")


@pytest.mark.parametrize("lang", ["en", "de"])
async def test_no_movement_key_confirms_a_web_link(
    tmp_path: Path, browser: list[str], lang: str
) -> None:
    """Keys that move or scroll leave the question open; only enter (or English y) says yes."""
    app = make_app(_folder(tmp_path, "https://example.org/x"), lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ask_about_the_link(pilot)
        keys = "enter / y: yes    n / esc: no" if lang == "en" else "Enter: ja    n / Esc: nein"
        assert keys in screen_text(pilot)
        await pilot.press(*MOVES)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert browser == []
        await pilot.press("y" if lang == "en" else "enter")
        await app.workers.wait_for_complete()
        assert browser == ["https://example.org/x"]


async def test_german_y_does_not_confirm(tmp_path: Path, browser: list[str]) -> None:
    """In German only enter says yes: the keys shown are the keys that work."""
    app = make_app(_folder(tmp_path, "https://example.org/x"), lang="de")
    async with app.run_test(size=(100, 30)) as pilot:
        await _ask_about_the_link(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and browser == []


async def test_a_disguised_address_shows_its_real_host_first(
    tmp_path: Path, browser: list[str]
) -> None:
    """A long address with a user name before the host: the real host, a warning, the keys."""
    app = make_app(_folder(tmp_path, DISGUISED))
    async with app.run_test(size=(80, 24)) as pilot:
        await _ask_about_the_link(pilot)
        lines = screen_text(pilot).splitlines()
        question = next(i for i, line in enumerate(lines) if "Open this address" in line)
        assert "Scheme" in lines[question + 2] and "https" in lines[question + 2]
        assert "Host" in lines[question + 3] and "evil.example" in lines[question + 3]
        shown = "\n".join(lines)
        assert "hides a user name" in shown
        assert "enter / y: yes    n / esc: no" in shown
        detail = app.screen.query_one("#confirm-detail", Static)
        assert str(detail.render()).endswith("more characters)")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and browser == []


async def test_the_host_shown_is_the_host_opened(tmp_path: Path, browser: list[str]) -> None:
    """`evil\\@bank` in a link: the host named in the question is the one the browser gets."""
    app = make_app(_folder(tmp_path, "https://evil.example\\@bank.example/"))
    async with app.run_test(size=(100, 30)) as pilot:
        await _ask_about_the_link(pilot)
        shown = screen_text(pilot)
        host_line = next(line for line in shown.splitlines() if "Host" in line)
        assert "hides a user name" in shown
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        host = urlsplit(browser[0].replace("\\", "/")).hostname
        assert host is not None and host in host_line


def _make_unusable(kind: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Spoil the comment file at `path` in one way; return words its message must hold."""
    path.parent.mkdir(exist_ok=True)
    if kind == "symlink":
        (path.parent / "elsewhere.json").write_text("{}", "utf-8")
        path.symlink_to(path.parent / "elsewhere.json")
        return "symbolic link"
    if kind == "fifo":
        os.mkfifo(path)
        return "not a regular file"
    if kind == "folder":
        path.mkdir()
        return "not a regular file"
    if kind == "too-large":
        monkeypatch.setattr(store_module, "MAX_FILE_BYTES", 10)
        path.write_text('{"format": "marginalia.comments", "version": 1}', "utf-8")
        return "too large"
    path.write_text(
        '{"format": "marginalia.comments", "version": 9, "article": {}, "comments": []}', "utf-8"
    )
    return "newer Marginalia"


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder", "too-large", "newer"])
async def test_each_unusable_comment_file_says_what_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The pane names the problem, and c explains it instead of opening an editor."""
    folder = _folder(tmp_path, "https://example.org/")
    words = _make_unusable(kind, folder / ".comments" / "a.json", monkeypatch)
    app = make_app(folder)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(CommentPane)
        assert words in pane.notice
        assert "No comments yet" not in screen_text(pilot)
        before = len(notifications(app))
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, CommentEditor)
        notices = [n.message for n in list(notifications(app))[before:]]
        assert any(words in message for message in notices)


async def test_list_says_front_matter_broken(tmp_path: Path) -> None:
    """An article with broken front matter is listed as such, not as unreadable, and opens."""
    folder = tmp_path / "fm"
    folder.mkdir()
    (folder / "b.md").write_text("---\ntitle: [oops\n---\nStill readable.\n", "utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = screen_text(pilot)
        assert "front matter broken" in shown and "cannot be read" not in shown
        await pilot.press("enter")
        await settle(pilot)
        assert "Still readable." in screen_text(pilot)
