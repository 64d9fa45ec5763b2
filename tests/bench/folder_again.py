"""The second start on a big folder, from its index, as the command line starts the reader.

Run by bench_folder.py: `--one again-build` builds the index headless into user folders of its
own (a process of its own, so its memory is not counted); then `--one again` starts the real app
headless through `build_app` (the command line's way: the list's first page from the index) and
records:

- when the list was first painted with an article's title, from the process start;
- when the list held the whole folder (the rest is read from the index after the first paint);
- the longest the event loop was blocked from the app's start until the catch-up pass ended;
- the first global search after the start, and the process's peak memory.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from bench_reader import SIZE, _rss_mb
from folder_cases import Figures, LoopWatch, Paints, press, search_times, until

QUIET_AFTER = 0.5
"""Seconds the event loop is still watched after the catch-up pass ended."""


def home(data: Path) -> Path:
    """The user folders of the second start (its cache holds the index)."""
    return data / "again-home"


def build_case(root: Path, data: Path, out: Figures) -> None:
    """Build the index of `root` headless, as a first start's pass does (its own process)."""
    from tui.model.comments.store import CommentStore
    from tui.model.search.catch_up import catch_up
    from tui.model.search.library_index import LibraryIndex

    dirs = _dirs(home(data))
    started = time.perf_counter()
    library = LibraryIndex(dirs.index_file(root.resolve()))
    catch_up(library, root.resolve(), CommentStore(home(data) / "comments"))
    out["articles"] = len(library)
    library.close()
    out["build"] = time.perf_counter() - started


async def again_case(root: Path, data: Path, since: float, out: Figures) -> None:
    """Start a second time on `root` and time the list, the whole list and a first search."""
    from tui.cli_start import build_app
    from tui.screens.reader import ReaderScreen
    from tui.widgets.article_list import ArticleList

    dirs = _dirs(home(data))
    started = time.perf_counter()
    out["imports"] = time.time() - since
    app = build_app(root.resolve(), dirs=dirs, author="Bench")
    out["first_page"], out["articles"] = len(app.articles), app.total
    paints = Paints(app)
    first_title = app.articles[0].title[:20]
    paints.expect(lambda: first_title in paints.text())
    loop = LoopWatch()
    async with app.run_test(size=SIZE):
        loop.start()
        listed = await paints.wait()
        if listed is None:
            out["timed_out"] = True
            return
        out["list"] = out["imports"] + listed - started
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        article_list = screen.query_one(ArticleList)
        if not await until(lambda: len(article_list.articles) == out["articles"]):
            out["timed_out"] = True
            return
        out["whole"] = out["imports"] + time.perf_counter() - started
        await until(_caught_up)
        out["caught_up"] = out["imports"] + time.perf_counter() - started
        await asyncio.sleep(QUIET_AFTER)
        out["block"] = loop.stop()
        out["gc"] = loop.max_gc
        firsts, wholes = search_times(screen.navigation.search_index)
        out["search_first"], out["search_first_max"] = firsts[0], max(firsts[1:])
        out["search_median"], out["search_max"] = statistics.median(wholes), max(wholes)
        await _list_actions(app, article_list, out)
        out["rss"] = _rss_mb()


async def _list_actions(app: Any, article_list: Any, out: Figures) -> None:
    """Filter, sort and narrow the whole list with keys: until painted, and the longest block."""
    from tui.widgets.list_filter import ListFilter

    def titles() -> list[str]:
        return [article.title for article in article_list.shown_articles[:3]]

    async def timed(name: str, keys: list[str], changed: Any) -> None:
        loop = LoopWatch()
        loop.start()
        begun = time.perf_counter()
        for key in keys:
            press(app, key)
            await asyncio.sleep(0.02)  # typing
        done = await until(changed)
        out[name] = time.perf_counter() - begun if done else None
        await asyncio.sleep(0.05)
        out[f"{name}_block"] = loop.stop()

    article_list.focus()
    await asyncio.sleep(0.1)
    before = titles()
    await timed("filter", ["slash", *"müller"], lambda: titles() != before and _painted(app))
    field = app.screen.query_one(ListFilter)
    before = titles()
    await timed("unfilter", ["escape"], lambda: titles() != before and _painted(app))
    del field
    before = titles()
    await timed("refilter", ["slash", *"müller"], lambda: titles() != before and _painted(app))
    before = titles()
    await timed("closed", ["escape"], lambda: titles() != before and _painted(app))
    before = titles()
    await timed("sort", ["s"], lambda: titles() != before and _painted(app))


def _painted(app: Any) -> bool:
    """Whether no repaint is pending (what changed is on screen)."""
    return not app.screen._dirty_widgets


def _caught_up() -> bool:
    """Whether the reader's pass over the folder (which compares every file with the index)
    has ended: searches are then timed on a quiet reader."""
    return all(thread.name != "marginalia-catch-up" for thread in threading.enumerate())


def _dirs(folder: Path) -> Any:
    from tui.model.session.workspace import UserDirs

    return UserDirs(folder / "config", folder / "data", folder / "state", folder / "cache")
