"""Pilot tests: the reader as `marginalia serve` runs it for a visitor (no browser needed)."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import pytest

from tests.app.helpers import screen_text, settle
from tui.app import MarginaliaApp
from tui.cli_start import build_app
from tui.i18n import t
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.model.session.policy import SessionPolicy
from tui.model.session.workspace import UserDirs
from tui.private_api import notifications
from tui.screens.confirm import ConfirmScreen
from tui.screens.editor import CommentEditor
from tui.screens.reader import ReaderScreen

SETTINGS = 'author = "Server Account"\ntheme = "nord"\n'
ARTICLE = """---
title: Im Browser
date: 2026-01-02
---

Der erste Absatz.

Mehr bei [Beispiel](https://example.org/im-browser).
"""
OLDER = "---\ntitle: Älter\ndate: 2025-01-01\n---\n\nÄltere Worte.\n"
REF = ArticleRef("im-browser", "im-browser.md", "Im Browser")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two articles, the newer one (first in the list) with a web link."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "im-browser.md").write_text(ARTICLE, "utf-8")
    (content / "aelter.md").write_text(OLDER, "utf-8")
    return content


@pytest.fixture
def dirs(tmp_path: Path) -> UserDirs:
    """The server's folders, with an author and a theme in its settings."""
    dirs = UserDirs(tmp_path / "config", tmp_path / "data", tmp_path / "state")
    dirs.config.mkdir()
    dirs.config_file.write_text(SETTINGS, "utf-8")
    return dirs


def served(
    folder: Path, dirs: UserDirs, tmp_path: Path, *, read_only: bool = False
) -> MarginaliaApp:
    """The reader as `marginalia --served` builds it for one visitor."""
    policy = SessionPolicy(served=True, read_only=read_only)
    private = tmp_path / "session"
    private.mkdir(exist_ok=True)
    return build_app(folder, dirs=policy.session_dirs(dirs, private), policy=policy)


async def test_a_visitors_settings_apply_but_are_not_written(
    folder: Path, dirs: UserDirs, tmp_path: Path
) -> None:
    """The server's theme is used; a theme or text width the visitor picks is theirs alone."""
    app = served(folder, dirs, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.press("w", "less_than_sign")
        await settle(pilot)
        assert app.theme == "gruvbox"
        assert any(t("text_width.wide") in n.message for n in notifications(app))
    assert dirs.config_file.read_text("utf-8") == SETTINGS
    assert not dirs.state.exists()


async def test_a_visitor_is_asked_for_a_name_once_and_it_is_not_kept(
    folder: Path, dirs: UserDirs, tmp_path: Path
) -> None:
    """The first comment asks with an empty, focused name field; the second does not ask."""
    app = served(folder, dirs, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, CommentEditor)
        assert "Server Account" not in screen_text(pilot)
        name = editor.query_one("#editor-author")
        assert app.focused is name and name.value == ""  # type: ignore[attr-defined]
        await pilot.press(*"Besucherin", "tab", *"Erstens", "ctrl+s")
        await settle(pilot)
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, CommentEditor)
        assert not app.screen.query("#editor-author")
        await pilot.press(*"Zweitens", "ctrl+s")
        await settle(pilot)
        await app.workers.wait_for_complete()
    data = json.loads((folder / ".comments" / "im-browser.json").read_text("utf-8"))
    assert [(c["author"], c["body"]) for c in data["comments"]] == [
        ("Besucherin", "Erstens"),
        ("Besucherin", "Zweitens"),
    ]
    assert dirs.config_file.read_text("utf-8") == SETTINGS


async def test_a_web_link_opens_in_the_visitors_browser(
    folder: Path, dirs: UserDirs, tmp_path: Path, browser: list[str]
) -> None:
    """After the usual question, the URL goes to App.open_url, never to this machine's browser."""
    app = served(folder, dirs, tmp_path)
    visitor: list[str] = []
    app.open_url = lambda url, *, new_tab=True: visitor.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert visitor == ["https://example.org/im-browser"] and browser == []


@pytest.mark.parametrize("key", ["c", "C", "r", "e", "d", "u"])
async def test_read_only_explains_instead_of_changing_comments(
    folder: Path, dirs: UserDirs, tmp_path: Path, key: str
) -> None:
    """c, C, r, e, d and u say why; no editor or question opens, the file stays as it was."""
    CommentStore(folder / ".comments").add(REF, new_comment("Anna", "Schon da"))
    before = (folder / ".comments" / "im-browser.json").read_bytes()
    app = served(folder, dirs, tmp_path, read_only=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        refusal = t("comments.problem.read-only-session")
        # Said in the comment pane, not announced again at every article.
        assert not any(n.message == refusal for n in notifications(app))
        assert "read-only" in screen_text(pilot)
        screen = app.screen
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is screen
        assert [n.message for n in notifications(app)].count(refusal) == 1
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(screen, ReaderScreen) and screen.open_article_id == "aelter"
    assert (folder / ".comments" / "im-browser.json").read_bytes() == before


async def test_a_visitor_cannot_open_the_servers_editor(
    folder: Path, dirs: UserDirs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E with an editor set on the server runs nothing and says why; the article is unchanged."""
    script = tmp_path / "editor.py"
    script.write_text("import sys\nopen(sys.argv[1], 'a').write('edited')\n", "utf-8")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    app = served(folder, dirs, tmp_path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert any(t("edit.served") == n.message for n in notifications(app))
    assert (folder / "im-browser.md").read_text("utf-8") == ARTICLE
