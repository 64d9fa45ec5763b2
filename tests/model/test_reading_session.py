"""Tests for the reading session: opening, next/previous, history, folder changes, undo, search."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.model.articles.library import Article, load_article, scan_folder
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef
from tui.model.session.reading import ReadingState, position_at
from tui.model.session.reading_session import (
    Opening,
    Place,
    ReadingSession,
    Received,
)

WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LONG = "\n\n".join(f"Paragraph {n} of the long one." for n in range(1, 9))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three articles, one with headings and a link to another."""
    root = tmp_path / "articles"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: Alpha\n---\n# Alpha\n\nSee [beta](b.md#zwei).\n")
    (root / "b.md").write_text(
        "---\ntitle: Beta\n---\n# Eins\n\nOne.\n\n## Zwei\n\nTwo, and two again.\n"
    )
    (root / "c.md").write_text(f"---\ntitle: Gamma\n---\n{LONG}\n")
    return root


def session_for(root: Path) -> ReadingSession:
    """A session over the folder, its reading state beside it."""
    return ReadingSession(scan_folder(root), ReadingState(root.parent / "reading.json"))


def arrive(session: ReadingSession, root: Path, article: Article) -> int | None:
    """Open `article`, let it load whole, and return where the cursor goes."""
    session.open(Opening(article)) if session.opening is None else None
    assert session.receive(load_article(root, article), complete=True) is Received.SHOW
    return session.arrive(WHEN).block


def by_title(session: ReadingSession, title: str) -> Article:
    """The article with `title`."""
    return next(a for a in session.articles if a.title == title)


def test_open_shows_the_article_asked_for_and_drops_a_stale_one(folder: Path) -> None:
    """An article read after another was asked for is ignored; the one asked for shows."""
    session = session_for(folder)
    alpha, beta = by_title(session, "Alpha"), by_title(session, "Beta")
    session.open(Opening(alpha))
    session.open(Opening(beta))
    assert session.receive(load_article(folder, alpha), complete=True) is Received.IGNORE
    assert session.loaded is None
    assert session.receive(load_article(folder, beta), complete=True) is Received.SHOW
    arrival = session.arrive(WHEN)
    assert session.open_id == beta.id and session.opening is None
    assert arrival.block is None  # never read: the top
    assert not session.reading.is_unread(beta.id) and session.reading.last_article == beta.id
    assert session.read() == {beta.id}


def test_a_long_article_arrives_in_two_parts(folder: Path) -> None:
    """The start shows first; the whole then extends it instead of replacing it."""
    session = session_for(folder)
    gamma = by_title(session, "Gamma")
    session.open(Opening(gamma))
    loaded = load_article(folder, gamma)
    assert session.receive(loaded, complete=False) is Received.SHOW and session.partial
    assert session.receive(loaded, complete=True) is Received.EXTEND and not session.partial


def test_reopening_returns_to_the_place_left(folder: Path) -> None:
    """The cursor's paragraph is remembered and found again on the next visit."""
    session = session_for(folder)
    gamma = by_title(session, "Gamma")
    arrive(session, folder, gamma)
    assert session.remember_cursor(5)
    assert not session.remember_cursor(99)  # past the end: nothing to keep
    assert arrive(session, folder, gamma) == 5


def test_a_fragment_opens_at_its_heading_or_says_it_is_missing(folder: Path) -> None:
    """`#zwei` opens at that heading; a fragment that names none is reported."""
    session = session_for(folder)
    beta = by_title(session, "Beta")
    session.open(Opening(beta, fragment="zwei"))
    session.receive(load_article(folder, beta), complete=True)
    arrival = session.arrive(WHEN)
    assert arrival.block == 2 and arrival.missing is None
    session.open(Opening(beta, fragment="drei"))
    session.receive(load_article(folder, beta), complete=True)
    assert session.arrive(WHEN).missing == "drei"


def test_next_and_previous_follow_the_list_as_shown(folder: Path) -> None:
    """J/K follow the list's order, stop at its ends, and go on from an article still loading."""
    session = session_for(folder)
    shown = sorted(session.articles, key=lambda a: a.title, reverse=True)  # Gamma, Beta, Alpha
    assert session.neighbour(shown, 1) == shown[0]  # nothing open: the first
    assert session.neighbour(shown, -1) == shown[-1]
    arrive(session, folder, shown[0])
    assert session.neighbour(shown, 1) == shown[1]
    assert session.neighbour(shown, -1) is None
    session.open(Opening(shown[1]))  # still loading: the next J goes on from it
    assert session.neighbour(shown, 1) == shown[2]
    assert session.neighbour(shown[:1], 1) == shown[0]  # Beta filtered out: from the start


def test_history_goes_back_and_forward_through_links(folder: Path) -> None:
    """Following a link remembers the place left; back returns to it, forward comes again."""
    session = session_for(folder)
    alpha = by_title(session, "Alpha")
    arrive(session, folder, alpha)
    target, article = session.link("b.md#zwei", folder)
    assert article is not None and target.fragment == "zwei"
    session.visit(Opening(article, fragment=target.fragment), Place(alpha.id, 1, scroll=3))
    session.receive(load_article(folder, article), complete=True)
    assert session.arrive(WHEN).block == 2
    back = session.back(Place(article.id, 2))
    assert back == Place(alpha.id, 1, scroll=3)
    assert session.forward() == Place(article.id, 2)
    assert session.forward() is None


def test_a_link_outside_the_folder_opens_no_article(folder: Path) -> None:
    """A web link and a path out of the folder are classified, never opened as articles."""
    session = session_for(folder)
    arrive(session, folder, by_title(session, "Alpha"))
    assert session.link("https://example.org/", folder)[1] is None
    assert session.link("../secret.md", folder)[1] is None


def test_folder_changes_reload_or_lose_the_open_article(folder: Path) -> None:
    """An edit of the open article reloads it; a change elsewhere does not; deletion says gone."""
    session = session_for(folder)
    beta = by_title(session, "Beta")
    arrive(session, folder, beta)
    assert session.apply_folder(scan_folder(folder), {"a.md"}).reload is None
    (folder / "b.md").write_text("---\ntitle: Beta, edited\n---\n# Eins\n\nOne.\n")
    update = session.apply_folder(scan_folder(folder), {"b.md"})
    assert update.reload is not None and update.reload.title == "Beta, edited"
    assert session.article(beta.id) == update.reload
    (folder / "b.md").unlink()
    update = session.apply_folder(scan_folder(folder), {"b.md"})
    assert update.gone is not None and update.reload is None
    assert session.article(beta.id) is None and len(session.articles) == 2


def test_reload_in_place_keeps_the_cursor_paragraph(folder: Path) -> None:
    """An article changed on disk opens again on the paragraph the cursor was on, moved or not."""
    session = session_for(folder)
    gamma = by_title(session, "Gamma")
    arrive(session, folder, gamma)
    (folder / "c.md").write_text(f"---\ntitle: Gamma\n---\nA new first paragraph.\n\n{LONG}\n")
    fresh = session.apply_folder(scan_folder(folder), {"c.md"}).reload
    assert fresh is not None
    session.reopen(fresh, cursor=3)
    assert arrive(session, folder, fresh) == 4


def test_undo_brings_back_the_last_deletion_first(folder: Path) -> None:
    """Deletions are undone last first; a failed restore can be given back."""
    session = session_for(folder)
    ref = ArticleRef("a", "a.md", "Alpha")
    first, second = new_comment("Ada", "one"), new_comment("Ada", "two")
    session.deleted(ref, (first,))
    session.deleted(ref, ())  # nothing deleted: nothing to undo
    session.deleted(ref, (second,))
    taken = session.take_undo()
    assert taken is not None and taken.comments == (second,)
    session.undo.append(taken)  # the restore failed
    assert [d.comments for d in session.undo] == [(first,), (second,)]
    session.take_undo()
    session.take_undo()
    assert session.take_undo() is None


def test_search_in_the_article_starts_at_the_cursor_and_wraps(folder: Path) -> None:
    """The first match is the one at or after the cursor; n and N go round."""
    session = session_for(folder)
    beta = by_title(session, "Beta")
    arrive(session, folder, beta)
    match = session.find("two", cursor=0)
    assert match is not None and match.block == 3 and len(session.matches) == 2
    assert session.match_occurrence() == 0
    second = session.step_match(1)
    assert second is not None and second.block == 3 and session.match_occurrence() == 1
    assert session.step_match(1) == match  # round the end
    session.clear_matches()
    assert session.step_match(1) is None and session.current_match() is None


def test_arriving_clears_the_search_and_new_comment_mark(folder: Path) -> None:
    """A newly opened article starts without the last article's matches or its 'new' mark."""
    session = session_for(folder)
    beta = by_title(session, "Beta")
    arrive(session, folder, beta)
    session.find("two", 0)
    session.new_comments.add(beta.id)
    arrive(session, folder, beta)
    assert session.matches == [] and beta.id not in session.new_comments


def test_the_comment_to_select_is_kept_until_the_comments_arrive(folder: Path) -> None:
    """A search result's comment is selected once; a comment just written wins over it."""
    session = session_for(folder)
    beta = by_title(session, "Beta")
    session.open(Opening(beta, select="c1"))
    session.receive(load_article(folder, beta), complete=True)
    session.arrive(WHEN)
    assert session.take_select(None) == "c1"
    assert session.take_select(None) is None
    session.select = "c1"
    assert session.take_select("c2") == "c2" and session.select is None


def test_positions_survive_in_the_reading_file(folder: Path) -> None:
    """What the session keeps in the reading state is what the next start reads."""
    session = session_for(folder)
    gamma = by_title(session, "Gamma")
    arrive(session, folder, gamma)
    session.remember_cursor(6)
    assert session.reading.save()
    again = ReadingState.load(session.reading.path)
    assert session.loaded is not None
    assert again.position_for(gamma.id) == position_at(session.loaded.document, 6)
    assert again.last_article == gamma.id
