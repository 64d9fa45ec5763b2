"""Tables: box-drawn, columns sized to the width, bounded in rows, columns and cell length."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Span as RichSpan
from rich.text import Text

from tui.model.blocks import Cell, Table
from tui.model.text import sanitize
from tui.render.inline import ELLIPSIS, crop, make_text, measure, spans_text, wrap
from tui.render.styles import RenderStyles

MAX_TABLE_ROWS = 2_000
"""Body rows drawn at most; the rest is summed up in one "more rows" line."""

MAX_CELL_CHARS = 1_000
"""Characters of one cell drawn at most, so a huge cell cannot flood the view."""

MIN_COLUMN = 6
"""Narrowest content width a column is squeezed to before columns are dropped."""


def _fit_columns(natural: list[int], total: int, width: int) -> tuple[int, bool]:
    """Return how many columns fit in `width` and whether a "…" column marks the rest."""

    def needed(shown: int, more: bool) -> int:
        squeezed = sum(min(w, MIN_COLUMN) for w in natural[:shown])
        return squeezed + 3 * shown + 1 + (4 if more else 0)

    shown = len(natural)
    more = total > shown
    while shown > 1 and needed(shown, more) > width:
        shown -= 1
        more = True
    if more and needed(shown, more) > width:
        more = False
    return shown, more


def _distribute(natural: list[int], room: int) -> list[int]:
    """Return column widths within `room`: narrow columns keep theirs, wide ones share the rest."""
    if sum(natural) <= room:
        return natural
    order = sorted(range(len(natural)), key=natural.__getitem__)
    widths = list(natural)
    remaining = room
    for position, column in enumerate(order):
        left = len(order) - position
        if natural[column] * left <= remaining:
            remaining -= natural[column]
            continue
        share, extra = divmod(remaining, left)
        for rank, wide in enumerate(order[position:]):
            widths[wide] = max(1, share + (1 if rank >= left - extra else 0))
        break
    return widths


def _clip(text: str) -> str:
    """Return a cell's text cut to the most characters a cell shows."""
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS] + ELLIPSIS


def _spans_fit(cell: Cell) -> bool:
    """Return whether a cell is drawn from its styled spans (short enough) or its plain text."""
    return bool(cell.spans) and sum(len(span.text) for span in cell.spans) <= MAX_CELL_CHARS


def _cell_plain(cell: Cell) -> str:
    """Return the text a cell shows, for measuring its column."""
    if _spans_fit(cell):
        return sanitize("".join(span.text for span in cell.spans))
    return _clip(sanitize(cell.text))


def _cell_text(cell: Cell, base: Style, styles: RenderStyles) -> Text:
    """Return the styled text of one cell, capped in length."""
    if _spans_fit(cell):
        return spans_text(cell.spans, base, styles)
    return make_text(_clip(sanitize(cell.text)), base)


def _border(left: str, middle: str, right: str, widths: list[int], style: Style) -> Text:
    """Return one horizontal box line for columns of `widths`."""
    inner = middle.join("─" * (w + 2) for w in widths)
    return make_text(f"{left}{inner}{right}", style)


def _row_lines(
    cells: list[Text], widths: list[int], aligns: list[str], more: bool, border: Style
) -> list[Text]:
    """Return the lines of one table row, its cells wrapped to their column widths."""
    wrapped = [wrap(cell, width) for cell, width in zip(cells, widths, strict=True)]
    height = max(len(lines) for lines in wrapped)
    result: list[Text] = []
    for index in range(height):
        parts = ["│"]
        spans = [RichSpan(0, 1, border)] if border else []
        position = 1
        for lines, width, align in zip(wrapped, widths, aligns, strict=True):
            piece = lines[index] if index < len(lines) else None
            text = piece.plain if piece is not None else ""
            gap = max(0, width - cell_len(text))
            before = gap // 2 if align == "center" else gap if align == "right" else 0
            position += 1 + before
            parts.append(" " * (1 + before))
            if piece is not None and text:
                if piece.style:
                    spans.append(RichSpan(position, position + len(text), piece.style))
                for span in piece.spans:
                    spans.append(RichSpan(position + span.start, position + span.end, span.style))
                parts.append(text)
                position += len(text)
            parts.append(" " * (gap - before + 1) + "│")
            position += gap - before + 2
            if border:
                spans.append(RichSpan(position - 1, position, border))
        if more:
            parts.append(f" {ELLIPSIS if index == 0 else ' '} │")
            if border:
                spans.append(RichSpan(position, position + 4, border))
        result.append(make_text("".join(parts), "", spans))
    return result


def render_table(table: Table, width: int, base: Style, styles: RenderStyles) -> list[Text]:
    """Return a table as box-drawn lines of at most `width` cells."""
    rows = table.rows[:MAX_TABLE_ROWS]
    hidden = len(table.rows) - len(rows)
    source = [table.header, *rows] if table.header else list(rows)
    total = max((len(row) for row in source), default=0)
    result: list[Text] = []
    if total:
        natural = [1] * min(total, max(1, (width - 1) // 4))
        for row in source:
            for column, cell in enumerate(row[: len(natural)]):
                natural[column] = max(natural[column], measure(_cell_plain(cell)))
        shown, more = _fit_columns(natural, total, width)
        room = width - 1 - 3 * shown - (4 if more else 0)
        widths = _distribute(natural[:shown], max(shown, room))
        aligns = [table.align[c] if c < len(table.align) else "" for c in range(shown)]
        drawn = [*widths, 1] if more else widths
        border = styles.table_border
        result.append(_border("╭", "┬", "╮", drawn, border))
        for index, row in enumerate(source):
            style = styles.table_header if index == 0 and table.header else base
            cells = [_cell_text(cell, style, styles) for cell in row[:shown]]
            cells.extend(make_text("") for _ in range(shown - len(cells)))
            result.extend(_row_lines(cells, widths, aligns, more, border))
            if index == 0 and table.header and len(source) > 1:
                result.append(_border("├", "┼", "┤", drawn, border))
        result.append(_border("╰", "┴", "╯", drawn, border))
        result = [crop(line, width) if line.cell_len > width else line for line in result]
    if hidden > 0:
        note = styles.more_rows.replace("{n}", f"{hidden:,}")
        result.append(crop(make_text(sanitize(note), styles.rule), width))
    return result or [make_text("")]
