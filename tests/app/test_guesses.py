"""Pilot tests: an orphaned comment's "maybe here" guess, accepted with a or dismissed with x."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot

from tests.app.helpers import make_app, screen_text, settle
from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import block_hash, make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.widgets.article_view import ArticleView
from tui.widgets.comment_pane import CommentPane

ARTICLE = "gespraech-statt-sendung"
OLD = "wird gelesen und vergessen"
NEW = "wird gelesen und schnell wieder vergessen"


def _comment_on_changed_paragraph(folder: Path) -> None:
    """A comment on the first paragraph; then the title and that paragraph are both edited."""
    article = next(a for a in scan_folder(folder) if a.id == ARTICLE)
    document = load_article(folder, article).document
    index = next(i for i, b in enumerate(document.blocks) if b.text.startswith("Ein Verein"))
    store = CommentStore(folder / ".comments")
    ref = ArticleRef(article.id, article.relpath, article.title)
    store.add(ref, new_comment("Anna", "Stimmt", anchor=make_anchor(document, index)))
    path = folder / f"{ARTICLE}.md"
    text = path.read_text("utf-8")
    text = text.replace("# Gespräch statt Sendung", "# Gespräche statt Sendungen")
    path.write_text(text.replace(OLD, NEW), "utf-8")


def _stored_anchor(folder: Path) -> dict[str, object]:
    data = json.loads((folder / ".comments" / f"{ARTICLE}.json").read_text("utf-8"))
    [comment] = data["comments"]
    anchor = comment["anchor"]
    assert isinstance(anchor, dict)
    return anchor


async def _select_the_orphan(pilot: Pilot[None]) -> None:
    """Open the article, focus the comment pane and highlight its one comment."""
    await pilot.press("enter")
    await settle(pilot)
    pilot.app.screen.query_one(CommentPane).focus()
    await pilot.press("down")
    await pilot.pause()


async def test_accepting_the_guess_puts_the_comment_on_that_paragraph(content_dir: Path) -> None:
    """The pane says where the orphan may belong; a moves it there, on screen and on disk."""
    _comment_on_changed_paragraph(content_dir)
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await _select_the_orphan(pilot)
        shown = screen_text(pilot)
        assert "Comments on changed text" in shown
        assert "Maybe here:" in shown and "a puts it here, x says not here" in shown
        view = app.screen.query_one(ArticleView)
        document = view.document
        target = next(i for i, b in enumerate(document.blocks) if NEW in b.text)
        assert view.cursor == target  # the article shows the paragraph it may belong to
        assert "Place here" in shown  # the footer names the key
        await pilot.press("a")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Maybe here:" not in shown and "Comments on changed text" not in shown
        assert view.comment_counts == {target: 1}
    anchor = _stored_anchor(content_dir)
    assert anchor["block"] == target
    assert anchor["hash"] == block_hash(document.blocks[target])
    assert NEW in str(anchor["quote"])


async def test_dismissing_the_guess_keeps_the_orphan_without_it(content_dir: Path) -> None:
    """x stores that the paragraph is not the place; the orphan stays, offered nowhere."""
    _comment_on_changed_paragraph(content_dir)
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await _select_the_orphan(pilot)
        document = app.screen.query_one(ArticleView).document
        target = next(i for i, b in enumerate(document.blocks) if NEW in b.text)
        await pilot.press("x")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Comments on changed text" in shown and "Stimmt" in shown
        assert "Maybe here:" not in shown
        await pilot.press("a")  # nothing left to accept
        await settle(pilot)
        assert app.screen.query_one(ArticleView).comment_counts == {}
    anchor = _stored_anchor(content_dir)
    assert anchor["declined"] == [block_hash(document.blocks[target])]
    assert OLD in str(anchor["quote"])


async def test_guess_is_offered_in_german(content_dir: Path) -> None:
    """With the German interface, the guess and its keys are named in German."""
    _comment_on_changed_paragraph(content_dir)
    app = make_app(content_dir, lang="de")
    async with app.run_test(size=(140, 40)) as pilot:
        await _select_the_orphan(pilot)
        pane = app.screen.query_one(CommentPane)
        # The pane's rows unwrapped (on screen the hint wraps in the narrow pane).
        shown = "\n".join(str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count))
        assert "Vielleicht hier:" in shown
        assert "a setzt ihn hierhin, x sagt: nicht hier" in shown
