"""Re-placing every comment of an 850-block article after an edit: time per comment.

Run by hand from the repository root: `python tests/bench/bench_anchoring.py [--comments N]`.
The article is generated (gen_docs sections, fixed seed) until it has 850 blocks; comments are
anchored on blocks spread over it. Then the source is edited as a writer would between two
readings (typos fixed, sentences added and removed, paragraphs split, deleted and inserted)
and `place_comments` places them all on the parsed new version, as opening the article does;
the time includes building the per-document lookups. Also: one comment alone (the lookups
built for it), and the unchanged article. The target is under 10 ms per comment.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_docs import _section

from tui.model.articles.blocks import BlockKind
from tui.model.articles.markdown import parse_markdown
from tui.model.comments.anchoring import How, make_anchor, place_comments
from tui.model.comments.comment import Comment

BLOCKS = 850
"""Blocks in the benchmark article."""
TARGET_MS = 10.0
"""The budget per comment."""
RUNS = 7
"""Timed runs of each case; the median is reported."""


def _article(seed: int = 2026) -> str:
    rng = random.Random(seed)
    parts: list[str] = ["# Anchors that hold"]
    number = 0
    while len(parse_markdown("\n\n".join(parts)).blocks) < BLOCKS:
        number += 1
        parts.extend(_section(rng, number, table_rows=6 if number % 10 == 0 else 0))
    return "\n\n".join(parts) + "\n"


def _edited(source: str, seed: int = 15) -> str:
    """The article after a writer's pass: about one paragraph in ten touched."""
    rng = random.Random(seed)
    chunks = source.split("\n\n")
    out: list[str] = []
    for chunk in chunks:
        roll = rng.random()
        plain = not chunk.startswith(("#", ">", "-", "1.", "```", "|"))
        if plain and roll < 0.02:
            continue  # deleted
        if plain and roll < 0.04:
            words = chunk.split(" ")
            at = len(words) // 2
            out.extend([" ".join(words[:at]) + ".", " ".join(words[at:])])  # split
            continue
        if plain and roll < 0.07:
            chunk = chunk.replace("e", "ee", 1)  # a typo fixed
        elif plain and roll < 0.09:
            chunk += " A sentence added later, after a reader asked."
        elif roll < 0.10:
            out.append("A paragraph inserted here, about something new.")
        out.append(chunk)
    return "\n\n".join(out)


def _comments(source: str, count: int) -> list[Comment]:
    document = parse_markdown(source)
    blocks = [i for i, b in enumerate(document.blocks) if b.kind is not BlockKind.RULE]
    step = max(1, len(blocks) // count)
    moment = datetime(2026, 11, 26, tzinfo=UTC)
    return [
        Comment(f"c{n}", None, "Bench", "Kommentar", moment, None, make_anchor(document, i))
        for n, i in enumerate(blocks[::step][:count])
    ]


def _median_ms(run: Callable[[], object], repeat: int = RUNS) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=100)
    args = parser.parse_args()
    source = _article()
    original = parse_markdown(source)
    edited = parse_markdown(_edited(source))
    comments = _comments(source, args.comments)
    placed = place_comments(edited, comments)
    moved = sum(1 for c in comments if placed[c.id].block != c.anchor.block)  # type: ignore[union-attr]
    orphans = sum(1 for p in placed.values() if p.orphan)
    count = len(comments)
    all_ms = _median_ms(lambda: place_comments(edited, comments))
    same_ms = _median_ms(lambda: place_comments(original, comments))
    # One comment alone pays for every lookup its placing needs: the worst case per comment.
    every = _comments(source, len(original.blocks))
    where = place_comments(edited, every)
    singles = {}
    for how in (How.SAME, How.MOVED, How.FUZZY, How.SECTION, How.ORPHAN):
        found = next((c for c in every if where[c.id].how is how), None)
        if found is not None:
            singles[how] = _median_ms(lambda c=found: place_comments(edited, [c]))
    print(
        f"article: {len(original.blocks)} blocks, edited: {len(edited.blocks)} blocks; "
        f"{count} comments ({moved} moved or changed place, {orphans} orphans)\n"
    )
    print("| case | total ms | ms per comment | target |")
    print("|---|---:|---:|---:|")
    each = all_ms / count
    print(f"| {count} comments, edited article | {all_ms:.1f} | {each:.2f} | < {TARGET_MS} |")
    for how, ms in singles.items():
        print(f"| 1 comment alone, placed as {how.value} | {ms:.1f} | {ms:.2f} | < {TARGET_MS} |")
    print(f"| {count} comments, unchanged article | {same_ms:.1f} | {same_ms / count:.2f} | |")


if __name__ == "__main__":
    main()
