"""Markdown to the block document: markdown-it-py tokens become a flat list of blocks.

Block quotes and list items are not blocks: they become `Container`s on the blocks inside them.
The token stream is walked once, without recursion, so deeply nested input cannot exhaust the
stack. markdown-it stops nesting at its `maxNesting` limit and drops what lies deeper; such a
container's source lines are kept as a plain-text paragraph instead, so no text goes missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from tui.model.blocks import (
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
from tui.model.text import sanitize, sanitize_line

# Raw HTML is shown as text (articles are untrusted); building the parser is slow, so once.
_MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_MAX_NESTING: int = _MD.options["maxNesting"]

MAX_TABLE_COLUMNS = 64
"""Columns kept per table row; a wider row ends in an ellipsis cell instead."""

_BULLETS = ("•", "◦", "▪")
_QUOTE = Container(ContainerKind.QUOTE, None, 2)
_ELLIPSIS = "…"
_ELLIPSIS_CELL = Cell((Span(_ELLIPSIS),), _ELLIPSIS)
_ALIGNS = {
    "text-align:left": "left",
    "text-align:center": "center",
    "text-align:right": "right",
}
_OPENING_MARKS = {"em_open": Mark.EMPHASIS, "strong_open": Mark.STRONG, "s_open": Mark.STRIKE}
_CLOSING_MARKS = {"em_close": Mark.EMPHASIS, "strong_close": Mark.STRONG, "s_close": Mark.STRIKE}
_IMAGE_PREFIX = "🖼 "

_RawSpan = tuple[str, frozenset[Mark], str | None, int | None]


def parse_markdown(source: str, *, line_offset: int = 0) -> Document:
    """Parse Markdown `source` into a document whose line numbers start at `line_offset`."""
    builder = _Builder(source, line_offset)
    builder.walk(_MD.parse(source))
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

    def walk(self, tokens: Sequence[Token]) -> None:
        """Turn `tokens` (a flat markdown-it stream) into blocks."""
        i, count = 0, len(tokens)
        while i < count:
            token = tokens[i]
            kind = token.type
            if kind in ("paragraph_open", "heading_open"):
                inline = tokens[i + 1] if i + 1 < count else None
                self.text_block(token, inline)
                i += 3
                continue
            if kind == "table_open":
                i = self.table(tokens, i)
            elif kind in ("fence", "code_block"):
                self.code(token)
            elif kind == "hr":
                self.add(BlockKind.RULE, "", self.lines(token))
            elif kind == "html_block":
                raw = token.content.removesuffix("\n")
                self.add_spans(BlockKind.PARAGRAPH, _merge([(raw, frozenset(), None, None)]), token)
            elif kind == "blockquote_open":
                self.frames.append(_Frame(_QUOTE, _QUOTE, token, len(self.blocks)))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.open_list(tokens, i)
            elif kind == "list_item_open":
                self.open_item(token)
            elif kind in ("list_item_close", "blockquote_close"):
                self.close_frame()
            elif kind in ("bullet_list_close", "ordered_list_close") and self.lists:
                self.lists.pop()
                self.widths.pop()
            i += 1

    def lines(self, token: Token) -> tuple[int, int]:
        """Source lines of `token`, shifted by the offset (the last known line when unmapped)."""
        if token.map:
            start, end = token.map[0] + self.offset, token.map[1] + self.offset
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
            )
        )

    def add_spans(
        self, kind: BlockKind, spans: tuple[Span, ...], token: Token, level: int = 0
    ) -> None:
        """Append a paragraph or heading made of `spans`, its lines taken from `token`."""
        self.add(kind, _plain(spans), self.lines(token), spans, level=level)

    def text_block(self, token: Token, inline: Token | None) -> None:
        """Append a heading or paragraph from its opening token and its inline token."""
        children = inline.children if inline is not None and inline.type == "inline" else None
        spans = _spans(children or [], [0])
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
        # All items of a numbered list indent alike, so "9." and "10." line up.
        width = max(len(marker) + 1, self.widths[-1] if self.widths else 0)
        first, rest = Container(kind, marker, width), Container(kind, None, width)
        self.frames.append(_Frame(first, rest, token, len(self.blocks)))

    def close_frame(self) -> None:
        """Close a quote or list item; an empty list item still shows its marker."""
        if not self.frames:
            return
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
        self.add_spans(BlockKind.PARAGRAPH, _merge([(raw, frozenset(), None, None)]), token)

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
                    spans = _spans(children or [], links)
                    row.append(Cell(spans, _plain(spans)))
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


def _spans(children: Sequence[Token], links: list[int]) -> tuple[Span, ...]:
    """Turn a block's inline tokens into merged, sanitised spans; `links` counts link indexes."""
    raw: list[_RawSpan] = []
    depth = {Mark.EMPHASIS: 0, Mark.STRONG: 0, Mark.STRIKE: 0}
    marks: frozenset[Mark] = frozenset()
    href: str | None = None
    link: int | None = None
    for token in children:
        kind = token.type
        if kind in ("text", "html_inline"):
            raw.append((token.content, marks, href, link))
        elif kind == "softbreak":
            raw.append((" ", marks, href, link))
        elif kind == "hardbreak":
            raw.append(("\n", marks, href, link))
        elif kind == "code_inline":
            raw.append((token.content, marks | {Mark.CODE}, href, link))
        elif kind in _OPENING_MARKS or kind in _CLOSING_MARKS:
            mark = _OPENING_MARKS.get(kind) or _CLOSING_MARKS[kind]
            depth[mark] = max(0, depth[mark] + (1 if kind in _OPENING_MARKS else -1))
            marks = _marks(depth, link is not None)
        elif kind == "link_open":
            target = token.attrs.get("href", "")
            href = sanitize_line(target if isinstance(target, str) else "")
            link = links[0]
            links[0] += 1
            marks = _marks(depth, True)
        elif kind == "link_close":
            href = link = None
            marks = _marks(depth, False)
        elif kind == "image":
            raw.append(_image(token, marks, href, link, links))
        elif token.content:
            raw.append((token.content, marks, href, link))
    return _merge(raw)


def _marks(depth: dict[Mark, int], in_link: bool) -> frozenset[Mark]:
    """The marks in force for the open emphasis counts and link state."""
    marks = {mark for mark, count in depth.items() if count > 0}
    if in_link:
        marks.add(Mark.LINK)
    return frozenset(marks)


def _image(
    token: Token, marks: frozenset[Mark], href: str | None, link: int | None, links: list[int]
) -> _RawSpan:
    """An image as a followable link to its source, or to the enclosing link when inside one."""
    alt = "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in token.children or []
    )
    if link is None:
        source = token.attrs.get("src", "")
        href = sanitize_line(source if isinstance(source, str) else "")
        link = links[0]
        links[0] += 1
    return (_IMAGE_PREFIX + alt, marks | {Mark.LINK}, href, link)


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


def _merge(raw: Sequence[_RawSpan]) -> tuple[Span, ...]:
    """Join neighbouring runs with the same formatting, then sanitise each run."""
    groups: list[tuple[list[str], frozenset[Mark], str | None, int | None]] = []
    for text, marks, href, link in raw:
        if groups and groups[-1][1:] == (marks, href, link):
            groups[-1][0].append(text)
        else:
            groups.append(([text], marks, href, link))
    spans: list[Span] = []
    for parts, marks, href, link in groups:
        # Sanitised after joining so an escape sequence split over two tokens still goes whole.
        text = sanitize("".join(parts)).replace("\t", " ")
        if not text:
            continue
        last = spans[-1] if spans else None
        if last is not None and (last.marks, last.href, last.link) == (marks, href, link):
            # A run that sanitised away can leave two like runs side by side.
            spans[-1] = Span(last.text + text, marks, href, link)
        else:
            spans.append(Span(text, marks, href, link))
    return tuple(spans)


def _plain(spans: Sequence[Span]) -> str:
    """The plain text of `spans` on one line with whitespace collapsed."""
    return " ".join("".join(span.text for span in spans).split())


def _table_text(table: Table) -> str:
    """The plain text of a table: its cells in reading order (without the ellipsis cell)."""
    cells = [cell.text for cell in table.header if cell is not _ELLIPSIS_CELL]
    for row in table.rows:
        cells.extend(cell.text for cell in row if cell is not _ELLIPSIS_CELL)
    return " ".join(text for text in cells if text)
