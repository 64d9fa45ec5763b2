"""Pilot tests: the reader driven with keys on a fixture folder."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import OptionList

from tests.app.helpers import article_text, make_app, screen_text, settle
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView


async def test_enter_opens_the_highlighted_article(content_dir: Path) -> None:
    """Enter on the first list entry shows its title, headings and quote."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        text = article_text(pilot)
        assert "Gespräch statt Sendung" in text
        assert "Zuhören lohnt sich" in text
        assert "▌ „Seit wir antworten" in text
        assert isinstance(app.focused, ArticleView)


async def test_next_and_previous_article_walk_the_whole_list(content_dir: Path) -> None:
    """J opens each following article in list order, K walks back to the first."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        ids = [article.id for article in screen.session.articles]
        await pilot.press("enter")
        await settle(pilot)
        seen = [screen.open_article_id]
        for _ in ids[1:]:
            await pilot.press("J")
            await settle(pilot)
            seen.append(screen.open_article_id)
        assert seen == ids
        await pilot.press("J")
        await settle(pilot)
        assert screen.open_article_id == ids[-1]
        for _ in ids[1:]:
            await pilot.press("K")
            await settle(pilot)
        assert screen.open_article_id == ids[0]
        assert "Gespräch statt Sendung" in article_text(pilot)


async def test_paragraph_keys_move_the_cursor(content_dir: Path) -> None:
    """} moves the paragraph cursor down one block, { moves it back."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.cursor == 0
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        assert view.cursor == 2
        assert view.current_block is not None
        assert view.current_block.text.startswith("Die Fragen der Leute")
        await pilot.press("left_curly_bracket")
        assert view.cursor == 1


async def test_escape_goes_back_to_the_list(content_dir: Path) -> None:
    """Esc from the article puts the focus back on the list."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)


async def test_question_mark_lists_every_binding(content_dir: Path) -> None:
    """? opens help listing the article, paragraph and quit keys; esc closes it."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(pilot)
        for words in ("Next article", "Next paragraph", "Quit", "Back", "Article list"):
            assert words in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_hostile_title_is_shown_literally_and_clicking_does_nothing(
    content_dir: Path,
) -> None:
    """A title written as markup with an action is shown as text and runs nothing when clicked."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = app.screen.query_one(ArticleList)
        index = next(
            i for i, a in enumerate(article_list.articles) if a.title.startswith("[@click")
        )
        prompt = article_list.get_option_at_index(index).prompt
        assert "[@click=app.quit]x[/] [/]" in str(prompt)
        await pilot.click(OptionList, offset=(6, 2 * index))
        await pilot.pause()
        assert app.is_running
        await pilot.press("enter")
        await settle(pilot)
        assert "[@click=app.quit]x[/] [/]" in article_text(pilot)
        await pilot.click(ArticleView, offset=(8, 0))
        await pilot.pause()
        assert app.is_running


async def test_narrow_terminal_shows_the_article(content_dir: Path) -> None:
    """At 60x20 an opened article fills the screen and esc brings the list back."""
    app = make_app(content_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        article_list = app.screen.query_one(ArticleList)
        assert view.display and view.size.width >= 55
        assert article_list.size.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert article_list.display and article_list.size.width >= 55


async def test_plain_text_page_reads_as_an_article(content_dir: Path) -> None:
    """A saved page opens with its byline author, sub-heading and quote recognised."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        article = next(a for a in screen.session.articles if a.id == "gespeicherte-seite")
        assert article.author == "Erika Probe"
        screen.open_article(article)
        await settle(pilot)
        text = article_text(pilot)
        assert "Aufbau erkennen" in text
        assert '▌ "Ein Zitat' in text
        assert text.rstrip().endswith("Einen Kommentar schreiben")


async def test_german_interface(content_dir: Path) -> None:
    """With lang de the byline and footer speak German."""
    app = make_app(content_dir, lang="de")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        text = article_text(pilot)
        assert "von Testredaktion · 14.03.2025 · 1 Min." in text


async def test_code_is_highlighted_once_its_lexer_is_loaded(content_dir: Path) -> None:
    """The Python block of an article ends up coloured (its lexer loads off the event loop)."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.open_article(
            next(a for a in screen.session.articles if a.id == "notes-on-plain-text")
        )
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        view = screen.query_one(ArticleView)
        index = next(i for i, b in enumerate(view.document.blocks) if b.language == "python")
        assert view._layout is not None
        first, after = view._layout.block_rows(index)
        colours = {
            segment.style.color
            for row in range(first, after)
            for segment in view._layout.line(row)[1]
            if segment.style is not None and segment.text.strip()
        }
        assert len(colours) >= 2  # keywords, strings and names differ


async def test_info_shows_front_matter_including_unknown_keys(content_dir: Path) -> None:
    """i lists the article's id, file, tags and the front-matter keys the reader does not know."""
    (content_dir / "extra.md").write_text(
        "---\ntitle: Mit Extras\ndate: 2027-01-01\ntags: [eins, zwei]\nmood: heiter\n"
        'source: "[@click=app.quit]x[/]"\n---\n\nText.\n',
        "utf-8",
    )
    app = make_app(content_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # the newest article: the one just written
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        shown = screen_text(pilot)
        for words in ("Mit Extras", "extra.md", "eins, zwei", "mood", "heiter"):
            assert words in shown
        assert "[@click=app.quit]x[/]" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_quick_article_presses_each_move_one_article(content_dir: Path) -> None:
    """J three times without waiting in between lands three articles on; K twice, two back."""
    app = make_app(content_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        ids = [article.id for article in screen.session.articles]
        await pilot.press("enter")
        await settle(pilot)
        # Queued in one go, as a terminal delivers a held or quickly repeated key.
        for _ in range(3):
            app.post_message(events.Key("J", "J"))
        await settle(pilot)
        assert screen.open_article_id == ids[3]
        assert screen.query_one(ArticleList).open_id == ids[3]
        for _ in range(2):
            app.post_message(events.Key("K", "K"))
        await settle(pilot)
        assert screen.open_article_id == ids[1]
        assert screen.session.loaded is not None and screen.session.loaded.article.id == ids[1]


async def test_held_scroll_key_moves_a_line_per_press(content_dir: Path) -> None:
    """Ten j presses queued at once (a held key) scroll ten lines, none lost."""
    long = "\n\n".join(f"Absatz {n} mit etwas Text, damit es scrollt." for n in range(80))
    (content_dir / "aaa-lang.md").write_text(f"---\ndate: 2099-01-01\n---\n\n{long}\n", "utf-8")
    app = make_app(content_dir, open_id="aaa-lang")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.scroll_y == 0
        for _ in range(10):
            app.post_message(events.Key("j", "j"))
        await pilot.pause()
        await pilot.pause()
        assert view.scroll_y == 10
