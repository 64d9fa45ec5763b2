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
from tui.model.articles.blocks import Block, BlockKind, Cell, Document, Mark, Span
from tui.model.articles.library import Article, load_article
from tui.model.comments.discussion import Discussion, Entry, Group
from tui.model.comments.store import CommentStore
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
    links: bool = True,
) -> int:
    """Print `article` with its comments (plain in a pipe, colour on a terminal); return status.

    In a pipe, unless `links` is False, links are numbered in the text and their targets listed
    under "Links" at the end, as text browsers do: plain text has no other way to keep them.
    """
    stream = sys.stdout if out is None else out
    terminal = stream.isatty()
    colour = color == "always" or (color == "auto" and terminal)
    if width is None:
        width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if terminal else PIPE_WIDTH
    loaded = load_article(root, article)
    if loaded.problem is not None:
        reason = t(f"problem.{loaded.problem.code}", detail=loaded.problem.detail)
        print(t("error.article.unreadable", article=article.id, reason=reason), file=sys.stderr)
        if loaded.problem.code != "front_matter":
            return 1
        # Broken front matter is ignored, as in the app: the article itself still prints.
    discussion = Discussion()
    if comments is not None:
        comment_file = comments.load(article.id)
        discussion = Discussion.build(loaded.document, comment_file.comments)
    styles = RenderStyles.default(dark=True) if colour else RenderStyles.plain_text()
    styles = replace(styles, more_rows=t("render.more_rows"), thousands=t("number.thousands"))
    document = loaded.document
    targets: list[str] = []
    if links and not terminal:
        document = Document.of([number_links(block, targets) for block in document.blocks])
    lines = article_lines(article, document, discussion, width, styles)
    if targets:
        lines.extend(link_list(targets, width, styles))
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


def _numbered(spans: tuple[Span, ...], targets: list[str]) -> tuple[Span, ...]:
    """`spans` with `[n]` after each link, `n` its target's place in `targets` (added there).

    Links whose text is their target (bare URLs), footnote marks and links within the article
    (`#section`) are left as they are: the text says all there is.
    """
    out: list[Span] = []
    text = ""
    for index, span in enumerate(spans):
        out.append(span)
        following = spans[index + 1] if index + 1 < len(spans) else None
        text = text + span.text if index and spans[index - 1].link == span.link else span.text
        if span.link is None or span.href is None or (following and following.link == span.link):
            continue
        href = span.href
        if Mark.FOOTNOTE in span.marks or href.startswith("#") or text == href or not href.strip():
            continue
        if href not in targets:
            targets.append(href)
        out.append(Span(f"[{targets.index(href) + 1}]"))
    return tuple(out)


def number_links(block: Block, targets: list[str]) -> Block:
    """Return `block` with its links numbered, their targets collected in `targets`."""
    if block.table is not None:
        table = block.table

        def row(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
            return tuple(replace(cell, spans=_numbered(cell.spans, targets)) for cell in cells)

        numbered = replace(table, header=row(table.header), rows=tuple(row(r) for r in table.rows))
        return replace(block, table=numbered)
    if not any(span.link is not None for span in block.spans):
        return block
    return replace(block, spans=_numbered(block.spans, targets))


def link_list(targets: list[str], width: int, styles: RenderStyles) -> list[Text]:
    """The "Links" section: a heading, then each target after its number."""
    title = t("cat.links")
    heading = Block(BlockKind.HEADING, title, spans=(Span(title),), level=2)
    lines = [Text("")]
    lines.extend(render_document([Block(BlockKind.RULE, ""), heading], width, styles))
    lines.append(Text(""))
    digits = len(str(len(targets)))
    for number, target in enumerate(targets, 1):
        label = f"[{number}]".rjust(digits + 2)
        entry = Block(BlockKind.PARAGRAPH, target, spans=(Span(sanitize_line(target)),))
        rows = render_block(entry, width - len(label) - 1, styles)
        for index, row in enumerate(rows):
            line = Text(f"{label if index == 0 else ' ' * len(label)} ", end="")
            line.append_text(row)
            lines.append(line)
    return lines


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
