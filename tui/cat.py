"""`marginalia cat`: an article and its comments rendered to standard output."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from tui.i18n import active, t
from tui.model.blocks import Block, BlockKind, Document, Span
from tui.model.discussion import Discussion, Entry, Group
from tui.model.library import Article, load_article
from tui.model.store import CommentStore
from tui.model.text import sanitize_line
from tui.render.blocks import render_block, render_document, render_gap
from tui.render.comments import comment_lines
from tui.render.inline import wrap
from tui.render.styles import RenderStyles

PIPE_WIDTH = 80
"""Width when standard output is not a terminal and no --width was given."""


def print_article(
    root: Path,
    article: Article,
    *,
    comments: CommentStore | None = None,
    width: int | None = None,
    color: str = "auto",
    out: TextIO | None = None,
) -> int:
    """Print `article` with its comments (plain in a pipe, colour on a terminal); return status."""
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
    discussion = Discussion()
    if comments is not None:
        comment_file = comments.load(article.id)
        discussion = Discussion.build(loaded.document, comment_file.comments)
    styles = RenderStyles.default(dark=True) if colour else RenderStyles.plain_text()
    styles = replace(styles, more_rows=t("render.more_rows"))
    lines = article_lines(article, loaded.document, discussion, width, styles)
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


def article_lines(
    article: Article,
    document: Document,
    discussion: Discussion,
    width: int,
    styles: RenderStyles,
) -> list[Text]:
    """The article as lines: title, byline, the text with comments under their paragraphs."""
    tr = active()
    title = sanitize_line(article.title)
    heading = Block(BlockKind.HEADING, title, spans=(Span(title),), level=1)
    byline = [tr("byline.by", author=article.author)] if article.author else []
    if article.date:
        byline.append(tr.date(article.date))
    byline.append(tr.reading_time(article.word_count))
    byline.append(tr.comment_count(len(discussion)))
    lines = render_document([heading], width, styles)
    byline_text = Text(sanitize_line(" · ".join(byline)), style="" if styles.plain else "dim")
    lines.extend(wrap(byline_text, width))
    lines.append(Text(""))

    entries = discussion.entries()
    by_block: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.group is Group.BLOCK and entry.block is not None:
            by_block.setdefault(entry.block, []).append(entry)
    previous: Block | None = None
    for index, block in enumerate(document.blocks):
        lines.extend(render_gap(previous, block, width, styles))
        lines.extend(render_block(block, width, styles))
        for entry in by_block.get(index, ()):
            lines.extend(comment_lines(entry, tr.datetime(entry.comment.created), width, styles))
        previous = block
    for group, title_key in (
        (Group.ARTICLE, "comments.on_article"),
        (Group.ORPHAN, "comments.orphans"),
    ):
        grouped = [e for e in entries if e.group is group]
        if not grouped:
            continue
        lines.append(Text(""))
        section = Block(BlockKind.HEADING, t(title_key), spans=(Span(t(title_key)),), level=2)
        lines.extend(render_document([Block(BlockKind.RULE, ""), section], width, styles))
        for entry in grouped:
            lines.extend(comment_lines(entry, tr.datetime(entry.comment.created), width, styles))
    return lines
