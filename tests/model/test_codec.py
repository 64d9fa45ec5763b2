"""The comment file codec: bytes in, comments out, and back, with no disk involved."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tui.model.comments.codec import FORMAT, VERSION, ArticleRef, Problem, encode, parse
from tui.model.comments.comment import Revision, new_comment
from tui.model.comments.tombstone import Tombstone

REF = ArticleRef("blog/post", "blog/post.md", "A post")
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def test_what_is_encoded_parses_back() -> None:
    """Encoding and parsing give the same comments, in order, with no problem."""
    later = T0 + timedelta(minutes=1)
    comments = [new_comment("Anna", "Eins", now=T0), new_comment("Ben", "Zwei", now=later)]
    found = parse(encode(REF, comments))
    assert found.comments == tuple(comments) and found.problem is None and not found.read_only
    assert found.article == REF


def test_comments_are_written_by_creation_time_then_id() -> None:
    """Whatever order they come in, comments are written oldest first, ties by id."""
    late = replace(new_comment("Anna", "late", now=T0 + timedelta(hours=1)), id="a")
    tie_b = replace(new_comment("Ben", "tie b", now=T0), id="b")
    tie_c = replace(new_comment("Cem", "tie c", now=T0), id="c")
    found = parse(encode(REF, [late, tie_c, tie_b]))
    assert [c.id for c in found.comments] == ["b", "c", "a"]


def test_one_line_per_comment_and_tombstone() -> None:
    """Each comment and each tombstone is one JSON object on a line of its own."""
    comments = [new_comment("Anna", "Eins\nzwei", now=T0), new_comment("Ben", "Drei", now=T0)]
    graves = [Tombstone("gone", T0, "Ben")]
    lines = encode(REF, comments, graves).decode().splitlines()
    objects = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("    ")]
    assert len(objects) == 3 and {"id": "gone", "deleted": T0.isoformat(), "by": "Ben"} in objects
    assert lines[0] == "{" and lines[-1] == "}" and lines[1].startswith('  "article": {')


def test_history_and_tombstones_round_trip() -> None:
    """A comment's history and the file's tombstones read back as they were written."""
    comment = replace(
        new_comment("Anna", "now", now=T0), history=(Revision("before", T0 + timedelta(1)),)
    )
    graves = (Tombstone("x", T0, "Ben"),)
    found = parse(encode(REF, [comment], graves))
    assert found.comments == (comment,) and found.tombstones == graves


def test_a_version_1_file_still_reads() -> None:
    """A file written before version 2 (pretty-printed, no tombstones) reads as it did."""
    comment = new_comment("Anna", "Eins", now=T0)
    value = {
        "format": FORMAT,
        "version": 1,
        "article": {"id": REF.id, "path": REF.path, "title": REF.title},
        "comments": [comment.to_json()],
    }
    found = parse(json.dumps(value, indent=2, sort_keys=True).encode())
    assert (found.comments, found.tombstones, found.problem) == ((comment,), (), None)


def test_a_tombstone_of_a_living_comment_is_dropped() -> None:
    """A file that holds both a comment and its tombstone reads the comment as alive."""
    comment = new_comment("Anna", "Eins", now=T0)
    found = parse(encode(REF, [comment], [Tombstone(comment.id, T0, "Ben")]))
    assert found.comments == (comment,) and found.tombstones == ()


def test_a_damaged_tombstone_is_a_damaged_file() -> None:
    """A tombstone without its fields makes the file corrupt (it is moved aside, not trusted)."""
    data = encode(REF, [], [Tombstone("x", T0, "Ben")]).replace(b'"by": "Ben", ', b"")
    assert parse(data).problem is Problem.CORRUPT


def test_a_damaged_file_is_reported_not_raised() -> None:
    """Bytes that are not a comment file come back as a corrupt, read-only result."""
    found = parse(b'{"format": "something else"}')
    assert (found.problem, found.read_only, found.comments) == (Problem.CORRUPT, True, ())


def test_a_newer_file_is_shown_but_read_only() -> None:
    """A file from a newer version shows what it can and is never written."""
    data = encode(REF, [new_comment("Anna", "Eins", now=T0)])
    newer = data.replace(f'"version": {VERSION}'.encode(), f'"version": {VERSION + 1}'.encode())
    found = parse(newer)
    assert (found.problem, found.read_only, len(found.comments)) == (Problem.NEWER_VERSION, True, 1)
    assert FORMAT.encode() in data
