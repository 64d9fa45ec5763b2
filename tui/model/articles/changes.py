"""What a batch of file-system events means to the reader: which articles and comments changed."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui.model.articles.formats import ARTICLE_SUFFIXES


@dataclass(frozen=True, slots=True)
class FolderChange:
    """The articles and comment files that one batch of file-system events touched."""

    articles: frozenset[str] = field(default_factory=frozenset)
    """Paths relative to the content folder (with `/`) of article files added, changed or gone."""
    comment_files: frozenset[str] = field(default_factory=frozenset)
    """Names of comment files written or removed (by this or another instance)."""

    def __bool__(self) -> bool:
        return bool(self.articles or self.comment_files)


def sort_changes(paths: Iterable[str], root: Path, comments: Path) -> FolderChange:
    """Sort changed paths (absolute, below the real `root` or `comments`) into a change.

    Hidden files and folders, other file types, and the comment store's own lock, temporary
    and quarantined files are left out: they change nothing the reader shows.
    """
    real_root, real_comments = os.path.realpath(root), os.path.realpath(comments)
    articles: set[str] = set()
    comment_files: set[str] = set()
    for path in paths:
        in_comments = _relative(path, real_comments)
        if in_comments is not None:
            if os.sep not in in_comments and _is_comment_file(in_comments):
                comment_files.add(in_comments)
            continue
        relpath = _relative(path, real_root)
        if relpath is None:
            continue
        parts = relpath.split(os.sep)
        if any(part.startswith(".") for part in parts):
            continue
        if os.path.splitext(relpath)[1].lower() in ARTICLE_SUFFIXES:
            articles.add("/".join(parts))
    return FolderChange(frozenset(articles), frozenset(comment_files))


def _relative(path: str, folder: str) -> str | None:
    """`path` relative to `folder`, or None when it is not below it."""
    prefix = folder.rstrip(os.sep) + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else None


def _is_comment_file(name: str) -> bool:
    return name.endswith(".json") and not name.startswith(".")
