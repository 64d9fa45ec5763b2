"""`marginalia cat`: an article rendered to standard output, like `glow` or `rich` print it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from tui.i18n import active, t
from tui.model.blocks import Block, BlockKind, Span
from tui.model.library import Article, load_article
from tui.model.text import sanitize_line
from tui.render.blocks import render_document
from tui.render.styles import RenderStyles

PIPE_WIDTH = 80
"""Width when standard output is not a terminal and no --width was given."""


def print_article(
    root: Path,
    article: Article,
    *,
    width: int | None = None,
    color: str = "auto",
    out: TextIO | None = None,
) -> int:
    """Print `article` (plain text in a pipe, colour on a terminal); return the exit status."""
    stream = sys.stdout if out is None else out
    terminal = stream.isatty()
    colour = color == "always" or (color == "auto" and terminal)
    if width is None:
        width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if terminal else PIPE_WIDTH
    loaded = load_article(root, article)
    if loaded.problem is not None:
        reason = t(f"problem.{loaded.problem.code}", detail=loaded.problem.detail)
        print(t("error.article.unreadable", article=article.id, reason=reason), file=sys.stderr)
        return 1
    styles = RenderStyles.default(dark=True) if colour else RenderStyles.plain_text()
    lines = article_lines(article, list(loaded.document.blocks), width, styles)
    console = Console(
        file=stream,
        width=width,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        no_color=not colour,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for line in lines:
        if colour:
            console.print(line, soft_wrap=True, crop=False)
        else:
            stream.write(line.plain.rstrip() + "\n")
    return 0


def article_lines(article: Article, blocks: list[Block], width: int, styles: RenderStyles) -> list[Text]:
    """The article as lines: its title as a top heading, the byline, then the text."""
    title = sanitize_line(article.title)
    heading = Block(BlockKind.HEADING, title, spans=(Span(title),), level=1)
    tr = active()
    byline_parts = [tr("byline.by", author=article.author)] if article.author else []
    if article.date:
        byline_parts.append(tr.date(article.date))
    byline_parts.append(tr.reading_time(article.word_count))
    header = render_document([heading], width, styles)
    header.append(Text(sanitize_line(" · ".join(byline_parts)), style="" if styles.plain else "dim"))
    header.append(Text(""))
    return header + render_document(blocks, width, styles)
