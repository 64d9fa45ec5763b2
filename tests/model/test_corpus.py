"""Tests for building the global search's entries from a content folder."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui.model.articles.library import Article, load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.model.search import corpus
from tui.model.search.corpus import SessionIndex, entry_for, iter_entries
from tui.model.search.index import HitField, IndexedComment


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


def test_every_article_gets_an_entry_in_order_with_progress(folder: Path) -> None:
    """Each article yields one entry, in list order, counting up to the total."""
    articles = scan_folder(folder)
    items = list(iter_entries(folder, articles, CommentStore(folder / ".comments")))
    assert [item.entry.article_id for item in items] == [a.id for a in articles]
    assert [(item.done, item.total) for item in items] == [(1, 3), (2, 3), (3, 3)]


def test_entry_holds_title_author_tags_and_block_texts(folder: Path) -> None:
    """An entry carries the front matter fields and every block's text."""
    articles = scan_folder(folder)
    items = iter_entries(folder, articles, CommentStore(folder / ".comments"))
    entry = next(item.entry for item in items if item.entry.article_id == "erster")
    assert entry.title == "Erster Beitrag"
    assert entry.author == "Christian Müller"
    assert entry.tags == ("verein", "dialog")
    assert entry.blocks == ("Die Straße ist lang.", "Zweiter Absatz hier.", "Dritter.")


def test_comments_are_placed_on_their_blocks(folder: Path) -> None:
    """A paragraph comment, its reply and an article comment keep their placement."""
    articles = scan_folder(folder)
    article = by_id(articles, "erster")
    first = add_comment(folder, article, "Auf Absatz zwei", 1)
    reply = add_comment(folder, article, "Antwort", None, parent=first)
    whole = add_comment(folder, article, "Zum ganzen Text", None)
    items = iter_entries(folder, articles, CommentStore(folder / ".comments"))
    entry = next(item.entry for item in items if item.entry.article_id == "erster")
    placed = {c.comment_id: c for c in entry.comments}
    assert placed[first] == IndexedComment(first, 1, "Auf Absatz zwei", "Anna")
    assert placed[reply].block == 1
    assert placed[whole].block is None
    others = [item.entry for item in iter_entries(folder, articles, CommentStore(folder / "x"))]
    assert all(not e.comments for e in others)


def test_comment_on_text_that_is_gone_is_kept_without_a_block(folder: Path) -> None:
    """An orphaned comment is still indexed, on no block."""
    articles = scan_folder(folder)
    article = by_id(articles, "zweiter")
    orphan = add_comment(folder, article, "Verwaist", 0)
    write(folder, "zweiter.md", "---\ntitle: Zweiter\n---\n\nGanz anderer Inhalt jetzt.\n")
    articles = scan_folder(folder)
    items = iter_entries(folder, articles, CommentStore(folder / ".comments"))
    entry = next(item.entry for item in items if item.entry.article_id == "zweiter")
    assert [(c.comment_id, c.block) for c in entry.comments] == [(orphan, None)]


def test_an_unreadable_article_is_still_indexed_by_title(folder: Path) -> None:
    """An article whose file vanished or holds binary data keeps its title, author and tags."""
    (folder / "kaputt.md").write_bytes(b"\x00\x01\x02binary\x00")
    articles = scan_folder(folder)
    (folder / "erster.md").unlink()
    store = CommentStore(folder / ".comments")
    entries = {item.entry.article_id: item.entry for item in iter_entries(folder, articles, store)}
    assert entries["erster"].title == "Erster Beitrag"
    assert entries["erster"].author == "Christian Müller"
    assert entries["erster"].blocks == ()
    assert entries["kaputt"].title == "kaputt"
    assert entries["kaputt"].blocks == ()


def test_a_parser_crash_leaves_the_article_indexed(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error while loading one article still indexes it and the rest."""

    def explode(root: Path, article: Article) -> object:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(corpus, "load_article", explode)
    articles = scan_folder(folder)
    entries = [i.entry for i in iter_entries(folder, articles, CommentStore(folder / ".c"))]
    assert [e.title for e in entries] == [a.title for a in articles]


def test_a_damaged_comment_file_is_reported_as_moved_aside(folder: Path) -> None:
    """Reading a corrupt comment file tells where it was moved, and the article is indexed."""
    (folder / ".comments").mkdir()
    (folder / ".comments" / "zweiter.json").write_text("{not json", "utf-8")
    articles = scan_folder(folder)
    items = list(iter_entries(folder, articles, CommentStore(folder / ".comments")))
    moved = {i.entry.article_id: i.moved_to for i in items}
    assert moved["zweiter"] is not None and moved["zweiter"].name.startswith("zweiter.json.corrupt")
    assert moved["erster"] is None


def test_session_index_finds_mueller_as_author_after_building(folder: Path) -> None:
    """After building, Mueller finds the article by Müller, and Strasse its paragraph."""
    index = SessionIndex()
    articles = scan_folder(folder)
    index.build(folder, articles, CommentStore(folder / ".comments"))
    assert index.ready and index.progress == (3, 3)
    [hit] = index.search("Mueller")
    assert (hit.article_id, hit.field) == ("erster", HitField.AUTHOR)
    [hit] = index.search("Strasse")
    assert (hit.article_id, hit.field, hit.block) == ("erster", HitField.BODY, 0)
    assert index.title("erster") == "Erster Beitrag"


def test_build_reports_each_article_and_stops_when_cancelled(folder: Path) -> None:
    """The report sees every article; a cancelled build stops and is not ready."""
    articles = scan_folder(folder)
    seen: list[int] = []
    index = SessionIndex()
    index.build(folder, articles, CommentStore(folder / ".c"), report=lambda i: seen.append(i.done))
    assert seen == [1, 2, 3]
    stopped = SessionIndex()
    stopped.build(folder, articles, CommentStore(folder / ".c"), cancelled=lambda: True)
    assert not stopped.ready
    assert len(stopped) == 0


def test_replace_makes_a_new_comment_searchable(folder: Path) -> None:
    """Re-indexing an article after a comment was written finds the comment's words."""
    articles = scan_folder(folder)
    index = SessionIndex()
    index.build(folder, articles, CommentStore(folder / ".comments"))
    assert index.search("Zwiebelkuchen") == []
    article = by_id(articles, "zweiter")
    comment_id = add_comment(folder, article, "Zwiebelkuchen!", 0)
    document = load_article(folder, article).document
    comments = CommentStore(folder / ".comments").load(article.id).comments
    index.replace(entry_for(article, document, comments))
    [hit] = index.search("zwiebelkuchen")
    assert (hit.field, hit.block, hit.comment_id) == (HitField.COMMENT, 0, comment_id)


def test_claim_lets_only_one_builder_start() -> None:
    """The first claim wins; later claims are refused."""
    index = SessionIndex()
    assert index.claim()
    assert not index.claim()
    assert index.started


def test_searching_while_building_in_another_thread_never_fails(folder: Path) -> None:
    """Searches running alongside the builder return hits from what is indexed so far."""
    for number in range(60):
        write(folder, f"extra-{number:03d}.md", f"# Extra {number}\n\nMüller schreibt {number}.\n")
    articles = scan_folder(folder)
    index = SessionIndex()
    builder = threading.Thread(
        target=index.build, args=(folder, articles, CommentStore(folder / ".c"))
    )
    builder.start()
    counts = []
    while builder.is_alive():
        counts.append(len(index.search("mueller")))
    builder.join()
    assert len(index.search("mueller")) == 61
    assert counts == sorted(counts)
