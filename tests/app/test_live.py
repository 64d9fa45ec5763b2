"""Pilot tests: files changed on disk while the reader runs show up without a restart."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import article_text, make_app, settle, until
from tui.model.articles.changes import sort_changes
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView

PARAGRAPHS = [f"Paragraph {n} says something worth a note." for n in range(12)]


def _write(folder: Path, name: str, title: str, paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    (folder / name).write_text(
        f"---\ntitle: {title}\ndate: 2026-01-0{len(name) % 9 + 1}\n---\n\n{body}\n"
    )


def test_only_articles_and_comment_files_count(tmp_path: Path) -> None:
    """Hidden files, other types and the store's own lock and temp files are no change."""
    root, comments = tmp_path, tmp_path / ".comments"
    change = sort_changes(
        [
            str(root / "a.md"),
            str(root / "sub" / "b.markdown"),
            str(root / "notes.txt"),
            str(root / "image.png"),
            str(root / ".git" / "x.md"),
            str(comments / "a.json"),
            str(comments / "a.json.lock"),
            str(comments / "a.json.tmp"),
            str(comments / ".gitignore"),
        ],
        root,
        comments,
    )
    assert change.articles == {"a.md", "sub/b.markdown", "notes.txt"}
    assert change.comment_files == {"a.json"}


async def test_an_article_edited_on_disk_reloads_in_place(tmp_path: Path) -> None:
    """An edit outside the app shows within seconds; the cursor stays on its paragraph."""
    folder = tmp_path / "live"
    folder.mkdir()
    _write(folder, "a.md", "Alpha", PARAGRAPHS)
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press(*"}" * 6)
        assert view.current_block is not None
        assert view.current_block.text == PARAGRAPHS[6]
        edited = ["A new opening paragraph.", "And a second one.", *PARAGRAPHS]
        edited[8] = PARAGRAPHS[6].replace("worth", "well worth")
        _write(folder, "a.md", "Alpha", edited)
        await until(pilot, lambda: "A new opening paragraph." in article_text(pilot))
        await settle(pilot)
        assert view.current_block is not None
        assert view.current_block.text == edited[8]


async def test_new_deleted_and_renamed_files_update_the_list(tmp_path: Path) -> None:
    """Adding, removing and renaming article files changes the list while it is shown."""
    folder = tmp_path / "live"
    folder.mkdir()
    _write(folder, "a.md", "Alpha", PARAGRAPHS[:2])
    _write(folder, "bb.md", "Beta", PARAGRAPHS[:2])
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        article_list = app.screen.query_one(ArticleList)

        def titles() -> set[str]:
            return {a.title for a in article_list.articles}

        _write(folder, "ccc.md", "Gamma", PARAGRAPHS[:2])
        await until(pilot, lambda: titles() == {"Alpha", "Beta", "Gamma"})
        (folder / "bb.md").unlink()
        await until(pilot, lambda: titles() == {"Alpha", "Gamma"})
        (folder / "ccc.md").rename(folder / "renamed.md")
        await until(
            pilot, lambda: {a.relpath for a in article_list.articles} == {"a.md", "renamed.md"}
        )
        assert isinstance(app.screen, ReaderScreen)
        assert list(app.screen.session.articles) == article_list.articles


async def test_another_instances_comment_updates_the_count_of_any_article(tmp_path: Path) -> None:
    """A comment written elsewhere on an article that is not open shows in its list count."""
    folder = tmp_path / "live"
    folder.mkdir()
    _write(folder, "a.md", "Alpha", PARAGRAPHS[:2])
    _write(folder, "bb.md", "Beta", PARAGRAPHS[:2])
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        other = next(a for a in article_list.articles if a.id != app.screen.open_article_id)
        store = CommentStore(folder / ".comments")
        store.add(ArticleRef(other.id, other.relpath, other.title), new_comment("Ben", "Hallo"))
        await until(pilot, lambda: article_list.comment_counts.get(other.id) == 1)


async def test_a_half_saved_file_never_breaks_the_reader(tmp_path: Path) -> None:
    """A file caught mid-save (broken front matter) shows once it is whole, with no error."""
    folder = tmp_path / "live"
    folder.mkdir()
    _write(folder, "a.md", "Alpha", PARAGRAPHS[:3])
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        (folder / "a.md").write_text("---\ntitle: [Alph")
        await pilot.pause(0.6)
        _write(folder, "a.md", "Alpha again", PARAGRAPHS[:3])
        await until(pilot, lambda: "Alpha again" in [a.title for a in app.screen.session.articles])
        await settle(pilot)
        assert PARAGRAPHS[2] in article_text(pilot)
        assert app.is_running and isinstance(app.screen, ReaderScreen)


async def test_folders_made_while_the_reader_runs_are_watched_too(tmp_path: Path) -> None:
    """Each folder is watched on its own: a new folder (a tree moved in at once, too) is listed,
    and what is written into it later shows as well."""
    folder = tmp_path / "live"
    (folder / "old").mkdir(parents=True)
    _write(folder / "old", "a.md", "Alpha", PARAGRAPHS[:2])
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)

        def titles() -> set[str]:
            return {article.title for article in article_list.articles}

        moved_in = tmp_path / "elsewhere" / "tree" / "deep"
        moved_in.mkdir(parents=True)
        _write(moved_in, "b.md", "Beta", PARAGRAPHS[:2])
        (tmp_path / "elsewhere" / "tree").rename(folder / "tree")
        await until(pilot, lambda: "Beta" in titles())
        _write(folder / "tree" / "deep", "cc.md", "Gamma", PARAGRAPHS[:2])
        await until(pilot, lambda: "Gamma" in titles())
        _write(folder / "old", "ddd.md", "Delta", PARAGRAPHS[:2])
        await until(pilot, lambda: "Delta" in titles())
        assert titles() == {"Alpha", "Beta", "Gamma", "Delta"}
