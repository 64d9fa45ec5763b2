"""SVG snapshots of what a reader sees; each says what a reviewer should look for."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.app.helpers import make_app, settle
from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore

ARTICLE = "gespraech-statt-sendung"
WHEN = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def with_comments(folder: Path) -> None:
    """Two comments on the German sample: one on its quote with a reply, one on the article."""
    article = next(a for a in scan_folder(folder) if a.id == ARTICLE)
    document = load_article(folder, article).document
    ref = ArticleRef(article.id, article.relpath, article.title)
    store = CommentStore(folder / ".comments")
    quote = next(i for i, b in enumerate(document.blocks) if b.text.startswith("„Seit"))
    first = new_comment(
        "Anna", "Sehr wahr – das kennen wir auch.", make_anchor(document, quote), now=WHEN
    )
    store.add(ref, first)
    store.add(ref, new_comment("Ben", "Bei uns genauso.", first.anchor, parent=first.id, now=WHEN))
    store.add(ref, new_comment("Cleo", "Danke für den Text!", now=WHEN))


async def open_sample(pilot: Any) -> None:
    """Open the first article (the German sample) and wait until it is laid out."""
    await pilot.press("enter")
    await settle(pilot)


def test_list_and_german_article(snap_compare: Any, content_dir: Path) -> None:
    """List on the left with four articles (▶ on the open one); the German article on the right:
    title as a bold band, German byline "von Testredaktion · 14.03.2025 · 1 Min. · #dialog #test ·
    Kommentare: 0" (muted), bold coloured
    sub-headings and the quote with its bar; German footer."""
    app = make_app(content_dir, lang="de")
    assert snap_compare(app, terminal_size=(130, 34), run_before=open_sample)


def test_narrow_terminal_shows_the_article(snap_compare: Any, content_dir: Path) -> None:
    """At 60x20 the article fills the width (no list), the comment pane sits below it."""
    app = make_app(content_dir)
    assert snap_compare(app, terminal_size=(60, 20), run_before=open_sample)


def test_german_article_with_comment_pane(snap_compare: Any, content_dir: Path) -> None:
    """Comment pane "Kommentare (3)" beside the article: the quote's thread (Anna, then Ben's
    reply indented) under the quoted paragraph, Cleo under "Zum ganzen Artikel"; the quote
    carries the gutter count 2 and the byline says "Kommentare: 3". The reader is "Tester", so
    Anna, Ben and Cleo, other authors, each have their name in a colour of its own."""
    with_comments(content_dir)
    app = make_app(content_dir, lang="de")
    assert snap_compare(app, terminal_size=(150, 34), run_before=open_sample)


def headings_app(tmp_path: Path) -> Any:
    """The app on a folder with one article that has a heading of every level."""
    folder = tmp_path / "styles"
    folder.mkdir()
    source = Path(__file__).parents[1] / "fixtures" / "styles" / "headings.md"
    (folder / "headings.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return make_app(folder, lang="de")


def test_headings_in_the_dark_theme(snap_compare: Any, tmp_path: Path) -> None:
    """Title as a bold band, muted byline with the tags "#probe #stil"; level 1 bold blue with
    a ═ rule, level 2 bold amber with a ─ underline, level 3 bold in a second blue, level 4 bold
    underlined, level 5 bold italic, level 6 muted italic: every level differs from body text."""
    assert snap_compare(headings_app(tmp_path), terminal_size=(100, 45), run_before=open_sample)


def test_headings_in_the_light_theme(snap_compare: Any, tmp_path: Path) -> None:
    """The same article in textual-light: dark text on light, the headings still told apart,
    the code block on a light panel with light-theme highlighting (below the fold: not shown)."""

    async def light(pilot: Any) -> None:
        pilot.app.theme = "textual-light"
        await open_sample(pilot)

    assert snap_compare(headings_app(tmp_path), terminal_size=(100, 45), run_before=light)


def test_find_bar_while_typing(snap_compare: Any, content_dir: Path) -> None:
    """At 80x24 the find bar above the footer shows the typed "Antwort" and "1/4"; the first
    match is marked strongly in the article, the others lightly."""

    async def typing(pilot: Any) -> None:
        await open_sample(pilot)
        await pilot.press("slash", *"Antwort")

    assert snap_compare(make_app(content_dir), terminal_size=(80, 24), run_before=typing)


def test_outline_filter_while_typing(snap_compare: Any, content_dir: Path) -> None:
    """The outline over the article shows the typed filter "Zuh" on its first row and the one
    heading it matches, "Zuhören lohnt sich", highlighted below."""

    async def typing(pilot: Any) -> None:
        await open_sample(pilot)
        await pilot.press("t", *"Zuh")

    assert snap_compare(make_app(content_dir), terminal_size=(80, 24), run_before=typing)


def test_german_at_80_columns(snap_compare: Any, content_dir: Path) -> None:
    """80x24 in German: the article alone (the list steps aside), byline "von Testredaktion ·
    14.03.2025 · 1 Min. · #dialog #test · Kommentare: 0", and a German footer that still shows
    "q Beenden" and "? Hilfe" before the reader's keys, "^p Befehle" on the right."""
    app = make_app(content_dir, lang="de")
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_sample)


def test_200_columns_with_the_comment_pane_beside(snap_compare: Any, content_dir: Path) -> None:
    """200x50 in German: a list of 60 columns with dates and reading times in full, the article
    in the middle (88 columns of text), the comment pane beside it with the quote's thread and
    Cleo's comment on the article, each author's name in its own colour; the footer shows the
    keys and "100 %"."""
    with_comments(content_dir)
    app = make_app(content_dir, lang="de")
    assert snap_compare(app, terminal_size=(200, 50), run_before=open_sample)
