"""Every action findable: the palette, the footer, help, clicking links, copying and editing."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.command import CommandPalette

from tests.app.helpers import article_text, make_app, screen_text, settle
from tests.app.test_navigation import linked, view_of  # noqa: F401 (fixtures)
from tui.private_api import notifications
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.comment_pane import CommentPane


def footer_text(pilot) -> str:  # type: ignore[no-untyped-def]
    """The bottom row of the screen."""
    return screen_text(pilot).splitlines()[-1]


async def test_palette_offers_reader_commands_in_german_with_their_keys(
    content_dir: Path,
) -> None:
    """ctrl+p lists "Nächster Artikel" with "Taste: J" and Textual's own entries in German;
    choosing it opens the next article."""
    app = make_app(content_dir, lang="de")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        first = screen.open_article_id
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        text = screen_text(pilot)
        assert "Befehl suchen" in text
        await pilot.press(*"Farbschema")
        await pilot.pause(0.3)
        assert "Farbschema" in screen_text(pilot)
        for _ in "Farbschema":
            await pilot.press("backspace")
        await pilot.press(*"Nächster Artikel")
        await pilot.pause(0.3)
        text = screen_text(pilot)
        assert "Nächster Artikel" in text and "Taste: J" in text
        await pilot.press("enter")
        await settle(pilot)
        assert screen.open_article_id != first
        assert screen.open_article_id == screen.session.articles[1].id


async def test_footer_shows_help_quit_and_the_focused_panes_keys(content_dir: Path) -> None:
    """At 80 columns the footer shows ? and q; with the comment pane focused, at 200 columns,
    it shows r, e, d and u first."""
    app = make_app(content_dir, lang="de")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        footer = footer_text(pilot)
        assert "? Hilfe" in footer and "q Beenden" in footer and "^p Befehle" in footer
    app = make_app(content_dir, lang="de")
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one(CommentPane).focus()
        await pilot.pause()
        footer = footer_text(pilot)
        words = ["r Antworten", "e Kommentar bearbeiten", "d Kommentar löschen", "u Löschen"]
        for word in words:
            assert word in footer, word
        assert footer.index("u Löschen") < footer.index("? Hilfe") < footer.index("J Nächster")


async def test_help_lists_palette_quit_and_the_escape_of_each_input(content_dir: Path) -> None:
    """? lists ctrl+p and ctrl+q, and esc in the find bar, the list filter and the outline."""
    app = make_app(content_dir)
    async with app.run_test(size=(120, 64)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        for expected in ("^p", "Commands", "^q", "Clear search", "Clear filter", "Search bar"):
            assert expected in text, expected
        assert "Contents" in text and "List filter" in text


async def test_clicking_a_link_follows_it_and_a_web_link_asks(
    linked: Path,  # noqa: F811
    browser: list[str],
) -> None:
    """A click on the link to B opens B; a click on the web link asks before anything opens."""
    app = make_app(linked)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        view = view_of(pilot)

        def place(text: str) -> tuple[int, int]:
            for row, line in enumerate(view.text_lines()):
                if text in line:
                    return line.index(text) + 2 + 4, row - round(view.scroll_y)
            raise AssertionError(text)

        x, y = place("Netzlink")
        await pilot.click(ArticleView, offset=(x, y))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "https://example.org/x" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert browser == []
        x, y = place("Verweis auf B")
        await pilot.click(ArticleView, offset=(x, y))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.open_article_id == "b"
        x, y = place("Hier landet")
        await pilot.click(ArticleView, offset=(x, y))
        await pilot.pause()
        assert screen.open_article_id == "b"  # plain text: the cursor moves, nothing opens


async def test_y_copies_the_paragraph_and_the_selected_comment(content_dir: Path) -> None:
    """y in the article copies the cursor's paragraph; y in the comment pane the comment."""
    app = make_app(content_dir)
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "y")
        view = app.screen.query_one(ArticleView)
        assert view.current_block is not None
        assert app.clipboard == view.current_block.text
        assert app.clipboard.startswith("Die Fragen der Leute")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"Notiz am Rand", "ctrl+s")
        await settle(pilot)
        pane = app.screen.query_one(CommentPane)
        pane.focus()
        await pilot.pause()
        assert pane.selected is not None
        await pilot.press("y")
        assert app.clipboard == "Notiz am Rand"


@contextlib.contextmanager
def no_suspend() -> Iterator[None]:
    """What `App.suspend` does where the test has no terminal to hand over: nothing."""
    yield


async def test_E_opens_the_editor_and_shows_the_edited_article(
    content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E runs $VISUAL on the article's file; afterwards the view shows what the editor wrote."""
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "with open(sys.argv[1], 'a', encoding='utf-8') as f:\n"
        "    f.write('\\nNachtrag aus dem Editor.\\n')\n",
        "utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    app = make_app(content_dir)
    monkeypatch.setattr(app, "suspend", no_suspend)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert "Nachtrag aus dem Editor." not in article_text(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert "Nachtrag aus dem Editor." in article_text(pilot)
    assert "Nachtrag aus dem Editor." in (content_dir / "gespraech-statt-sendung.md").read_text()


async def test_E_without_an_editor_says_what_to_set(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With neither $VISUAL nor $EDITOR set, E says which variable to set and opens nothing."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert any("$EDITOR" in n.message for n in notifications(app))
