"""The block document: an article as a flat list of blocks, each with its source lines.

Containers (block quotes, list items) are not blocks of their own: every paragraph, heading,
code block, table or rule carries the chain of containers it sits in (`Block.containers`). A flat
list is what the paragraph cursor walks, what comments anchor to, and what the renderer lays out
one block at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CODE = "code"
    TABLE = "table"
    RULE = "rule"


class Mark(StrEnum):
    """Inline formatting that a span of text can carry."""

    EMPHASIS = "em"
    STRONG = "strong"
    CODE = "code"
    STRIKE = "strike"
    LINK = "link"
    KBD = "kbd"
    """A key on the keyboard (`<kbd>`)."""
    SUPERSCRIPT = "sup"
    SUBSCRIPT = "sub"
    UNDERLINE = "underline"
    HIGHLIGHT = "mark"
    """Highlighted text (`<mark>`)."""
    FOOTNOTE = "footnote"
    """A footnote mark (`[^1]` shown as `[1]`): a link to its note, not listed with the links."""


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text with the same formatting."""

    text: str
    """The text, sanitised, without line breaks except hard breaks (`\\n`)."""
    marks: frozenset[Mark] = frozenset()
    """Formatting applied to the run."""
    href: str | None = None
    """The link target when the run is (part of) a link, exactly as written in the source."""
    link: int | None = None
    """Index of the link within its block (0, 1, …), shared by all runs of one link."""


class ContainerKind(StrEnum):
    """A container a block sits inside."""

    QUOTE = "quote"
    BULLET = "bullet"
    ORDERED = "ordered"
    ALERT = "alert"
    """A GitHub alert (`> [!NOTE]`): the marker on its first block names the kind ("note")."""
    DEFINITION = "definition"
    """The definition of a term in a definition list: indented, without a marker."""


@dataclass(frozen=True, slots=True)
class Container:
    """One level of nesting around a block: a block quote or a list item."""

    kind: ContainerKind
    marker: str | None = None
    """For list items: the marker (`•`, `3.`, `☐`) on the item's first block, None on the others;
    for alerts: the alert's kind (`note`, `tip`, `important`, `warning`, `caution`), likewise."""
    width: int = 2
    """Cells the container indents by (the marker's width plus a space; 2 for quotes)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell."""

    spans: tuple[Span, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table: header row, body rows, and column alignments."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    align: tuple[str, ...]
    """Per column: "left", "center", "right" or "" (default)."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article."""

    kind: BlockKind
    text: str
    """Plain text of the block (sanitised): what search, anchors and quotes use."""
    lines: tuple[int, int] = (0, 0)
    """Source lines [start, end) in the article file, counted from 0 (front matter included)."""
    spans: tuple[Span, ...] = ()
    """Inline runs for headings and paragraphs (empty for code, tables and rules)."""
    level: int = 0
    """Heading level 1-6 (0 for other blocks)."""
    containers: tuple[Container, ...] = ()
    """Enclosing quotes and list items, outermost first."""
    heading_path: tuple[str, ...] = ()
    """Texts of the headings this block sits under, outermost first (a heading includes itself)."""
    language: str | None = None
    """Language of a fenced code block, when given."""
    table: Table | None = None
    """Cells of a table block."""
    anchors: tuple[str, ...] = ()
    """In-article link targets (`fn-1`) that lead to this block, besides heading slugs."""

    @property
    def quote_depth(self) -> int:
        """How many block quotes enclose this block."""
        return sum(1 for c in self.containers if c.kind is ContainerKind.QUOTE)

    @property
    def links(self) -> tuple[str, ...]:
        """Link targets of this block, in order of appearance (one per link index)."""
        seen: dict[int, str] = {}
        for span in self.spans:
            if span.link is not None and span.href is not None:
                seen.setdefault(span.link, span.href)
        return tuple(seen[i] for i in sorted(seen))


@dataclass(frozen=True, slots=True)
class Document:
    """An article's blocks in reading order."""

    blocks: tuple[Block, ...] = ()
    headings: tuple[int, ...] = field(default=())
    """Indexes of the heading blocks, in order."""

    @classmethod
    def of(cls, blocks: tuple[Block, ...] | list[Block]) -> Document:
        """Build a document and its heading index from `blocks`."""
        blocks = tuple(blocks)
        headings = tuple(i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING)
        return cls(blocks=blocks, headings=headings)

    def block_at_line(self, line: int) -> int | None:
        """Index of the block that holds source line `line` (the nearest one before it)."""
        found: int | None = None
        for index, block in enumerate(self.blocks):
            if block.lines[0] > line:
                break
            found = index
        return found if found is not None or not self.blocks else 0

    @property
    def word_count(self) -> int:
        """Number of words in the document (for reading time)."""
        return sum(len(b.text.split()) for b in self.blocks)
