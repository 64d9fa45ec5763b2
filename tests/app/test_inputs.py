"""What the reader types into the find bar and the outline filter stays on screen."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import make_app, screen_text, settle


async def test_find_bar_shows_the_query_while_typing(content_dir: Path) -> None:
    """After / and a few letters, the bar's row shows the letters and the match count."""
    app = make_app(content_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash", *"Antwort")
        await pilot.pause()
        rows = screen_text(pilot).splitlines()
        bar = [row for row in rows if "Antwort" in row and "/" in row.split("Antwort")[-1]]
        assert bar, "the typed query is not on screen"
        assert bar[0].split()[:2] == ["Antwort", "1/4"]


async def test_outline_filter_shows_the_query_and_says_when_nothing_matches(
    content_dir: Path,
) -> None:
    """In the outline, typed text shows in the filter; a filter that matches no heading says
    so instead of claiming the article has none."""
    app = make_app(content_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t", *"Zuh")
        await pilot.pause()
        text = screen_text(pilot)
        assert "│ Zuh" in text
        assert "Zuhören lohnt sich" in text
        await pilot.press(*"qqq")
        await pilot.pause()
        text = screen_text(pilot)
        assert "│ Zuhqqq" in text
        assert "No heading matches." in text
        assert "no headings" not in text
