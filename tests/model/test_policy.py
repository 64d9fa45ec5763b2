"""The rules of a reading session: the terminal's, and a visitor's in a browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.model.comments.codec import Problem
from tui.model.comments.comment import new_comment
from tui.model.comments.drafts import DraftKey
from tui.model.comments.store import ArticleRef, CommentStore, StoreReadOnly
from tui.model.session.policy import SessionPolicy
from tui.model.session.workspace import UserDirs, Workspace

REF = ArticleRef("erster", "erster.md", "Erster")
TERMINAL = SessionPolicy()
SERVED = SessionPolicy(served=True)
READ_ONLY = SessionPolicy(served=True, read_only=True)


def dirs_in(tmp_path: Path) -> UserDirs:
    """The user's folders, in `tmp_path`."""
    return UserDirs(tmp_path / "config", tmp_path / "data", tmp_path / "state")


def test_the_terminal_remembers_settings_and_opens_links_here() -> None:
    """In the user's own terminal, settings are written and links open on this machine."""
    assert TERMINAL.writes_settings and not TERMINAL.links_open_for_visitor


def test_a_visitor_changes_no_settings_and_links_open_in_their_browser() -> None:
    """A served session writes no settings; its links go to the visitor's browser."""
    assert not SERVED.writes_settings and SERVED.links_open_for_visitor


def test_the_terminal_keeps_the_remembered_author_and_offers_the_login_name() -> None:
    """The settings' author signs comments; with none, the login name is offered."""
    assert TERMINAL.starting_author("Anna") == "Anna"
    assert TERMINAL.offered_author("anna") == "anna"


def test_a_visitor_is_asked_for_a_name_with_nothing_filled_in() -> None:
    """The server's remembered author and login name are never a visitor's."""
    assert SERVED.starting_author("Server Account") is None
    assert SERVED.offered_author("www-data") == ""


def test_a_visitor_keeps_drafts_and_positions_in_a_private_folder(tmp_path: Path) -> None:
    """Only the state folder moves: settings are still read, comments still shared."""
    dirs = dirs_in(tmp_path)
    private = tmp_path / "session"
    moved = SERVED.session_dirs(dirs, private)
    assert moved == UserDirs(dirs.config, dirs.data, private)
    assert TERMINAL.session_dirs(dirs, private) == dirs
    root = tmp_path / "content"
    root.mkdir()
    workspace = Workspace.open(root, dirs=moved, policy=SERVED)
    workspace.drafts.save(DraftKey("erster", "article"), "Noch nicht fertig")
    assert list(private.rglob("*.json")) and not dirs.state.exists()
    assert moved.reading_file(root).is_relative_to(private)


def test_two_visitors_do_not_see_each_others_drafts(tmp_path: Path) -> None:
    """Each session has its own folder, so a draft is offered only where it was written."""
    dirs, root = dirs_in(tmp_path), tmp_path / "content"
    root.mkdir()
    key = DraftKey("erster", "article")
    first = Workspace.open(root, dirs=SERVED.session_dirs(dirs, tmp_path / "a"), policy=SERVED)
    second = Workspace.open(root, dirs=SERVED.session_dirs(dirs, tmp_path / "b"), policy=SERVED)
    first.drafts.save(key, "Nur meins")
    assert first.drafts.load(key) is not None and second.drafts.load(key) is None


def test_read_only_shows_comments_but_marks_every_file_read_only(tmp_path: Path) -> None:
    """A read-only session reads the comments, each file saying why it cannot be changed."""
    folder = tmp_path / "comments"
    CommentStore(folder).add(REF, new_comment("Anna", "Schon da"))
    store = READ_ONLY.comment_store(folder)
    found = store.load(REF.id)
    assert [c.body for c in found.comments] == ["Schon da"]
    assert found.read_only and found.problem is Problem.READ_ONLY_SESSION
    missing = store.load("gibt-es-nicht")
    assert missing.read_only and missing.problem is Problem.READ_ONLY_SESSION


def test_read_only_writes_nothing(tmp_path: Path) -> None:
    """Adding, editing, deleting and restoring are refused and leave the file as it was."""
    folder = tmp_path / "comments"
    comment = new_comment("Anna", "Schon da")
    CommentStore(folder).add(REF, comment)
    before = (folder / "erster.json").read_bytes()
    store = READ_ONLY.comment_store(folder)
    attempts = [
        lambda: store.add(REF, new_comment("Ben", "Neu")),
        lambda: store.update(REF, comment),
        lambda: store.delete(REF, comment.id),
        lambda: store.restore(REF, [comment]),
    ]
    for attempt in attempts:
        with pytest.raises(StoreReadOnly):
            attempt()
    assert (folder / "erster.json").read_bytes() == before
    assert not (tmp_path / "comments" / "gibt-es-nicht.json").exists()


def test_a_files_own_problem_wins_over_read_only(tmp_path: Path) -> None:
    """A newer file says so, rather than only "read-only", so the reader learns the real reason."""
    folder = tmp_path / "comments"
    folder.mkdir()
    newer = '{"format": "marginalia.comments", "version": 99, "comments": []}'
    (folder / "erster.json").write_text(newer, "utf-8")
    found = READ_ONLY.comment_store(folder).load(REF.id)
    assert found.read_only and found.problem is Problem.NEWER_VERSION


def test_the_terminal_and_a_commenting_visitor_write_comments(tmp_path: Path) -> None:
    """Without --read-only the store is the ordinary one, for a visitor too."""
    for policy in (TERMINAL, SERVED):
        store = policy.comment_store(tmp_path / "comments")
        store.add(REF, new_comment("Anna", "Hallo"))
        assert not store.load(REF.id).read_only
