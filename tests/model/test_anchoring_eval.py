"""Where comments land after ordinary edits of real posts (a small run of the evaluation).

The full run, over many long posts, is `tests/bench/eval_anchoring.py`; this one comments on
fewer blocks of the shared corpus of Jekyll's own posts and asserts the bars it must meet.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from anchor_edits import evaluate

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "jekyll-posts"
PER_KIND = {"paragraph": 4, "list": 2, "quote": 2, "heading": 2}
KEPT = (
    "typo fixed",
    "sentence added",
    "first sentence removed",
    "other sentence removed",
    "split (1 + rest)",
    "paragraphs inserted above",
)
"""Edits after which at least 95% of comments must stay on their block."""


def _by_edit(older: bool, every: int = 1) -> dict[str, Counter[str]]:
    if not CORPUS.is_dir():
        pytest.skip("the jekyll-posts corpus is not available")
    posts = sorted(p for p in CORPUS.iterdir() if p.suffix in (".md", ".markdown"))[::every]
    by_edit: dict[str, Counter[str]] = {}
    for (edit, _target), counts in evaluate(posts, PER_KIND, older=older).items():
        by_edit.setdefault(edit, Counter()).update(counts)
    return by_edit


def test_comments_stay_or_become_orphans_never_wrong() -> None:
    """No edit puts more than 1% of comments on a wrong block; ordinary edits keep 95%."""
    by_edit = _by_edit(older=False)
    assert set(KEPT) | {"deleted (orphan expected)", "near-copy earlier + typo fixed"} <= set(
        by_edit
    )
    for edit, counts in by_edit.items():
        total = sum(counts.values())
        assert counts["wrong"] <= 0.01 * total, (edit, counts)
        if edit in KEPT:
            assert counts["right"] >= 0.95 * total, (edit, counts)
    deleted = by_edit["deleted (orphan expected)"]
    assert deleted["orphan"] + deleted["orphan+guess"] == sum(deleted.values())


def test_older_anchors_still_place_and_never_misplace() -> None:
    """Anchors without the newer fields still find most blocks and put none on a wrong one."""
    by_edit = _by_edit(older=True, every=2)
    for edit, counts in by_edit.items():
        assert counts["wrong"] <= 0.01 * sum(counts.values()), (edit, counts)
    for edit in ("typo fixed", "sentence added", "paragraphs inserted above"):
        assert by_edit[edit]["right"] >= 0.9 * sum(by_edit[edit].values()), edit
