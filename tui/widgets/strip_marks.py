"""Marks painted over rendered rows: the focused link and search matches."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip


def restyle_link(strip: Strip, link: int, style: Style) -> Strip:
    """Return `strip` with the runs of link number `link` (from the renderer's meta) in `style`."""
    changed = False
    segments: list[Segment] = []
    for segment in strip:
        meta = segment.style.meta if segment.style is not None else None
        if meta and meta.get("link") == link:
            segments.append(Segment(segment.text, (segment.style or Style()) + style))
            changed = True
        else:
            segments.append(segment)
    return Strip(segments, strip.cell_length) if changed else strip


def highlight(strip: Strip, spans: list[tuple[int, int, Style]]) -> Strip:
    """Return `strip` with each character span (start, end, style) of its text restyled."""
    if not spans:
        return strip
    text = strip.text
    cuts: list[int] = []
    styled: list[tuple[int, int, Style]] = []
    for start, end, style in spans:
        first, last = cell_len(text[:start]), cell_len(text[:end])
        cuts += [first, last]
        styled.append((first, last, style))
    pieces = strip.divide(sorted(set([*cuts, strip.cell_length])))
    out: list[Strip] = []
    position = 0
    for piece in pieces:
        length = piece.cell_length
        mark = next((s for a, b, s in styled if a <= position and position + length <= b), None)
        out.append(overlay(piece, mark) if mark is not None and length else piece)
        position += length
    return Strip.join(out)


def overlay(strip: Strip, style: Style) -> Strip:
    """Return `strip` with `style` laid over every segment's own style (the overlay wins)."""
    return Strip(
        [Segment(s.text, (s.style or Style()) + style, s.control) for s in strip],
        strip.cell_length,
    )
