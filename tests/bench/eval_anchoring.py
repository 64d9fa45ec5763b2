"""Where comments land after ordinary edits of real posts: right, wrong or orphaned, per edit.

Run by hand from the repository root, on a folder of Markdown posts kept outside the
repository: `python tests/bench/eval_anchoring.py FOLDER [FOLDER …] [--posts N] [--min-bytes B]`.
Each post gets comments on up to 8 paragraphs, 2 list items, 2 quotes and 2 headings; each
edit (tests/model/anchor_edits.py) is applied alone to the Markdown source, which is parsed
again with the reader's own parser before the comment is placed. "wrong" is a comment on
any block other than the one it was written on; "orphan" counts those whose "maybe here"
guess is right in brackets. A heavy rewrite counts as right when the comment stays or is
orphaned. `--older` cuts anchors down to the fields they had before kind, sentences and neighbours.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))

from anchor_edits import evaluate

PER_KIND = {"paragraph": 8, "list": 2, "quote": 2, "heading": 2}
"""How many comments of each kind one post gets."""


def _posts(folders: list[Path], limit: int, min_bytes: int) -> list[Path]:
    found = sorted(
        p
        for folder in folders
        for p in folder.rglob("*")
        if p.suffix in (".md", ".markdown") and p.is_file() and p.stat().st_size >= min_bytes
    )
    step = max(1, len(found) // limit) if limit else 1
    return found[::step][:limit] if limit else found


def _row(name: str, tally: Counter[str]) -> str:
    total = sum(tally.values())
    orphans = tally["orphan"] + tally["orphan+guess"]

    def share(n: int) -> str:
        return f"{100 * n / total:5.1f}%" if total else "    -"

    return (
        f"| {name:44} | {total:5} | {share(tally['right'])} | {share(tally['wrong'])} "
        f"| {share(orphans)} ({share(tally['orphan+guess']).strip()}) |"
    )


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--posts", type=int, default=0, help="at most this many posts (0: all)")
    parser.add_argument("--min-bytes", type=int, default=0, help="skip smaller posts")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--older", action="store_true", help="anchors without the newer fields")
    args = parser.parse_args()
    posts = _posts(args.folders, args.posts, args.min_bytes)
    started = time.perf_counter()
    tally = evaluate(posts, PER_KIND, args.seed, args.older)
    elapsed = time.perf_counter() - started
    print(f"{len(posts)} posts, {elapsed:.0f} s\n")
    print(f"| {'edit / commented block':44} | cases | right | wrong | orphaned (guess right) |")
    print(f"|{'-' * 46}|-------|-------|-------|-----------------------|")
    by_edit: dict[str, Counter[str]] = {}
    for (edit, _target), counts in sorted(tally.items()):
        by_edit.setdefault(edit, Counter()).update(counts)
    for edit in sorted(by_edit):
        print(_row(edit, by_edit[edit]))
        for (e, target), counts in sorted(tally.items()):
            if e == edit and target != "paragraph":
                print(_row(f"  … on {target}s", counts))


if __name__ == "__main__":
    main()
