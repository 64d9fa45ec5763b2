"""The session's search over the folder's index: caught up, searched while it fills."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui.model.articles.library import Article, load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.model.search.corpus import SessionIndex
from tui.model.search.index import HitField
from tui.model.search.library_index import LibraryIndex


def write(folder: Path, name: str, text: str) -> None:
    """Write one article file."""
    (folder / name).write_text(text, "utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three small articles, one by Müller with tags."""
    root = tmp_path / "content"
    root.mkdir()
    write(
        root,
        "erster.md",
        "---\ntitle: Erster Beitrag\nauthor: Christian Müller\ntags: [verein, dialog]\n"
        "date: 2025-01-02\n---\n\nDie Straße ist lang.\n\nZweiter Absatz hier.\n\nDritter.\n",
    )
    write(root, "zweiter.md", "---\ntitle: Zweiter\ndate: 2024-01-01\n---\n\nNur ein Satz.\n")
    write(root, "notiz.txt", "Eine Notiz\n\nvon Erika Probe\n\nText der Notiz.\n")
    return root


def by_id(articles: list[Article], article_id: str) -> Article:
    """The article with `article_id`."""
    return next(a for a in articles if a.id == article_id)


def add_comment(
    root: Path, article: Article, body: str, block: int | None, parent: str = ""
) -> str:
    """Store a comment on `block` (None: on the whole article) and return its id."""
    document = load_article(root, article).document
    anchor = make_anchor(document, block) if block is not None else None
    comment = new_comment("Anna", body, anchor=anchor, parent=parent or None)
    ref = ArticleRef(article.id, article.relpath, article.title)
    CommentStore(root / ".comments").add(ref, comment)
    return comment.id


def session(tmp_path: Path) -> SessionIndex:
    """A session's index in a database of the test's own."""
    return SessionIndex(LibraryIndex(tmp_path / "cache" / "index.sqlite3"))


def test_session_index_finds_mueller_as_author_after_catching_up(
    folder: Path, tmp_path: Path
) -> None:
    """After the pass, Mueller finds the article by Müller, and Strasse its paragraph."""
    index = session(tmp_path)
    assert not index.ready
    result = index.catch_up(folder, CommentStore(folder / ".comments"))
    assert result is not None and result.articles == scan_folder(folder)
    assert index.ready and index.progress == (3, 3)
    [hit] = index.search("Mueller")
    assert (hit.article_id, hit.field) == ("erster", HitField.AUTHOR)
    [hit] = index.search("Strasse")
    assert (hit.article_id, hit.field) == ("erster", HitField.BODY)
    document = load_article(folder, by_id(scan_folder(folder), "erster")).document
    assert hit.line is not None and document.block_at_line(hit.line) == 0
    assert index.title("erster") == "Erster Beitrag"


def test_a_later_session_is_ready_at_once(folder: Path, tmp_path: Path) -> None:
    """The index on disk answers the next session before any pass: nothing to build."""
    session(tmp_path).catch_up(folder, CommentStore(folder / ".comments"))
    later = session(tmp_path)
    assert later.ready
    assert [hit.article_id for hit in later.search("mueller")] == ["erster"]
    assert later.articles() == scan_folder(folder)


def test_the_pass_reports_each_file_and_stops_when_cancelled(folder: Path, tmp_path: Path) -> None:
    """The report sees every file read; a cancelled pass stops and is not ready."""
    seen: list[tuple[int, int]] = []
    index = session(tmp_path)
    store = CommentStore(folder / ".c")
    index.catch_up(folder, store, report=lambda step: seen.append((step.done, step.total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    stopped = SessionIndex(LibraryIndex(tmp_path / "other.sqlite3"))
    assert stopped.catch_up(folder, store, cancelled=lambda: True) is None
    assert not stopped.ready


def test_replaced_comments_are_searchable_replies_on_their_parents_block(
    folder: Path, tmp_path: Path
) -> None:
    """After the reader writes a comment, its words find it, a reply on its parent's block."""
    index = session(tmp_path)
    store = CommentStore(folder / ".comments")
    index.catch_up(folder, store)
    assert index.search("Zwiebelkuchen") == []
    article = by_id(scan_folder(folder), "erster")
    first = add_comment(folder, article, "Zwiebelkuchen!", 1)
    reply = add_comment(folder, article, "Zwiebelkuchen gern", None, parent=first)
    whole = add_comment(folder, article, "Zwiebelkuchen für alle", None)
    index.replace_comments(store, article.id, store.load(article.id).comments)
    hits = index.search("zwiebelkuchen")
    assert [(h.field, h.comment_id, h.block) for h in hits] == [
        (HitField.COMMENT, first, 1),
        (HitField.COMMENT, reply, 1),
        (HitField.COMMENT, whole, None),
    ]
    again = index.catch_up(folder, store)
    assert again is not None and not again.change


def test_an_unreadable_article_is_still_listed_by_its_name(folder: Path, tmp_path: Path) -> None:
    """A binary file is listed with its problem and its file name as title, and searched so."""
    (folder / "kaputt.md").write_bytes(b"\x00\x01\x02binary\x00")
    index = session(tmp_path)
    result = index.catch_up(folder, CommentStore(folder / ".comments"))
    assert result is not None
    kaputt = by_id(result.articles, "kaputt")
    assert kaputt.problem is not None and kaputt.title == "kaputt"
    assert [hit.article_id for hit in index.search("kaputt")] == ["kaputt"]


def test_a_damaged_comment_file_is_reported_as_moved_aside(folder: Path, tmp_path: Path) -> None:
    """Reading a corrupt comment file tells where it was moved, and the article is indexed."""
    (folder / ".comments").mkdir()
    (folder / ".comments" / "zweiter.json").write_text("{not json", "utf-8")
    result = session(tmp_path).catch_up(folder, CommentStore(folder / ".comments"))
    assert result is not None
    [moved] = result.moved_aside
    assert moved.name.startswith("zweiter.json.corrupt")
    assert "zweiter" in [a.id for a in result.articles]


def test_searching_while_catching_up_in_another_thread_never_fails(
    folder: Path, tmp_path: Path
) -> None:
    """Searches running alongside a first pass return what is indexed so far, never less."""
    for number in range(60):
        write(folder, f"extra-{number:03d}.md", f"# Extra {number}\n\nMüller schreibt {number}.\n")
    index = session(tmp_path)
    builder = threading.Thread(
        target=index.catch_up,
        args=(folder, CommentStore(folder / ".c")),
        kwargs={"list_as_you_go": True},
    )
    builder.start()
    counts = []
    while builder.is_alive():
        counts.append(len({hit.article_id for hit in index.search("mueller")}))
    builder.join()
    assert len({hit.article_id for hit in index.search("mueller")}) == 61
    assert counts == sorted(counts)
