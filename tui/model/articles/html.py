"""Raw HTML inside Markdown, read into our blocks and inline marks instead of shown as source.

The standard library's `html.parser` reads it: it is a tolerant tokenizer (unclosed and stray
tags, bad nesting and unknown elements all come through as plain events, never as errors), it
decodes entities, and it needs no dependency. We need events, not a repaired tree: an HTML block
in Markdown is often a fragment (`<details>` here, Markdown, `</details>` further down), so the
elements' effects are kept across fragments by `HtmlBlocks` itself.

Text inside HTML is never read as Markdown. Comments, `script`, `style` and unknown tags vanish;
the text inside unknown tags stays.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from tui.model.articles.blocks import BlockKind, Cell, Container, ContainerKind, Mark, Span, Table
from tui.model.articles.spans import SKIPPED, InlineRuns, plain
from tui.model.text import sanitize, sanitize_line

if TYPE_CHECKING:
    from tui.model.articles.markdown import _Builder

_SPACE = re.compile(r"[ \t\n\r\f]+")
_BREAKS = frozenset(
    {
        *("p", "div", "section", "article", "header", "footer", "main", "nav", "aside"),
        *("center", "figure", "figcaption", "dl", "dt", "dd", "address", "body", "html"),
        *("hgroup", "picture", "video", "audio", "form", "fieldset", "legend", "caption"),
    }
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BULLETS = ("•", "◦", "▪")
_QUOTE = Container(ContainerKind.QUOTE, None, 2)
_DETAILS = Container(ContainerKind.DEFINITION, None, 2)
_SUMMARY = "▾ "
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")


class _Table:
    """A table being collected: rows of cells, each cell's runs."""

    def __init__(self, start: int) -> None:
        self.start = start
        """Source line of the `table` tag."""
        self.links = [0]
        """Link counter shared by all cells (links are numbered per block)."""
        self.rows: list[tuple[list[Cell], bool]] = []
        """Rows so far, each with whether it is a header row."""
        self.cell: InlineRuns | None = None
        """The open cell's runs."""
        self.head = False
        """Whether any `th` cell was seen."""

    def open_row(self, head: bool) -> None:
        """Start a row (ending the open cell)."""
        self.close_cell()
        self.rows.append(([], head))

    def open_cell(self, head: bool) -> InlineRuns:
        """Start a cell (and a row, when a cell comes before any `tr`)."""
        self.close_cell()
        if not self.rows:
            self.open_row(head)
        self.head = self.head or head
        self.cell = InlineRuns(self.links)
        return self.cell

    def close_cell(self) -> None:
        """End the open cell, if any, adding it to the last row."""
        if self.cell is not None and self.rows:
            spans = _strip(self.cell)
            self.rows[-1][0].append(Cell(spans, plain(spans)))
        self.cell = None

    def table(self) -> Table | None:
        """The collected table, the first row its header when it holds `th` cells."""
        self.close_cell()
        rows = [(tuple(cells), head) for cells, head in self.rows if cells]
        if not rows:
            return None
        width = max(len(cells) for cells, _ in rows)
        padded = [cells + (Cell((), ""),) * (width - len(cells)) for cells, _ in rows]
        if rows[0][1] or (self.head and len(rows) == 1):
            return Table(padded[0], tuple(padded[1:]), ("",) * width)
        return Table((), tuple(padded), ("",) * width)


class _TagReader(HTMLParser):
    """Reads the tags of one inline HTML fragment (`<kbd>`, `</a>`, `<br/>`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("startend", tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, {}))


def tag_events(fragment: str) -> list[tuple[str, str, dict[str, str]]]:
    """The tags of an inline HTML fragment, in order; comments and stray text are left out."""
    # A reader each: articles are parsed on the event loop and in workers at the same time.
    reader = _TagReader()
    reader.feed(fragment)
    reader.close()
    return reader.events


class HtmlBlocks(HTMLParser):
    """Reads the HTML blocks of one Markdown document into its builder."""

    def __init__(self, builder: _Builder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.runs = InlineRuns([0])
        self.top = 0
        """Source line of the HTML block being read."""
        self.start: int | None = None
        """Source line where the pending paragraph began."""
        self.heading = 0
        self.pre: list[str] | None = None
        self.pre_language: str | None = None
        self.tables: list[_Table] = []
        self.lists: list[list[int]] = []
        """Open `ul`/`ol` elements: [0] for bullets, [1, next number] for numbers."""
        self.frames: list[str] = []
        """Names of the elements that opened a container (`blockquote`, `li`, `details`)."""
        self.end = 0

    def read(self, data: str, lines: tuple[int, int]) -> None:
        """Read one HTML block of the document, found at source `lines`."""
        self.reset()
        self.top, self.end = lines
        self.feed(data)
        self.close()
        self.flush()

    def finish(self) -> None:
        """Emit whatever is still pending (a table or preformatted text left open)."""
        self.flush()
        while self.tables:
            self.close_table()
        if self.pre is not None:
            self.close_pre()

    def line(self) -> int:
        """The source line the parser is at."""
        return min(self.top + self.getpos()[0] - 1, max(self.top, self.end - 1))

    def sink(self) -> InlineRuns:
        """Where text goes now: the open table cell, else the paragraph.

        Text in a table but outside its cells goes to the paragraph, as browsers show it too.
        """
        cell = self.tables[-1].cell if self.tables else None
        return cell if cell is not None else self.runs

    def handle_data(self, data: str) -> None:
        if self.pre is not None:
            if not self.runs.skip:
                self.pre.append(data)
            return
        sink = self.sink()
        if sink.skip:
            return
        text = _SPACE.sub(" ", data)
        if sink.raw and sink.raw[-1][0].endswith("\n"):
            text = text.lstrip(" ")  # no space at the start of a line after `<br>`
        if sink is self.runs and not self.runs.raw:
            text = text.lstrip()
            if not text:
                return
            self.start = self.line()
        sink.text(text)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in SKIPPED:
            self.runs.skip += 1
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.skip += 1
        elif tag == "code" and self.pre is not None:
            self.pre_language = self.pre_language or _language(values.get("class", ""))
        elif self.pre is not None:
            return
        elif tag == "pre":
            self.flush()
            self.pre, self.pre_language = [], _language(values.get("class", ""))
            self.start = self.line()
        elif tag == "table":
            self.flush()
            self.tables.append(_Table(self.line()))
        elif self.tables and tag in ("tr", "td", "th"):
            self.table_tag(tag)
        elif tag in _HEADINGS:
            self.flush()
            self.heading = _HEADINGS[tag]
        elif tag in _BREAKS or tag in ("tr", "td", "th", "thead", "tbody"):
            self.block_break()
        elif tag == "hr":
            self.flush()
            self.builder.add(BlockKind.RULE, "", (self.line(), self.line() + 1))
        elif tag in ("blockquote", "ul", "ol", "li", "details", "summary"):
            self.container_tag(tag, values)
        else:
            sink = self.sink()
            if sink is self.runs and not self.runs.raw:
                self.start = self.line()
            if tag == "br" and sink.raw:
                last = sink.raw[-1]
                sink.raw[-1] = (last[0].rstrip(" "), *last[1:])
            sink.tag("start", tag, values)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.runs.skip = max(0, self.runs.skip - 1)
            if self.tables and self.tables[-1].cell is not None:
                cell = self.tables[-1].cell
                cell.skip = max(0, cell.skip - 1)
        elif self.pre is not None:
            if tag == "pre":
                self.close_pre()
        elif tag == "table":
            if self.tables:
                self.close_table()
        elif self.tables and tag in ("td", "th"):
            self.tables[-1].close_cell()
        elif tag in _HEADINGS or tag in _BREAKS:
            self.flush()
        elif tag in ("blockquote", "ul", "ol", "li", "details", "summary"):
            self.container_end(tag)
        else:
            self.sink().tag("end", tag, {})

    def block_break(self) -> None:
        """End the paragraph at a block element, or put a space between cells' blocks."""
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.text(" ")
        else:
            self.flush()

    def table_tag(self, tag: str) -> None:
        """Open a row or a cell of the innermost table."""
        table = self.tables[-1]
        if tag == "tr":
            table.open_row(False)
        else:
            row_head = tag == "th" and (not table.rows or all(h for _, h in table.rows[-1:]))
            if tag == "th" and table.rows and not table.rows[-1][0]:
                table.rows[-1] = (table.rows[-1][0], True)
            table.open_cell(row_head)

    def close_table(self) -> None:
        """Emit the innermost table (or, when nested, its text into the outer cell)."""
        inner = self.tables.pop()
        table = inner.table()
        if table is None:
            return
        if self.tables and self.tables[-1].cell is not None:
            cells = [*table.header, *(c for row in table.rows for c in row)]
            self.tables[-1].cell.text(" ".join(c.text for c in cells if c.text))
            return
        text = " ".join(c.text for row in (table.header, *table.rows) for c in row if c.text)
        self.builder.add(BlockKind.TABLE, text, (inner.start, self.line() + 1), table=table)

    def close_pre(self) -> None:
        """Emit preformatted text as a code block."""
        text = sanitize("".join(self.pre or ()).removeprefix("\n").rstrip("\n")).expandtabs(4)
        start = self.start if self.start is not None else self.line()
        language = sanitize_line(self.pre_language) if self.pre_language else None
        self.builder.add(BlockKind.CODE, text, (start, self.line() + 1), language=language)
        self.pre, self.pre_language, self.start = None, None, None

    def container_tag(self, tag: str, values: dict[str, str]) -> None:
        """Open a quote, list, list item or disclosure."""
        self.flush()
        lines = (self.line(), self.line() + 1)
        if tag == "blockquote":
            self.builder.open_frame(_QUOTE, _QUOTE, lines)
            self.frames.append(tag)
        elif tag in ("ul", "ol"):
            start = values.get("start", "1")
            self.lists.append([1, int(start) if start.isdigit() else 1] if tag == "ol" else [0])
            self.frames.append("list")
        elif tag == "li":
            if self.frames and self.frames[-1] == "li":
                self.close_open("li")  # an item ends where the next one starts
            numbered = self.lists[-1] if self.lists and self.lists[-1][0] else None
            if numbered is not None:
                marker = f"{numbered[1]}."
                numbered[1] += 1
                kind = ContainerKind.ORDERED
            else:
                depth = len(self.lists) + len(self.builder.lists)
                marker = _BULLETS[min(max(depth, 1), len(_BULLETS)) - 1]
                kind = ContainerKind.BULLET
            width = max(len(marker) + 1, 2)
            self.builder.open_frame(
                Container(kind, marker, width), Container(kind, None, width), lines
            )
            self.frames.append(tag)
        elif tag == "summary":
            self.runs.text(_SUMMARY)
            self.runs.toggle(Mark.STRONG, True)
            self.start = self.line()
        else:
            self.frames.append(tag)

    def container_end(self, tag: str) -> None:
        """Close what `tag` opened."""
        self.flush()
        if tag in ("ul", "ol"):
            if self.close_open("list") and self.lists:
                self.lists.pop()
        elif tag == "summary":
            if self.frames and self.frames[-1] == "details":
                self.frames[-1] = "details-open"
                self.builder.open_frame(_DETAILS, _DETAILS, (self.line(), self.line() + 1))
        elif tag == "details":
            self.close_open("details-open") or self.close_open("details")
        else:
            self.close_open(tag)

    def close_open(self, name: str) -> bool:
        """Close the innermost open `name` (and what is open inside it); False when none is."""
        if name not in self.frames:
            return False
        while self.frames:
            top = self.frames.pop()
            if top not in ("details", "list"):
                self.builder.close_frame(html=True)
            if top == name:
                return True
        return True

    def flush(self) -> None:
        """Emit the pending paragraph or heading, if it has any text."""
        runs, self.runs = self.runs, InlineRuns([0])
        self.runs.skip = runs.skip
        level, self.heading = self.heading, 0
        spans = _strip(runs)
        start = self.start if self.start is not None else self.line()
        self.start = None
        if not spans:
            return
        kind = BlockKind.HEADING if level else BlockKind.PARAGRAPH
        lines = (start, max(start + 1, self.line() + 1))
        self.builder.add(kind, plain(spans), lines, spans, level=level)


def _strip(runs: InlineRuns) -> tuple[Span, ...]:
    """The runs' spans without leading and trailing blanks."""
    raw = runs.raw
    while raw and not raw[0][0].strip(" "):
        raw.pop(0)
    while raw and not raw[-1][0].strip(" "):
        raw.pop()
    if raw:
        raw[0] = (raw[0][0].lstrip(" "), *raw[0][1:])
        raw[-1] = (raw[-1][0].rstrip(" "), *raw[-1][1:])
    return runs.spans()


def _language(classes: str) -> str | None:
    """The language a `class="language-python"` attribute names."""
    match = _LANGUAGE.search(classes)
    return match[1] if match else None
