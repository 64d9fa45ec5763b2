"""The anchor's JSON: fields added within format version 1 are optional; older anchors read."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tui.model.articles.blocks import Block, BlockKind, Document
from tui.model.comments.anchoring import decline_guess, make_anchor, place_comments
from tui.model.comments.comment import Anchor, Comment, decode_json, encode_json
from tui.model.comments.store import ArticleRef, CommentStore

T0 = datetime(2026, 11, 26, tzinfo=UTC)
P = BlockKind.PARAGRAPH
DOCUMENT = Document.of(
    [
        Block(P, "The club meets on Thursdays. Everyone brings a cake, or a friend."),
        Block(P, "The hall is booked until the end of the year."),
    ]
)
OLDER = {
    "block": 0,
    "heading": [],
    "quote": "The club meets on Thursdays. Everyone brings a cake, or a friend.",
    "prefix": "",
    "suffix": "The hall is booked until the end of the year.",
    "hash": "0" * 40,
}
"""An anchor as written before kind, sentences and neighbours were kept."""


def test_new_anchor_round_trips_with_its_added_fields() -> None:
    """Kind, sentences, neighbours, position, length, copies and declined read back the same."""
    anchor = make_anchor(DOCUMENT, 0)
    comment = decline_guess(Comment("c", None, "A", "B", T0, None, anchor), DOCUMENT, 1)
    value = comment.to_json()["anchor"]
    assert value["kind"] == "paragraph" and value["copies"] == 1 and value["position"] == 0.0
    assert [s.split(" ")[1] for s in value["sentences"]] == ["28", "36"]
    assert len(value["declined"]) == 1
    read = Comment.from_json(decode_json(encode_json(comment.to_json())))
    assert read == comment


def test_older_anchor_reads_with_defaults_and_writes_unchanged() -> None:
    """An anchor without the added fields reads, and writes back exactly as it was."""
    anchor = Anchor.from_json(OLDER)
    assert (anchor.kind, anchor.sentences, anchor.neighbours, anchor.declined) == (
        "",
        (),
        ("", ""),
        (),
    )
    assert anchor.to_json() == OLDER


def test_older_anchor_still_places() -> None:
    """A comment with an older anchor finds its paragraph by the quote after a typo fix."""
    comment = Comment("c", None, "A", "B", T0, None, Anchor.from_json(OLDER))
    typo = "The club meets on Thursdays. Everyone brings a cake, or a freind."
    edited = Document.of([Block(P, typo), DOCUMENT.blocks[1]])
    assert place_comments(edited, [comment])["c"].block == 0


@pytest.mark.parametrize(
    "change",
    [
        {"kind": 7},
        {"sentences": "abc"},
        {"sentences": ["abc ² x"]},
        {"sentences": [["abc", 3]]},
        {"neighbours": ["a"]},
        {"position": 2.5},
        {"position": True},
        {"length": -1},
        {"copies": "2"},
        {"declined": [1, 2]},
    ],
)
def test_a_malformed_added_field_is_ignored(change: dict[str, object]) -> None:
    """A value this version cannot use is left out: the comment still reads."""
    anchor = Anchor.from_json({**OLDER, **change})
    assert anchor.block == 0 and anchor.quote == OLDER["quote"]


def test_a_file_with_unknown_added_values_is_not_moved_aside(tmp_path: object) -> None:
    """A comment file whose anchor holds odd added fields reads fine and is not quarantined."""
    from pathlib import Path

    folder = Path(str(tmp_path))
    data = {
        "format": "marginalia.comments",
        "version": 1,
        "article": {"id": "a", "path": "a.md", "title": "A"},
        "comments": [
            {
                "id": "c1",
                "parent": None,
                "author": "Anna",
                "body": "Hi",
                "created": "2026-11-26T08:00:00+00:00",
                "updated": None,
                "anchor": {**OLDER, "sentences": {"odd": True}, "future": [1, 2]},
            }
        ],
    }
    (folder / "a.json").write_text(json.dumps(data), "utf-8")
    read = CommentStore(folder).load(ArticleRef("a", "a.md", "A").id)
    assert read.problem is None and len(read.comments) == 1
