"""Reading comfort and room: text width, reading progress, pane placement, the list's width."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import article_text, make_app, screen_text, settle
from tui.app import MarginaliaApp
from tui.model.articles.library import scan_folder
from tui.model.session.settings import load_settings
from tui.model.session.workspace import UserDirs, Workspace
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView

LONG = "\n\n".join(
    f"Absatz {n}: " + "ein Satz mit genug Wörtern, damit die Zeile bricht, " * 4 for n in range(40)
)


def long_folder(tmp_path: Path) -> Path:
    """A folder with one long article whose paragraphs wrap at every width."""
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "lang.md").write_text(f"---\ntitle: Lang\n---\n\n{LONG}\n", "utf-8")
    return folder


def widest(pilot) -> int:  # type: ignore[no-untyped-def]
    """The widest laid-out row of the article's paragraphs."""
    return max(len(row.rstrip()) for row in article_text(pilot).splitlines()[3:])


def footer(pilot) -> str:  # type: ignore[no-untyped-def]
    """The bottom row of the screen."""
    return screen_text(pilot).splitlines()[-1]


async def test_w_cycles_the_text_width_and_it_is_remembered(tmp_path: Path) -> None:
    """At 200 columns w goes normal → wide → full → narrow; the next start is narrow."""
    folder = long_folder(tmp_path)
    app = make_app(folder, open_id="lang")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.screen.query_one("#list-pane").display = False  # more room for "full"
        await pilot.press("l")
        await settle(pilot)
        normal = widest(pilot)
        assert 80 <= normal <= 88
        await pilot.press("w")
        await settle(pilot)
        wide = widest(pilot)
        assert 88 < wide <= 120
        await pilot.press("w")
        await settle(pilot)
        assert widest(pilot) > wide
        await pilot.press("w")
        await settle(pilot)
        assert widest(pilot) <= 66
        await app.workers.wait_for_complete()
    settings, _problems = load_settings(UserDirs.default().config_file)
    assert settings.text_width == "narrow"
    workspace = Workspace.open(folder.resolve())
    again = MarginaliaApp(workspace, scan_folder(folder), open_id="lang", settings=settings)
    async with again.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert widest(pilot) <= 66


async def test_reading_progress_shows_in_the_footer(tmp_path: Path) -> None:
    """The footer says 0% at the top of a long article, more after a page, 100% at the end."""
    app = make_app(long_folder(tmp_path), open_id="lang")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert " 0%" in footer(pilot)
        await pilot.press("space")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        assert f" {view.progress}%" in footer(pilot) and 0 < view.progress < 100
        await pilot.press("G")
        await settle(pilot)
        await pilot.pause()
        assert " 100%" in footer(pilot)


async def test_comment_pane_beside_the_article_from_140_columns(content_dir: Path) -> None:
    """At 140 columns the comment pane stands right of the article; at 120 it sits below."""
    for width, beside in ((140, True), (200, True), (120, False)):
        app = make_app(content_dir)
        async with app.run_test(size=(width, 40)) as pilot:
            await pilot.press("enter")
            await settle(pilot)
            article = app.screen.query_one("#article").region
            pane = app.screen.query_one("#comments-pane").region
            if beside:
                assert pane.x >= article.right and pane.y == article.y, width
            else:
                assert pane.y >= article.bottom, width


async def test_list_width_follows_the_terminal_and_the_keys(content_dir: Path) -> None:
    """The list is wider on a wider terminal and shows the reading time; > and < change it by
    four columns and the choice is remembered."""
    sizes = {}
    for width in (100, 200):
        app = make_app(content_dir)
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.pause()
            sizes[width] = app.screen.query_one("#list-pane").outer_size.width
            if width == 200:
                assert "Testredaktion · 14 Mar 2025 · 1 min read" in screen_text(pilot)
                await pilot.press("greater_than_sign")
                await pilot.pause()
                assert app.screen.query_one("#list-pane").outer_size.width == sizes[200] + 4
                await pilot.press("less_than_sign", "less_than_sign")
                await pilot.pause()
                assert app.screen.query_one("#list-pane").outer_size.width == sizes[200] - 4
                await app.workers.wait_for_complete()
    assert sizes[100] < sizes[200]
    app = make_app(content_dir)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        # The highlighted entry's rows carry the highlight to the list's right edge.
        width = app.screen.query_one(ArticleList).size.width
        strip = app.screen._compositor.render_strips()[1]
        cells = [
            segment.style.bgcolor if segment.style else None
            for segment in strip.crop(0, width)
            for _char in segment.text
        ]
        assert len(cells) == width and len(set(cells)) == 1 and cells[0] is not None
    settings, _problems = load_settings(UserDirs.default().config_file)
    assert settings.list_width == sizes[200] - 4


async def test_list_shows_folders_and_groups_by_folder(tmp_path: Path) -> None:
    """Two articles titled alike in different folders are told apart by their folder, and the
    folder order groups them."""
    folder = tmp_path / "docs"
    for sub, date in (("guide", "2026-01-02"), ("api", "2026-01-01"), ("", "2026-01-03")):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        name = "intro.md" if sub else "index.md"
        (folder / sub / name).write_text(f"---\ntitle: Einführung\ndate: {date}\n---\n\nText.\n")
    app = make_app(folder)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        article_list = app.screen.query_one(ArticleList)
        text = screen_text(pilot)
        assert "guide/ · 2 Jan 2026" in text and "api/ · 1 Jan 2026" in text
        assert [a.relpath for a in article_list.shown_articles] == [
            "index.md",
            "guide/intro.md",
            "api/intro.md",
        ]
        await pilot.press("s", "s", "s")
        await pilot.pause()
        assert article_list.sort_key == "folder"
        assert "by folder" in screen_text(pilot)
        assert [a.relpath for a in article_list.shown_articles] == [
            "index.md",
            "api/intro.md",
            "guide/intro.md",
        ]


async def test_entries_are_cut_again_when_the_list_changes_width(tmp_path: Path) -> None:
    """A long title is cut to the list's width; > widens the list and the title shows more of
    itself; the filter field takes a row above the list and the entries stay as they were."""
    folder = tmp_path / "titles"
    folder.mkdir()
    title = "Ein sehr langer Titel, der in keine schmale Liste passt und darum gekürzt wird"
    (folder / "lang.md").write_text(f"---\ntitle: {title}\n---\n\nText.\n", "utf-8")
    (folder / "kurz.md").write_text("---\ntitle: Kurz\n---\n\nText.\n", "utf-8")

    def rows(pilot) -> list[str]:  # type: ignore[no-untyped-def]
        region = pilot.app.screen.query_one(ArticleList).region
        lines = screen_text(pilot).splitlines()[region.y : region.bottom]
        return [line[region.x : region.right].rstrip() for line in lines]

    def title_row(pilot) -> str:  # type: ignore[no-untyped-def]
        return next(row for row in rows(pilot) if "Ein sehr" in row)

    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        narrow = title_row(pilot)
        assert narrow.endswith("…") and title not in narrow
        await pilot.press(*["greater_than_sign"] * 4)
        await pilot.pause()
        wider = title_row(pilot)
        assert len(wider) > len(narrow) and wider.endswith("…")
        assert wider.removesuffix("…").startswith(narrow.removesuffix("…"))
        shown = [row for row in rows(pilot) if row]
        height = pilot.app.screen.query_one(ArticleList).region.height
        await pilot.press("slash")
        await pilot.pause()
        assert pilot.app.screen.query_one(ArticleList).region.height == height - 1
        assert [row for row in rows(pilot) if row][: len(shown) - 1] == shown[: len(shown) - 1]
        await app.workers.wait_for_complete()
