"""The garbage collector waits for the reader's first paint, then leaves what starting made alone.

The reader's checks run in a fresh interpreter: freezing the test run's own objects would hide
garbage from the rest of the suite.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import tui
from tests.fresh_python import run_fresh


def _run(code: str, cwd: Path) -> dict[str, object]:
    """Run `code` in a fresh interpreter with a home of its own; it prints a JSON object."""
    env = {**os.environ, "HOME": str(cwd)}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(cwd / name.lower())
    answer: dict[str, object] = run_fresh(code, cwd, env)
    return answer


def test_a_reader_that_ends_before_painting_gives_the_collector_back() -> None:
    frozen = gc.get_freeze_count()
    try:
        tui.hold_collection()
        assert not gc.isenabled()
        tui.resume_collection(painted=False)
        assert gc.isenabled()
        assert gc.get_threshold()[0] == 50_000
        assert gc.get_freeze_count() == frozen  # nothing frozen: nothing was painted
    finally:
        gc.enable()


def test_resuming_what_was_never_held_changes_nothing() -> None:
    gc.disable()
    try:
        tui.resume_collection()
        assert not gc.isenabled()  # someone else's choice, not the reader's
    finally:
        gc.enable()


def test_the_reader_collects_again_after_its_first_paint(tmp_path: Path) -> None:
    """`marginalia ARTICLE` starts with the collector off; after the first paint it is on, and
    what starting made is frozen out of its passes."""
    article = tmp_path / "note.md"
    article.write_text("# Note\n\nA few words.\n", encoding="utf-8")
    seen = _run(
        f"""
        import asyncio, gc, json
        from tui import cli
        from tui.app import MarginaliaApp

        seen = {{}}
        starting = MarginaliaApp.__init__

        def init(self, *args, **kwargs):
            seen["while starting"] = gc.isenabled()
            starting(self, *args, **kwargs)

        def run(self, *args, **kwargs):
            async def drive():
                async with self.run_test() as pilot:
                    await pilot.pause()
                    seen["painted"] = gc.isenabled()
                    seen["frozen"] = gc.get_freeze_count()
            asyncio.run(drive())

        MarginaliaApp.__init__ = init
        MarginaliaApp.run = run
        cli.main([{str(article)!r}])
        print(json.dumps(seen))
        """,
        tmp_path,
    )
    assert seen["while starting"] is False
    assert seen["painted"] is True
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 1000


def test_other_commands_keep_the_collector_on(tmp_path: Path) -> None:
    article = tmp_path / "note.md"
    article.write_text("# Note\n\nA few words.\n", encoding="utf-8")
    seen = _run(
        f"""
        import gc, json
        from tui import cli
        import tui.cat

        seen = {{}}
        printing = tui.cat.print_article

        def print_article(*args, **kwargs):
            seen["printing"] = gc.isenabled()
            return printing(*args, **kwargs)

        tui.cat.print_article = print_article
        cli.main(["cat", {str(article)!r}])
        seen["after"] = gc.isenabled()
        print(json.dumps(seen))
        """,
        tmp_path,
    )
    assert seen == {"printing": True, "after": True}
