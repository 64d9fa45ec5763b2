"""Pilot tests: writing, replying, editing, deleting comments and keeping drafts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.helpers import make_app, screen_text, settle
from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.screens.confirm import ConfirmScreen
from tui.screens.editor import CommentEditor
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.comment_pane import CommentPane

ARTICLE = "gespraech-statt-sendung"


def comment_file(folder: Path) -> dict[str, object]:
    """The article's comment file as JSON."""
    data = json.loads((folder / ".comments" / f"{ARTICLE}.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


async def write_comment(pilot, keys: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open the editor with `keys`, type `text`, save with ctrl+s."""
    await pilot.press(keys)
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommentEditor)
    await pilot.press(*text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_comment_on_a_paragraph_is_saved_and_there_after_restart(content_dir: Path) -> None:
    """} then c, typing and ctrl+s stores the comment on that paragraph; a new start shows it."""
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        await write_comment(pilot, "c", "Stimmt genau")
        view = app.screen.query_one(ArticleView)
        assert view.comment_counts == {2: 1}
        assert app.screen.query_one(ArticleView).byline.endswith("1 comment")
        assert "Stimmt genau" in screen_text(pilot)
    data = comment_file(content_dir)
    [stored] = data["comments"]  # type: ignore[misc]
    assert stored["body"] == "Stimmt genau"
    assert stored["author"] == "Tester"
    assert stored["anchor"]["quote"].startswith("Die Fragen der Leute")

    again = make_app(content_dir)
    async with again.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = again.screen.query_one(ArticleView)
        assert view.comment_counts == {2: 1}
        assert view.cursor == 2  # the article reopens where the reader left it
        pane = again.screen.query_one(CommentPane)
        assert pane.selected is not None
        assert pane.selected.comment.body == "Stimmt genau"


async def test_reply_edit_delete_and_undo(content_dir: Path) -> None:
    """r replies, e edits (marked edited), d deletes after asking, u brings it back."""
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await write_comment(pilot, "c", "Erster")
        await write_comment(pilot, "r", "Antwort")
        comments = comment_file(content_dir)["comments"]
        assert len(comments) == 2  # type: ignore[arg-type]
        first = next(c for c in comments if c["body"] == "Erster")  # type: ignore[union-attr]
        reply = next(c for c in comments if c["body"] == "Antwort")  # type: ignore[union-attr]
        assert reply["parent"] == first["id"]

        pane = app.screen.query_one(CommentPane)
        assert pane.selected is not None and pane.selected.comment.body == "Antwort"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.press(*"Geaendert")
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = comment_file(content_dir)["comments"]
        edited = next(c for c in stored if c["id"] == reply["id"])  # type: ignore[union-attr]
        assert edited["body"] == "Geaendert"
        assert edited["updated"] is not None
        assert "edited" in screen_text(pilot)

        pane.select(first["id"])  # type: ignore[arg-type]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert comment_file(content_dir)["comments"] == []
        assert app.screen.query_one(ArticleView).byline.endswith("0 comments")
        # Deletions are kept as tombstones signed by the reader, so a git merge keeps them.
        graves = comment_file(content_dir)["tombstones"]
        assert {(g["id"], g["by"]) for g in graves} == {  # type: ignore[union-attr]
            (first["id"], "Tester"),  # type: ignore[index]
            (reply["id"], "Tester"),  # type: ignore[index]
        }

        await pilot.press("u")
        await settle(pilot)
        bodies = {c["body"] for c in comment_file(content_dir)["comments"]}  # type: ignore[union-attr]
        assert bodies == {"Erster", "Geaendert"}
        assert comment_file(content_dir)["tombstones"] == []


async def test_draft_survives_stopping_with_the_editor_open(content_dir: Path) -> None:
    """Text typed in an open editor comes back when the same paragraph's editor opens again."""
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_curly_bracket", "c")
        await pilot.pause()
        await pilot.press(*"Halbfertiger Gedanke")
        await pilot.pause()
    assert not (content_dir / ".comments" / f"{ARTICLE}.json").exists()

    again = make_app(content_dir)
    async with again.run_test(size=(140, 40)) as pilot:
        await settle(pilot)  # the article reopens with the cursor where it was
        await pilot.press("c")
        await again.workers.wait_for_complete()  # the draft is read off the event loop
        await pilot.pause()
        editor = again.screen
        assert isinstance(editor, CommentEditor)
        assert editor.text == "Halbfertiger Gedanke"


async def test_escape_closes_the_editor_and_keeps_the_draft(content_dir: Path) -> None:
    """esc closes the editor without saving; c on the same paragraph offers the text again."""
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"Entwurf")
        await pilot.press("escape")
        await app.workers.wait_for_complete()  # the draft is written off the event loop
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CommentEditor)
        assert app.screen.text == "Entwurf"


async def test_hostile_comment_text_is_shown_literally(content_dir: Path) -> None:
    """Markup and an escape sequence in a comment are shown as text and run nothing."""
    hostile = "[/] [@click=app.quit]x[/] \x1b[31mred"
    article = next(a for a in scan_folder(content_dir) if a.id == ARTICLE)
    document = load_article(content_dir, article).document
    store = CommentStore(content_dir / ".comments")
    ref = ArticleRef(article.id, article.relpath, article.title)
    store.add(ref, new_comment("Mallory", "placeholder", anchor=make_anchor(document, 0)))
    # Written as a hostile file would hold it, past the sanitiser that typed comments pass.
    path = store.path_for(ref.id)
    path.write_text(
        path.read_text("utf-8").replace("placeholder", "[/] [@click=app.quit]x[/] \\u001b[31mred"),
        "utf-8",
    )
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "[/] [@click=app.quit]x[/] red" in shown
        assert "\x1b" not in shown
        await pilot.click(CommentPane, offset=(20, 2))
        await pilot.pause()
        assert app.is_running
    stored = comment_file(content_dir)["comments"][0]["body"]  # type: ignore[index]
    assert stored == hostile  # reading changed nothing on disk


async def test_first_comment_asks_for_the_author_once(
    content_dir: Path, isolated_user: Path
) -> None:
    """With no author known, the editor asks (prefilled) and the name is remembered."""
    app = make_app(content_dir, author=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        name = app.screen.query_one("#editor-author")
        name.value = "Anna Beispiel"  # type: ignore[attr-defined]
        app.screen.query_one("#editor-text").focus()
        await pilot.press(*"Hallo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await app.workers.wait_for_complete()
    assert comment_file(content_dir)["comments"][0]["author"] == "Anna Beispiel"  # type: ignore[index]
    config = (isolated_user / "xdg_config_home" / "marginalia" / "config.toml").read_text()
    assert 'author = "Anna Beispiel"' in config


async def test_another_instances_comment_appears(content_dir: Path) -> None:
    """A comment written by another process shows up within a couple of seconds."""
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen.session.loaded.article  # type: ignore[attr-defined]
        store = CommentStore(content_dir / ".comments")
        ref = ArticleRef(article.id, article.relpath, article.title)
        store.add(ref, new_comment("Other", "Von nebenan"))
        for _ in range(40):
            await pilot.pause(0.1)
            if "Von nebenan" in screen_text(pilot):
                break
        assert "Von nebenan" in screen_text(pilot)
        assert app.screen.query_one(ArticleView).byline.endswith("1 comment")


async def test_comment_on_deleted_text_is_listed_as_changed_text(content_dir: Path) -> None:
    """A comment whose paragraph was removed shows under 'Comments on changed text'."""
    article = next(a for a in scan_folder(content_dir) if a.id == ARTICLE)
    document = load_article(content_dir, article).document
    store = CommentStore(content_dir / ".comments")
    ref = ArticleRef(article.id, article.relpath, article.title)
    index = next(i for i, b in enumerate(document.blocks) if b.text.startswith("Darum planen"))
    store.add(ref, new_comment("Anna", "Gute Idee", anchor=make_anchor(document, index)))
    path = content_dir / f"{ARTICLE}.md"
    lines = path.read_text("utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("Darum planen")]
    path.write_text("\n".join(kept) + "\n")
    app = make_app(content_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Comments on changed text" in shown
        assert "Gute Idee" in shown
        assert app.screen.query_one(ArticleView).byline.endswith("1 comment")
