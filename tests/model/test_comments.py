"""Tests for comments, anchors and their JSON form."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tui.model.comments.comment import (
    Anchor,
    Comment,
    CommentFormatError,
    decode_json,
    descendants,
    edited,
    encode_json,
    merge,
    new_comment,
    thread_order,
)
from tui.model.text import sanitize

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
ANCHOR = Anchor(7, ("Intro", "Detail"), "Some quoted text", "before", "after", "ab" * 20)


def _comment(cid: str, parent: str | None = None, minutes: int = 0) -> Comment:
    return Comment(cid, parent, "Anna", "body", T0 + timedelta(minutes=minutes), None, None)


def test_new_comment_has_uuid_hex_id_and_utc_time() -> None:
    """A new comment gets a 32-digit hex id and an aware UTC creation time."""
    local = datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    comment = new_comment("Anna", "Hi", now=local)
    assert len(comment.id) == 32
    int(comment.id, 16)
    assert comment.created == T0 and comment.created.tzinfo is UTC
    assert comment.updated is None and comment.parent is None


def test_new_comments_get_distinct_ids() -> None:
    """Two comments never share an id."""
    assert new_comment("a", "b").id != new_comment("a", "b").id


def test_edited_sets_body_and_updated() -> None:
    """Editing keeps the id and creation time and stamps the update."""
    comment = new_comment("Anna", "old", now=T0)
    later = edited(comment, "new", T0 + timedelta(hours=1))
    assert (later.id, later.created, later.body) == (comment.id, T0, "new")
    assert later.updated == T0 + timedelta(hours=1)


def test_edited_never_goes_back_in_time() -> None:
    """An edit stamped before the comment's creation still counts as the later version."""
    comment = new_comment("Anna", "old", now=T0)
    later = edited(comment, "new", T0 - timedelta(days=1))
    assert merge([comment, later]) == [later]


def test_json_matches_design_format() -> None:
    """A comment serialises to the DESIGN.md §2 field names with ISO 8601 times."""
    comment = Comment("abc", None, "Anna", "Text", T0, None, ANCHOR)
    assert comment.to_json() == {
        "id": "abc",
        "parent": None,
        "author": "Anna",
        "body": "Text",
        "created": "2026-11-26T08:00:00+00:00",
        "updated": None,
        "anchor": {
            "block": 7,
            "heading": ["Intro", "Detail"],
            "quote": "Some quoted text",
            "prefix": "before",
            "suffix": "after",
            "hash": "ab" * 20,
        },
    }


@pytest.mark.parametrize(
    "body",
    [
        "\ud800",
        "\x1b[31mred",
        "[/] [@click=app.quit]x[/]",
        "emoji 😀👍🏽",
        "עברית مرحبا",
        "\x00\n\t",
    ],
)
def test_json_round_trip_keeps_any_text(body: str) -> None:
    """Any text can be written; it reads back as the one sanitiser shows it, nothing more lost."""
    comment = Comment("id1", "p", body, body, T0, T0 + timedelta(seconds=1.5), ANCHOR)
    read = Comment.from_json(decode_json(encode_json(comment.to_json())))
    assert read == replace(comment, author=sanitize(body), body=sanitize(body))


def test_reading_a_comment_file_sanitises_every_text() -> None:
    """Escapes, bidi controls and lone surrogates in a stored comment never leave the codec."""
    raw = Comment("abc", None, "Anna", "Text", T0, None, ANCHOR).to_json()
    raw["author"] = "Eve\u202e\x1b]0;title\x07"
    raw["body"] = "clear\x1b[2J\ud800 me\x1b]52;c;ZXZpbA==\x07"
    anchor = raw["anchor"]
    assert isinstance(anchor, dict)
    anchor.update(quote="\x85q\u200b", heading=["\x1b[1mH"])
    comment = Comment.from_json(raw)
    assert (comment.author, comment.body) == ("Eve<U+202E>", "clear\ufffd me")
    assert comment.anchor is not None
    assert (comment.anchor.quote, comment.anchor.heading) == ("q<U+200B>", ("H",))


def test_encode_json_writes_text_as_typed() -> None:
    """Ordinary non-ASCII text is written as UTF-8, not escaped, with a trailing newline."""
    data = encode_json({"body": "Müller „Zitat“"})
    assert "Müller „Zitat“".encode() in data and data.endswith(b"}\n")


def test_encode_json_escapes_lone_surrogates() -> None:
    """A lone surrogate is written as a \\u escape so the file stays valid UTF-8."""
    data = encode_json({"body": "a\ud800b"})
    data.decode("utf-8")
    assert b"\\ud800" in data


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"a": "\x00"}', "nul"),
        (b'{"a": "\xff\xfe"}', "utf8"),
        (b'{"a": ', "json"),
        (b'{"a": ' + b"9" * 5000 + b"}", "number"),
        (b'{"a": 1' + b"0" * 5000 + b".5}", "number"),
        (b'{"a": NaN}', "number"),
        (b"[" * 100000 + b"]" * 100000, "json"),
    ],
)
def test_decode_json_rejects_doubtful_input(data: bytes, reason: str) -> None:
    """NUL bytes, invalid UTF-8, torn JSON, huge numbers and deep nesting are refused."""
    with pytest.raises(CommentFormatError) as info:
        decode_json(data)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    "change",
    [
        {"id": 5},
        {"id": ""},
        {"parent": 3},
        {"author": None},
        {"body": ["x"]},
        {"created": "yesterday"},
        {"created": "2026-11-26T08:00:00"},
        {"updated": 17},
        {"anchor": "para 3"},
        {"anchor": {**ANCHOR.to_json(), "block": -1}},
        {"anchor": {**ANCHOR.to_json(), "block": True}},
        {"anchor": {**ANCHOR.to_json(), "heading": "Intro"}},
        {"anchor": {**ANCHOR.to_json(), "hash": None}},
    ],
)
def test_from_json_rejects_wrong_shapes(change: dict[str, object]) -> None:
    """A comment with a wrong field type is an error, not a crash or a silent default."""
    good = Comment("abc", None, "Anna", "Text", T0, None, ANCHOR).to_json()
    with pytest.raises(CommentFormatError):
        Comment.from_json({**good, **change})


def test_from_json_rejects_non_objects() -> None:
    """A list or string where a comment should be is an error."""
    for value in ([], "x", 1, None):
        with pytest.raises(CommentFormatError):
            Comment.from_json(value)


def test_from_json_converts_times_to_utc() -> None:
    """Times written with another offset are read as the same instant in UTC."""
    raw = Comment("abc", None, "A", "B", T0, None, None).to_json()
    raw["created"] = "2026-11-26T09:00:00+01:00"
    assert Comment.from_json(json.loads(json.dumps(raw))).created == T0


def test_merge_keeps_latest_version_in_first_position() -> None:
    """Duplicate ids merge to the version updated last, in the place of the first."""
    a = _comment("a")
    b = _comment("b")
    a2 = edited(a, "new", T0 + timedelta(hours=1))
    assert merge([a2, b, a]) == [a2, b]
    assert merge([a, b, a2]) == [a2, b]


def test_thread_order_puts_replies_after_parents_by_time() -> None:
    """Replies follow their parent, deeper replies indented further, ordered by creation."""
    root = _comment("r")
    late = _comment("late", "r", minutes=5)
    early = _comment("early", "r", minutes=1)
    nested = _comment("nested", "late", minutes=6)
    other = _comment("o", minutes=2)
    order = [(c.id, d) for c, d in thread_order([nested, late, root, early, other])]
    assert order == [("r", 0), ("early", 1), ("late", 1), ("nested", 2), ("o", 0)]


def test_thread_order_never_drops_comments() -> None:
    """Missing parents, self-parents and parent cycles still list every comment once."""
    comments = [
        _comment("lost", "missing"),
        _comment("self", "self"),
        _comment("x", "y"),
        _comment("y", "x"),
    ]
    order = thread_order(comments)
    assert sorted(c.id for c, _ in order) == ["lost", "self", "x", "y"]


def test_descendants_include_nested_replies() -> None:
    """The subtree of a comment holds the comment and every reply below it."""
    comments = [_comment("a"), _comment("b", "a"), _comment("c", "b"), _comment("d")]
    assert descendants(comments, "a") == {"a", "b", "c"}
