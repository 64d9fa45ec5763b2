"""Markdown to the block document (DESIGN.md §4)."""

from __future__ import annotations

from markdown_it import MarkdownIt

from tui.model.blocks import Block, BlockKind, Document, Span
from tui.model.text import sanitize

_MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def parse_markdown(source: str, *, line_offset: int = 0) -> Document:
    """Parse Markdown `source` into a document whose line numbers start at `line_offset`."""
    blocks: list[Block] = []
    tokens = _MD.parse(source)
    for i, token in enumerate(tokens):
        lines = (0, 0)
        if token.map:
            lines = (token.map[0] + line_offset, token.map[1] + line_offset)
        if token.type in ("fence", "code_block"):
            text = sanitize(token.content.removesuffix("\n")).expandtabs(4)
            blocks.append(Block(BlockKind.CODE, text, lines))
        elif token.type == "hr":
            blocks.append(Block(BlockKind.RULE, "", lines))
        elif token.type in ("heading_open", "paragraph_open") and i + 1 < len(tokens):
            raw = sanitize(tokens[i + 1].content).replace("\t", " ")
            text = " ".join(raw.split())
            if token.type == "heading_open":
                level = int(token.tag[1:])
                blocks.append(Block(BlockKind.HEADING, text, lines, (Span(raw),), level))
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, text, lines, (Span(raw),)))
    return Document.of(blocks)
