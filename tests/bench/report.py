"""The result of one benchmark case, and the table that sets ours beside the peer's."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

TIMEOUT = {"typical": 30.0, "large": 180.0}
"""Longest wait for any one milestone of a case."""


@dataclass(slots=True)
class Result:
    """Milestones of one case, in seconds from t0 (None when not reached)."""

    engine: str
    """`ours` (ArticleView) or `peer` (Textual's Markdown)."""
    size: str
    """`typical` or `large`."""
    first_paint: float | None = None
    """When the first screen of text was painted."""
    laid_out: float | None = None
    """When the whole article was laid out."""
    bottom: float | None = None
    """When ours showed the article's last row after the end key."""
    max_block: float = 0.0
    """The longest the event loop was busy between two 1 ms wake-ups."""
    max_block_at: float = 0.0
    """When that longest block began."""
    parse: float | None = None
    """Ours: how long `parse_markdown` took (in its thread)."""
    show: float | None = None
    """Ours: how long `ArticleView.show` held the event loop."""
    timed_out: bool = False
    """Whether a milestone was not reached within the timeout."""
    skipped: bool = False
    """Whether the full layout was skipped (`--quick`)."""
    blocks: int = 0
    """Blocks in our document, or top-level widgets the peer mounted."""
    rss_mb: float = 0.0
    """Peak resident memory of the case's process, in MB."""
    rss_growth_mb: float = 0.0
    """Growth of peak resident memory from just before the open."""
    runs: int = 1
    """How many runs the figures are the median of."""


def combine(results: list[Result]) -> Result:
    """The median of each timing over repeated runs (a milestone any run missed stays missed)."""
    first = results[0]
    combined = Result(first.engine, first.size, blocks=first.blocks, runs=len(results))
    for name in ("first_paint", "laid_out", "bottom", "parse", "show", "max_block"):
        values = [getattr(result, name) for result in results]
        if None not in values:
            setattr(combined, name, statistics.median(values))
    combined.timed_out = any(result.timed_out for result in results)
    combined.skipped = any(result.skipped for result in results)
    combined.rss_mb = max(result.rss_mb for result in results)
    combined.rss_growth_mb = max(result.rss_growth_mb for result in results)
    return combined


def _ms(seconds: float | None, result: Result) -> str:
    if seconds is not None:
        return f"{seconds * 1000:,.0f} ms"
    if result.skipped:
        return "skipped"
    return f"> {TIMEOUT[result.size]:.0f} s" if result.timed_out else "n/a"


def _ratio(ours: float | None, peer: float | None, peer_result: Result) -> str:
    """How many times sooner ours is; a timed-out peer counts as its timeout (a lower bound)."""
    if ours is None or ours <= 0:
        return "-"
    if peer is None and peer_result.timed_out:
        return f"> {TIMEOUT[peer_result.size] / ours:,.1f}x"
    return "-" if peer is None else f"{peer / ours:,.1f}x"


def _verdict(passed: bool | None) -> str:
    return "-" if passed is None else ("PASS" if passed else "FAIL")


def rows(ours: Result, peer: Result) -> list[list[str]]:
    """The table rows of one article: metric, ours, peer, ratio, target, verdict."""
    large = ours.size == "large"

    def sooner(name: str, times: float) -> bool | None:
        mine, theirs = getattr(ours, name), getattr(peer, name)
        if mine is None:
            return False
        if theirs is None:
            theirs = TIMEOUT[peer.size] if peer.timed_out else None
        return None if theirs is None else theirs >= times * mine

    paint = ours.first_paint
    if large:
        fast = paint is not None and paint < 0.3
        paint_target, paint_ok = "< 300 ms and >= 10x", fast and bool(sooner("first_paint", 10))
        layout_target, layout_ok = ">= 20x", sooner("laid_out", 20)
        block_target, block_ok = "<= 50 ms", ours.bottom is not None and ours.max_block <= 0.05
    else:
        paint_target, paint_ok = "< 100 ms", paint is not None and paint < 0.1
        layout_target, layout_ok, block_target, block_ok = "-", None, "-", None
    peer_block = f"{peer.max_block * 1000:,.0f} ms" + ("" if peer.laid_out else " (so far)")
    rows = [
        ["first paint", _ms(paint, ours), _ms(peer.first_paint, peer)],
        ["fully laid out", _ms(ours.laid_out, ours), _ms(peer.laid_out, peer)],
        ["max UI block, open + end key", f"{ours.max_block * 1000:,.0f} ms", peer_block],
    ]
    rows[0] += [_ratio(paint, peer.first_paint, peer), paint_target, _verdict(paint_ok)]
    rows[1] += [_ratio(ours.laid_out, peer.laid_out, peer), layout_target, _verdict(layout_ok)]
    rows[2] += [_ratio(ours.max_block, peer.max_block, peer), block_target, _verdict(block_ok)]
    rows.append(["  ours: at last row", _ms(ours.bottom, ours), "-", "-", "-", "-"])
    rows.append(["  ours: open call (worker started)", _ms(ours.show, ours), "-", "-", "-", "-"])
    for label, name in (("peak RSS", "rss_mb"), ("RSS growth on open", "rss_growth_mb")):
        mine, theirs = getattr(ours, name), getattr(peer, name)
        ratio = f"{theirs / mine:,.1f}x" if mine >= 1 else "-"
        rows.append([label, f"{mine:,.0f} MB", f"{theirs:,.0f} MB", ratio, "-", "-"])
    return rows


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * width for width in widths], *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
