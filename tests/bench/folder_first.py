"""The first start on a big folder as the command line starts it: the list fills as it is read.

Run by bench_folder.py: `--one first` starts the real app headless through `build_app` with an
empty cache (a folder this big is not read before the start: the list fills as the folder watch
reads every file into the index) and records:

- when the list first painted an article's title, from the process start;
- when the index held the whole folder (the pass ended), from the app's start;
- while the pass runs, `j` is pressed every 30 ms from the first title on: the longest
  event-loop block, the longest garbage collection and how long each key took to be painted.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench_reader import SIZE
from folder_cases import Figures, LoopWatch, Paints, press_keys, until


async def first_case(root: Path, since: float, out: Figures) -> None:
    """Start on `root` with an empty cache; press keys while the list fills and the index builds."""
    from tui.cli_start import build_app
    from tui.model.session.workspace import UserDirs
    from tui.screens.reader import ReaderScreen
    from tui.widgets.article_list import ArticleList

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        dirs = UserDirs(home / "config", home / "data", home / "state", home / "cache")
        started = time.perf_counter()
        out["imports"] = time.time() - since
        app = build_app(root.resolve(), dirs=dirs, author="Bench")
        paints = Paints(app)
        async with app.run_test(size=SIZE):
            app_started = time.perf_counter()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            article_list = screen.query_one(ArticleList)
            index = screen.navigation.search_index
            loop = LoopWatch()
            loop.start()
            paints.expect(lambda: bool(article_list.articles))
            listed = await paints.wait()
            if listed is None:
                out["timed_out"] = True
                return
            out["list"] = out["imports"] + listed - started
            await press_keys(app, article_list, paints, lambda: index.ready, out)
            out["build"] = time.perf_counter() - app_started
            out["keys_block"] = loop.stop()
            out["keys_gc"] = loop.max_gc
            if not await until(lambda: len(article_list.articles) == len(index.library)):
                out["timed_out"] = True
                return
            out["articles"] = len(article_list.articles)
