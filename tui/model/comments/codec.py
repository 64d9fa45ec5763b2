"""The comment file format (DESIGN.md §2): reading and writing its bytes, nothing about disks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tui.model.comments.comment import Comment, CommentFormatError, decode_json, merge

FORMAT = "marginalia.comments"
"""The `format` value of a comment file."""
VERSION = 1
"""The file version this code reads and writes."""


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
        if version > VERSION:
            # Shown as far as it can be understood, but never written nor moved by this version.
            shown: list[Comment] = []
            raw = raw if isinstance(raw, list) else []
            for item in raw:
                try:
                    shown.append(Comment.from_json(item))
                except CommentFormatError:
                    continue
            return CommentFile(tuple(merge(shown)), True, Problem.NEWER_VERSION, str(version))
        if not isinstance(raw, list):
            raise CommentFormatError("shape")
        return CommentFile(tuple(merge(Comment.from_json(item) for item in raw)))
    except CommentFormatError as exc:
        return CommentFile((), True, Problem.CORRUPT, exc.reason)


_fragments: dict[tuple[Comment, bool], str] = {}
_MAX_FRAGMENTS = 20_000


def _fragment(comment: Comment, ascii: bool) -> str:
    text = _fragments.get((comment, ascii))
    if text is None:
        if len(_fragments) >= _MAX_FRAGMENTS:
            _fragments.clear()
        body = json.dumps(comment.to_json(), indent=2, sort_keys=True, ensure_ascii=ascii)
        text = _fragments[(comment, ascii)] = "    " + body.replace("\n", "\n    ")
    return text


def encode(article: ArticleRef, comments: list[Comment]) -> bytes:
    """Return the file's bytes, exactly as `encode_json` would write them, but faster.

    Pretty-printing JSON runs in pure Python; each comment's text is cached, so saving one
    more comment on a long thread only encodes the new one.
    """
    head = {
        "format": FORMAT,
        "version": VERSION,
        "article": {"id": article.id, "path": article.path, "title": article.title},
        "comments": [0] if comments else [],
    }
    for ascii in (False, True):
        text = json.dumps(head, indent=2, sort_keys=True, ensure_ascii=ascii) + "\n"
        if comments:
            # Strings cannot hold a raw newline, so this marker occurs exactly once.
            listed = ",\n".join(_fragment(c, ascii) for c in comments)
            text = text.replace('"comments": [\n    0\n  ]', f'"comments": [\n{listed}\n  ]', 1)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates cannot be UTF-8: the whole file is written with \u escapes.
            continue
    raise AssertionError("an ASCII-escaped JSON text always encodes")
