"""Comments written out for other tools: Markdown for people, JSON for programs."""

from __future__ import annotations

import json

from tui.model.articles.blocks import Document
from tui.model.comments.discussion import Discussion, Group
from tui.model.comments.store import ArticleRef
from tui.model.text import sanitize

EXPORT_FORMAT = "marginalia.comments-export"
"""The `format` value of a JSON export."""


def export_json(ref: ArticleRef, document: Document, discussion: Discussion) -> str:
    """The comments with where each one sits now, as pretty-printed JSON."""
    entries = []
    for entry in discussion.entries():
        block = document.blocks[entry.block] if entry.block is not None else None
        entries.append(
            {
                **entry.comment.to_json(),
                "placement": {
                    "group": entry.group.value,
                    "block": entry.block,
                    "changed": entry.changed,
                    "text": block.text if block is not None else None,
                },
                "depth": entry.depth,
            }
        )
    data = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "article": {"id": ref.id, "path": ref.path, "title": ref.title},
        "comments": entries,
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def export_markdown(
    ref: ArticleRef, document: Document, discussion: Discussion, headings: dict[str, str]
) -> str:
    """The comments as a Markdown page: each paragraph quoted, its thread below it.

    `headings` gives the page's words ("title", "article", "orphan", "edited") in the UI language;
    bodies are sanitised, since the page is meant to be read, also on a terminal.
    """
    out = [f"# {headings['title']}: {_one_line(sanitize(ref.title))}", ""]
    current: tuple[Group, int | None] | None = None
    for entry in discussion.entries():
        key = (entry.group, entry.block)
        if key != current:
            current = key
            if entry.group is Group.BLOCK and entry.block is not None:
                out += ["", _quote(sanitize(document.blocks[entry.block].text)), ""]
            else:
                out += ["", f"## {headings[entry.group.value]}", ""]
        comment = entry.comment
        indent = "  " * entry.depth
        stamp = comment.created.isoformat(timespec="minutes")
        edited = ""
        if comment.updated is not None:
            edited = f" ({headings['edited']} {comment.updated.isoformat(timespec='minutes')})"
        author = _one_line(sanitize(comment.author))
        out.append(f"{indent}- **{author}**, {stamp}{edited}")
        if entry.group is Group.ORPHAN and entry.depth == 0 and comment.anchor is not None:
            out.append(f"{indent}  {_quote(sanitize(comment.anchor.quote))}")
        for line in sanitize(comment.body).splitlines() or [""]:
            out.append(f"{indent}  {line}".rstrip())
    return "\n".join(out).strip() + "\n"


def _quote(text: str) -> str:
    return "> " + _one_line(text)


def _one_line(text: str) -> str:
    return " ".join(text.split())
