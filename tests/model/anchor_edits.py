"""Edits a writer makes to a Markdown article, and a tally of where comments land after each.

Used by the always-on evaluation test (a few real posts) and by the evaluation script
`tests/bench/eval_anchoring.py` (many long posts). Each target block is first written on one
source line (the same rendered text), so an edit inside it never changes the paragraph's
structure by accident; the comment is anchored on that version, the edit applied, the edited
source parsed again, and the comment placed on it. Every edit knows the source line where the
commented block should now start (or that it should become an orphan).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from tui.model.articles.blocks import BlockKind, ContainerKind, Document
from tui.model.articles.frontmatter import split_front_matter
from tui.model.articles.markdown import parse_markdown
from tui.model.comments.anchoring import make_anchor, normalise, place_comments
from tui.model.comments.comment import Comment

T0 = datetime(2026, 11, 26, tzinfo=UTC)
ADDED = (
    "This sentence was added later, after a reader asked about it.",
    "Since then, a few things have changed in how we do this.",
    "We plan to write more about it in a follow-up post.",
    "Thanks to everyone who sent in their feedback on this.",
)
"""Sentences inserted by the "sentence added" edit."""
INSERTED = ["A paragraph added above, about something new.", "", "And one more short one.", ""]
"""Paragraphs inserted above the target by the "insert" edit."""
ORPHAN = -1
"""Expected line of an edit after which the comment should be an orphan."""
EITHER = -2
"""Expected line marker: orphan or the block's own place are both right (heavy rewrite)."""

_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]*_]*\s+(?=[A-Z0-9\"'(\[*_`])")
_PREFIX = re.compile(r"^(?:\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+|\s{0,3}>\s?)")
_WORD = re.compile(r"\b[A-Za-z]{5,}\b")


def strip_front_matter(text: str) -> str:
    """The body of an article, with YAML (---) or TOML (+++) front matter removed."""
    if text.startswith("+++\n"):
        end = text.find("\n+++\n", 4)
        return text[end + 5 :] if end >= 0 else text
    return split_front_matter(text).body


@dataclass(frozen=True, slots=True)
class Case:
    """One edit of one article: the comment's anchor source, the edited source, the answer."""

    kind: str
    """Name of the edit (the evaluation's row)."""
    target: str
    """What was commented on: paragraph, list, quote or heading."""
    old: str
    """The source the comment was written on."""
    old_line: int
    """Source line of the commented block."""
    new: str
    """The edited source."""
    expected: int
    """Source line where the commented block now starts, ORPHAN or EITHER."""


def _target_kind(document: Document, index: int) -> str | None:
    block = document.blocks[index]
    if block.kind is BlockKind.HEADING:
        return "heading" if block.lines[1] - block.lines[0] == 1 else None
    if block.kind is not BlockKind.PARAGRAPH or len(block.containers) > 1:
        return None
    if not block.containers:
        return "paragraph"
    container = block.containers[0]
    if container.kind is ContainerKind.QUOTE:
        return "quote"
    return "list" if container.marker is not None else None


def _one_line(lines: list[str], start: int, end: int, target: str) -> tuple[str, str] | None:
    """The block's marker and its text on one line, or None when its source is unusual."""
    first = lines[start]
    prefix = ""
    if target in ("quote", "list"):
        match = _PREFIX.match(first)
        if match is None:
            return None
        prefix = match.group()
    body = [first[len(prefix) :].strip()]
    for line in lines[start + 1 : end]:
        text = line.strip()
        if target == "quote":
            text = text.removeprefix(">").strip()
        if not text or text.startswith(("```", "|", "<")) or line.endswith("  "):
            return None
        body.append(text)
    joined = " ".join(body)
    if len(joined) < 40 and target != "heading":
        return None
    return prefix, joined


def _sentences(body: str) -> list[str]:
    return _BOUNDARY.split(body)


def _typo(body: str, rng: random.Random) -> str | None:
    words = list(_WORD.finditer(body))
    if not words:
        return None
    match = rng.choice(words)
    word = match.group()
    at = rng.randrange(1, len(word) - 2)
    swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return body[: match.start()] + swapped + body[match.end() :]


def _rewrite(body: str, vocabulary: list[str], rng: random.Random) -> str:
    words = body.split()
    for i in range(len(words)):
        if rng.random() < 0.6:
            words[i] = rng.choice(vocabulary)
    return " ".join(words)


def _near_copy(body: str, vocabulary: list[str], rng: random.Random) -> str:
    words = body.split()
    at = rng.randrange(len(words))
    words[at] = rng.choice([w for w in vocabulary if w != words[at]] or ["other"])
    return " ".join(words)


def cases(source: str, rng: random.Random, per_kind: dict[str, int]) -> Iterator[Case]:
    """Every edit for up to `per_kind[target]` targets of each kind in one article's source."""
    lines = source.split("\n")
    document = parse_markdown(source)
    vocabulary = [w for b in document.blocks for w in b.text.split() if w.isalpha()] or ["word"]
    found: dict[str, list[int]] = {}
    for i in range(len(document.blocks)):
        target = _target_kind(document, i)
        if target is not None:
            found.setdefault(target, []).append(i)
    for target, indexes in found.items():
        count = per_kind.get(target, 0)
        if not count:
            continue
        step = max(1, len(indexes) // count)
        for index in indexes[::step][:count]:
            yield from _cases_for(lines, document, index, target, vocabulary, rng)


def _cases_for(
    lines: list[str],
    document: Document,
    index: int,
    target: str,
    vocabulary: list[str],
    rng: random.Random,
) -> Iterator[Case]:
    start, end = document.blocks[index].lines
    one = _one_line(lines, start, end, target)
    if one is None:
        return
    prefix, body = one
    base = [*lines[:start], prefix + body, *lines[end:]]
    old = "\n".join(base)

    def edited(*replacement: str, at: int = start, drop: int = 1) -> str:
        return "\n".join([*base[:at], *replacement, *base[at + drop :]])

    def case(kind: str, new: str, expected: int) -> Case:
        return Case(kind, target, old, start, new, expected)

    typo = _typo(body, rng)
    if typo is not None:
        yield case("typo fixed", edited(prefix + typo), start)
    yield case("paragraphs inserted above", edited(*INSERTED, at=start, drop=0), start + 4)
    yield case("deleted (orphan expected)", edited(), ORPHAN)
    yield case("heavy rewrite", edited(prefix + _rewrite(body, vocabulary, rng)), EITHER)
    if target == "heading":
        yield case(
            "heading word added", edited(prefix + body + " " + rng.choice(vocabulary)), start
        )
        return
    sentences = _sentences(body)
    added = list(sentences)
    added.insert(rng.randrange(len(sentences) + 1), rng.choice(ADDED))
    yield case("sentence added", edited(prefix + " ".join(added)), start)
    if len(sentences) >= 3:
        rest = " ".join(sentences[1:])
        yield case("first sentence removed", edited(prefix + rest), start)
        gone = rng.randrange(1, len(sentences))
        kept = " ".join(s for i, s in enumerate(sentences) if i != gone)
        yield case("other sentence removed", edited(prefix + kept), start)
        if target != "list":
            # Split after the first sentence (1 + rest): the comment goes with the larger half.
            head, tail = sentences[0], " ".join(sentences[1:])
            gap = ">" if target == "quote" else ""
            split = edited(prefix + head, gap, prefix + tail)
            second = start + 2 if _larger_second(split, start) else start
            yield case("split (1 + rest)", split, second)
    earlier = [b for b in document.blocks[: max(0, index - 2)] if not b.containers]
    if earlier and target != "heading":
        # An earlier near-copy of the paragraph, and a typo in the original fixed since.
        typo_old = _typo(body, rng)
        copy = _near_copy(typo_old, vocabulary, rng) if typo_old is not None else ""
        if typo_old is not None and _shown(prefix + copy) != _shown(prefix + typo_old):
            at = rng.choice(earlier).lines[0]
            before = [*base[:start], prefix + typo_old, *base[start + 1 :]]
            new = [*base[:at], prefix + copy, "", *base[at:]]
            yield Case(
                "near-copy earlier + typo fixed",
                target,
                "\n".join(before),
                start,
                "\n".join(new),
                start + 2,
            )


def _larger_second(source: str, start: int) -> bool:
    """Whether the second half of a paragraph split at `start` shows more text than the first.

    Measured in the whole parsed article, where reference links resolve as the reader shows them.
    """
    shown = {b.lines[0]: len(normalise(b.text)) for b in parse_markdown(source).blocks}
    return shown.get(start + 2, 0) > shown.get(start, 0)


def _shown(line: str) -> str:
    """The text a source line shows (a near-copy must differ where the reader sees it)."""
    return " ".join(b.text for b in parse_markdown(line).blocks)


def outcome(case: Case, older: bool = False) -> str:
    """Where the comment landed: "right", "wrong", "orphan" (guess right: "orphan+guess").

    With `older`, the anchor is cut down to the fields anchors had before sentences, kind and
    neighbours were kept.
    """
    old_doc = parse_markdown(case.old)
    index = next((i for i, b in enumerate(old_doc.blocks) if b.lines[0] == case.old_line), None)
    if index is None:
        return "skipped"
    anchor = make_anchor(old_doc, index)
    if older:
        anchor = replace(anchor, kind="", sentences=(), neighbours=("", ""), position=0.0)
    comment = Comment("c", None, "A", "B", T0, None, anchor)
    new_doc = parse_markdown(case.new)
    placed = place_comments(new_doc, [comment])["c"]
    if placed.block is None:
        guess = getattr(placed, "guess", None)
        right = guess is not None and new_doc.blocks[guess].lines[0] == case.expected
        return "orphan+guess" if right else "orphan"
    line = new_doc.blocks[placed.block].lines[0]
    if case.expected == EITHER:
        return "right" if line == case.old_line else "wrong"
    return "right" if line == case.expected else "wrong"


def evaluate(
    posts: list[Path], per_kind: dict[str, int], seed: int = 15, older: bool = False
) -> dict[tuple[str, str], Counter[str]]:
    """Tally outcomes by (edit, target) over `posts`."""
    rng = random.Random(seed)
    tally: dict[tuple[str, str], Counter[str]] = {}
    for post in posts:
        source = strip_front_matter(post.read_text(encoding="utf-8", errors="replace"))
        for case in cases(source, rng, per_kind):
            result = outcome(case, older)
            if result != "skipped":
                tally.setdefault((case.kind, case.target), Counter())[result] += 1
    return tally
