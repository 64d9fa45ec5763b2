"""Pilot tests: the settings file's keys, theme and problems, through the command line's app."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import screen_text, settle
from tui.cli_start import build_app
from tui.model.session.workspace import UserDirs
from tui.private_api import notifications
from tui.screens.reader import ReaderScreen


def dirs_with(tmp_path: Path, config: str | None) -> UserDirs:
    """User folders in `tmp_path`, with `config` as the settings file."""
    dirs = UserDirs(tmp_path / "config", tmp_path / "data", tmp_path / "state")
    if config is not None:
        dirs.config.mkdir(parents=True)
        dirs.config_file.write_text(config, "utf-8")
    return dirs


async def test_rebound_key_works_and_help_shows_it(content_dir: Path, tmp_path: Path) -> None:
    """`next_article = "ctrl+n"` in [keys] makes ctrl+n open the next article; help lists it."""
    dirs = dirs_with(tmp_path, '[keys]\nnext_article = "ctrl+n"\n')
    app = build_app(content_dir, dirs=dirs, author="Tester")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("enter")
        await settle(pilot)
        first = screen.open_article_id
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.open_article_id != first
        await pilot.press("question_mark")
        await pilot.pause()
        assert "^n" in screen_text(pilot) or "ctrl+n" in screen_text(pilot)


async def test_bad_settings_file_gives_a_message_and_defaults(
    content_dir: Path, tmp_path: Path
) -> None:
    """A settings file that is not TOML is reported in the app, which runs with defaults."""
    dirs = dirs_with(tmp_path, 'author = "unclosed\n[keys\n')
    app = build_app(content_dir, dirs=dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in notifications(app)]
        assert any("not valid TOML" in m and "config.toml" in m for m in messages)
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.open_article_id


async def test_unknown_action_and_bad_key_are_reported(content_dir: Path, tmp_path: Path) -> None:
    """Rebinding an action that does not exist, or to a key that is no key, is reported."""
    dirs = dirs_with(tmp_path, '[keys]\nfly_away = "x"\nquit = "ctrl+banana"\n')
    app = build_app(content_dir, dirs=dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = " ".join(n.message for n in notifications(app))
        assert "fly_away" in messages and "ctrl+banana" in messages


async def test_theme_from_settings_and_palette_choice_is_remembered(
    content_dir: Path, tmp_path: Path
) -> None:
    """The settings' theme is used; a theme chosen later is written back to the file."""
    dirs = dirs_with(tmp_path, '# my settings\ntheme = "nord"\n')
    app = build_app(content_dir, dirs=dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
        await app.workers.wait_for_complete()
    text = dirs.config_file.read_text("utf-8")
    assert 'theme = "gruvbox"' in text and "# my settings" in text


LONG_CODE = "# Code\n\nIntro.\n\n```\nstart " + "x" * 100 + " tail_end\n```\n"


async def test_code_wrap_off_cuts_lines_and_arrows_scroll_the_code(tmp_path: Path) -> None:
    """With `code_wrap = false`, a long code line is one cut row; right arrows show its end."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "code.md").write_text(LONG_CODE, "utf-8")
    app = build_app(folder, dirs=dirs_with(tmp_path, "code_wrap = false\n"), author="Tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "start xxx" in text and "tail_end" not in text and "↪" not in text
        await pilot.press("right")  # the cursor is on the paragraph: nothing scrolls
        assert "start xxx" in screen_text(pilot)
        await pilot.press("right_curly_bracket", *["right"] * 12)
        await pilot.pause()
        text = screen_text(pilot)
        assert "tail_end" in text and "start" not in text
        await pilot.press(*["left"] * 12)
        await pilot.pause()
        assert "start xxx" in screen_text(pilot)


async def test_code_wraps_by_default(tmp_path: Path) -> None:
    """Without the setting the same line wraps behind "↪" and its end is on screen at once."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "code.md").write_text(LONG_CODE, "utf-8")
    app = build_app(folder, dirs=dirs_with(tmp_path, None), author="Tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "start xxx" in text and "↪" in text and "tail_end" in text
