"""Pilot tests: headings, outline, links, history, search in the article, reading positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import make_app, screen_text, settle
from tui.private_api import notifications
from tui.screens.confirm import ConfirmScreen
from tui.screens.outline import OutlineScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView

FILLER = "\n\n".join(f"Absatz {n} mit etwas Text, damit die Seite scrollt." for n in range(30))

SOURCE = f"""---
title: Links hier
date: 2026-01-02
---

Start mit einem [Verweis auf B](b.md#zweiter-teil) und einem [Netzlink](https://example.org/x).

Gefährlich: [js](javascript:alert(1)), [ssh](ssh://host/x), [opt](-x), [raus](../outside.md).

## Mitte

{FILLER}

## Ende

Das Wort Rand steht hier, am Rand, und noch einmal: Rand.
"""

TARGET = f"""---
title: Ziel B
date: 2026-01-01
---

## Erster Teil

{FILLER}

## Zweiter Teil

Hier landet der Verweis.
"""


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A folder with an article full of links and the article they point to."""
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / "a.md").write_text(SOURCE, "utf-8")
    (folder / "b.md").write_text(TARGET, "utf-8")
    (tmp_path / "outside.md").write_text("# Outside\n", "utf-8")
    return folder


def view_of(pilot) -> ArticleView:  # type: ignore[no-untyped-def]
    """The article view."""
    return pilot.app.screen.query_one(ArticleView)


async def open_first(pilot) -> None:  # type: ignore[no-untyped-def]
    """Open the first article of the list."""
    await pilot.press("enter")
    await settle(pilot)


async def test_relative_link_opens_the_heading_and_escape_returns(linked: Path) -> None:
    """tab + enter on a link to b.md#zweiter-teil opens B there; esc returns to the same place."""
    app = make_app(linked)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        view = view_of(pilot)
        await pilot.press("tab")
        assert view.link_focus == (0, 0)
        scroll_before = view.scroll_y
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.open_article_id == "b"
        assert view.current_block is not None and view.current_block.text == "Zweiter Teil"
        assert "Zweiter Teil" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.open_article_id == "a"
        assert view.cursor == 0
        assert view.scroll_y == scroll_before
        await pilot.press("alt+right")
        await settle(pilot)
        assert screen.open_article_id == "b"
        await pilot.press("alt+left")
        await settle(pilot)
        assert screen.open_article_id == "a"


async def test_dangerous_links_open_nothing(linked: Path, browser: list[str]) -> None:
    """javascript:, ssh:, -x and ../outside.md links are shown in a message, never opened."""
    app = make_app(linked)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        links = [href for block in view_of(pilot).document.blocks for href in block.links]
        # The parser already refuses javascript: links: they stay plain text.
        assert not any(href.startswith("javascript") for href in links)
        await pilot.press("tab", "tab")  # past the two links of the first paragraph
        for shown in ("ssh://host/x", "-x", "../outside.md"):
            await pilot.press("tab", "enter")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
            assert app.screen.open_article_id == "a"
            assert any(shown in n.message for n in notifications(app))
        assert browser == []


async def test_web_link_opens_only_after_confirming(linked: Path, browser: list[str]) -> None:
    """An https link asks first, showing the real target; only yes opens the browser."""
    app = make_app(linked)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("tab", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "https://example.org/x" in screen_text(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert browser == []
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        assert browser == ["https://example.org/x"]


async def test_search_finds_every_occurrence_and_n_visits_them(linked: Path) -> None:
    """/ highlights all matches with a count; n and N walk them in order, also after enter."""
    app = make_app(linked)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("slash", *"rand")
        await pilot.pause()
        view = view_of(pilot)
        last = len(view.document.blocks) - 1
        assert view.search_current == (last, 0)
        assert "1/3" in screen_text(pilot)
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("n")
        assert view.search_current == (last, 1)
        await pilot.press("n")
        assert view.search_current == (last, 2)
        assert "3/3" in screen_text(pilot)
        await pilot.press("n")
        assert view.search_current == (last, 0)
        await pilot.press("N")
        assert view.search_current == (last, 2)
        await pilot.press("slash", "escape")
        assert view.search_query == ""


async def test_heading_keys_and_outline(linked: Path) -> None:
    """] and [ jump between headings; t lists them, typing filters, enter jumps."""
    app = make_app(linked)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        view = view_of(pilot)
        await pilot.press("right_square_bracket")
        assert view.current_block is not None and view.current_block.text == "Mitte"
        await pilot.press("right_square_bracket")
        assert view.current_block.text == "Ende"
        await pilot.press("left_square_bracket")
        assert view.current_block.text == "Mitte"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        await pilot.press(*"end", "enter")
        await pilot.pause()
        assert view.current_block.text == "Ende"


async def test_reading_position_survives_restart_and_resize(linked: Path) -> None:
    """The paragraph the reader was on comes back after a restart at another width."""
    app = make_app(linked)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        for _ in range(12):
            await pilot.press("right_curly_bracket")
        block = view_of(pilot).current_block
        assert block is not None
    again = make_app(linked)
    async with again.run_test(size=(70, 20)) as pilot:
        await settle(pilot)
        view = view_of(pilot)
        assert view.current_block == block
        assert block.text in " ".join(screen_text(pilot).split())


async def test_global_search_opens_the_paragraph_and_escape_returns(content_dir: Path) -> None:
    """ctrl+f, a folded query, enter: the article opens at the matching paragraph; esc goes back."""
    app = make_app(content_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("J")  # open the English article first
        await pilot.press("J")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        start = screen.open_article_id
        await pilot.press("ctrl+f", *"kassenwartin")
        for _ in range(50):
            await pilot.pause(0.1)
            if "Kassenwartin" in screen_text(pilot):
                break
        assert "Kassenwartin" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.open_article_id == "gespraech-statt-sendung"
        block = view_of(pilot).current_block
        assert block is not None and "Kassenwartin" in block.text
        await pilot.press("escape")
        await settle(pilot)
        assert screen.open_article_id == start


FOOTNOTED = f"""---
title: Mit Fußnoten
---

Eine Behauptung[^quelle] steht hier.

{FILLER}

[^quelle]: Die Quelle der Behauptung, ganz unten.
"""


async def test_footnote_mark_leads_to_its_note_and_escape_returns(tmp_path: Path) -> None:
    """enter on a footnote mark jumps to the note under "Notes"; esc returns to the mark."""
    (tmp_path / "f.md").write_text(FOOTNOTED, "utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        view = view_of(pilot)
        assert "Eine Behauptung¹ steht hier." in screen_text(pilot)
        assert "Die Quelle" not in screen_text(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert view.current_block is not None
        assert view.current_block.text.startswith("Die Quelle der Behauptung")
        text = screen_text(pilot)
        assert "Notes" in text and "1. Die Quelle der Behauptung, ganz unten." in text
        await pilot.press("escape")
        await settle(pilot)
        assert view.cursor == 0
        assert "Eine Behauptung¹ steht hier." in screen_text(pilot)
