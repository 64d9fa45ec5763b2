"""Comments as lines under their paragraph, for `marginalia cat`."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.model.comments.discussion import Entry, Group
from tui.model.text import sanitize, sanitize_line
from tui.render.inline import wrap
from tui.render.styles import RenderStyles

INDENT = 4
"""Cells comments are indented by, so they read as notes beside the text."""


def comment_lines(entry: Entry, when: str, width: int, styles: RenderStyles) -> list[Text]:
    """One comment: a "✎ author · time" line, then its body, behind a dotted bar."""
    depth = INDENT + 2 * entry.depth
    bar = Text(" " * depth + "┆ ", style=styles.quote_bar)
    room = max(10, width - depth - 2)
    head = Text("✎ ", style=styles.strong)
    head.append(sanitize_line(entry.comment.author) or "?", style=styles.strong)
    head.append(f" · {when}", style=Style(dim=not styles.plain))
    texts: list[Text] = [head]
    if entry.group is Group.ORPHAN and entry.depth == 0 and entry.comment.anchor is not None:
        texts.append(
            Text("“" + sanitize_line(entry.comment.anchor.quote) + "”", style=styles.quote)
        )
    body = sanitize(entry.comment.body).replace("\t", "    ")
    texts.extend(Text(line) for line in body.split("\n"))
    lines: list[Text] = []
    for text in texts:
        for line in wrap(text, room) if text.plain else [text]:
            lines.append(Text.assemble(bar, line))
    return lines
