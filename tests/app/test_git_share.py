"""Pilot tests: comments that came in through a git merge show in the reader, authors apart."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot

from tests.app.helpers import make_app, screen_text, settle, until
from tests.git_clones import REF, Clones, make_clones, needs_git
from tui.model.comments.comment import new_comment
from tui.widgets.article_view import ArticleView
from tui.widgets.author_colours import author_style
from tui.widgets.comment_pane import CommentPane

pytestmark = needs_git
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def _exchange(clones: Clones) -> None:
    """Anna and Ben comment apart; Ben merges Anna's work, then Anna pulls the merge."""
    a, b = clones.store(clones.a), clones.store(clones.b)
    first = new_comment("Anna", "Anna agrees.", clones.anchor(clones.a, "The first"), now=T0)
    a.add(REF, first)
    clones.commit(clones.a, "Anna")
    clones.git(clones.a, "push", "-q", "origin", "HEAD:main")
    clones.git(clones.b, "pull", "-q", "--no-rebase", "origin", "main")
    later = T0 + timedelta(hours=1)
    argue = clones.anchor(clones.b, "The second")
    a.add(REF, new_comment("Anna", "Anna argues.", argue, now=later))
    b.add(REF, new_comment("Ben", "Ben argues back.", argue, now=later))
    b.add(REF, new_comment("Ben", "Ben replies.", first.anchor, first.id, later))
    clones.commit(clones.a, "Anna again")
    clones.commit(clones.b, "Ben")
    clones.git(clones.a, "push", "-q", "origin", "HEAD:main")
    clones.git(clones.b, "pull", "-q", "--no-rebase", "origin", "main")
    clones.git(clones.b, "push", "-q", "origin", "HEAD:main")


def _name_style(pilot: Pilot[None], name: str) -> str:
    """The colour the comment pane paints `name` in (the first time it shows)."""
    pane = pilot.app.screen.query_one(CommentPane)
    for y in range(pane.size.height):
        for segment in pane.render_line(y):
            if segment.text == name and segment.style is not None:
                color = segment.style.color
                return color.triplet.hex if color and color.triplet else ""
    raise AssertionError(f"{name} is not in the comment pane")


async def test_merged_comments_show_with_other_authors_in_colour(tmp_path: Path) -> None:
    """After a pull that merged two clones' comments, the reader shows all of them."""
    clones = make_clones(tmp_path)
    _exchange(clones)
    clones.git(clones.a, "pull", "-q", "--no-rebase", "origin", "main")
    app = make_app(clones.a, author="Anna")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(pilot)
        for body in ("Anna agrees.", "Anna argues.", "Ben argues back.", "Ben replies."):
            assert body in shown
        assert "4 comments" in app.screen.query_one(ArticleView).byline
        assert sorted(app.screen.query_one(ArticleView).comment_counts.values()) == [2, 2]
        ben = _name_style(pilot, "Ben")
        assert ben and ben == author_style("Ben", "Anna").split()[1]
        assert _name_style(pilot, "Anna") != ben


async def test_a_pull_while_reading_shows_the_merged_comments(tmp_path: Path) -> None:
    """Pulling in a clone whose article is open brings the others' comments in live."""
    clones = make_clones(tmp_path)
    clones.store(clones.a).add(REF, new_comment("Anna", "Anna was here.", None, now=T0))
    clones.commit(clones.a, "Anna")
    argue = clones.anchor(clones.b, "The second")
    clones.store(clones.b).add(REF, new_comment("Ben", "Ben, live.", argue, now=T0))
    clones.commit(clones.b, "Ben")
    clones.git(clones.b, "push", "-q", "origin", "HEAD:main")
    app = make_app(clones.a, author="Anna")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert "Ben, live." not in screen_text(pilot) and view.comment_counts == {}
        pulled = await asyncio.to_thread(
            clones.git, clones.a, "pull", "-q", "--no-rebase", "origin", "main"
        )
        assert pulled.returncode == 0
        await until(pilot, lambda: "Ben, live." in screen_text(pilot))
        await until(pilot, lambda: "2 comments" in view.byline)
        assert list(view.comment_counts.values()) == [1]
        assert "Anna was here." in screen_text(pilot)
    assert clones.status(clones.a) == ""
