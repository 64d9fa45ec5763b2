"""Tables: box-drawn, columns sized to the width, bounded in rows and cell length.

No column is ever dropped: columns shrink to a minimum and wrap their cells, and a table that
still cannot fit is drawn stacked, one "column: value" line per cell, row after row.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Span as RichSpan
from rich.text import Text

from tui.model.articles.blocks import Cell, Table
from tui.model.text import sanitize
from tui.render.inline import ELLIPSIS, crop, make_text, measure, spans_text, wrap
from tui.render.styles import RenderStyles

MAX_TABLE_ROWS = 2_000
"""Body rows drawn at most; the rest is summed up in one "more rows" line."""

MAX_CELL_CHARS = 1_000
"""Characters of one cell drawn at most, so a huge cell cannot flood the view."""

MIN_COLUMN = 6
"""Narrowest content width a column is squeezed to before the table is drawn stacked."""


def _fits(natural: list[int], width: int) -> bool:
    """Return whether every column fits in `width`, each squeezed to MIN_COLUMN at most."""
    return sum(min(w, MIN_COLUMN) for w in natural) + 3 * len(natural) + 1 <= width


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
    cells: list[Text], widths: list[int], aligns: list[str], border: Style
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
        result.append(make_text("".join(parts), "", spans))
    return result


def _stacked(
    source: list[tuple[Cell, ...]], header: bool, width: int, base: Style, styles: RenderStyles
) -> list[Text]:
    """Return a table too wide for `width` as "column: value" lines, rows between rules."""
    names = [_cell_plain(cell) for cell in source[0]] if header else []
    rows = source[1:] if header else source
    result: list[Text] = []
    for index, row in enumerate(rows):
        if index:
            result.append(make_text("─" * width, styles.table_border))
        for column, cell in enumerate(row):
            value = _cell_text(cell, base, styles)
            if not value.plain.strip():
                continue
            name = names[column] if column < len(names) and names[column] else str(column + 1)
            line = make_text(f"{name}:", styles.table_header)
            line.append(" ")
            line.append_text(value)
            wrapped = wrap(line, max(1, width - 2))
            result.append(wrapped[0])
            for more in wrapped[1:]:
                indented = make_text("  ")
                indented.append_text(more)
                result.append(indented)
    return result


def render_table(table: Table, width: int, base: Style, styles: RenderStyles) -> list[Text]:
    """Return a table as box-drawn lines of at most `width` cells (stacked when too wide)."""
    rows = table.rows[:MAX_TABLE_ROWS]
    hidden = len(table.rows) - len(rows)
    source = [table.header, *rows] if table.header else list(rows)
    total = max((len(row) for row in source), default=0)
    result: list[Text] = []
    natural = [1] * total
    for row in source:
        for column, cell in enumerate(row):
            natural[column] = max(natural[column], measure(_cell_plain(cell)))
    if total and not _fits(natural, width):
        result = _stacked(source, bool(table.header), width, base, styles)
    elif total:
        widths = _distribute(natural, max(total, width - 1 - 3 * total))
        aligns = [table.align[c] if c < len(table.align) else "" for c in range(total)]
        border = styles.table_border
        result.append(_border("╭", "┬", "╮", widths, border))
        for index, row in enumerate(source):
            style = styles.table_header if index == 0 and table.header else base
            cells = [_cell_text(cell, style, styles) for cell in row]
            cells.extend(make_text("") for _ in range(total - len(cells)))
            result.extend(_row_lines(cells, widths, aligns, border))
            if index == 0 and table.header and len(source) > 1:
                result.append(_border("├", "┼", "┤", widths, border))
        result.append(_border("╰", "┴", "╯", widths, border))
        result = [crop(line, width) if line.cell_len > width else line for line in result]
    if hidden > 0:
        note = styles.more_rows.replace("{n}", f"{hidden:,}".replace(",", styles.thousands))
        result.append(crop(make_text(sanitize(note), styles.rule), width))
    return result or [make_text("")]
