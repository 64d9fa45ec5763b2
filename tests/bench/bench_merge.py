"""Merging a comment file of 10,000 comments as git's merge driver does: time per merge.

Run by hand from the repository root: `python tests/bench/bench_merge.py [--comments N]`.
A base file holds N comments, anchored like the app anchors them; each side then adds 1%
new comments, edits 2% and deletes 1% (the same comment is edited on both sides now and
then). Timed: `merge_bytes` in this process (parse three files, merge, encode), and the
whole `marginalia comments merge BASE OURS THEIRS` command as git runs it, interpreter start
included (wall and CPU time; CPU time is less disturbed by a busy machine). The target is well
under a second for 10,000 comments.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.model.comments.codec import ArticleRef, encode, parse
from tui.model.comments.comment import Anchor, Comment, edited, new_comment
from tui.model.comments.merge import merge_bytes
from tui.model.comments.tombstone import Tombstone, delete_thread

TARGET_SECONDS = 1.0
"""The budget for one merge of 10,000 comments, command start included."""
RUNS = 5
"""Timed runs of each case; the median is reported."""
REF = ArticleRef("bench", "bench.md", "A much discussed article")
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _anchor(rng: random.Random, block: int) -> Anchor:
    words = " ".join(rng.choice(("Kontakte", "Mehrwert", "Netz", "Frage")) for _ in range(30))
    sketch = tuple(
        (f"{rng.getrandbits(32):08x}", rng.randint(20, 200), "ab-cd-ef") for _ in range(4)
    )
    return Anchor(
        block,
        ("Nutzen von Social Media", "Kontakte"),
        words,
        words[:40],
        words[-40:],
        f"{rng.getrandbits(160):040x}",
        "paragraph",
        sketch,
        ("0a1b2c3d", "4e5f6071"),
        block / 900,
        len(words),
        1,
    )


def _side(
    rng: random.Random, base: list[Comment], name: str, start: datetime
) -> tuple[list[Comment], dict[str, Tombstone]]:
    comments, graves = list(base), {}
    count = len(base)
    for n in range(count // 100):
        when = start + timedelta(seconds=n)
        comments.append(new_comment(name, f"{name} adds {n}", _anchor(rng, n % 900), None, when))
    for n in range(count // 50):
        index = rng.randrange(len(comments))
        comments[index] = edited(comments[index], f"{name} edits {n}", start + timedelta(hours=1))
    for _ in range(count // 100):
        delete_thread(comments, graves, rng.choice(comments).id, name, start + timedelta(hours=2))
    return comments, graves


def _files(count: int) -> tuple[bytes, bytes, bytes]:
    rng = random.Random(2026)
    base: list[Comment] = []
    for n in range(count):
        parent = base[rng.randrange(n)].id if n and rng.random() < 0.3 else None
        body = f"Comment {n}: " + " ".join(
            rng.choice(("ja", "nein", "vielleicht")) for _ in range(25)
        )
        comment = new_comment(
            "Anna", body, _anchor(rng, n % 900), parent, T0 + timedelta(seconds=n)
        )
        base.append(replace(comment, id=f"{rng.getrandbits(128):032x}"))
    start = T0 + timedelta(days=30)
    ours, ours_graves = _side(random.Random(1), base, "Ben", start)
    theirs, theirs_graves = _side(random.Random(2), base, "Cem", start)
    return (
        encode(REF, base),
        encode(REF, ours, ours_graves.values()),
        encode(REF, theirs, theirs_graves.values()),
    )


def _median(run: object, runs: int = RUNS) -> float:
    assert callable(run)
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        run()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=10_000)
    args = parser.parse_args()
    base, ours, theirs = _files(args.comments)
    merged = merge_bytes(base, ours, theirs)
    found = parse(merged)
    print(
        f"{args.comments:,} comments, file {len(ours) / 1e6:.1f} MB; merged: "
        f"{len(found.comments):,} comments, {len(found.tombstones):,} tombstones, "
        f"{sum(1 for c in found.comments if c.history):,} with history"
    )
    in_process = _median(lambda: merge_bytes(base, ours, theirs))
    print(f"merge_bytes in process:        {in_process:6.3f} s")
    marginalia = Path(sys.executable).parent / "marginalia"
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / name for name in ("base", "ours", "theirs")]
        for path, data in zip(paths, (base, ours, theirs), strict=True):
            path.write_bytes(data)
        for _ in range(RUNS):
            paths[1].write_bytes(ours)
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            begin = time.perf_counter()
            subprocess.run([marginalia, "comments", "merge", *map(str, paths)], check=True)
            walls.append(time.perf_counter() - begin)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
            assert paths[1].read_bytes() == merged
    print(
        f"marginalia comments merge:     {statistics.median(walls):6.3f} s wall, "
        f"{statistics.median(cpus):.3f} s CPU  (target < {TARGET_SECONDS:.1f} s)"
    )


if __name__ == "__main__":
    main()
