"""Inline text: spans to styled rich Text, and word wrapping."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from rich.cells import cell_len
from rich.control import strip_control_codes
from rich.style import Style
from rich.text import Span as RichSpan
from rich.text import Text

from tui.model.articles.blocks import Mark, Span
from tui.model.text import sanitize
from tui.private_api import set_plain_text
from tui.render.styles import RenderStyles

ELLIPSIS = "…"

_WORD = re.compile(r"(\s*\S+)\s*")

# Characters one cell wide for certain (Latin, Greek, Cyrillic, box drawing), as rich counts them:
# lines made only of these are wrapped by counting characters instead of measuring cells.
_NARROW = re.compile(r"[\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u2500-\u25fc]*")

# What rich's Text constructor strips, with a str.translate that costs ~20 µs per line of
# non-ASCII text; sanitised text never contains these, so a regex check is all we pay.
_RICH_STRIPS = re.compile(r"[\x07\x08\x0b\x0c\x0d]")


def make_text(plain: str, style: Style | str = "", spans: list[RichSpan] | None = None) -> Text:
    """Return the same as `Text(plain, style, spans=spans, end="")`, several times faster."""
    text = Text("", style=style, spans=spans, end="")
    if plain:
        if _RICH_STRIPS.search(plain):
            plain = strip_control_codes(plain)
        set_plain_text(text, plain)
    return text


@lru_cache(maxsize=512)
def mark_style(styles: RenderStyles, marks: frozenset[Mark]) -> Style:
    """Return the combined style of a set of inline marks."""
    style = Style.null()
    if Mark.STRONG in marks:
        style += styles.strong
    if Mark.EMPHASIS in marks:
        style += styles.emphasis
    if Mark.STRIKE in marks:
        style += styles.strike
    if Mark.CODE in marks:
        style += styles.inline_code
    if Mark.KBD in marks:
        style += styles.kbd
    if Mark.HIGHLIGHT in marks:
        style += styles.highlight
    if Mark.UNDERLINE in marks:
        style += Style(underline=True)
    if Mark.LINK in marks:
        style += styles.link
    return style


@lru_cache(maxsize=1024)
def link_style(styles: RenderStyles, marks: frozenset[Mark], link: int) -> Style:
    """Return the style of a link run: its marks plus `meta={"link": link}` (no hyperlink)."""
    return mark_style(styles, marks | {Mark.LINK}) + Style(meta={"link": link})


def spans_text(spans: tuple[Span, ...], base: Style, styles: RenderStyles) -> Text:
    """Return one rich Text for inline `spans` on top of the `base` style."""
    parts: list[str] = []
    rich_spans: list[RichSpan] = []
    offset = 0
    for span in spans:
        chunk = sanitize(span.text)
        if not chunk:
            continue
        if span.marks & _SHIFTED:
            chunk = _shifted(chunk, span.marks, styles.plain)
        parts.append(chunk)
        end = offset + len(chunk)
        if span.link is not None:
            rich_spans.append(RichSpan(offset, end, link_style(styles, span.marks, span.link)))
        elif span.marks:
            style = mark_style(styles, span.marks)
            if style:
                rich_spans.append(RichSpan(offset, end, style))
        offset = end
    return make_text("".join(parts), base, rich_spans)


_SHIFTED = frozenset({Mark.SUPERSCRIPT, Mark.SUBSCRIPT, Mark.KBD, Mark.FOOTNOTE})
_SUPER = "0123456789+-=()n"
_SUPERSCRIPTS = str.maketrans(_SUPER, "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUB = "0123456789+-=()"
_SUBSCRIPTS = str.maketrans(_SUB, "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def _shifted(chunk: str, marks: frozenset[Mark], plain: bool) -> str:
    """Keys framed when there is no colour; footnote marks, superscript and subscript raised."""
    if Mark.KBD in marks:
        # Without colour a key still has to look like one: [Ctrl]+[C].
        return f"[{chunk}]" if plain else f" {chunk} "
    if Mark.FOOTNOTE in marks:
        # A footnote mark `[2]` reads as a superscript number, apart from numbered links.
        number = chunk.strip("[]")
        return number.translate(_SUPERSCRIPTS) if number.isdigit() else chunk
    if Mark.SUPERSCRIPT in marks:
        if all(ch in _SUPER for ch in chunk):
            return chunk.translate(_SUPERSCRIPTS)
        return f"^({chunk})"
    if all(ch in _SUB for ch in chunk):
        return chunk.translate(_SUBSCRIPTS)
    return f"_({chunk})"


def _fold_points(line: str, start: int, end: int, width: int, narrow: bool) -> list[int]:
    """Return where a word longer than `width` is cut, after its first piece."""
    if narrow:
        return list(range(start + width, end, width))
    points: list[int] = []
    used = 0
    for index in range(start, end):
        size = cell_len(line[index])
        if used and used + size > width:
            points.append(index)
            used = 0
        used += size
    return points


def _breaks(line: str, width: int) -> list[int]:
    """Return the offsets where `line` wraps to fit `width` cells, folding long words."""
    narrow = _NARROW.fullmatch(line) is not None
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start, end = match.span()
        core = match.end(1)
        word = core - start if narrow else cell_len(line[start:core])
        if offset + word <= width:
            offset += end - start if narrow else cell_len(line[start:end])
            continue
        if start and offset:
            breaks.append(start)
        if word > width:
            points = _fold_points(line, start, core, width, narrow)
            breaks.extend(points)
            start = points[-1] if points else start
        offset = end - start if narrow else cell_len(line[start:end])
    return breaks


def wrap(text: Text, width: int) -> list[Text]:
    """Return `text` word-wrapped to `width` cells, long words folded, trailing spaces removed.

    Hard breaks (newlines) start a new line; `text` itself may be returned when it fits.
    """
    if "\t" in text.plain:
        text = text.copy()
        text.expand_tabs(4)
    plain = text.plain
    if "\n" not in plain and not plain.endswith(" ") and cell_len(plain) <= width:
        return [text]
    ranges: list[tuple[int, int]] = []
    line_start = 0
    for piece in plain.split("\n"):
        line_end = line_start + len(piece)
        cuts = [line_start + cut for cut in _breaks(piece, width)] if piece else []
        bounds = [line_start, *cuts, line_end]
        ranges.extend(pairwise(bounds))
        line_start = line_end + 1
    return _slice_lines(text, ranges, width)


def _slice_lines(text: Text, ranges: list[tuple[int, int]], width: int) -> list[Text]:
    """Return `text` cut into the character ranges given, each right-stripped and cropped."""
    plain = text.plain
    spans = sorted(text.spans, key=lambda span: span.start)
    first = 0
    lines: list[Text] = []
    for start, end in ranges:
        segment = plain[start:end].rstrip()
        end = start + len(segment)
        while first < len(spans) and spans[first].end <= start:
            first += 1
        pieces: list[RichSpan] = []
        for span in spans[first:]:
            if span.start >= end:
                break
            if span.end > start:
                pieces.append(
                    RichSpan(max(span.start, start) - start, min(span.end, end) - start, span.style)
                )
        line = make_text(segment, text.style, pieces)
        if len(segment) > width and cell_len(segment) > width:
            line.truncate(width)
        lines.append(line)
    return lines or [Text("", style=text.style, end="")]


def crop(text: Text, width: int) -> Text:
    """Return `text` cut to at most `width` cells, ending in "…" when something was cut."""
    if cell_len(text.plain) <= width:
        return text
    cut = text.copy()
    cut.truncate(max(1, width), overflow="ellipsis")
    return cut


def measure(text: str) -> int:
    """Return the widest line of `text` in terminal cells."""
    if "\n" not in text:
        return cell_len(text)
    return max(cell_len(line) for line in text.split("\n"))
