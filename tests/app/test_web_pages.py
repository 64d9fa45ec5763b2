"""Pilot test: a web page saved as .html in the folder is listed and read like an article."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.app.helpers import article_text, make_app, screen_text, settle
from tests.conftest import FIXTURES
from tui.screens.reader import ReaderScreen


async def test_an_html_page_is_listed_by_its_title_and_opens_with_its_headings(
    tmp_path: Path,
) -> None:
    """The list shows the page's own title; enter shows its byline, sub-headings and quote."""
    shutil.copy(FIXTURES / "web" / "blog_de.html", tmp_path / "gespeichert.html")
    (tmp_path / "notiz.md").write_text("# Eine Notiz\n\nKurz.\n", "utf-8")
    app = make_app(tmp_path, lang="de")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        listed = screen_text(pilot)
        assert "Gemeinschaftsgärten: Ernte mit" in listed
        assert "gespeichert" not in listed
        order = [article.relpath for article in screen.session.articles]
        for _ in range(order.index("gespeichert.html")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.open_article_id == "gespeichert"
        text = article_text(pilot)
        assert "von Jana Beispielfrau" in text
        lines = [line.strip() for line in text.splitlines()]
        assert "Ertrag ist nicht alles" in lines
        assert "Was ein Garten zusammenhält" in lines
        assert "▌ „Die Pflege der Beete verursache mehr Aufwand, als die wenigen" in text
        for chrome in ("Zurück", "Einen Kommentar schreiben", "Cookies", "Startseite"):
            assert chrome not in text
        assert "Ertrag ist nicht alles" in screen_text(pilot)
