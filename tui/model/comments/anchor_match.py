"""Scoring the blocks of a changed article against a comment's anchor (see anchoring.py).

A candidate's evidence: how much of the old text it holds (whole sentences by hash, edited
ones by their words or, beyond the quote, by their sketches), how much of it is old text, its
neighbours and its distance from where the block should be. `find` accepts a candidate only
when that evidence is credible and clearly ahead of every other credible candidate, and
otherwise names the best one as a guess.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from operator import itemgetter

from tui.model.articles.blocks import BlockKind
from tui.model.comments.anchor_index import (
    MAX_UNITS,
    QUOTE_CHARS,
    DocumentIndex,
    Unit,
    normalise,
    short_hash,
    sketch,
    sketch_similarity,
    unit_texts,
    units_of,
)
from tui.model.comments.comment import Anchor

ACCEPT_SIMILARITY = 0.6
"""Lowest similarity (shared text over both texts' length) at which a changed block is placed."""
ACCEPT_HELD = 0.9
"""Share of the old text a grown block must hold to be placed below that similarity."""
MIN_HELD = 0.5
"""Share of the old text a similar block must hold: the larger half of a split, not the other."""
TRIMMED_HELD = 0.15
"""Share of the old text a block that is all old text, between the old neighbours, must hold."""
MARGIN = 0.1
"""How far the best candidate's score must be ahead of the runner-up's."""
CONTEXT_WEIGHT = 0.25
"""Weight of the neighbours (before and after) in a candidate's score."""
DISTANCE_WEIGHT = 0.1
"""Weight of the distance from the expected position in a candidate's score."""
SHORT_TEXT = 40
"""Changed blocks shorter than this (normalised characters) need both neighbours to agree."""
LONE_SIMILARITY = 0.85
"""Similarity at which a changed block is placed even where neither neighbour agrees."""
GUESS_SIMILARITY = 0.3
"""Lowest similarity at which an orphan's best candidate is offered as a guess."""
DISTANCE_BLOCKS = 20
"""Blocks a changed paragraph may move and still be placed (or a quarter of the article)."""
GAP_RATIO = 0.6
"""Word similarity from which an edited sentence counts as the old one."""
SHORT_GAP = 48
"""Changed sentences up to this long are compared letter by letter, not word by word."""
SKETCH_SIMILARITY = 0.5
"""Sketch similarity from which an edited sentence counts as the old one, in part."""
SKETCH_PAIRS = 64
"""Most pairs of old and new sentences whose sketches are compared within one changed stretch."""
CANDIDATES = 8
"""How many blocks, best by shared sentences and words, are compared in detail."""
WORD_PROBES = 10
"""How many of the quote's words (the longest) are looked up when searching by words."""
WINDOW = 40
"""Blocks on either side of the expected place searched for the old sentences first."""


@dataclass(slots=True)
class _Old:
    """What an anchor says about the block as it was, worked out once per comment."""

    units: list[Unit]
    """The old sentences."""
    sketches: list[str] = field(default_factory=list)
    """Their sketches ("" where unknown)."""
    texts: dict[int, tuple[list[str], bool]] = field(default_factory=dict)
    """Words of the sentences the quote holds, by position, and whether each is whole."""
    length: int = 0
    """Sum of the sentences' lengths."""
    capped: bool = False
    """True when only the start of the old block is known (an older anchor of a long block)."""
    words: list[str] = field(default_factory=list)
    """The quote's words."""
    quoted: int = 0
    """Length of the normalised quote."""


def _old(anchor: Anchor) -> _Old:
    quote = unit_texts(anchor.kind or BlockKind.PARAGRAPH, anchor.quote)
    cut = len(anchor.quote) >= QUOTE_CHARS
    if anchor.sentences:
        units = [(h, n) for h, n, _sketch in anchor.sentences]
        old = _Old(units, [sk for _h, _n, sk in anchor.sentences])
        for i, text in enumerate(quote[: len(units)]):
            whole = short_hash(text) == units[i][0]
            old.texts[i] = (text.split(), whole)
            if not whole:
                break
    else:
        # An anchor from before sentences were kept: its quote is all there is to go by.
        partial = cut and len(quote) == 1
        if cut and len(quote) > 1:
            quote = quote[:-1]  # the capped quote ends inside a sentence
        units = units_of(quote)
        old = _Old(units, [sketch(text) for text in quote], capped=cut)
        old.texts = {i: (text.split(), not partial) for i, text in enumerate(quote)}
    old.length = sum(n for _h, n in units) or 1
    old.words = normalise(anchor.quote).split()
    old.quoted = len(normalise(anchor.quote))
    return old


@dataclass(frozen=True, slots=True)
class Match:
    """How well one candidate block fits an anchor."""

    block: int
    """The candidate's index."""
    similarity: float
    """Text the two share, over both their lengths (0 to 1)."""
    held: float
    """Share of the old text the candidate holds."""
    covers: float
    """Share of the candidate that is old text."""
    exact: float
    """Share of the old text the candidate holds as whole, unchanged sentences."""
    context: float
    """How well its neighbours match the old ones (0 to 1)."""
    distance: int
    """Blocks between the candidate and where the block should be."""
    score: float
    """Similarity, context and distance weighed together: candidates are ranked by it."""
    short: bool
    """True when the block is shorter than the capped quote of an older anchor: only a piece."""

    @property
    def confidence(self) -> float:
        """The score as a confidence from 0 to 1."""
        return round(max(0.0, min(1.0, self.score / (1 + CONTEXT_WEIGHT))), 3)


def same_kind(anchor: Anchor, kind: BlockKind) -> bool:
    """Whether a block of `kind` may hold the anchor's comment.

    An older anchor does not say its kind, but a heading's path ends with its own text.
    """
    if anchor.kind:
        return kind.value == anchor.kind
    heading = bool(anchor.heading) and normalise(anchor.heading[-1]) == normalise(anchor.quote)
    return (kind is BlockKind.HEADING) == heading


def _held(words: list[str], theirs: list[str]) -> float:
    """The share of `words` found, in order, in `theirs`."""
    if not words or not theirs:
        return 0.0
    mine = set(words)
    if len(mine & set(theirs)) < GAP_RATIO * len(mine):
        return 0.0  # too few words in common to be worth aligning
    matcher = SequenceMatcher(None, words, theirs, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(words)


def _credit(old: _Old, index: DocumentIndex, block: int, units: list[Unit]) -> tuple[float, float]:
    """Characters of the old text the block still holds: edited sentences in part, and whole."""
    matcher = SequenceMatcher(None, [h for h, _ in old.units], [h for h, _ in units], False)
    credit = 0.0
    gaps: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            credit += sum(n for _h, n in old.units[i1:i2])
        elif tag == "replace":
            gaps.append((i1, i2, j1, j2))
    exact = credit
    for i1, i2, j1, j2 in gaps:
        old_len = sum(n for _h, n in old.units[i1:i2])
        new_len = sum(n for _h, n in units[j1:j2])
        known = [old.texts.get(i) for i in range(i1, i2)]
        words = [w for k in known if k is not None for w in k[0]]
        whole = all(k is not None and k[1] for k in known)
        if all(k is not None for k in known) and (whole or len(words) >= 8):
            theirs = " ".join(index.unit_text(block)[j1:j2]).split()
            if not whole:
                # Only the start of the old sentence is known: compare as much of the new one.
                theirs = theirs[: len(words) + len(words) // 5 + 2]
            held = _held(words, theirs)
            if whole and old_len <= SHORT_GAP:
                # A typo in a two-word heading changes half its words but few of its letters.
                mine, text = " ".join(words), " ".join(theirs)
                matcher = SequenceMatcher(None, mine, text, autojunk=False)
                held = max(held, sum(b.size for b in matcher.get_matching_blocks()) / len(mine))
            if held >= GAP_RATIO:
                credit += held * min(old_len, new_len)
            continue
        if (i2 - i1) * (j2 - j1) > SKETCH_PAIRS:
            continue  # a long stretch rewritten: no single sentence of it is the old one
        for i in range(i1, i2):
            mine = old.sketches[i] if i < len(old.sketches) else ""
            if mine:
                # Each old sentence counts as much as its best match among the new ones.
                best = max(
                    sketch_similarity(mine, index.sketch_at(block, j)) for j in range(j1, j2)
                )
                if best >= SKETCH_SIMILARITY:
                    credit += best * min(old.units[i][1], new_len)
    return credit, exact


def _side(anchor: Anchor, index: DocumentIndex, at: int, before: bool) -> float:
    """How well the block at `at` matches the anchor's neighbour on one side (0 to 1)."""
    inside = 0 <= at < len(index)
    if anchor.kind:
        wanted = anchor.neighbours[0 if before else 1]
        if wanted == index.short_at(at):
            # A neighbour whose text recurs ("<!-- more -->", "See the notes.") says less.
            return 1.0 if not inside or len(index.by_short()[wanted]) == 1 else 0.5
    context = normalise(anchor.prefix if before else anchor.suffix)
    if not context or not inside:
        return 1.0 if not context and not inside else 0.0
    text = index.normal(at)
    if text.endswith(context) if before else text.startswith(context):
        return 1.0
    words = context.split()
    theirs = text.split()
    theirs = theirs[-len(words) :] if before else theirs[: len(words)]
    ratio = SequenceMatcher(None, words, theirs, autojunk=False).ratio()
    return ratio if ratio >= 0.7 else 0.0


def context(anchor: Anchor, index: DocumentIndex, block: int) -> float:
    """How well the blocks around `block` match the anchor's neighbours (0 to 1)."""
    return (_side(anchor, index, block - 1, True) + _side(anchor, index, block + 1, False)) / 2


def neighbour_agrees(anchor: Anchor, index: DocumentIndex, block: int) -> bool:
    """Whether a neighbour of `block` is unmistakably one of the anchor's (not a recurring one)."""
    return max(_side(anchor, index, block - 1, True), _side(anchor, index, block + 1, False)) >= 1


def expected(anchor: Anchor, index: DocumentIndex) -> int:
    """Where the block should be now: next to a neighbour found once, else where it sat."""
    count = len(index)
    if not anchor.kind:
        return min(anchor.block, max(0, count - 1))
    guess = round(anchor.position * max(0, count - 1))
    spots = []
    for neighbour, step in zip(anchor.neighbours, (1, -1), strict=True):
        found = index.by_short().get(neighbour, ()) if neighbour else ()
        if len(found) == 1 and 0 <= found[0] + step < count:
            spots.append(found[0] + step)
    return min(spots, key=lambda spot: abs(spot - guess)) if spots else guess


def _limit(count: int) -> int:
    return max(DISTANCE_BLOCKS, count // 4)


def _candidates(anchor: Anchor, old: _Old, index: DocumentIndex, spot: int) -> list[int]:
    """Blocks worth comparing first: those near where it should be that share sentences."""
    counts = index.sharing(old.units, spot - WINDOW, spot + WINDOW)
    found = [b for b, _n in heapq.nlargest(CANDIDATES, counts.items(), key=itemgetter(1))]
    if len(index):
        near = (spot, spot - 1, spot + 1, min(anchor.block, len(index) - 1))
        found += [b for b in near if 0 <= b < len(index)]
    return list(dict.fromkeys(found))


def _word_candidates(old: _Old, index: DocumentIndex) -> list[int]:
    """Blocks sharing the most rare words with the quote: for text edited in every sentence."""
    common = max(8, len(index) // 4)
    words: Counter[int] = Counter()
    # The longest words are the likeliest to be rare; words found in a quarter of all blocks
    # say little about where a paragraph went.
    for token in sorted(set(old.words), key=len, reverse=True)[:WORD_PROBES]:
        words.update(index.with_word(token, common))
    return [b for b, _n in heapq.nlargest(CANDIDATES, words.items(), key=itemgetter(1))]


def _is_old_neighbour(anchor: Anchor, index: DocumentIndex, block: int) -> bool:
    """True when the block is, unchanged, the one that stood before or after the anchor's."""
    if anchor.kind:
        return index.short_at(block) in {n for n in anchor.neighbours if n}
    text = index.normal(block)
    prefix, suffix = normalise(anchor.prefix), normalise(anchor.suffix)
    return (len(prefix) >= 20 and text.endswith(prefix)) or (
        len(suffix) >= 20 and text.startswith(suffix)
    )


def _score(anchor: Anchor, old: _Old, index: DocumentIndex, block: int, spot: int) -> Match:
    """The evidence that `block` is the anchor's paragraph, `spot` being where it should be."""
    units = index.units(block)
    short = old.capped and sum(n for _h, n in units) < 0.9 * old.quoted
    if old.capped:
        room = old.length * 1.25 + 40
        kept: list[Unit] = []
        for unit in units:
            if kept and sum(n for _h, n in kept) + unit[1] > room:
                break
            kept.append(unit)
        units = kept
    elif len(old.units) >= MAX_UNITS:
        units = units[: MAX_UNITS + MAX_UNITS // 4]
    new_len = sum(n for _h, n in units) or 1
    credit, exact = _credit(old, index, block, units)
    similarity = 2 * credit / (old.length + new_len)
    agreed = context(anchor, index, block)
    distance = abs(block - spot)
    far = min(1.0, distance / _limit(len(index)))
    score = similarity + CONTEXT_WEIGHT * agreed - DISTANCE_WEIGHT * far
    held, exact_share = credit / old.length, exact / old.length
    covers = credit / new_len
    return Match(block, similarity, held, covers, exact_share, agreed, distance, score, short)


def _credible(best: Match, old: _Old, count: int) -> bool:
    """Whether a candidate has the evidence to be the paragraph (before looking at the others)."""
    similar = best.similarity >= ACCEPT_SIMILARITY and best.held >= MIN_HELD
    # A sentence added to a short paragraph: all the old text is there, and a neighbour agrees.
    grown = best.held >= ACCEPT_HELD and best.context >= 0.5
    # A long sentence removed: what is left is all old text, in its place between both neighbours.
    trimmed = best.covers >= ACCEPT_HELD and best.context >= 0.99 and best.held >= TRIMMED_HELD
    return (
        (similar or grown or trimmed)
        and not best.short
        and best.distance <= _limit(count)
        and (old.length >= SHORT_TEXT or best.context >= 0.99)
        and (best.context >= 0.5 or best.similarity >= LONE_SIMILARITY)
        # Known only by similar words (no whole sentence kept): both neighbours must agree, or
        # a sibling written from the same template would take the comment of a deleted one.
        and (best.exact >= 0.5 or best.context >= 0.75)
    )


def find(
    anchor: Anchor, index: DocumentIndex, exclude: frozenset[int] = frozenset()
) -> tuple[Match | None, Match | None]:
    """The block the changed paragraph became, or else the best guess at it (either may be None)."""
    old = _old(anchor)
    spot = expected(anchor, index)

    def scored(blocks: list[int]) -> list[Match]:
        return [
            _score(anchor, old, index, block, spot)
            for block in blocks
            if same_kind(anchor, index.blocks[block].kind)
            and block not in exclude
            and not _is_old_neighbour(anchor, index, block)
        ]

    first = _candidates(anchor, old, index, spot)
    scores = scored(first)
    found, credible = _decide(scores, old, len(index))
    if found is None or found.context < 0.5:
        # Nothing sure near where it was, or only a block away from the old neighbours (maybe
        # a copy): look everywhere, by words, for a better one (a cost paid only here).
        scores += scored([b for b in _word_candidates(old, index) if b not in first])
        found, credible = _decide(scores, old, len(index))
    if found is not None:
        return found, None
    declined = set(anchor.declined)
    scores.sort(key=lambda s: (-s.score, s.distance))
    guesses = [
        s
        for s in credible + scores
        if s.similarity >= GUESS_SIMILARITY and index.hash_at(s.block) not in declined
    ]
    return None, guesses[0] if guesses else None


def _decide(scores: list[Match], old: _Old, count: int) -> tuple[Match | None, list[Match]]:
    """The credible candidate clearly ahead of every other credible one, if any, and all those."""
    scores.sort(key=lambda s: (-s.score, s.distance))
    credible = [s for s in scores if _credible(s, old, count)]
    # Of two halves of a split, only the larger holds enough of the old text to be credible.
    if credible and (len(credible) == 1 or credible[0].score - credible[1].score >= MARGIN):
        return credible[0], credible
    return None, credible
