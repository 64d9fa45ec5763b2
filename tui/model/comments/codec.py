"""The comment file format (DESIGN.md §2): reading and writing its bytes, nothing about disks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from tui.model.comments.comment import Comment, CommentFormatError, decode_json, merge
from tui.model.comments.tombstone import Tombstone
from tui.model.text import sanitize

FORMAT = "marginalia.comments"
"""The `format` value of a comment file."""
VERSION = 2
"""The file version this code writes; it reads every version up to this one.

Version 2 added tombstones (deleted comments), each comment's optional `history`, and a
stable layout: comments sorted by creation time then id, one JSON object per line.
"""


class Problem(StrEnum):
    """Why a comment file could not be used normally."""

    CORRUPT = "corrupt"
    NEWER_VERSION = "newer-version"
    SYMLINK = "symlink"
    NOT_A_FILE = "not-a-file"
    TOO_LARGE = "too-large"
    UNREADABLE = "unreadable"
    READ_ONLY_SESSION = "read-only-session"
    """Not the file's fault: the reader is served read-only (`marginalia serve --read-only`)."""


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """The article a comment file belongs to, as written in its "article" header."""

    id: str
    """Article id."""
    path: str
    """Path of the article relative to the content folder, with "/" separators."""
    title: str
    """Article title."""


@dataclass(frozen=True, slots=True)
class CommentFile:
    """What was read from (or written to) one article's comment file."""

    comments: tuple[Comment, ...] = ()
    """The comments, in file order."""
    read_only: bool = False
    """True when the file must not be written (see `problem`)."""
    problem: Problem | None = None
    """What was wrong with the file, None when it was fine or missing."""
    problem_detail: str = ""
    """A short code with more detail (for corrupt files: nul, utf8, json, number, shape)."""
    moved_to: Path | None = None
    """Where a corrupt file was moved aside, when it was."""
    tombstones: tuple[Tombstone, ...] = ()
    """The comments deleted from this file (none in a version-1 file)."""
    article: ArticleRef | None = None
    """The file's article header, when it has a readable one."""


def parse(data: bytes) -> CommentFile:
    """Read a comment file's bytes; a damaged or newer file says so in `problem`, never raises."""
    try:
        value = decode_json(data)
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise CommentFormatError("shape")
        version = value.get("version")
        if type(version) is not int or version < 1:
            raise CommentFormatError("shape")
        raw = value.get("comments")
        article = read_article(value.get("article"))
        if version > VERSION:
            # Shown as far as it can be understood, but never written nor moved by this version.
            shown: list[Comment] = []
            raw = raw if isinstance(raw, list) else []
            for item in raw:
                try:
                    shown.append(Comment.from_json(item))
                except CommentFormatError:
                    continue
            return CommentFile(
                tuple(merge(shown)), True, Problem.NEWER_VERSION, str(version), article=article
            )
        graves = value.get("tombstones", [])
        if not isinstance(raw, list) or not isinstance(graves, list):
            raise CommentFormatError("shape")
        comments = tuple(merge(Comment.from_json(item) for item in raw))
        tombstones = {t.id: t for t in map(Tombstone.from_json, graves)}
        alive = {c.id for c in comments}
        kept = tuple(t for key, t in tombstones.items() if key not in alive)
        return CommentFile(comments, tombstones=kept, article=article)
    except CommentFormatError as exc:
        return CommentFile((), True, Problem.CORRUPT, exc.reason)


def read_article(value: object) -> ArticleRef | None:
    """The article header, or None when it is missing or not three strings."""
    if not isinstance(value, dict):
        return None
    fields = [value.get(key) for key in ("id", "path", "title")]
    if not all(isinstance(field, str) for field in fields):
        return None
    return ArticleRef(*(sanitize(str(field)) for field in fields))


def sort_key(comment: Comment) -> tuple[datetime, str]:
    """The order of comments in a file: by creation time, then id."""
    return (comment.created, comment.id)


def encode(
    article: ArticleRef,
    comments: Iterable[Comment],
    tombstones: Iterable[Tombstone] = (),
    known: Mapping[int, str] | None = None,
) -> bytes:
    """Return the file's bytes: sorted, keys sorted, one comment or tombstone per line.

    Lines stay stable whatever order things were added in, so a diff shows what changed
    and git can merge the file line by line even without the merge driver. `known` holds
    lines already written for some comments (by the `id()` of the comment object).
    """
    rows = sorted(comments, key=sort_key)
    graves = sorted(tombstones, key=lambda grave: (grave.deleted, grave.id))
    head = {"id": article.id, "path": article.path, "title": article.title}
    for ascii in (False, True):
        text = "\n".join(
            [
                "{",
                f'  "article": {_line(head, ascii)},',
                *_listed("comments", [_comment_line(c, ascii, known) for c in rows]),
                f'  "format": {_line(FORMAT, ascii)},',
                *_listed("tombstones", [_line(g.to_json(), ascii) for g in graves]),
                f'  "version": {VERSION}',
                "}",
                "",
            ]
        )
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates cannot be UTF-8: the whole file is written with \u escapes.
            continue
    raise AssertionError("an ASCII-escaped JSON text always encodes")


def _comment_line(comment: Comment, ascii: bool, known: Mapping[int, str] | None) -> str:
    """A comment's line: the one it was read from, when known, else freshly encoded."""
    line = known.get(id(comment)) if known is not None and not ascii else None
    return line if line is not None else _line(comment.to_json(), ascii)


def _line(value: object, ascii: bool) -> str:
    """One JSON value on one line, keys sorted."""
    return json.dumps(value, sort_keys=True, ensure_ascii=ascii)


def _listed(key: str, lines: list[str]) -> list[str]:
    """A key's list with one item per line, followed by a comma."""
    if not lines:
        return [f'  "{key}": [],']
    return [f'  "{key}": [', *(f"    {item}," for item in lines[:-1]), f"    {lines[-1]}", "  ],"]
