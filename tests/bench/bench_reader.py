"""Opening articles in our ArticleView beside Textual's own Markdown widget, from one run.

Run by hand from the repository root: `python tests/bench/bench_reader.py [--quick]`.
Every case (view x article) runs in a fresh subprocess (`--one ENGINE SIZE`), headless at
100x40 cells, so imports and caches of one case do not help another and peak memory is per case.

What is measured, from the moment the article is opened (t0):

- Open: ours parses with `parse_markdown` in a thread (as the reader screen's worker does) and
  then calls `ArticleView.show`; the peer is a `Markdown` widget inside a `VerticalScroll` (what
  `MarkdownViewer` is without its table of contents), opened with `Markdown.update(source)`, which
  parses in an executor thread and mounts one widget per block in batches of 200.
- First paint: the end of the first compositor refresh (`Screen._compositor_refresh`, which renders
  the update even when headless) after which the screen shows the first paragraph's marker word.
- Fully laid out: ours when `ArticleView.laid_out` turns True. The peer when its `update` has
  finished, and the scroll container's virtual height has not changed for `SETTLE` seconds with no
  layout pending; the time taken is the later of the update's end and the last height change.
- Max UI block: after first paint the end key is pressed (`G` / `end`); a background task sleeps
  1 ms at a time and records the longest gap between its wake-ups from t0 until the view is laid out
  and (ours) scrolled to its last row. That gap is the longest the UI could not answer a key.
- Peak memory: `ru_maxrss` of the case's process, and its growth over the idle app before t0.
  tracemalloc is left out on purpose: it slows allocation-heavy code several times over.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from importlib.metadata import version
from typing import Any

from gen_docs import MARKER, generate
from report import TIMEOUT, Result, combine, print_table, rows

SIZE = (100, 40)
"""Terminal size of every case."""
TICK = 0.001
"""Sleep of the background task whose wake-up gaps show how long the UI was blocked."""
SETTLE = 0.5
"""Seconds the peer's height must stay unchanged before it counts as laid out."""
ENGINES = ("ours", "peer")
SIZES = ("typical", "large")


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


class Probe:
    """Watches paints and event-loop wake-ups of one open and stamps the milestones."""

    def __init__(self, app: Any, result: Result) -> None:
        self.result = result
        self.t0 = 0.0
        self.checks: dict[str, Callable[[], bool]] = {}
        self.height: Callable[[], int] | None = None
        self.last_change = 0.0
        self._last_height = -1
        self._overhead = 0.0
        self._task: asyncio.Task[None] | None = None
        self._base_rss = 0.0
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if not self.t0 or renderable is None or app._batch_count:
                return
            now = time.perf_counter()
            if self.height is not None and (height := self.height()) != self._last_height:
                self._last_height, self.last_change = height, now
            if result.first_paint is None:
                text = "\n".join(strip.text for strip in screen._compositor.render_strips())
                if MARKER in text:
                    result.first_paint = now - self.t0
                # Reading the screen back is the probe's own work, not the UI's.
                self._overhead += time.perf_counter() - now

        app._display = display

    def start(self) -> None:
        """Set t0 to now and start recording wake-up gaps in the background."""
        self._base_rss = _rss_mb()
        self.t0 = time.perf_counter()
        self._task = asyncio.create_task(self._ticks())

    def stop(self) -> None:
        """Stop recording (tearing the app down is not part of the case) and note memory."""
        if self._task is not None:
            self._task.cancel()
        self.result.rss_mb = _rss_mb()
        self.result.rss_growth_mb = self.result.rss_mb - self._base_rss

    async def _ticks(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            gap, self._overhead = now - last - self._overhead, 0.0
            if gap > self.result.max_block:
                self.result.max_block, self.result.max_block_at = gap, last - self.t0
            last = now
            for name, check in list(self.checks.items()):
                if check():
                    setattr(self.result, name, now - self.t0)
                    del self.checks[name]

    async def wait(self, done: Callable[[], bool]) -> bool:
        """Wait until `done()` holds; False (and the case marked timed out) after the timeout."""
        while not done():
            if time.perf_counter() - self.t0 > TIMEOUT[self.result.size]:
                self.result.timed_out = True
                return False
            await asyncio.sleep(TICK)
        return True


async def _run_ours(source: str, result: Result) -> None:
    """Open the article the way the reader does: the real app, its worker and its view."""
    import tempfile
    from pathlib import Path

    from tui.app import MarginaliaApp
    from tui.model.articles.library import scan_folder
    from tui.model.session.workspace import UserDirs, Workspace
    from tui.screens.reader import ReaderScreen
    from tui.widgets.article_view import ArticleView

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        folder.mkdir()
        (folder / "bench.md").write_text(
            "---\ntitle: Benchmark\nauthor: Bench\n---\n\n" + source, "utf-8"
        )
        dirs = UserDirs(Path(tmp) / "config", Path(tmp) / "data", Path(tmp) / "state")
        articles = scan_folder(folder)
        app = MarginaliaApp(Workspace.open(folder, dirs=dirs), articles, author="Bench")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            view = screen.query_one(ArticleView)
            probe = Probe(app, result)
            probe.start()
            started = time.perf_counter()
            screen.open_article(articles[0])
            result.show = time.perf_counter() - started

            def complete() -> bool:
                loaded = screen.session.loaded
                return loaded is not None and not screen.session.partial and view.laid_out

            probe.checks["laid_out"] = complete
            if await probe.wait(lambda: result.first_paint is not None):
                # Checked before the key goes in: `press` returns once the app is idle again.
                probe.checks["bottom"] = lambda: (
                    complete() and view.max_scroll_y > 0 and view.scroll_y >= view.max_scroll_y
                )
                await pilot.press("G")
                await probe.wait(lambda: result.bottom is not None)
            await probe.wait(complete)
            result.blocks = len(view.document.blocks)
            probe.stop()
            _report(result)


async def _run_peer(source: str, result: Result, *, quick: bool) -> None:
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Markdown

    class PeerApp(App[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Markdown()

    app = PeerApp()
    async with app.run_test(size=SIZE) as pilot:
        scroller = app.query_one(VerticalScroll)
        markdown = app.query_one(Markdown)
        scroller.focus()
        await pilot.pause()
        probe = Probe(app, result)
        probe.height = lambda: scroller.virtual_size.height
        updated: list[float] = []

        async def update() -> None:
            await markdown.update(source)
            updated.append(time.perf_counter())

        def settled() -> bool:
            if not updated or app.screen._layout_required:
                return False
            return time.perf_counter() - max(updated[0], probe.last_change) >= SETTLE

        probe.start()
        # Held so the running update is not garbage-collected; the process ends without it.
        task = asyncio.create_task(update())
        if await probe.wait(lambda: result.first_paint is not None):
            await pilot.press("end")
            if quick and result.size == "large":
                result.skipped = True
            elif await probe.wait(settled):
                result.laid_out = max(updated[0], probe.last_change) - probe.t0
        probe.stop()
        result.blocks = len(markdown.children)
        _report(result)
        task.cancel()


_profiler: cProfile.Profile | None = None
_profile_path = ""


def _report(result: Result) -> None:
    """Print the case's result for the parent and end the process at once."""
    if _profiler is not None:
        _profiler.disable()
        _profiler.dump_stats(_profile_path)
    print(json.dumps(asdict(result)), flush=True)
    # Tearing down thousands of peer widgets can take longer than the measurement itself.
    os._exit(0)


def _spawn(engine: str, size: str, *, quick: bool) -> Result:
    """Measure one case in a fresh interpreter and read its result."""
    command = [sys.executable, __file__, "--one", engine, size] + (["--quick"] if quick else [])
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=3 * TIMEOUT[size] + 60, check=False
        )
    except subprocess.TimeoutExpired:
        return Result(engine, size, timed_out=True)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return Result(**json.loads(line))
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    print(f"  {engine} {size} failed (exit {done.returncode}): {tail}")
    return Result(engine, size, timed_out=True)


def _run_all(repeat: int, *, quick: bool) -> None:
    """Measure every case in its own process and print one table per article."""
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("textual", "rich", "markdown-it-py")
    )
    print(f"Python {platform.python_version()}, {versions}, {os.cpu_count()} CPUs")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average before: {load} (other work on the machine slows every figure)")
    print(f"Terminal {SIZE[0]}x{SIZE[1]}, headless; peer: Textual Markdown in a VerticalScroll")
    for size in SIZES:
        source = generate(size)
        print(f"{size} article: {len(source.encode()):,} bytes, {len(source.split()):,} words")
    print()
    for size in SIZES:
        started = time.perf_counter()
        ours = combine([_spawn("ours", size, quick=quick) for _ in range(repeat)])
        # The peer's 1 MB case takes minutes, so it runs once.
        runs = 1 if size == "large" else repeat
        peer = combine([_spawn("peer", size, quick=quick) for _ in range(runs)])
        print(
            f"{size} article: {ours.blocks:,} blocks (ours), {peer.blocks:,} top-level widgets"
            f" (peer), median of {ours.runs} / {peer.runs} runs,"
            f" {time.perf_counter() - started:.0f} s"
        )
        print_table(["metric", "ours", "Markdown", "ratio", "target", "result"], rows(ours, peer))
        print()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average after: {load}")


def main(argv: list[str] | None = None) -> int:
    """Run every case in its own process and print the comparison (or run one case)."""
    global _profiler, _profile_path
    parser = argparse.ArgumentParser(description="Our article view beside Textual's Markdown.")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "SIZE"), help="measure one case")
    parser.add_argument("--profile", metavar="FILE", help="with --one: write cProfile stats")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (median shown)")
    parser.add_argument("--quick", action="store_true", help="skip the peer's 1 MB full layout")
    args = parser.parse_args(argv)
    if not args.one:
        _run_all(max(1, args.repeat), quick=args.quick)
        return 0
    engine, size = args.one
    if engine not in ENGINES or size not in SIZES:
        parser.error(f"ENGINE is one of {ENGINES}, SIZE one of {SIZES}")
    source = generate(size)
    if args.profile:
        _profiler, _profile_path = cProfile.Profile(), args.profile
        _profiler.enable()
    result = Result(engine, size)
    if engine == "ours":
        asyncio.run(_run_ours(source, result))
    else:
        asyncio.run(_run_peer(source, result, quick=args.quick))
    _report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
