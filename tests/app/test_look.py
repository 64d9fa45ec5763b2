"""What the reader looks like in the app itself: heading levels, title and byline, live themes."""

from __future__ import annotations

import shutil
from pathlib import Path

from rich.segment import Segment
from rich.style import Style

from tests.app.helpers import make_app, settle
from tests.conftest import FIXTURES
from tui.render.styles import RenderStyles
from tui.widgets.article_view import ArticleView
from tui.widgets.comment_pane import CommentPane

LEVELS = ["Ebene eins", "Ebene zwei", "Ebene drei", "Ebene vier", "Ebene fünf", "Ebene sechs"]


def headings_folder(tmp_path: Path) -> Path:
    """A folder with the article that has a heading of every level, a quote, code and a table."""
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(FIXTURES / "styles" / "headings.md", folder / "headings.md")
    return folder


def look(style: Style | None) -> tuple[object, ...]:
    """What a reader can tell apart in a cell: colour, background, bold, italic, underline."""
    style = style or Style.null()
    return (style.color, style.bgcolor, bool(style.bold), bool(style.italic), style.underline)


def row_looks(view: ArticleView, text: str) -> set[tuple[object, ...]]:
    """The looks of the visible characters of the first row that contains `text`."""
    for line in view.styled_lines():
        plain = "".join(segment.text for segment in line)
        if text in plain:
            return {look(s.style) for s in line if s.text.strip() and s.text.strip() in plain}
    raise AssertionError(f"no row shows {text!r}")


def text_looks(line: list[Segment], text: str) -> set[tuple[object, ...]]:
    """The looks of the segments that carry `text` itself."""
    return {look(s.style) for s in line if s.text.strip() and s.text.strip() in text}


async def test_every_heading_level_title_and_byline_look_different(tmp_path: Path) -> None:
    """In the app's own lines each heading level differs from body text and from every other
    level; the title differs from the byline and from the level-1 heading."""
    app = make_app(headings_folder(tmp_path), lang="de")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        body = row_looks(view, "Text unter Ebene eins.")
        assert len(body) == 1
        levels = []
        for name in LEVELS:
            found = row_looks(view, name)
            assert len(found) == 1, name
            assert found != body, f"{name} looks like body text"
            levels.append(found.pop())
        assert len(set(levels)) == 6
        title = row_looks(view, "Überschriften aller Ebenen")
        byline = row_looks(view, "Anna Beispiel")
        assert title and byline and title != byline and title != body
        assert all(bold for _c, _b, bold, _i, _u in title)
        assert levels[0] not in title
        assert "#probe #stil" in "\n".join(view.text_lines()[:4])


async def test_theme_switch_restyles_code_quote_and_table_at_once(tmp_path: Path) -> None:
    """After switching to a light theme, the code panel's background and its text colours, the
    quote bar, the table header and the comment pane come from the light theme; back to dark,
    they return."""
    app = make_app(headings_folder(tmp_path), lang="de")
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)

        def parts() -> dict[str, set[tuple[object, ...]]]:
            lines = view.styled_lines()
            code = next(line for line in lines if "def hallo" in "".join(s.text for s in line))
            quote = next(line for line in lines if "Ein Zitat" in "".join(s.text for s in line))
            table = next(line for line in lines if "Spalte" in "".join(s.text for s in line))
            return {
                "code": {look(s.style) for s in code},
                "bar": text_looks(quote, "▌"),
                "header": text_looks(table, "Spalte"),
            }

        async def switch(theme: str) -> RenderStyles:
            """Switch theme and wait until the code is highlighted on the new panel."""
            app.theme = theme
            for _ in range(200):
                await pilot.pause(0.02)
                await app.workers.wait_for_complete()
                styles = RenderStyles.from_theme(app.theme_variables, app.current_theme.dark)
                code = parts()["code"]
                if {bg for _c, bg, *_ in code} == {styles.code_block.bgcolor} and len(code) > 3:
                    return styles
            raise AssertionError("the code block never took the new theme")

        pane = app.screen.query_one(CommentPane)
        pane_dark = (pane.styles.background, pane.rich_style.color)
        dark = parts()
        dark_styles = RenderStyles.from_theme(app.theme_variables, app.current_theme.dark)
        light_styles = await switch("textual-light")
        light = parts()
        for key in dark:
            assert dark[key] != light[key], key
        code_bg = light_styles.code_block.bgcolor
        assert {bg for _c, bg, _b, _i, _u in light["code"]} == {code_bg}
        assert code_bg != dark_styles.code_block.bgcolor
        colours = {colour for colour, *_rest in light["code"]}
        assert len(colours) > 2, "the code is highlighted in the light theme"
        assert light_styles.paragraph.color not in {c for c, *_ in dark["code"]}
        assert {c for c, *_ in light["code"]}.isdisjoint({c for c, *_ in dark["code"]} - {None})
        assert light["bar"] == {look(light_styles.quote_bar)}
        assert light["header"] == {look(light_styles.table_header)}
        assert (pane.styles.background, pane.rich_style.color) != pane_dark
        await switch("textual-dark")
        assert parts() == dark
