"""The three-way merge of comment files: the rules one by one, then over generated histories."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.comments.codec import VERSION, ArticleRef, CommentFile, Problem, encode, parse
from tui.model.comments.comment import Comment, edited, merge, new_comment, thread_order
from tui.model.comments.merge import MergeRefused, merge_bytes
from tui.model.comments.tombstone import Tombstone, delete_thread, drop_revived, restore_thread

REF = ArticleRef("post", "post.md", "A post")
OTHER_REF = ArticleRef("post", "renamed/post.md", "A post, renamed")
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _comment(key: str, body: str, minutes: int = 0, parent: str | None = None) -> Comment:
    return replace(new_comment("Anna", body, None, parent, _at(minutes)), id=key)


def _file(comments: list[Comment], graves: dict[str, Tombstone] | None = None) -> bytes:
    graves = drop_revived(graves or {}, comments)
    return encode(REF, comments, graves.values())


def _merged(base: bytes, ours: bytes, theirs: bytes) -> CommentFile:
    found = parse(merge_bytes(base, ours, theirs))
    assert found.problem is None
    return found


def _bodies(found: CommentFile) -> dict[str, str]:
    return {c.id: c.body for c in found.comments}


def test_additions_on_both_sides_are_all_kept() -> None:
    """Comments added on either side are all in the merge, in creation order."""
    a, b, c = _comment("a", "base"), _comment("b", "ours", 2), _comment("c", "theirs", 1)
    found = _merged(_file([a]), _file([a, b]), _file([a, c]))
    assert [x.id for x in found.comments] == ["a", "c", "b"]


def test_a_deletion_on_one_side_stays_deleted() -> None:
    """A comment deleted on one side and untouched on the other stays deleted, as a tombstone."""
    a, b = _comment("a", "one"), _comment("b", "two", 1)
    ours, graves = [a, b], {}
    delete_thread(ours, graves, "a", "Ben", _at(5))
    found = _merged(_file([a, b]), _file(ours, graves), _file([a, b]))
    assert _bodies(found) == {"b": "two"}
    assert found.tombstones == (Tombstone("a", _at(5), "Ben"),)
    # The tombstone survives a later merge with a side that still has the old comment.
    first = merge_bytes(_file([a, b]), _file(ours, graves), _file([a, b]))
    again = _merged(_file([a, b]), first, _file([a, b]))
    assert _bodies(again) == {"b": "two"}


def test_undo_on_one_side_brings_the_comment_back() -> None:
    """Undoing a deletion removes its tombstone, and the merge follows the side that undid it."""
    a = _comment("a", "one")
    comments, graves = [a], {}
    removed = delete_thread(comments, graves, "a", "Ben", _at(5))
    base = _file(comments, graves)
    restore_thread(comments, graves, removed)
    found = _merged(base, _file(comments, graves), base)
    assert _bodies(found) == {"a": "one"} and found.tombstones == ()


def test_edits_on_both_sides_keep_the_later_and_the_other_in_history() -> None:
    """Both sides edit one comment: the later edit shows, the other body is in its history."""
    a = _comment("a", "first")
    ours, theirs = edited(a, "ours", _at(3)), edited(a, "theirs", _at(4))
    found = _merged(_file([a]), _file([ours]), _file([theirs]))
    [result] = found.comments
    assert result.body == "theirs" and [(r.body, r.changed) for r in result.history] == [
        ("ours", _at(3))
    ]


def test_an_edit_beats_a_deletion_on_the_other_side() -> None:
    """A comment edited on one side and deleted on the other is kept: its text is not lost."""
    a = _comment("a", "first")
    deleted: list[Comment] = [a]
    graves: dict[str, Tombstone] = {}
    delete_thread(deleted, graves, "a", "Ben", _at(9))
    found = _merged(_file([a]), _file(deleted, graves), _file([edited(a, "kept", _at(2))]))
    assert _bodies(found) == {"a": "kept"} and found.tombstones == ()


def test_a_reply_to_a_deleted_comment_keeps_its_thread() -> None:
    """One side deletes a comment, the other replies to it: the replies stay, threaded."""
    parent = _comment("p", "parent")
    reply, deeper = _comment("r", "reply", 1, "p"), _comment("s", "deeper", 2, "r")
    ours: list[Comment] = [parent]
    graves: dict[str, Tombstone] = {}
    delete_thread(ours, graves, "p", "Ben", _at(3))
    found = _merged(_file([parent]), _file(ours, graves), _file([parent, reply, deeper]))
    assert _bodies(found) == {"r": "reply", "s": "deeper"}
    assert found.comments[0].parent == "p"
    assert [(c.id, depth) for c, depth in thread_order(found.comments)] == [("r", 0), ("s", 1)]


def test_header_comes_from_ours_and_version_is_current() -> None:
    """The article header is OURS'; the result is written in this version's format."""
    a = _comment("a", "one")
    theirs = encode(OTHER_REF, [a])
    merged = merge_bytes(b"", encode(REF, []), theirs)
    found = parse(merged)
    assert found.article == REF and _bodies(found) == {"a": "one"}
    assert f'"version": {VERSION}'.encode() in merged


def test_a_version_1_file_merges() -> None:
    """Files written before tombstones existed still merge; a comment gone from one is gone."""
    v1 = (
        b'{"format": "marginalia.comments", "version": 1, '
        b'"article": {"id": "post", "path": "post.md", "title": "A post"}, "comments": [%s]}'
    )
    a, b = _comment("a", "one"), _comment("b", "two", 1)
    row = json.dumps(a.to_json()).encode()
    both = v1 % (row + b", " + json.dumps(b.to_json()).encode())
    found = _merged(both, v1 % row, _file([a, b, _comment("c", "three", 2)]))
    assert _bodies(found) == {"a": "one", "c": "three"}


def test_deleted_by_both_an_old_and_a_new_version_keeps_the_tombstone() -> None:
    """One side deleted with a tombstone, the other (an older Marginalia) just dropped it."""
    a, b = _comment("a", "one"), _comment("b", "two", 1)
    ours: list[Comment] = [a, b]
    graves: dict[str, Tombstone] = {}
    delete_thread(ours, graves, "a", "Ben", _at(5))
    found = _merged(_file([a, b]), _file(ours, graves), _file([b]))
    assert _bodies(found) == {"b": "two"} and [g.id for g in found.tombstones] == ["a"]


@pytest.mark.parametrize("side", ["base", "ours", "theirs"])
@pytest.mark.parametrize(
    ("damage", "problem"),
    [(b'{"format": "marginalia.comments", "vers', Problem.CORRUPT), (None, Problem.NEWER_VERSION)],
)
def test_a_damaged_or_newer_version_refuses(
    side: str, damage: bytes | None, problem: Problem
) -> None:
    """A version that does not parse, or is newer, makes the merge refuse rather than guess."""
    good = _file([_comment("a", "one")])
    bad = damage or good.replace(f'"version": {VERSION}'.encode(), b'"version": 99')
    versions = {"base": good, "ours": good, "theirs": good, side: bad}
    with pytest.raises(MergeRefused) as refused:
        merge_bytes(versions["base"], versions["ours"], versions["theirs"])
    assert (refused.value.side, refused.value.problem) == (side, problem)


def test_same_on_both_sides_is_that_file() -> None:
    """When both sides hold the same file, the merge is that file, byte for byte."""
    a, b = _comment("a", "one"), _comment("b", "two", 1)
    side = _file([a, b])
    assert merge_bytes(_file([a]), side, side) == side


# Generated histories: a common base, then two branches that each add, reply, edit, delete
# and undo; bodies are unique, so every piece of text can be traced through the merge.


@dataclass
class Branch:
    """One clone's comments as a history of store operations makes them."""

    name: str
    comments: list[Comment] = field(default_factory=list)
    graves: dict[str, Tombstone] = field(default_factory=dict)
    undo: list[tuple[Comment, ...]] = field(default_factory=list)
    clock: int = 0
    made: int = 0

    def fork(self, name: str) -> Branch:
        return Branch(name, list(self.comments), dict(self.graves), list(self.undo), self.clock)

    def apply(self, op: tuple[str, int, int]) -> None:
        kind, pick, step = op
        self.clock += step
        now = _at(self.clock)
        self.made += 1
        body = f"{self.name}-{self.made}"
        target = self.comments[pick % len(self.comments)] if self.comments else None
        if kind == "add" or target is None:
            if kind != "undo":
                self.comments.append(_comment(f"{self.name}{self.made}", body, self.clock))
        elif kind == "reply":
            self.comments.append(_comment(f"{self.name}{self.made}", body, self.clock, target.id))
        elif kind == "edit":
            self.comments = [edited(c, body, now) if c is target else c for c in self.comments]
        elif kind == "delete":
            self.undo.append(delete_thread(self.comments, self.graves, target.id, self.name, now))
        if kind == "undo" and self.undo:
            restore_thread(self.comments, self.graves, self.undo.pop())
            self.comments = merge(self.comments)  # by id, as the store writes

    def data(self) -> bytes:
        return _file(self.comments, self.graves)


OPS = st.tuples(
    st.sampled_from(["add", "add", "reply", "edit", "edit", "delete", "undo"]),
    st.integers(0, 50),
    st.integers(0, 3),
)


def _states(found: CommentFile) -> dict[str, Comment | Tombstone]:
    states: dict[str, Comment | Tombstone] = {g.id: g for g in found.tombstones}
    states.update((c.id, c) for c in found.comments)
    return states


@settings(max_examples=300, deadline=None)
@given(
    base_ops=st.lists(OPS, max_size=8),
    our_ops=st.lists(OPS, max_size=10),
    their_ops=st.lists(OPS, max_size=10),
)
def test_merging_generated_histories(
    base_ops: list[tuple[str, int, int]],
    our_ops: list[tuple[str, int, int]],
    their_ops: list[tuple[str, int, int]],
) -> None:
    """Nothing living is dropped, nothing deleted comes back, no text is lost, sides commute."""
    base = Branch("b")
    for op in base_ops:
        base.apply(op)
    ours, theirs = base.fork("o"), base.fork("t")
    for op in our_ops:
        ours.apply(op)
    for op in their_ops:
        theirs.apply(op)
    merged = merge_bytes(base.data(), ours.data(), theirs.data())
    assert merged == merge_bytes(base.data(), theirs.data(), ours.data())
    result = parse(merged)
    assert result.problem is None
    got = {c.id: c for c in result.comments}
    graves = {g.id for g in result.tombstones}
    assert not graves & got.keys()
    b, o, t = (_states(parse(side.data())) for side in (base, ours, theirs))
    for one, other in ((o, t), (t, o)):
        for key, state in one.items():
            if isinstance(state, Comment) and not isinstance(other.get(key), Tombstone):
                assert key in got, "a comment living on one side was dropped"
            if isinstance(state, Tombstone) and other.get(key) in (b.get(key), state):
                assert key not in got, "a deleted comment came back"
            if isinstance(state, Comment) and key in got and state != b.get(key):
                # A body written since the base shows or is in the history (an untouched
                # side's body is replaced by the other side's edit, as any edit replaces it).
                kept = {got[key].body, *(r.body for r in got[key].history)}
                assert state.body in kept, "an edit's text was lost"
            if isinstance(state, Comment):
                assert key in got or key in graves, "a comment vanished without a tombstone"
    # Merging the result with either side again changes nothing (the merge is settled).
    assert merge_bytes(ours.data(), merged, merged) == merged
