"""A stateful property test: the comment store always holds what a plain dict model holds."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tui.model.comments.comment import Comment, descendants, edited, new_comment
from tui.model.comments.store import ArticleRef, CommentStore, Problem

REF = ArticleRef("a/b", "a/b.md", "Title")
T0 = datetime(2026, 11, 26, tzinfo=UTC)
TEXT = st.text(max_size=20)
GARBAGE = st.sampled_from([b"", b"{", b"\x00\x00", b"\xff\xfe", b"[]", b'{"version": 1}'])


class StoreMachine(RuleBasedStateMachine):
    """Adds, edits, deletes, reloads, a second writer and corruption, against a dict."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp())
        self.store = CommentStore(self.tmp / ".comments")
        self.model: dict[str, Comment] = {}
        self.clock = 0
        # Durability is the crash test's business; here fsync only costs time.
        self.no_fsync = mock.patch("os.fsync")
        self.no_fsync.start()

    def _now(self) -> datetime:
        self.clock += 1
        return T0 + timedelta(seconds=self.clock)

    def _new(self, author: str, body: str, parent: str | None) -> Comment:
        # Ids from a counter, not uuid4: replays of one example must draw the same choices.
        comment = new_comment(author, body, None, parent, self._now())
        return replace(comment, id=f"{self.clock:032x}")

    @initialize()
    def start(self) -> None:
        self.model = {}

    @rule(body=TEXT, reply=st.booleans(), data=st.data())
    def add(self, body: str, reply: bool, data: st.DataObject) -> None:
        parent = None
        if reply and self.model:
            parent = data.draw(st.sampled_from(sorted(self.model)))
        comment = self._new("me", body, parent)
        self.store.add(REF, comment)
        self.model[comment.id] = comment

    @precondition(lambda self: bool(self.model))
    @rule(body=TEXT, data=st.data())
    def edit(self, body: str, data: st.DataObject) -> None:
        comment = self.model[data.draw(st.sampled_from(sorted(self.model)))]
        changed = edited(comment, body, self._now())
        self.store.update(REF, changed)
        self.model[changed.id] = changed

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        comment_id = data.draw(st.sampled_from(sorted(self.model)))
        gone = descendants(self.model.values(), comment_id)
        removed = self.store.delete(REF, comment_id)
        assert {c.id for c in removed} == gone
        for key in gone:
            del self.model[key]

    @rule()
    def reload(self) -> None:
        self.store = CommentStore(self.store.folder)

    @rule(body=TEXT)
    def another_writer(self, body: str) -> None:
        comment = self._new("other", body, None)
        CommentStore(self.store.folder).add(REF, comment)
        self.model[comment.id] = comment

    @rule(garbage=GARBAGE)
    def corrupt(self, garbage: bytes) -> None:
        path = self.store.path_for(REF.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(garbage)
        loaded = self.store.load(REF.id)
        assert loaded.problem is Problem.CORRUPT and loaded.moved_to is not None
        assert loaded.moved_to.read_bytes() == garbage
        self.model = {}

    @invariant()
    def store_matches_model(self) -> None:
        loaded = self.store.load(REF.id)
        assert loaded.problem is None
        assert {c.id: c for c in loaded.comments} == self.model
        assert len(loaded.comments) == len(self.model)

    def teardown(self) -> None:
        self.no_fsync.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


StoreMachine.TestCase.settings = settings(max_examples=50, stateful_step_count=20, deadline=None)
TestStoreMachine = StoreMachine.TestCase
