"""Stress: workers and another writer run while keys move the cursor and open articles."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from tests.app.helpers import make_app, settle
from tui.model.articles.library import scan_folder
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.private_api import notifications
from tui.screens.reader import ReaderScreen

KEYS = ("right_curly_bracket",) * 3 + ("J",) + ("left_curly_bracket",) * 2 + ("K", "G", "g")


async def test_keys_and_writers_together_lose_nothing(content_dir: Path) -> None:
    """For a few seconds another writer adds comments to every article while the reader moves."""
    articles = scan_folder(content_dir)
    refs = [ArticleRef(a.id, a.relpath, a.title) for a in articles]
    other = CommentStore(content_dir / ".comments")  # a second instance's store
    written: list[str] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            n = 0
            while not stop.is_set():
                comment = new_comment("Other", f"comment {n}")
                other.add(refs[n % len(refs)], comment)
                written.append(comment.id)
                n += 1
                time.sleep(0.01)
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            await pilot.press(*KEYS)
        stop.set()
        writer.join()
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.is_running
        errors = [n.message for n in notifications(app) if n.severity == "error"]
        assert errors == []
    assert failures == []
    stored = set()
    for path in (content_dir / ".comments").glob("*.json"):
        stored |= {c["id"] for c in json.loads(path.read_text("utf-8"))["comments"]}
    assert len(written) > 20 and set(written) <= stored
    reading = list((app.workspace.dirs.state / "reading").glob("*.json"))
    assert len(reading) == 1 and json.loads(reading[0].read_text("utf-8"))["articles"]
    assert not list((content_dir / ".comments").glob("*.lock"))
