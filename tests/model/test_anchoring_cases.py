"""Re-anchoring in the cases that once put comments on the wrong paragraph, and a property.

Each fixture in tests/fixtures/anchoring holds an article before and after one edit, the
start of the commented block's text, and the start of the block the comment belongs on
afterwards (or "orphan").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.articles.blocks import Block, BlockKind, Document
from tui.model.articles.markdown import parse_markdown
from tui.model.comments.anchoring import make_anchor, normalise, place_comments
from tui.model.comments.comment import Comment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "anchoring"
T0 = datetime(2026, 11, 26, tzinfo=UTC)
SIMILAR = 0.5
"""The property's bar: a placed comment's new block holds at least this share of the old words."""


def _read(path: Path) -> tuple[str, str, str, str]:
    head, _, rest = path.read_text(encoding="utf-8").partition("=== before\n")
    before, _, after = rest.partition("=== after\n")
    fields = dict(line.split(": ", 1) for line in head.strip().split("\n"))
    return fields["comment"], fields["expected"], before, after


def _block(document: Document, start: str) -> int:
    found = [i for i, b in enumerate(document.blocks) if b.text == start] or [
        i for i, b in enumerate(document.blocks) if b.text.startswith(start)
    ]
    assert len(found) == 1, f"{start!r} names {len(found)} blocks"
    return found[0]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
@pytest.mark.parametrize("older", [False, True], ids=["anchor", "older-anchor"])
def test_fixture_places_the_comment_where_expected(path: Path, older: bool) -> None:
    """The comment lands on the expected block, or is an orphan when that is expected."""
    commented, expected, before, after = _read(path)
    old = parse_markdown(before)
    anchor = make_anchor(old, _block(old, commented))
    if older:
        # An anchor written before kind, sentences and neighbours were kept.
        anchor = replace(anchor, kind="", sentences=(), neighbours=("", ""), position=0.0)
    comment = Comment("c", None, "A", "B", T0, None, anchor)
    new = parse_markdown(after)
    placed = place_comments(new, [comment])["c"]
    if expected == "orphan":
        assert placed.orphan and placed.block is None
    elif older and placed.orphan:
        # Older anchors know less; they may orphan a comment, but never misplace it.
        pass
    else:
        assert placed.block == _block(new, expected)


def _words_kept(old: str, new: str) -> float:
    mine, theirs = normalise(old).split(), normalise(new).split()
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(1, len(mine))


_VOCABULARY = "the club meets on thursday in the hall and everyone brings a cake or a friend"
_WORDS = st.sampled_from(_VOCABULARY.split(" "))
_TEXTS = st.lists(_WORDS, min_size=1, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
_BLOCKS = st.lists(
    st.tuples(st.sampled_from([BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.CODE]), _TEXTS),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(items=_BLOCKS, data=st.data())
def test_deleting_a_commented_block_orphans_it_or_finds_a_like_block(
    items: list[tuple[BlockKind, str]], data: st.DataObject
) -> None:
    """After a commented block is deleted, its comment is an orphan or on a like block."""
    document = Document.of([Block(kind, text) for kind, text in items])
    index = data.draw(st.integers(0, len(items) - 1))
    comment = Comment("c", None, "A", "B", T0, None, make_anchor(document, index))
    edited = Document.of([b for i, b in enumerate(document.blocks) if i != index])
    placed = place_comments(edited, [comment])["c"]
    if placed.block is None:
        assert placed.orphan
        return
    old, new = document.blocks[index], edited.blocks[placed.block]
    assert new.kind is old.kind
    assert _words_kept(old.text, new.text) >= SIMILAR
