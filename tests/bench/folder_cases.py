"""The cases of the folder and comment benchmark, each run in its own process by bench_folder.py.

Every case fills a dict of figures (seconds, MB, counts) that the parent turns into the table.
"""

from __future__ import annotations

import asyncio
import gc
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench_reader import SIZE, TICK, Probe, _rss_mb
from gen_docs import MARKER, generate
from report import Result

Figures = dict[str, Any]
"""What one case measured, by name."""

SAVES = 50
"""Comments saved on the 1,000-comment article (the median and p90 are reported)."""
COLD_SAVES = 10
"""Saves through a fresh store each time, as after another instance wrote the file."""
QUERIES = (
    "Vertrauen",
    "mueller",
    "strasse",
    "network trust",
    "schliesslich",
    "Zeitung",
    "Hauptstraße",
    "grüße",
    "oeffentlichkeit",
    "zzqx",
)
"""Global queries: common words, folded German spellings, two words, a title, no hit."""
FIND_QUERIES = ("Vertrauen", "oeffentlichkeit", "network trust", "Leuchtturmwärter", "zzqx")
"""In-article queries on the 1 MB article."""
KEY_GAP = 0.03
KEYS_SECONDS = 10.0
"""How long keys are pressed while the index builds."""
"""Pause between two presses of `j` while the index builds (about a key's auto-repeat)."""
WAIT = 120.0
"""Longest wait for any milestone of a case."""


class LoopWatch:
    """Records the longest the event loop could not wake a task that sleeps 1 ms at a time.

    It also times the garbage collector's passes, which stop every thread while they run.
    """

    def __init__(self) -> None:
        self.max_block = 0.0
        self.max_gc = 0.0
        self._task: asyncio.Task[None] | None = None
        self._gc_start = 0.0

    def start(self) -> None:
        """Start (or restart) recording."""
        self.max_block = self.max_gc = 0.0
        self._task = asyncio.create_task(self._ticks())
        gc.callbacks.append(self._collected)

    def stop(self) -> float:
        """Stop recording and return the longest block."""
        if self._task is not None:
            self._task.cancel()
        if self._collected in gc.callbacks:
            gc.callbacks.remove(self._collected)
        return self.max_block

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._gc_start = now
        else:
            self.max_gc = max(self.max_gc, now - self._gc_start)

    async def _ticks(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            self.max_block = max(self.max_block, now - last)
            last = now


class Paints:
    """Stamps the first paint of the compositor after which a condition holds."""

    def __init__(self, app: Any) -> None:
        self.met: float | None = None
        """When the first paint with the condition holding ended (None: not yet)."""
        self._condition: Callable[[], bool] = lambda: False
        self._screen: Any = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if self.met is not None or renderable is None or app._batch_count:
                return
            now = time.perf_counter()
            self._screen = screen
            if self._condition():
                self.met = now

        app._display = display

    def expect(self, condition: Callable[[], bool]) -> None:
        """Watch for the first paint after which `condition()` holds."""
        self.met = None
        self._condition = condition

    def text(self) -> str:
        """What the screen painted last shows, as plain text."""
        strips = self._screen._compositor.render_strips() if self._screen else []
        return "\n".join(strip.text for strip in strips)

    async def wait(self, limit: float = WAIT) -> float | None:
        """Wait for the paint and return when it ended (None after `limit` seconds)."""
        await until(lambda: self.met is not None, limit)
        return self.met


def press(app: Any, key: str) -> None:
    """Send a key the way the terminal driver does, without Pilot's wait for an idle CPU."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def until(done: Callable[[], bool], limit: float = WAIT) -> bool:
    """Wait until `done()` holds; False after `limit` seconds."""
    started = time.perf_counter()
    while not done():
        if time.perf_counter() - started > limit:
            return False
        await asyncio.sleep(TICK)
    return True


def search_times(index: Any) -> tuple[list[float], list[float]]:
    """Seconds each query takes to its first results (what the search screen shows first), and
    to the whole list of results."""
    from tui.screens.search import FIRST_RESULTS, RESULT_LIMIT

    firsts: list[float] = []
    wholes: list[float] = []
    for query in QUERIES:
        for limit, times in ((FIRST_RESULTS, firsts), (RESULT_LIMIT, wholes)):
            begun = time.perf_counter()
            index.search(query, limit)
            times.append(time.perf_counter() - begun)
    return firsts, wholes


async def press_keys(
    app: Any, article_list: Any, paints: Paints, done: Callable[[], bool], out: Figures
) -> None:
    """Press `j` every `KEY_GAP` until `done()`; record how many and how long each took to paint."""
    latencies: list[float] = []
    pressed = 0
    while not done():
        pressed += 1
        paints.expect(_differs(lambda: article_list.highlighted, article_list.highlighted))
        begun = time.perf_counter()
        press(app, "j")
        answered = await paints.wait(10.0)
        if answered is not None:
            latencies.append(answered - begun)
        await asyncio.sleep(KEY_GAP)
    out["keys"], out["keys_moved"] = pressed, len(latencies)
    if len(latencies) >= 2:
        out["key_median"], out["key_max"] = statistics.median(latencies), max(latencies)
        out["key_p90"] = statistics.quantiles(latencies, n=10)[-1]


def _differs(read: Callable[[], object], before: object) -> Callable[[], bool]:
    """A check that holds once `read()` no longer returns `before`."""
    return lambda: read() != before


def _app(folder: Path, tmp: Path) -> tuple[Any, list[Any]]:
    """The real app on `folder`, its user folders in `tmp`, nothing opened at start."""
    from tui.app import MarginaliaApp
    from tui.model.articles.library import scan_folder
    from tui.model.session.workspace import UserDirs, Workspace

    articles = scan_folder(folder)
    dirs = UserDirs(tmp / "config", tmp / "data", tmp / "state")
    return MarginaliaApp(Workspace.open(folder, dirs=dirs), articles, author="Bench"), articles


def save_case(source: Path, out: Figures) -> None:
    """Save comments one by one on a copy of the article that has 1,000 comments."""
    from tui.model.articles.library import load_article, scan_folder
    from tui.model.comments.anchoring import make_anchor
    from tui.model.comments.comment import new_comment
    from tui.model.comments.store import ArticleRef, CommentStore

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "thread"
        shutil.copytree(source, folder)
        article = scan_folder(folder)[0]
        document = load_article(folder, article).document
        blocks = len(document.blocks)
        ref = ArticleRef(article.id, article.relpath, article.title)
        store = CommentStore(folder / ".comments")
        out["existing"] = len(store.load(ref.id).comments)
        warm: list[float] = []
        for n in range(SAVES + COLD_SAVES):
            comment = new_comment("Bench", f"Kommentar {n}", make_anchor(document, n % blocks))
            if n >= SAVES:
                store = CommentStore(folder / ".comments")
            started = time.perf_counter()
            store.add(ref, comment)
            warm.append(time.perf_counter() - started)
        out["save_median"] = statistics.median(warm[:SAVES])
        out["save_p90"] = statistics.quantiles(warm[:SAVES], n=10)[-1]
        out["save_cold_median"] = statistics.median(warm[SAVES:])
        out["saved"] = len(CommentStore(folder / ".comments").load(ref.id).comments)


async def open_case(folder: Path, expected: int, out: Figures) -> None:
    """Open the article in the real app; with comments, then save one more through the UI."""
    from tui.model.comments.comment import new_comment
    from tui.model.comments.drafts import DraftKey
    from tui.model.comments.store import ArticleRef
    from tui.screens.reader import ReaderScreen
    from tui.widgets.article_view import ArticleView

    with tempfile.TemporaryDirectory() as tmp:
        # A copy, as the case writes a comment and the next run must find the same file.
        shutil.copytree(folder, Path(tmp) / "content")
        app, articles = _app(Path(tmp) / "content", Path(tmp))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            view = screen.query_one(ArticleView)
            result = Result("ours", "typical")
            probe = Probe(app, result)
            paints = Paints(app)

            def filled(count: int) -> Callable[[], bool]:
                def check() -> bool:
                    loaded = screen.session.loaded
                    return (
                        loaded is not None
                        and not getattr(screen, "_partial", False)
                        and len(screen.session.discussion) == count
                        and (count == 0 or bool(view.comment_counts))
                    )

                return check

            probe.start()
            paints.expect(lambda: filled(expected)() and MARKER in paints.text())
            screen.open_article(articles[0])
            opened = await paints.wait()
            probe.stop()
            if opened is None:
                out["timed_out"] = True
                return
            out["text"] = result.first_paint
            out["open"] = opened - probe.t0
            out["open_block"] = result.max_block
            out["rss"] = _rss_mb()
            if not expected:
                return
            loop = LoopWatch()
            loop.start()
            started = time.perf_counter()
            loaded = screen.session.loaded
            assert loaded is not None
            ref = ArticleRef(loaded.article.id, loaded.article.relpath, loaded.article.title)
            comment = new_comment("Bench", "Noch ein Kommentar.", None)
            paints.expect(filled(expected + 1))
            screen.comments.write(ref, DraftKey(ref.id, "article"), comment, edit=False)
            shown = await paints.wait(30.0)
            out["ui_save"] = None if shown is None else shown - started
            out["ui_save_block"] = loop.stop()


def find_case(out: Figures) -> None:
    """Search the 1 MB article: the first search folds it, later ones reuse that."""
    from tui.model.articles.markdown import parse_markdown
    from tui.model.search.find import search_document

    document = parse_markdown(generate("large"))
    out["blocks"] = len(document.blocks)
    times: list[float] = []
    hits: dict[str, int] = {}
    for query in (*FIND_QUERIES, *FIND_QUERIES):
        started = time.perf_counter()
        hits[query] = len(search_document(document, query))
        times.append(time.perf_counter() - started)
    out["find_times"] = {q: round(t * 1000, 1) for q, t in zip(FIND_QUERIES, times, strict=False)}
    out["find_first"] = times[0]
    out["find_again"] = times[len(FIND_QUERIES)]
    out["find_median"] = statistics.median(times[1:])
    out["find_max"] = max(times[1:])
    out["find_hits"] = hits


async def folder_case(root: Path, since: float, out: Figures) -> None:
    """Start on the big folder, build the search index while pressing keys, then search it."""
    from tui.app import MarginaliaApp
    from tui.model.articles.library import scan_folder
    from tui.model.session.workspace import UserDirs, Workspace
    from tui.model.text import sanitize_line
    from tui.screens.reader import ReaderScreen
    from tui.screens.search import SearchScreen
    from tui.widgets.article_list import ArticleList

    out["imports"] = time.time() - since
    started = time.perf_counter()
    articles = scan_folder(root)
    out["scan"] = time.perf_counter() - started
    out["articles"] = len(articles)
    with tempfile.TemporaryDirectory() as tmp:
        dirs = UserDirs(Path(tmp) / "config", Path(tmp) / "data", Path(tmp) / "state")
        workspace = Workspace.open(root, dirs=dirs)
        app = MarginaliaApp(workspace, articles, author="Bench")
        first_title = sanitize_line(articles[0].title)[:20]
        paints = Paints(app)
        paints.expect(lambda: first_title in paints.text())
        app_started = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            listed = await paints.wait()
            if listed is None:
                out["timed_out"] = True
                return
            out["app_to_list"] = listed - app_started
            out["list"] = out["imports"] + listed - started
            article_list = app.screen.query_one(ArticleList)
            # On a first start the folder watch reads every file into the index as the reader
            # starts; keys are pressed meanwhile.
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            index = screen.navigation.search_index
            begun = time.perf_counter()
            built: list[float] = []

            loop = LoopWatch()
            loop.start()
            # Keys for ten seconds of the build (a reader moving about), then let it finish.
            await press_keys(
                app,
                article_list,
                paints,
                lambda: index.ready or time.perf_counter() - begun >= KEYS_SECONDS,
                out,
            )
            out["keys_block"] = loop.stop()
            while not index.ready:
                await asyncio.sleep(0.05)
            built.append(time.perf_counter() - app_started)
            out["keys_gc"] = loop.max_gc
            out["build"] = built[0]
            out["rss"] = _rss_mb()
            firsts, times = search_times(index)
            out["search_first"] = firsts[0]
            out["search_first_median"] = statistics.median(firsts[1:])
            out["search_first_max"] = max(firsts[1:])
            out["search_median"] = statistics.median(times)
            out["search_max"] = max(times)
            hits = {query: len(index.search(query, 200)) for query in QUERIES}
            out["search_hits"] = hits
            screen_times: list[float] = []
            for query in QUERIES[:3]:
                begun = time.perf_counter()
                search = SearchScreen(index, query)
                paints.expect(_differs(partial(getattr, search, "_shown"), None))
                await app.push_screen(search)
                shown = await paints.wait(30.0)
                if shown is not None:
                    screen_times.append(shown - begun)
                search.dismiss(None)
                await pilot.pause()
            out["search_screen"] = statistics.median(screen_times) if screen_times else None
            filter_times: list[float] = []
            for text in ("müller", "netz kultur", "gespräch 12"):
                begun = time.perf_counter()
                article_list.set_filter(text, immediate=True)
                await pilot.pause()
                filter_times.append(time.perf_counter() - begun)
            out["filter_median"] = statistics.median(filter_times)
            article_list.set_filter("", immediate=True)
            begun = time.perf_counter()
            from tui.model.search.library_index import LibraryIndex

            listed_again = LibraryIndex(workspace.index_file).articles()
            out["from_index"] = time.perf_counter() - begun
            out["from_index_count"] = len(listed_again)
            out["rss_end"] = _rss_mb()
