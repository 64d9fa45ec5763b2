"""Pilot tests: the article list filtered by typing, sorted, narrowed to a tag and marked."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot

from tests.app.helpers import make_app, screen_text
from tui.model.articles.library import Article, SortKey, sort_articles, sort_key
from tui.screens.reader import ReaderScreen
from tui.screens.tags import TagScreen, tag_counts
from tui.widgets import article_list as article_list_module
from tui.widgets import list_filter
from tui.widgets.article_list import ArticleList
from tui.widgets.list_filter import ListFilter

GESPRAECH = "gespraech-statt-sendung"
NOTES = "notes-on-plain-text"
HOSTILE = "hostile"
SAVED = "gespeicherte-seite"


def add_article(folder: Path, name: str, title: str, *, author: str = "", tags: str = "") -> None:
    """Write one more Markdown article into `folder`."""
    lines = ["---", f"title: {title}"]
    if author:
        lines.append(f"author: {author}")
    if tags:
        lines.append(f"tags: [{tags}]")
    lines += ["date: 2022-02-02", "---", "", "Some words."]
    (folder / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


async def ready(pilot: Pilot[None]) -> ArticleList:
    """Wait for the reader's start-up workers; return the focused article list."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    article_list = pilot.app.screen.query_one(ArticleList)
    assert pilot.app.focused is article_list
    return article_list


def shown_ids(article_list: ArticleList) -> list[str]:
    """Ids of the articles on show, in order."""
    return [article.id for article in article_list.shown_articles]


def view(article_list: ArticleList) -> tuple[str, list[str]]:
    """The list's order and the ids on show."""
    return article_list.sort_key, shown_ids(article_list)


def option_text(article_list: ArticleList, index: int) -> str:
    """The plain text of the list entry at `index`."""
    return str(article_list.get_option_at_index(index).prompt)


async def test_slash_and_typing_filter_with_folding(content_dir: Path) -> None:
    """/ opens the filter; "gesprach" (no umlaut) leaves only "Gespräch statt Sendung"."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        assert len(article_list.shown_articles) == 4
        await pilot.press("slash")
        assert isinstance(app.focused, ListFilter)
        await pilot.press(*"gesprach")
        await pilot.pause()
        assert shown_ids(article_list) == [GESPRAECH]
        assert article_list.option_count == 1


async def test_escape_in_the_filter_clears_it_and_stays_in_the_reader(content_dir: Path) -> None:
    """Esc in the filter field shows every article again, hides the field and focuses the list."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("slash", *"notes")
        await pilot.pause()
        assert shown_ids(article_list) == [NOTES]
        await pilot.press("escape")
        await pilot.pause()
        field = app.screen.query_one(ListFilter)
        assert field.value == "" and not field.display
        assert app.focused is article_list
        assert isinstance(app.screen, ReaderScreen)
        assert len(article_list.shown_articles) == 4


async def test_enter_keeps_the_filter_and_opens_from_the_filtered_list(content_dir: Path) -> None:
    """Enter in the field returns to the list with the filter kept; enter then opens the match."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("slash", *"plain", "enter")
        await pilot.pause()
        assert app.focused is article_list
        assert app.screen.query_one(ListFilter).display
        assert shown_ids(article_list) == [NOTES]
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.query_one(ArticleList).open_id == NOTES


async def test_transliterated_author_matches_umlaut(content_dir: Path) -> None:
    """ "mueller" finds an article by "Müller" (author field, German transliteration)."""
    add_article(content_dir, "extra", "Ein Extra", author="Christian Müller")
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("slash", *"mueller")
        await pilot.pause()
        assert shown_ids(article_list) == ["extra"]


async def test_every_filter_word_must_match(content_dir: Path) -> None:
    """Two words narrow to the articles matching both, in any field."""
    add_article(content_dir, "extra", "Sendung im Radio", tags="dialog")
    add_article(content_dir, "other", "Radio ohne Dialog")
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("slash", *"radio dialog")
        await pilot.pause()
        assert sorted(shown_ids(article_list)) == ["extra", "other"]
        await pilot.press(*" sendung")
        await pilot.pause()
        assert shown_ids(article_list) == ["extra"]


async def test_no_match_shows_a_note_and_enter_opens_nothing(content_dir: Path) -> None:
    """A filter nothing matches shows the no-match line; enter on the list opens nothing."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("slash", *"zzzz", "enter")
        await pilot.pause()
        assert article_list.shown_articles == []
        assert "No article matches." in screen_text(pilot)
        assert article_list.highlighted_article is None
        await pilot.press("enter")
        await pilot.pause()
        assert article_list.open_id is None


async def test_s_cycles_date_title_comments(content_dir: Path) -> None:
    """s sorts by title, then by comment count, then by date again."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        assert view(article_list) == ("date", [GESPRAECH, NOTES, HOSTILE, SAVED])
        article_list.set_comment_counts({SAVED: 5, HOSTILE: 2, NOTES: 0, GESPRAECH: 0})
        await pilot.press("s")
        assert view(article_list) == ("title", [HOSTILE, SAVED, GESPRAECH, NOTES])
        await pilot.press("s")
        assert view(article_list) == ("comments", [SAVED, HOSTILE, GESPRAECH, NOTES])
        await pilot.press("s")
        assert view(article_list) == ("date", [GESPRAECH, NOTES, HOSTILE, SAVED])


async def test_comment_counts_reorder_a_list_sorted_by_them(content_dir: Path) -> None:
    """New counts move an article up while the list is sorted by comments."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        article_list.set_sort("comments")
        article_list.set_comment_counts({NOTES: 3})
        await pilot.pause()
        assert shown_ids(article_list)[0] == NOTES
        assert "✎ 3" in option_text(article_list, 0)


async def test_sort_keeps_the_highlight_on_the_same_article(content_dir: Path) -> None:
    """The highlighted article stays highlighted when the order changes."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("j")
        assert article_list.highlighted_article is not None
        assert article_list.highlighted_article.id == NOTES
        await pilot.press("s")
        assert article_list.highlighted_article is not None
        assert article_list.highlighted_article.id == NOTES
        assert article_list.highlighted == 3


async def test_tag_picker_narrows_to_one_tag_and_back(content_dir: Path) -> None:
    """# lists the tags with counts; choosing one narrows the list, "all tags" widens it again."""
    add_article(content_dir, "extra", "Noch ein Test", tags="test")
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("number_sign")
        await pilot.pause()
        assert isinstance(app.screen, TagScreen)
        shown = screen_text(pilot)
        assert "#test  2" in shown and "#dialog  1" in shown
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert article_list.tag == "test"
        assert sorted(shown_ids(article_list)) == ["extra", GESPRAECH]
        await pilot.press("number_sign")
        await pilot.pause()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert article_list.tag is None
        assert len(article_list.shown_articles) == 5


async def test_escape_closes_the_tag_picker_without_change(content_dir: Path) -> None:
    """Esc in the tag picker keeps the list as it was."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        article_list.set_tag("dialog")
        await pilot.press("number_sign")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert article_list.tag == "dialog"
        assert shown_ids(article_list) == [GESPRAECH]


def test_tag_counts_count_each_article_once_most_used_first() -> None:
    """Tags are counted once per article and listed by count, then name."""
    articles = [_article("a", ("b", "b", "a")), _article("b", ("b",)), _article("c", ("", "c"))]
    assert tag_counts(articles) == [("b", 2), ("a", 1), ("c", 1)]


async def test_unread_and_new_comment_markers(content_dir: Path) -> None:
    """set_reading puts a dot before unread titles and "✎ new" beside newer comments."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        everything = {article.id for article in article_list.articles}
        article_list.set_reading(everything - {NOTES}, {HOSTILE})
        await pilot.pause()
        assert option_text(article_list, 1).startswith("● Notes on plain text")
        assert option_text(article_list, 0).startswith("  Gespräch")
        assert "✎ new" in option_text(article_list, 2)
        assert "✎ new" not in option_text(article_list, 1)
        shown = screen_text(pilot)
        assert "● Notes on plain text" in shown and "✎ new" in shown


async def test_new_comment_marker_in_german(content_dir: Path) -> None:
    """With lang de the new-comments marker reads "✎ neu" and the title counts in German."""
    app = make_app(content_dir, lang="de")
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        article_list.set_reading({article.id for article in article_list.articles}, {GESPRAECH})
        article_list.set_tag("dialog")
        await pilot.pause()
        assert "✎ neu" in option_text(article_list, 0)
        assert article_list.view_title() == "Artikel (1 von 4) · nach Datum · #dialog"


async def test_open_marker_follows_the_open_article(content_dir: Path) -> None:
    """The opened article gets the ▶ marker, and only it."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        article_list.mark_open(NOTES)
        article_list.mark_open(HOSTILE)
        await pilot.pause()
        assert option_text(article_list, 2).startswith("▶ ")
        assert not option_text(article_list, 1).startswith("▶")
        assert article_list.highlighted == 2


async def test_hostile_title_stays_literal_and_filterable(content_dir: Path) -> None:
    """A title written as markup is drawn as its characters and can be filtered for."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("slash", *"[@click", "enter")
        await pilot.pause()
        assert shown_ids(article_list) == [HOSTILE]
        assert "[@click=app.quit]x[/] [/]" in screen_text(pilot)
        assert app.is_running


async def test_view_changed_reports_counts_order_and_tag(content_dir: Path) -> None:
    """Every change of the view posts ViewChanged with what is shown and a title line."""
    seen: list[ArticleList.ViewChanged] = []
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30), message_hook=_collect(seen)) as pilot:
        await ready(pilot)
        seen.clear()
        await pilot.press("s", "slash", *"gesp")
        await pilot.pause()
        last = seen[-1]
        assert (last.shown, last.total, last.sort_key, last.tag, last.filter) == (
            2,
            4,
            "title",
            None,
            "gesp",
        )
        assert last.title == "Articles (2 of 4) · by title"


async def test_neighbour_walks_the_order_shown(content_dir: Path) -> None:
    """neighbour() steps through the sorted, filtered view, not the folder order."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        article_list.set_sort("title")
        after = article_list.neighbour(HOSTILE, 1)
        assert after is not None and after.id == SAVED
        first = article_list.neighbour(None, 1)
        assert first is not None and first.id == HOSTILE
        assert article_list.neighbour(NOTES, 1) is None
        article_list.set_tag("dialog")
        only = article_list.neighbour(NOTES, -1)
        assert only is not None and only.id == GESPRAECH


async def test_large_list_filters_after_a_pause(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the instant limit the filter waits for a pause in typing, then applies."""
    monkeypatch.setattr(article_list_module, "INSTANT_FILTER_LIMIT", 1)
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        await pilot.press("slash", *"notes")
        assert len(article_list.shown_articles) == 4
        await pilot.pause(article_list_module.FILTER_DELAY * 3)
        assert shown_ids(article_list) == [NOTES]


async def test_a_long_list_sorts_and_filters_in_a_thread_and_shows_the_latest_view(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the instant limit the view is worked out off the event loop; a view asked for
    later replaces one still being worked out, whichever finishes first."""
    monkeypatch.setattr(article_list_module, "INSTANT_FILTER_LIMIT", 1)
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = await ready(pilot)
        by_date = shown_ids(article_list)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert article_list.sort_key == "title"
        by_title = [a.id for a in sorted(article_list.articles, key=lambda a: a.title.casefold())]
        assert shown_ids(article_list) == by_title != by_date
        assert "by title" in article_list.view_title()
        slow = article_list_module.compute_view

        def slowly(asked: object) -> object:
            if getattr(asked, "text", "") == "notes":
                time.sleep(0.3)  # the older query finishes last
            return slow(asked)  # type: ignore[arg-type]

        monkeypatch.setattr(article_list_module, "compute_view", slowly)
        article_list.set_filter("notes", immediate=True)
        article_list.set_filter("gespr", immediate=True)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_ids(article_list) == [GESPRAECH]
        assert article_list.filter_text == "gespr"


def _collect(seen: list[ArticleList.ViewChanged]) -> Callable[[Message], None]:
    """A message hook keeping every ViewChanged."""

    def hook(message: Message) -> None:
        if isinstance(message, ArticleList.ViewChanged):
            seen.append(message)

    return hook


def _article(article_id: str, tags: tuple[str, ...]) -> Article:
    """A bare Article with `tags`."""
    return Article(article_id, Path(article_id), article_id, "markdown", article_id, tags=tags)


@pytest.mark.parametrize("key", ["date", "title", "folder", "comments"])
def test_sorting_in_runs_gives_the_order_of_one_sort(
    key: SortKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long list sorted in merged runs (so the event loop is not held) comes out as one sort
    would give it, ties in title, date and count included."""
    monkeypatch.setattr(list_filter, "SORT_RUN", 7)
    titles = ["Alpha", "alpha", "Beta", "Äpfel", "beta"]
    articles = [
        Article(
            f"id{n}",
            Path(f"/x/{n}.md"),
            f"{'ab'[n % 2]}/{n}.md" if n % 3 else f"{n}.md",
            "markdown",
            titles[n % 5],
            date=None if n % 4 == 0 else date(2020, 1, 1 + n % 3),
        )
        for n in range(100)
    ]
    counts = {f"id{n}": n % 3 for n in range(0, 100, 2)}
    by_runs = list_filter.sorted_in_runs(articles, sort_key(key, counts))
    assert by_runs == sort_articles(articles, key, counts)
