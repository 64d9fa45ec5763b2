"""Helpers for Pilot tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tui.app import MarginaliaApp
from tui.model.articles.library import scan_folder
from tui.model.session.workspace import Workspace
from tui.private_api import screen_lines
from tui.widgets.article_view import ArticleView


def make_app(
    folder: Path,
    *,
    lang: str = "en",
    open_id: str | None = None,
    author: str | None = "Tester",
) -> MarginaliaApp:
    """The app on `folder`, as the command line would start it."""
    workspace = Workspace.open(folder.resolve())
    return MarginaliaApp(workspace, scan_folder(folder), lang=lang, author=author, open_id=open_id)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until loading workers are done and their results are painted."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    view = pilot.app.screen.query_one(ArticleView)
    for _ in range(500):
        if view.laid_out:
            return
        await pilot.pause(0.01)
    raise AssertionError("the article was never laid out")


def article_text(pilot: Pilot[None]) -> str:
    """Everything the article view has laid out, as plain text."""
    return "\n".join(pilot.app.screen.query_one(ArticleView).text_lines())


def screen_text(pilot: Pilot[None]) -> str:
    """What the terminal shows right now, as plain text lines."""
    return "\n".join(screen_lines(pilot.app.screen))


async def until(pilot: Pilot[None], ready: Callable[[], bool], seconds: float = 8.0) -> None:
    """Wait until `ready()` holds (file events arrive after a short debounce)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError("never happened")
