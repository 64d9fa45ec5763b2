"""Markdown to the block document: markdown-it-py tokens become a flat list of blocks.

The parser reads Markdown as people write it (DESIGN.md §1): CommonMark with GitHub's tables,
strikethrough, task lists, alerts, autolinks and footnotes, definition lists, and raw HTML, which
`tui.model.articles.html` turns into blocks rather than showing it as source.

Block quotes, alerts, list items, definitions and footnotes are not blocks: they become
`Container`s on the blocks inside them.
The token stream is walked once, without recursion, so deeply nested input cannot exhaust the
stack. markdown-it stops nesting at its `maxNesting` limit and drops what lies deeper; such a
container's source lines are kept as a plain-text paragraph instead, so no text goes missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.gfm import gfm_plugin

from tui.i18n import t
from tui.model.articles.blocks import (
    Block,
    BlockKind,
    Cell,
    Container,
    ContainerKind,
    Document,
    Mark,
    Span,
    Table,
)
from tui.model.articles.spans import InlineRuns, plain, plain_span, spans_of
from tui.model.text import sanitize, sanitize_line

if TYPE_CHECKING:
    from tui.model.articles.html import HtmlBlocks

# Raw HTML is parsed, never shown as source nor passed on: `tui.model.articles.html` reads it
# into blocks and marks. Building the parser is slow, so once.
_MD = MarkdownIt("commonmark", {"html": True}).use(gfm_plugin).use(deflist_plugin)
_MAX_NESTING: int = _MD.options["maxNesting"]

MAX_TABLE_COLUMNS = 64
"""Columns kept per table row; a wider row ends in an ellipsis cell instead."""

_BULLETS = ("•", "◦", "▪")
_QUOTE = Container(ContainerKind.QUOTE, None, 2)
_ELLIPSIS = "…"
_ELLIPSIS_CELL = Cell((Span(_ELLIPSIS),), _ELLIPSIS)
_DEFINITION = Container(ContainerKind.DEFINITION, None, 4)
_TASK_BOXES = ("☐", "☑")
_BACK = "↩"
_CLOSING_FRAMES = frozenset(
    {"list_item_close", "blockquote_close", "alert_close", "dd_close", "footnote_close"}
)
_ALIGNS = {
    "text-align:left": "left",
    "text-align:center": "center",
    "text-align:right": "right",
}


def parse_markdown(source: str, *, line_offset: int = 0) -> Document:
    """Parse Markdown `source` into a document whose line numbers start at `line_offset`."""
    builder = _Builder(source, line_offset)
    builder.walk(_MD.parse(source))
    builder.finish_html()
    return Document.of(builder.blocks)


@dataclass(slots=True)
class _Frame:
    """A block quote or list item that is open while its blocks are collected."""

    first: Container
    """The container for the first block inside (a list item's carries the marker)."""
    rest: Container
    """The container for the later blocks inside (no marker, same width)."""
    token: Token
    """The opening token, for its source lines and nesting level."""
    count: int
    """Number of blocks in the document when the frame opened."""
    used: bool = False
    """Whether a block has taken the marker already."""
    html: bool = False
    """Whether an HTML element opened the frame (it may be left open by the author)."""


class _Builder:
    """Walks the token stream once and collects blocks."""

    def __init__(self, source: str, line_offset: int) -> None:
        self.source = source
        self.source_lines: list[str] | None = None
        self.offset = line_offset
        self.blocks: list[Block] = []
        self.frames: list[_Frame] = []
        self.lists: list[tuple[ContainerKind, int]] = []
        self.widths: list[int] = []
        self.headings: list[tuple[int, str]] = []
        self.path: tuple[str, ...] = ()
        self.last_line = line_offset
        self.anchors: list[str] = []
        """Anchors waiting for the next block (a footnote's `fn-1`)."""
        self._html: HtmlBlocks | None = None

    @property
    def html(self) -> HtmlBlocks:
        """The reader of the document's HTML blocks, loaded with the first one (most have none)."""
        if self._html is None:
            from tui.model.articles.html import HtmlBlocks

            self._html = HtmlBlocks(self)
        return self._html

    def finish_html(self) -> None:
        """Close what the HTML blocks left open, if there were any."""
        if self._html is not None:
            self._html.finish()
            # The reader points back at the builder: a cycle only the garbage collector would
            # free, and it is held until the first paint (then frozen) when a reader starts.
            self._html = None

    def walk(self, tokens: Sequence[Token]) -> None:
        """Turn `tokens` (a flat markdown-it stream) into blocks."""
        i, count = 0, len(tokens)
        while i < count:
            token = tokens[i]
            kind = token.type
            if kind in ("paragraph_open", "heading_open", "dt_open"):
                self.text_block(tokens, i)
                i += 3
                continue
            if kind == "alert_title_open":
                i += 3  # the renderer shows the alert's title in the reader's language
                continue
            if kind == "table_open":
                i = self.table(tokens, i)
            elif kind in ("fence", "code_block"):
                self.code(token)
            elif kind == "hr":
                self.add(BlockKind.RULE, "", self.lines(token))
            elif kind == "html_block":
                self.html.read(token.content, self.lines(token))
            elif kind in ("blockquote_open", "alert_open", "dd_open", "footnote_open"):
                self.open_container(token)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.open_list(tokens, i)
            elif kind == "list_item_open":
                self.open_item(token)
            elif kind in _CLOSING_FRAMES:
                self.close_frame()
            elif kind in ("bullet_list_close", "ordered_list_close") and self.lists:
                self.lists.pop()
                self.widths.pop()
            elif kind == "footnote_block_open":
                self.finish_html()
                # A real heading (the outline lists it, search finds it), so its text is
                # decided here, in the reader's language, rather than by the renderer.
                title = t("markdown.notes")
                self.add(
                    BlockKind.HEADING, title, (self.last_line,) * 2, plain_span(title), level=2
                )
            i += 1

    def lines(self, token: Token) -> tuple[int, int]:
        """Source lines of `token`, shifted by the offset (the last known line when unmapped)."""
        if token.map:
            start, end = token.map[0] + self.offset, token.map[1] + self.offset
            end = max(end, start + 1)  # a definition list's term maps to no lines at all
            self.last_line = end
            return (start, end)
        return (self.last_line, self.last_line)

    def containers(self) -> tuple[Container, ...]:
        """The containers of the next block; list items hand out their marker only once."""
        result = tuple(frame.rest if frame.used else frame.first for frame in self.frames)
        for frame in self.frames:
            frame.used = True
        return result

    def add(
        self,
        kind: BlockKind,
        text: str,
        lines: tuple[int, int],
        spans: tuple[Span, ...] = (),
        *,
        level: int = 0,
        language: str | None = None,
        table: Table | None = None,
    ) -> None:
        """Append one block under the current containers and heading path."""
        if kind is BlockKind.HEADING:
            while self.headings and self.headings[-1][0] >= level:
                self.headings.pop()
            self.headings.append((level, text))
            self.path = tuple(heading for _, heading in self.headings)
        self.blocks.append(
            Block(
                kind=kind,
                text=text,
                lines=lines,
                spans=spans,
                level=level,
                containers=self.containers(),
                heading_path=self.path,
                language=language,
                table=table,
                anchors=tuple(self.anchors),
            )
        )
        self.anchors.clear()

    def add_spans(
        self, kind: BlockKind, spans: tuple[Span, ...], token: Token, level: int = 0
    ) -> None:
        """Append a paragraph or heading made of `spans`, its lines taken from `token`."""
        self.add(kind, plain(spans), self.lines(token), spans, level=level)

    def text_block(self, tokens: Sequence[Token], index: int) -> None:
        """Append a heading, paragraph or term from its opening token and its inline token."""
        token = tokens[index]
        inline = tokens[index + 1] if index + 1 < len(tokens) else None
        children = (
            inline.children if inline is not None and inline.type == "inline" else None
        ) or []
        runs = InlineRuns([0])
        if token.type == "dt_open":
            runs.toggle(Mark.STRONG, True)
        runs.tokens(children)
        closing = tokens[index + 2] if index + 2 < len(tokens) else None
        if closing is not None and closing.type == "footnote_anchor":
            runs.text(" ")
            runs.open_link(f"#fnref-{int(closing.meta.get('id', 0)) + 1}")
            runs.text(_BACK)
            runs.close_link()
        for child in children:
            if child.type == "footnote_ref" and not child.meta.get("subId"):
                self.anchors.append(f"fnref-{int(child.meta.get('id', 0)) + 1}")
        spans = runs.spans()
        if token.type == "heading_open":
            level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            self.add_spans(BlockKind.HEADING, spans, token, level)
        else:
            self.add_spans(BlockKind.PARAGRAPH, spans, token)

    def code(self, token: Token) -> None:
        """Append a fenced or indented code block."""
        language = None
        if token.type == "fence":
            words = unescapeAll(token.info).split(maxsplit=1)
            language = (sanitize_line(words[0]) or None) if words else None
        text = sanitize(token.content.removesuffix("\n")).expandtabs(4)
        self.add(BlockKind.CODE, text, self.lines(token), language=language)

    def open_list(self, tokens: Sequence[Token], index: int) -> None:
        """Remember a list's kind, first number and, for numbers, the widest marker's width."""
        token = tokens[index]
        if token.type == "ordered_list_open":
            start = token.attrs.get("start", 1)
            number = start if isinstance(start, int) else 1
            self.lists.append((ContainerKind.ORDERED, number))
            self.widths.append(_widest_number(tokens, index, number) + 2)
        else:
            self.lists.append((ContainerKind.BULLET, 1))
            self.widths.append(0)

    def open_item(self, token: Token) -> None:
        """Open a list item with its marker: a bullet by depth, or the item's own number."""
        kind, number = self.lists[-1] if self.lists else (ContainerKind.BULLET, 1)
        if kind is ContainerKind.ORDERED:
            info = token.info.strip()
            if info.isdigit():
                number = int(info)
            if self.lists:
                self.lists[-1] = (kind, number + 1)
            marker = f"{number}."
        else:
            marker = _BULLETS[min(len(self.lists), len(_BULLETS)) - 1]
        checked = token.meta.get("checked") if token.meta else None
        if checked is not None:
            box = _TASK_BOXES[bool(checked)]
            marker = box if kind is ContainerKind.BULLET else f"{marker} {box}"
        # All items of a numbered list indent alike, so "9." and "10." line up.
        width = max(len(marker) + 1, self.widths[-1] if self.widths else 0)
        first, rest = Container(kind, marker, width), Container(kind, None, width)
        self.frames.append(_Frame(first, rest, token, len(self.blocks)))

    def open_container(self, token: Token) -> None:
        """Open a block quote, alert, definition or footnote around the blocks that follow."""
        kind = token.type
        if kind == "alert_open":
            alert = str(token.meta.get("kind", "note")).lower() if token.meta else "note"
            first = Container(ContainerKind.ALERT, alert, 2)
            self.frames.append(_Frame(first, replace(first, marker=None), token, len(self.blocks)))
        elif kind == "dd_open":
            self.frames.append(_Frame(_DEFINITION, _DEFINITION, token, len(self.blocks)))
        elif kind == "footnote_open":
            number = int(token.meta.get("id", 0)) + 1 if token.meta else 1
            self.anchors.append(f"fn-{number}")
            marker = f"{number}."
            first = Container(ContainerKind.ORDERED, marker, max(4, len(marker) + 1))
            self.frames.append(_Frame(first, replace(first, marker=None), token, len(self.blocks)))
        else:
            self.frames.append(_Frame(_QUOTE, _QUOTE, token, len(self.blocks)))

    def open_frame(self, first: Container, rest: Container, lines: tuple[int, int]) -> None:
        """Open a container for an HTML element (`blockquote`, `li`) at `lines`."""
        token = Token("html_container", "", 1, map=[lines[0] - self.offset, lines[1] - self.offset])
        self.frames.append(_Frame(first, rest, token, len(self.blocks), html=True))

    def close_frame(self, html: bool = False) -> None:
        """Close a container; an empty list item still shows its marker.

        HTML elements left open inside a Markdown container close with it; an HTML closing tag
        never closes a Markdown container.
        """
        while self.frames and self.frames[-1].html and not html:
            self.pop_frame()
        if self.frames and self.frames[-1].html == html:
            self.pop_frame()

    def pop_frame(self) -> None:
        """Close the innermost container."""
        frame = self.frames[-1]
        if len(self.blocks) == frame.count:
            if frame.token.level + 1 >= _MAX_NESTING and frame.token.map:
                self.raw_paragraph(frame.token)
            elif frame.first.kind is not ContainerKind.QUOTE:
                self.add(BlockKind.PARAGRAPH, "", self.lines(frame.token))
        self.frames.pop()

    def raw_paragraph(self, token: Token) -> None:
        """Append the source lines of `token` as text (for content markdown-it dropped)."""
        start, end = token.map or (0, 0)
        if self.source_lines is None:
            self.source_lines = self.source.splitlines()
        raw = "\n".join(self.source_lines[start:end])
        self.add_spans(BlockKind.PARAGRAPH, plain_span(raw), token)

    def table(self, tokens: Sequence[Token], start: int) -> int:
        """Append the table opened at `start` and return the index of its closing token."""
        header: tuple[Cell, ...] = ()
        rows: list[tuple[Cell, ...]] = []
        row: list[Cell] = []
        align: list[str] = []
        links = [0]
        cut = False
        i = start + 1
        while i < len(tokens) and tokens[i].type != "table_close":
            token = tokens[i]
            kind = token.type
            if kind in ("th_open", "td_open"):
                if len(row) >= MAX_TABLE_COLUMNS:
                    cut = True
                else:
                    inline = tokens[i + 1] if i + 1 < len(tokens) else None
                    children = inline.children if inline and inline.type == "inline" else None
                    spans = spans_of(children or [], links)
                    row.append(Cell(spans, plain(spans)))
                    if kind == "th_open":
                        style = token.attrs.get("style", "")
                        align.append(_ALIGNS.get(style, "") if isinstance(style, str) else "")
            elif kind == "tr_close":
                if cut:
                    row.append(_ELLIPSIS_CELL)
                if not header and not rows:
                    header = tuple(row)
                else:
                    rows.append(tuple(row))
                row = []
            i += 1
        if cut:
            align.append("")
        table = Table(header, tuple(rows), tuple(align))
        self.add(BlockKind.TABLE, _table_text(table), self.lines(tokens[start]), table=table)
        return i


def _widest_number(tokens: Sequence[Token], index: int, start: int) -> int:
    """Digits of the widest item number of the ordered list opened at `tokens[index]`."""
    level = tokens[index].level
    widest, number = 1, start
    for token in tokens[index + 1 :]:
        if token.level == level and token.type == "ordered_list_close":
            break
        if token.level == level + 1 and token.type == "list_item_open":
            info = token.info.strip()
            number = int(info) if info.isdigit() else number
            widest = max(widest, len(str(number)))
            number += 1
    return widest


def _table_text(table: Table) -> str:
    """The plain text of a table: its cells in reading order (without the ellipsis cell)."""
    cells = [cell.text for cell in table.header if cell is not _ELLIPSIS_CELL]
    for row in table.rows:
        cells.extend(cell.text for cell in row if cell is not _ELLIPSIS_CELL)
    return " ".join(text for text in cells if text)
