"""Tests for anchors and re-anchoring comments after the article changed."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.model.articles.blocks import Block, BlockKind, Document
from tui.model.articles.markdown import parse_markdown
from tui.model.comments.anchoring import (
    QUOTE_CHARS,
    How,
    Placement,
    block_hash,
    make_anchor,
    normalise,
    place_comments,
)
from tui.model.comments.comment import Comment

T0 = datetime(2026, 11, 26, tzinfo=UTC)
P = BlockKind.PARAGRAPH
H = BlockKind.HEADING
FIRST = "The first paragraph talks about social networks and what people expect from them."
SECOND = "A second paragraph argues that contacts only help when both sides gain something."
THIRD = "The third paragraph closes with a question to the readers about their experience."


def _doc(*items: tuple[BlockKind, str]) -> Document:
    blocks: list[Block] = []
    path: tuple[str, ...] = ()
    for kind, text in items:
        if kind is H:
            path = (text,)
        blocks.append(Block(kind, text, level=2 if kind is H else 0, heading_path=path))
    return Document.of(blocks)


BASE = _doc((P, "Intro line of the article."), (H, "Section"), (P, FIRST), (P, SECOND), (P, THIRD))


def _on(document: Document, index: int, cid: str = "c") -> Comment:
    return Comment(cid, None, "A", "B", T0, None, make_anchor(document, index))


def _place(document: Document, *comments: Comment) -> dict[str, Placement]:
    return place_comments(document, comments)


def test_normalise_casefolds_and_collapses_whitespace() -> None:
    """Case and runs of whitespace do not matter."""
    assert normalise("  Straße\n\tund  MEHR ") == "strasse und mehr"


def test_block_hash_ignores_case_and_spacing() -> None:
    """Blocks that differ only in case and spacing share a hash; other text does not."""
    a, b, c = Block(P, "Hello  World"), Block(P, "hello world"), Block(P, "hello world!")
    assert block_hash(a) == block_hash(b) != block_hash(c)
    assert len(block_hash(a)) == 40


def test_make_anchor_records_quote_context_and_heading() -> None:
    """An anchor holds the block's text, its neighbours' edges and its heading path."""
    anchor = make_anchor(BASE, 3)
    old_fields = (anchor.block, anchor.heading, anchor.quote, anchor.prefix, anchor.suffix)
    assert old_fields == (3, ("Section",), SECOND, FIRST[-64:], THIRD[:64])
    assert anchor.hash == block_hash(BASE.blocks[3])


def test_make_anchor_records_kind_sentences_neighbours_and_position() -> None:
    """An anchor also holds the block's kind, its sentences, its neighbours and where it sat."""
    text = "One sentence with six words here. And a second one!"
    document = _doc((P, FIRST), (P, text), (H, "Next"))
    anchor = make_anchor(document, 1)
    assert anchor.kind == "paragraph" and anchor.position == 0.5
    assert [n for _h, n, _s in anchor.sentences] == [33, 17]
    # Hashes of word pairs: four of the five pairs of the first, three of the second.
    assert [(len(h), len(sk)) for h, _n, sk in anchor.sentences] == [(8, 24), (8, 18)]
    assert anchor.neighbours == (
        block_hash(document.blocks[0])[:8],
        block_hash(document.blocks[2])[:8],
    )
    assert anchor.length == len(text)


def test_make_anchor_caps_quote_and_handles_edges() -> None:
    """Long quotes are capped; the first and last blocks have empty prefix or suffix."""
    document = _doc((P, "x" * 1000))
    anchor = make_anchor(document, 0)
    assert len(anchor.quote) == QUOTE_CHARS and anchor.prefix == anchor.suffix == ""


def test_unchanged_article_keeps_every_comment_in_place() -> None:
    """With no edits, every comment is on its block and nothing is marked changed."""
    comments = [_on(BASE, i, f"c{i}") for i in range(len(BASE.blocks))]
    placed = place_comments(BASE, comments)
    assert placed == {f"c{i}": Placement(i, how=How.SAME) for i in range(len(BASE.blocks))}


def test_inserted_paragraphs_move_comment_without_change_sign() -> None:
    """Paragraphs added above shift the comment to the same text, not marked changed."""
    edited = _doc(
        (P, "New."),
        (P, "Intro line of the article."),
        (P, "More."),
        (H, "Section"),
        (P, FIRST),
        (P, SECOND),
    )
    assert _place(edited, _on(BASE, 3))["c"] == Placement(5, how=How.MOVED)


def test_duplicate_text_goes_to_the_nearest_copy() -> None:
    """When the same text appears twice, the copy nearest the old position wins."""
    document = _doc(
        (P, "Zurück"), (P, FIRST), (P, "Zurück"), (P, SECOND), (P, THIRD), (P, "Zurück")
    )
    comment = _on(document, 5)
    edited = _doc(
        (P, "Zurück"), (P, FIRST), (P, "Zurück"), (P, "New"), (P, THIRD), (P, "x"), (P, "Zurück")
    )
    assert _place(edited, comment)["c"].block == 6


def test_extended_paragraph_is_found_by_quote() -> None:
    """A paragraph that gained a sentence is found by its old text and marked changed."""
    edited = _doc(
        (P, "Intro line of the article."),
        (H, "Section"),
        (P, FIRST),
        (P, SECOND + " Added."),
        (P, THIRD),
    )
    placed = _place(edited, _on(BASE, 3))["c"]
    assert (placed.block, placed.changed, placed.how) == (3, True, How.FUZZY)


def test_typo_fix_is_found_by_fuzzy_match() -> None:
    """A corrected word still finds the paragraph, marked changed."""
    edited = _doc(
        (H, "Section"), (P, FIRST), (P, SECOND.replace("contacts", "contcats")), (P, THIRD)
    )
    placed = _place(edited, _on(BASE, 3))["c"]
    assert (placed.block, placed.changed, placed.how) == (2, True, How.FUZZY)
    assert 0.5 < placed.confidence <= 1


def test_deleted_paragraph_is_an_orphan_that_knows_its_section() -> None:
    """A paragraph that is gone makes an orphan, with its surviving section's heading as a hint."""
    edited = _doc(
        (P, "Intro line of the article."), (H, "Other"), (P, "Text."), (H, "Section"), (P, THIRD)
    )
    placed = _place(edited, _on(BASE, 3))["c"]
    assert (placed.block, placed.orphan, placed.how, placed.section) == (None, True, How.SECTION, 3)
    assert placed.guess is None


def test_deleted_paragraph_without_section_is_an_orphan() -> None:
    """A paragraph that is gone, with no heading to fall back to, becomes an orphan."""
    document = _doc((P, FIRST), (P, SECOND))
    placed = _place(_doc((P, FIRST), (P, "Something else entirely.")), _on(document, 1))
    assert (placed["c"].block, placed["c"].orphan, placed["c"].how) == (None, True, How.ORPHAN)


def test_article_comment_is_not_an_orphan() -> None:
    """A comment on the whole article has no block and is not an orphan."""
    comment = Comment("c", None, "A", "B", T0, None, None)
    assert _place(_doc(), comment)["c"] == Placement(None, how=How.ARTICLE)


def test_replies_follow_their_parent() -> None:
    """Replies go wherever their parent goes, orphan or not, whatever their own anchor says."""
    document = _doc((P, FIRST), (P, SECOND))
    parent = _on(document, 1, "p")
    reply = Comment("r", "p", "A", "B", T0, None, make_anchor(document, 0))
    nested = Comment("n", "r", "A", "B", T0, None, None)
    placed = _place(_doc((P, FIRST)), nested, reply, parent)
    assert placed["p"].orphan and placed["r"] == placed["p"] == placed["n"]


def test_reply_without_parent_uses_its_own_anchor() -> None:
    """A reply whose parent was deleted is still placed, by its own anchor."""
    reply = Comment("r", "gone", "A", "B", T0, None, make_anchor(BASE, 2))
    assert _place(BASE, reply)["r"] == Placement(2, how=How.SAME)


def test_parent_cycle_is_placed_without_hanging() -> None:
    """Comments whose parents form a loop are all placed."""
    a = Comment("a", "b", "A", "B", T0, None, make_anchor(BASE, 2))
    b = Comment("b", "a", "A", "B", T0, None, None)
    assert set(_place(BASE, a, b)) == {"a", "b"}


def test_anchor_past_the_end_is_still_found() -> None:
    """An anchor whose block index is beyond a shortened article is found by its text."""
    comment = _on(BASE, 4)
    assert _place(_doc((P, THIRD)), comment)["c"] == Placement(0, how=How.MOVED)


def test_empty_document_makes_orphans() -> None:
    """With no blocks at all, anchored comments are orphans and nothing crashes."""
    assert _place(Document.of([]), _on(BASE, 2))["c"].orphan


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "jekyll-posts"
INSERTED = ["A paragraph added above, about something new.", "", "And one more short one.", ""]
_WORD = re.compile(r"\b[A-Za-z]{5,}\b")


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :]
    return text


def _targets(document: Document) -> list[int]:
    found = [
        i
        for i, b in enumerate(document.blocks)
        if b.kind is BlockKind.PARAGRAPH and not b.containers and len(normalise(b.text)) >= 40
    ]
    step = max(1, len(found) // 4)
    return found[::step][:4]


def _typo(lines: list[str], start: int, end: int) -> list[str] | None:
    for row in range(start, end):
        match = _WORD.search(lines[row])
        if match:
            word = match.group()
            swapped = word[0] + word[2] + word[1] + word[3:]
            changed = list(lines)
            changed[row] = lines[row][: match.start()] + swapped + lines[row][match.end() :]
            return changed
    return None


def _section(document: Document, index: int, count: int) -> tuple[int, int]:
    heads = [i for i in document.headings if i < index]
    if not heads:
        first = document.headings[0] if document.headings else None
        return 0, document.blocks[first].lines[0] if first is not None else count
    head = document.blocks[heads[-1]]
    later = [
        i for i in document.headings if i > heads[-1] and document.blocks[i].level <= head.level
    ]
    return head.lines[0], document.blocks[later[0]].lines[0] if later else count


def _edits(document: Document, lines: list[str], index: int) -> dict[str, tuple[list[str], int]]:
    """Return each edit of the source as (new lines, new first line of the paragraph or -1)."""
    start, end = document.blocks[index].lines
    edits: dict[str, tuple[list[str], int]] = {}
    typo = _typo(lines, start, end)
    if typo is not None:
        edits["typo"] = (typo, start)
    edits["insert"] = (lines[:start] + INSERTED + lines[start:], start + len(INSERTED))
    a, b = _section(document, index, len(lines))
    if (a, b) == (0, len(lines)):
        # No headings: the paragraph on its own is the part that moves.
        a, b = start, end
    if b < len(lines):
        moved = [*lines[:a], *lines[b:], "", *lines[a:b]]
        edits["move"] = (moved, a + len(lines) - b + 1 + start - a)
    elif a > 0:
        edits["move"] = ([*lines[a:b], "", *lines[:a]], start - a)
    edits["delete"] = (lines[:start] + lines[end:], -1)
    return edits


def test_comments_survive_edits_of_real_articles() -> None:
    """Comments on real posts stay on their paragraph through typo fixes, inserts and moves."""
    if not CORPUS.is_dir():
        pytest.skip("the jekyll-posts corpus is not available")
    posts = sorted(CORPUS.glob("*.markdown"))[::5][:20]
    stats: dict[str, Counter[str]] = {}
    for post in posts:
        source = _strip_front_matter(post.read_text(encoding="utf-8"))
        lines = source.split("\n")
        document = parse_markdown(source)
        for index in _targets(document):
            comment = Comment("c", None, "A", "B", T0, None, make_anchor(document, index))
            for kind, (new_lines, start) in _edits(document, lines, index).items():
                edited = parse_markdown("\n".join(new_lines))
                placed = place_comments(edited, [comment])["c"]
                assert placed.orphan != (placed.block is not None)
                tally = stats.setdefault(kind, Counter())
                tally["total"] += 1
                tally[placed.how.value] += 1
                tally["changed"] += placed.changed
                if placed.block is not None and edited.blocks[placed.block].lines[0] == start:
                    tally["right"] += 1
    print("\nre-anchoring on", len(posts), "posts:")
    for kind, tally in stats.items():
        print(f"  {kind:7} {dict(sorted(tally.items()))}")
    for kind in ("typo", "insert", "move"):
        assert stats[kind]["right"] >= 0.9 * stats[kind]["total"], kind
    assert stats["insert"]["changed"] == stats["move"]["changed"] == 0
    assert stats["delete"]["total"] > 0
