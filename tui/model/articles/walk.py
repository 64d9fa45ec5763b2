"""Finding the article files below a content folder by name, without reading them."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

from tui.model.articles.formats import format_for

MAX_FILES = 200_000
"""Most article files one scan collects."""
MAX_DEPTH = 32
"""Deepest folder level a scan descends to."""


def count_articles(root: Path, at_most: int) -> int:
    """How many article files lie below `root`, counting no further than `at_most`."""
    found = 0
    stack: list[tuple[str, int]] = [(str(root), 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if depth < MAX_DEPTH:
                                stack.append((entry.path, depth + 1))
                            continue
                    except OSError:
                        continue
                    if format_for(os.path.splitext(entry.name)[1]) is not None:
                        found += 1
                        if found >= at_most:
                            return found
        except OSError:
            continue
    return found


def walk_folders(root: Path) -> list[str]:
    """The folder `root` and every folder below it that a scan descends into (not hidden ones)."""
    found = [str(root)]
    stack: list[tuple[str, int]] = [(str(root), 0)]
    while stack:
        folder, depth = stack.pop()
        if depth >= MAX_DEPTH:
            continue
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                            found.append(entry.path)
                            stack.append((entry.path, depth + 1))
                    except OSError:
                        continue
        except OSError:
            continue
    return found


def walk_articles(root: Path) -> list[tuple[str, str, bool]]:
    """Return (path, relpath, is_symlink) of article files by relpath, skipping hidden entries."""
    found = list(itertools.islice(iter_articles(root), MAX_FILES))
    found.sort(key=lambda item: item[1])
    return found


def iter_articles(root: Path) -> Iterator[tuple[str, str, bool]]:
    """(path, relpath, is_symlink) of each article file below `root` in no particular order."""
    stack: list[tuple[str, str, int]] = [(str(root), "", 0)]
    while stack:
        folder, prefix, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if depth < MAX_DEPTH:
                                stack.append((entry.path, f"{prefix}{name}/", depth + 1))
                            continue
                        is_link = entry.is_symlink()
                    except OSError:
                        continue
                    if format_for(os.path.splitext(name)[1]) is not None:
                        yield entry.path, prefix + name, is_link
        except OSError:
            # An unreadable subfolder is left out; the rest of the folder still lists.
            continue
