"""The article view lays out what it was given before it had a size once it has one."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.model.articles.markdown import parse_markdown
from tui.private_api import screen_lines
from tui.widgets.article_view import ArticleView

ARTICLE = "\n\n".join(f"Absatz {n}: " + " ".join(["Wort"] * 30) + f" Ende{n}." for n in range(60))


class Hidden(App[None]):
    """An app whose article view is hidden at first, so it has no size yet."""

    CSS = "ArticleView { display: none; }"

    def compose(self) -> ComposeResult:
        yield ArticleView()


async def test_a_place_asked_for_before_the_view_has_a_size_is_where_it_opens() -> None:
    """Shown and sent to paragraph 40 while hidden, the view opens on paragraph 40, wrapped to
    its own width."""
    app = Hidden()
    async with app.run_test(size=(70, 20)) as pilot:
        view = app.query_one(ArticleView)
        view.show(parse_markdown(ARTICLE), "Titel", "von Anna")
        view.go_to_block(40)
        view.display = True
        await pilot.pause()
        await pilot.pause()
        shown = "\n".join(screen_lines(app.screen))
        assert view.cursor == 40
        assert "Absatz 40:" in shown and "Absatz 38:" not in shown
        assert all(len(line.rstrip()) <= 70 for line in view.text_lines())
        assert "Ende40." in "".join(shown.split())


async def test_an_exact_row_asked_for_before_the_view_has_a_size_is_kept() -> None:
    """Going back to an exact row while hidden scrolls there once the view shows."""
    app = Hidden()
    async with app.run_test(size=(70, 20)) as pilot:
        view = app.query_one(ArticleView)
        view.show(parse_markdown(ARTICLE), "Titel", "von Anna")
        view.go_to_block(25, scroll=100)
        view.display = True
        await pilot.pause()
        await pilot.pause()
        assert view.scroll_y == 100
        assert view.cursor == 25
