"""The comment file codec: bytes in, comments out, and back, with no disk involved."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.model.comments.codec import FORMAT, VERSION, ArticleRef, Problem, encode, parse
from tui.model.comments.comment import new_comment

REF = ArticleRef("blog/post", "blog/post.md", "A post")
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def test_what_is_encoded_parses_back() -> None:
    """Encoding and parsing give the same comments, in order, with no problem."""
    comments = [new_comment("Anna", "Eins", now=T0), new_comment("Ben", "Zwei", now=T0)]
    found = parse(encode(REF, comments))
    assert found.comments == tuple(comments) and found.problem is None and not found.read_only


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
