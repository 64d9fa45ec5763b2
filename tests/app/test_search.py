"""Pilot tests: the global search screen, typed into and chosen from with keys."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.app.helpers import make_app, screen_text, settle
from tests.conftest import FIXTURES
from tui.app import MarginaliaApp
from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.model.search import catch_up as catch_up_module
from tui.model.search.catch_up import Progress
from tui.model.search.corpus import SessionIndex
from tui.model.search.library_index import LibraryIndex
from tui.screens.reader import ReaderScreen
from tui.screens.search import DEBOUNCE_SECONDS, SearchChoice, SearchScreen, number
from tui.widgets.article_view import ArticleView


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The search fixture folder, with a comment holding a word found nowhere else."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "search", root)
    article = next(a for a in scan_folder(root) if a.id == "vereinsleben")
    document = load_article(root, article).document
    comment = new_comment("Anna", "Ich bringe Zwiebelkuchen mit.", anchor=make_anchor(document, 1))
    ref = ArticleRef(article.id, article.relpath, article.title)
    CommentStore(root / ".comments").add(ref, comment)
    return root


def block_of(folder: Path, article_id: str, line: int) -> int | None:
    """The block of an article that holds a line of its file."""
    article = next(a for a in scan_folder(folder) if a.id == article_id)
    return load_article(folder, article).document.block_at_line(line)


def built_index(app: MarginaliaApp) -> SessionIndex:
    """The app's folder fully indexed, in an index of the test's own."""
    workspace = app.workspace
    index = SessionIndex(LibraryIndex(workspace.root.parent / "test-index.sqlite3"))
    index.catch_up(workspace.root, workspace.comments)
    return index


async def open_search(pilot: Pilot[None], index: SessionIndex) -> list[SearchChoice | None]:
    """Push the search screen; the returned list receives what it is dismissed with."""
    chosen: list[SearchChoice | None] = []
    await pilot.pause()
    pilot.app.push_screen(SearchScreen(index), chosen.append)
    await pilot.pause()
    return chosen


async def type_query(pilot: Pilot[None], query: str) -> None:
    """Type `query` and wait until its results are shown."""
    await pilot.press(*query)
    await pilot.pause(DEBOUNCE_SECONDS + 0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def results(pilot: Pilot[None]) -> SearchScreen:
    """The open search screen."""
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_mueller_finds_the_author_and_the_text_by_mueller(folder: Path) -> None:
    """Typing mueller lists the article by Müller as author and in its text; enter opens one."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        chosen = await open_search(pilot, built_index(app))
        await type_query(pilot, "mueller")
        shown = screen_text(pilot)
        assert "2 results" in shown
        assert "Kontakte mit Mehrwert  Author" in shown
        assert "Christian Müller" in shown
        assert "Kontakte mit Mehrwert  Text" in shown
        assert "Herr Müller erklärt" in shown
        await pilot.press("down", "enter")
        await pilot.pause()
        [choice] = chosen
        assert choice is not None and choice.line is not None
        assert (choice.article_id, choice.block, choice.query) == ("kontakte", None, "mueller")
        assert block_of(folder, "kontakte", choice.line) == 0
        assert isinstance(app.screen, ReaderScreen)


async def test_ctrl_f_searches_the_folder_index_and_opens_at_the_paragraph(folder: Path) -> None:
    """In the reader, ctrl+f finds a word of the text; enter puts the cursor on its paragraph."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for _ in range(200):
            if screen.navigation.search_index.ready:
                break
            await pilot.pause(0.02)
        await pilot.press("ctrl+f")
        await type_query(pilot, "strasse")
        assert "Am Ende der Strasse wartet" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = screen.query_one(ArticleView)
        assert screen.open_article_id == "kontakte"
        assert view.current_block is not None
        assert "Am Ende der Strasse wartet" in view.current_block.text


async def test_a_word_only_in_a_comment_is_found_as_a_comment(folder: Path) -> None:
    """A word that only a comment holds is listed as a comment and opens at its paragraph."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        chosen = await open_search(pilot, built_index(app))
        await type_query(pilot, "zwiebelkuchen")
        shown = screen_text(pilot)
        assert "Vereinsleben  Comment" in shown
        assert "Ich bringe Zwiebelkuchen mit." in shown
        assert "1 result" in shown
        await pilot.press("enter")
        await pilot.pause()
    [choice] = chosen
    assert choice is not None
    assert (choice.article_id, choice.block) == ("vereinsleben", 1)
    comments = CommentStore(folder / ".comments").load("vereinsleben").comments
    assert choice.comment_id == comments[0].id


async def test_sharp_s_finds_the_ss_spelling_highlighted(folder: Path) -> None:
    """Straße finds the paragraph that writes Strasse, with that word highlighted."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_search(pilot, built_index(app))
        await type_query(pilot, "Straße")
        screen = results(pilot)
        [hit] = screen.hits
        assert hit.article_id == "kontakte" and hit.line is not None
        assert block_of(folder, "kontakte", hit.line) == 2
        start, end = hit.span
        assert hit.snippet[start:end] == "Strasse"
        prompt = screen.query_one(OptionList).get_option_at_index(0).prompt
        styled = [prompt.plain[s.start : s.end] for s in prompt.spans if s.style]  # type: ignore[union-attr]
        assert "Strasse" in styled
        assert "Am Ende der Strasse wartet" in screen_text(pilot)


async def test_tags_are_searched_and_labelled(folder: Path) -> None:
    """A tag of the article is found and its row says Tag."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_search(pilot, built_index(app))
        await type_query(pilot, "netzwerk")
        shown = screen_text(pilot)
        assert "Kontakte mit Mehrwert  Tag" in shown
        assert [hit.field.value for hit in results(pilot).hits] == ["tag", "body"]


async def test_keys_bound_elsewhere_are_typed_into_the_query(folder: Path) -> None:
    """q, ? and : go into the query instead of quitting, helping or searching again."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_search(pilot, built_index(app))
        await type_query(pilot, "q?:c")
        assert app.is_running
        assert results(pilot).query_text == "q?:c"


async def test_enter_right_after_typing_opens_the_first_result(folder: Path) -> None:
    """Enter pressed before the results arrive opens the first result once they do."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        chosen = await open_search(pilot, built_index(app))
        await pilot.press(*"vereinsleben", "enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if chosen:
                break
    assert chosen == [SearchChoice("vereinsleben", None, None, "vereinsleben")]


async def test_hostile_title_is_shown_literally_and_runs_nothing(folder: Path) -> None:
    """A title written as markup shows as typed; clicking its row opens it and quits nothing."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        chosen = await open_search(pilot, built_index(app))
        await type_query(pilot, "click")
        assert "[@click=app.quit]x[/]  Title" in screen_text(pilot)
        await pilot.click(OptionList, offset=(3, 0))
        await pilot.pause()
        assert app.is_running
        assert chosen == [SearchChoice("hostile", None, None, "click")]


async def test_escape_closes_without_a_choice(folder: Path) -> None:
    """Esc closes the search and nothing is opened."""
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        chosen = await open_search(pilot, built_index(app))
        await type_query(pilot, "verein")
        await pilot.press("escape")
        await pilot.pause()
        assert chosen == [None]
        assert isinstance(app.screen, ReaderScreen)


async def test_progress_is_shown_while_the_index_builds(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the index fills, the status counts articles; the last article's hit comes after."""
    monkeypatch.setattr(catch_up_module, "HEAD_START", 0)  # read one by one from the first
    app = make_app(folder)
    gate = threading.Event()
    async with app.run_test(size=(120, 30)) as pilot:
        index = SessionIndex(LibraryIndex(folder.parent / "test-index.sqlite3"))

        def report(progress: Progress) -> None:
            if progress.done == 2:
                gate.wait(5)

        builder = threading.Thread(
            target=index.catch_up,
            args=(folder, app.workspace.comments),
            kwargs={"report": report, "list_as_you_go": True},
        )
        builder.start()
        try:
            await open_search(pilot, index)
            await type_query(pilot, "probe")
            await pilot.pause(0.2)
            assert "Nothing found · Building the search index … 2/4" in screen_text(pilot)
        finally:
            gate.set()
            builder.join()
        screen = results(pilot)
        for _ in range(50):
            await pilot.pause(0.02)
            await app.workers.wait_for_complete()
            if screen.hits:
                break
        shown = screen_text(pilot)
        assert "Building" not in shown
        assert "Eine kurze Notiz  Author" in shown
        assert "1 result" in shown


async def test_german_labels_and_number_format(folder: Path) -> None:
    """In German the row says Kommentar and counts use a dot for thousands."""
    app = make_app(folder, lang="de")
    async with app.run_test(size=(120, 30)) as pilot:
        await open_search(pilot, built_index(app))
        await type_query(pilot, "zwiebelkuchen")
        shown = screen_text(pilot)
        assert "Vereinsleben  Kommentar" in shown
        assert "1 Treffer" in shown
        assert number(10000) == "10.000"


async def test_a_long_result_list_follows_the_first_screenful(folder: Path) -> None:
    """With more matches than the first screenful, the whole list still arrives and is counted."""
    for n in range(45):
        (folder / f"zahl-{n:02}.md").write_text(f"# Zahlenreihe {n}\n\nText.\n")
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_search(pilot, built_index(app))
        await type_query(pilot, "zahlenreihe")
        assert len(results(pilot).hits) == 45
        assert "45 results" in screen_text(pilot)
