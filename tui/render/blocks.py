"""Blocks to styled lines for a width: headings, paragraphs, code, tables, rules, containers."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tui.i18n import t
from tui.model.articles.blocks import Block, BlockKind, Container, ContainerKind, Span
from tui.model.text import sanitize_line
from tui.render.code import render_code
from tui.render.inline import make_text, spans_text, wrap
from tui.render.styles import RenderStyles
from tui.render.table import render_table

MIN_WIDTH = 10
"""Narrower widths are rendered as this width."""

MAX_WIDTH = 4_096
"""Wider widths are rendered as this width, so a hostile width cannot allocate huge lines."""

QUOTE_BAR = "▌ "
"""What each enclosing block quote puts in front of a line."""

MAX_MARKER_WIDTH = 16
"""Widest a list container may indent, whatever its marker."""

ALERT_KINDS = ("note", "tip", "important", "warning", "caution")
"""GitHub's alert kinds, in the order of `RenderStyles.alerts`."""


def _min_content(width: int) -> int:
    """Return the fewest cells left for content after container prefixes at `width`."""
    return max(8, width // 3)


def _crop_left(text: Text, cells: int) -> Text:
    """Return `text` with characters dropped from the left until it is `cells` wide at most."""
    cut = 0
    excess = text.cell_len - cells
    while excess > 0 and cut < len(text.plain):
        excess -= cell_len(text.plain[cut])
        cut += 1
    return text[cut:] if cut else text


def _container_parts(container: Container, styles: RenderStyles) -> tuple[Text, Text]:
    """Return what one container puts before the first line and before every other line."""
    if container.kind is ContainerKind.QUOTE:
        bar = Text(QUOTE_BAR, style=styles.quote_bar, end="")
        return bar, bar
    if container.kind is ContainerKind.ALERT:
        bar = Text(QUOTE_BAR, style=_alert_style(container, styles), end="")
        return bar, bar
    if container.kind is ContainerKind.DEFINITION:
        space = Text(" " * min(MAX_MARKER_WIDTH, max(1, container.width)), end="")
        return space, space
    marker = sanitize_line(container.marker) if container.marker else ""
    indent = min(MAX_MARKER_WIDTH, max(1, container.width, cell_len(marker) + 1 if marker else 1))
    while cell_len(marker) >= indent:
        marker = marker[:-1]
    pad = " " * max(0, indent - cell_len(marker))
    if container.kind is ContainerKind.ORDERED:
        first = Text(pad[:-1], end="")
        first.append(marker, styles.list_marker)
        first.append(" ")
    else:
        first = Text(marker, style=styles.list_marker, end="")
        first.append(pad)
    return first, Text(" " * indent, end="")


@lru_cache(maxsize=4_096)
def _prefixes(
    containers: tuple[Container, ...], width: int, styles: RenderStyles
) -> tuple[Text, Text]:
    """Return the prefix of a block's first line and of its other lines, cropped to fit."""
    first = Text("", end="")
    rest = Text("", end="")
    for container in containers:
        head, tail = _container_parts(container, styles)
        first.append_text(head)
        rest.append_text(tail)
    limit = width - _min_content(width)
    return _crop_left(first, limit), _crop_left(rest, limit)


def _alert_style(container: Container, styles: RenderStyles) -> Style:
    """The colour of an alert's bar and title (alerts after the first block keep the bar's)."""
    kind = container.marker or "note"
    index = ALERT_KINDS.index(kind) if kind in ALERT_KINDS else 0
    return styles.alerts[index] if index < len(styles.alerts) else Style.null()


def _alert_title(block: Block, styles: RenderStyles) -> Text | None:
    """The title line of the alert whose first block `block` is, in the reader's language."""
    for container in reversed(block.containers):
        if container.kind is ContainerKind.ALERT and container.marker:
            kind = container.marker if container.marker in ALERT_KINDS else "note"
            return make_text(t(f"markdown.alert.{kind}"), _alert_style(container, styles))
    return None


def _inline(block: Block, base: Style, styles: RenderStyles) -> Text:
    """Return a heading's or paragraph's inline text."""
    spans = block.spans or (Span(block.text),)
    return spans_text(spans, base, styles)


def _heading(block: Block, width: int, styles: RenderStyles) -> list[Text]:
    """Return a heading: wrapped text, underlined for levels 1 and 2."""
    level = min(6, max(1, block.level))
    style = (
        styles.heading1,
        styles.heading2,
        styles.heading3,
        styles.heading4,
        styles.heading5,
        styles.heading6,
    )[level - 1]
    lines = wrap(_inline(block, style, styles), width)
    if level == 1:
        lines.append(make_text("═" * width, styles.heading1_rule))
    elif level == 2:
        underline = max(1, max(line.cell_len for line in lines))
        lines.append(make_text("─" * underline, styles.heading2_rule))
    return lines


def _body(block: Block, width: int, styles: RenderStyles, offset: int = 0) -> list[Text]:
    """Return a block's lines without its container prefixes (code from cell `offset` on)."""
    base = styles.quote if block.quote_depth else styles.paragraph
    kind = block.kind
    if kind is BlockKind.HEADING:
        return _heading(block, width, styles)
    if kind is BlockKind.CODE:
        return render_code(block.text, block.language, width, styles, offset)
    if kind is BlockKind.TABLE and block.table is not None:
        return render_table(block.table, width, base, styles)
    if kind is BlockKind.RULE:
        return [make_text("─" * width, styles.rule)]
    return wrap(_inline(block, base, styles), width)


def render_block(block: Block, width: int, styles: RenderStyles, offset: int = 0) -> list[Text]:
    """Return `block` as visual lines, each a rich Text of at most `width` cells, no newline.

    `offset` scrolls a code block sideways when `styles.code_wrap` is off (cells skipped).

    Links are styled text, never terminal hyperlinks: every run of a link carries a style with
    `meta={"link": index}` (the link's index within the block, as in `Block.links`), so a view
    finds link positions by walking the segments of a rendered line and reading `style.meta`.
    The blank lines between blocks are not included (see `block_gap` and `render_gap`).
    """
    width = min(MAX_WIDTH, max(MIN_WIDTH, width))
    if not block.containers:
        lines = _body(block, width, styles, offset)
    else:
        first, rest = _prefixes(block.containers, width, styles)
        body = _body(block, width - max(first.cell_len, rest.cell_len), styles, offset)
        title = _alert_title(block, styles)
        if title is not None:
            body.insert(0, title)
        lines = []
        for index, line in enumerate(body):
            prefix = rest if index else first
            out = make_text(prefix.plain, prefix.style, list(prefix.spans))
            out.append_text(line)
            lines.append(out)
    if styles.plain:
        for line in lines:
            if line.plain[-1:].isspace():
                line.rstrip()
    return lines or [Text("", end="")]


def _in_list(block: Block) -> bool:
    """Return whether `block` sits inside a list item or a definition."""
    return any(c.kind in _LISTLIKE for c in block.containers)


_LISTLIKE = frozenset({ContainerKind.BULLET, ContainerKind.ORDERED, ContainerKind.DEFINITION})


def block_gap(previous: Block | None, block: Block) -> int:
    """Return how many blank lines go before `block` when `previous` precedes it.

    None before the first block and between blocks of a tight list (list blocks whose source
    lines touch), two before a level-1 or level-2 heading, one otherwise.
    """
    if previous is None:
        return 0
    if block.kind is BlockKind.HEADING and block.level <= 2:
        return 2
    # A tight list, or a definition right under its term.
    # HTML lists put several items on one source line: those touch as well.
    touching = _in_list(block) and previous.lines[1] >= block.lines[0] >= previous.lines[0]
    if touching and (_in_list(previous) or block.containers[-1].kind is ContainerKind.DEFINITION):
        return 0
    return 1


def render_gap(
    previous: Block | None, block: Block, width: int, styles: RenderStyles
) -> list[Text]:
    """Return the blank lines before `block`, with the quote bars both blocks share kept going."""
    count = block_gap(previous, block)
    if not count or previous is None:
        return []
    shared: list[Container] = []
    for before, after in zip(previous.containers, block.containers, strict=False):
        if before.kind is not after.kind or (after.kind is ContainerKind.ALERT and after.marker):
            break
        shared.append(after)
    if not any(c.kind in (ContainerKind.QUOTE, ContainerKind.ALERT) for c in shared):
        return [Text("", end="") for _ in range(count)]
    width = min(MAX_WIDTH, max(MIN_WIDTH, width))
    _first, rest = _prefixes(tuple(shared), width, styles)
    line = rest.copy()
    line.rstrip()
    return [line.copy() for _ in range(count)]


def render_document(blocks: Iterable[Block], width: int, styles: RenderStyles) -> list[Text]:
    """Return all `blocks` as lines, with the blank lines between them."""
    lines: list[Text] = []
    previous: Block | None = None
    for block in blocks:
        lines.extend(render_gap(previous, block, width, styles))
        lines.extend(render_block(block, width, styles))
        previous = block
    return lines
