"""Bringing the folder's index up to date with the files: only what changed is read again.

Every article file's size and modification time are compared with the index; new and changed
files are read (one read gives the list entry and the searchable text), removed ones dropped,
and comment files whose size or time changed are read again. What changed comes back as the
same `FolderChange` the live folder produces, so the reader applies both the same way.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.model.articles.changes import FolderChange
from tui.model.articles.formats import ArticleFormat, Head
from tui.model.articles.library import Article, read_one
from tui.model.articles.walk import MAX_FILES, iter_articles
from tui.model.comments.comment import Comment
from tui.model.comments.store import CommentStore
from tui.model.search.library_index import IndexedArticle, LibraryIndex, stamp_of
from tui.model.search.segments import Segment, read_for_search

__all__ = ["CatchUp", "Progress", "catch_up", "read_indexed"]

BATCH = 500
"""Articles written to the index in one transaction."""
YIELD_SECONDS = 0.002
"""The longest the pass works before it hands the interpreter to the event loop.

Threads share one interpreter lock, and a thread that asks for it waits up to the switch
interval (5 ms) unless the holder lets go: a key handled in a few steps could wait for several.
A hand-over costs a system call (about 0.1 ms), so it is paid by time, not per file."""
HEAD_START = 100
"""Files a first start reads and lists before it lists the whole folder."""
REPORT_SECONDS = 0.05
"""When a long pass first lists what it read; later lists come at twice the interval each time,
up to `REPORT_MAX_SECONDS` (sorting a long list again is not free, for the pass or the list)."""
REPORT_MAX_SECONDS = 2.0
"""The longest a first start waits between two lists of what it read, unless making a list
takes more than a quarter of that."""


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a pass is, and the folder's articles as known so far."""

    done: int
    """Changed files read so far."""
    total: int
    """Changed files to read in all."""
    articles: list[Article] | None = None
    """With `list_as_you_go`, now and then: the articles known so far, in the default order."""


@dataclass(frozen=True, slots=True)
class CatchUp:
    """The result of one pass: the folder's articles and what changed since the index."""

    articles: list[Article] | None
    """Every article of the folder, in the default order; None when the index had them all."""
    change: FolderChange
    """Article files added, changed or removed, and comment files read again."""
    moved_aside: tuple[Path, ...] = field(default_factory=tuple)
    """Damaged comment files moved aside while reading them."""


def read_indexed(path: str, relpath: str, is_link: bool, real_root: Path) -> IndexedArticle:
    """Read one article file for the index: its list entry and its text, in one read."""
    segments: tuple[Segment, ...] = ()

    def read_head(fmt: ArticleFormat, text: str) -> Head:
        nonlocal segments
        reading = read_for_search(fmt.name, text)
        segments = reading.segments
        return reading.head

    found = read_one(path, relpath, is_link, real_root, read_head)
    return IndexedArticle(found, segments)


def _stamp(path: str) -> tuple[int | None, float | None]:
    """Size and mtime of an article file, as a read of it records them (None: unreadable)."""
    try:
        info = os.stat(path)
    except OSError:
        return None, None
    return info.st_size, info.st_mtime


def _files(root: Path, only: Collection[str] | None) -> Iterator[tuple[str, str, bool]]:
    """(path, relpath, is_link) of the folder's article files (those in `only`), as found."""
    found = itertools.islice(iter_articles(root), MAX_FILES)
    return found if only is None else (entry for entry in found if entry[1] in only)


def _listing(
    root: Path, only: Collection[str] | None, read: Collection[str] = ()
) -> list[tuple[str, str, bool]]:
    """Every article file (in `only`, not `read` yet) by relative path, to be read (the index had
    none of them, or could not say which changed)."""
    return sorted(
        (entry for entry in _files(root, only) if entry[1] not in read), key=lambda e: e[1]
    )


def _head_start(
    index: LibraryIndex,
    root: Path,
    real_root: Path,
    only: Collection[str] | None,
    report: Callable[[Progress], None],
) -> set[str]:
    """On a first start, read and list the first files found before the folder is listed in
    full (which takes a fifth of a second at 100,000 files); return their relative paths."""
    found = list(itertools.islice(_files(root, only), HEAD_START))
    if found:
        index.put([read_indexed(*entry, real_root) for entry in found])
        report(Progress(len(found), 0, _listed(index)))
    return {relpath for _path, relpath, _link in found}


def catch_up(
    index: LibraryIndex,
    root: Path,
    store: CommentStore,
    *,
    report: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    list_as_you_go: bool = False,
    only: Collection[str] | None = None,
) -> CatchUp | None:
    """Bring `index` up to date with the folder `root`; None when cancelled on the way.

    With `only`, the index holds just the files at those relative paths (a reader opened on
    one file lists and searches that file alone).

    `report` hears of every file read; with `list_as_you_go` it also gets the articles known
    so far every `REPORT_SECONDS`, and what was read is written to the index as often, so a
    first start shows the list and finds articles as the pass proceeds.
    """
    root = Path(os.path.abspath(root))
    real_root = Path(os.path.realpath(root))
    compared = None
    if len(index):  # a first start reads every file: nothing to compare
        files = _files(root, only)
        compared = index.differences((*entry, *_stamp(entry[0])) for entry in files)
    head: set[str] = set()
    if compared is None and list_as_you_go and report is not None:
        head = _head_start(index, root, real_root, only, report)
    changed, removed = compared if compared is not None else (_listing(root, only, head), [])
    index.remove(removed)
    reported, interval = time.monotonic(), REPORT_SECONDS
    yielded = reported
    batch: list[IndexedArticle] = []
    for done, (path, relpath, is_link) in enumerate(changed, start=1):
        if cancelled():
            index.put(batch)
            return None
        batch.append(read_indexed(path, relpath, is_link, real_root))
        due = list_as_you_go and time.monotonic() - reported >= interval
        if len(batch) >= BATCH or done == len(changed) or due:
            index.put(batch)
            batch = []
        if report is not None:
            listed = None
            if due:
                begun = time.monotonic()
                listed = _listed(index)
                reported = time.monotonic()
                # Listing takes longer as the list grows (a second at 100,000 articles, and the
                # reader rebuilds its list too): a list costs at most a fifth of the pass.
                interval = max(min(2 * interval, REPORT_MAX_SECONDS), 4 * (reported - begun))
            report(Progress(len(head) + done, len(head) + len(changed), listed))
        if time.monotonic() - yielded >= YIELD_SECONDS:
            # Hand the interpreter to the event loop now and then, so keys and paints never wait.
            time.sleep(0)
            yielded = time.monotonic()
    articles: list[Article] | None = None
    if changed or removed or head or not index.settled:
        articles = _listed(index)
    comment_files, moved = _catch_up_comments(index, store, cancelled)
    touched = frozenset([*removed, *head, *(relpath for _path, relpath, _link in changed)])
    return CatchUp(articles, FolderChange(touched, comment_files), moved)


def _listed(index: LibraryIndex) -> list[Article]:
    """The articles indexed so far, ids settled, in the default order (sorted by the database)."""
    index.settle_ids()
    return index.articles()


def _catch_up_comments(
    index: LibraryIndex,
    store: CommentStore,
    cancelled: Callable[[], bool],
) -> tuple[frozenset[str], tuple[Path, ...]]:
    """Index the comments of every article whose comment file changed; return those files."""
    on_disk = _comment_stamps(store.folder)
    read: set[str] = set()
    moved: list[Path] = []
    entries: list[tuple[str, tuple[Comment, ...], str | None]] = []
    for article_id, indexed in index.comment_files(store.name_for, on_disk.keys()):
        name = store.name_for(article_id)
        stamp = on_disk.get(name)
        if stamp == indexed or cancelled():
            continue
        comments: tuple[Comment, ...] = ()
        if stamp is not None:
            try:
                loaded = store.load(article_id)
            except Exception:
                # Unreadable comments leave the article searchable by its own text.
                continue
            comments = loaded.comments
            if loaded.moved_to is not None:
                moved.append(loaded.moved_to)
                stamp = None
        entries.append((article_id, comments, stamp))
        read.add(name)
        if len(entries) >= BATCH:
            # One transaction for many files: a commit each made comments cost as much as text.
            index.set_many_comments(entries)
            entries = []
    if entries:
        index.set_many_comments(entries)
    return frozenset(read), tuple(moved)


def _comment_stamps(folder: Path) -> dict[str, str]:
    """The size and time of every comment file, by name."""
    stamps: dict[str, str] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and not entry.name.startswith("."):
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    stamps[entry.name] = stamp_of(info)
    except OSError:
        pass
    return stamps
