"""A folder that stays live: file-system events become `ArticlesChanged` messages for the reader.

The watcher runs in its own thread (watchfiles, which falls back to polling where the platform
has no change events). It first brings the folder's index up to date (the list may have been
painted from it), then, for every batch of events, catches the index up again (only changed
files are read) and posts the result; the reader screen, on the event loop, applies it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import watchfiles
from textual.message_pump import MessagePump
from watchfiles import Change

from tui.messages import ArticlesChanged, WatchFailed
from tui.model.articles.changes import FolderChange, sort_changes
from tui.model.articles.library import Article
from tui.model.articles.walk import walk_folders
from tui.model.comments.store import CommentStore
from tui.model.search.catch_up import Progress
from tui.model.search.corpus import SessionIndex

DEBOUNCE_MS = 300
"""How long a burst of events (an editor saving, a git checkout) is gathered into one change."""
START_DELAY = 0.3
"""When the list came from the index: how long the first paint has the interpreter to itself."""


class FolderWatch:
    """A daemon thread that watches the folder while the reader screen is mounted.

    Not a Textual worker: it runs as long as the screen does, and tests and the app wait for
    workers to finish. It only reads and posts messages; the screen assigns.
    """

    def __init__(
        self,
        target: MessagePump,
        root: Path,
        store: CommentStore,
        index: SessionIndex,
        shown: list[Article],
        *,
        first_page: bool = False,
    ) -> None:
        self._target = target
        self._first_page = first_page
        self._root = root
        self._store = store
        self._index = index
        self._shown = shown
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="marginalia-watch", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (the thread ends within a fraction of a second)."""
        self._stop.set()

    def _run(self) -> None:
        # The folder is watched from the start, so nothing changed while the index catches up
        # is missed; the catch-up runs beside the watch.
        catching_up = threading.Thread(target=self._catch_up, name="marginalia-catch-up")
        catching_up.daemon = True
        catching_up.start()
        try:
            watch_folder(self._target, self._root, self._store, self._index, self._stop)
        except Exception as error:  # a watcher that cannot start must not take the app down
            if not self._stop.is_set():
                self._target.post_message(WatchFailed(error))

    def _catch_up(self) -> None:
        """Bring the index up to date, after the first paint when the list came from it.

        A list that started with its first page gets the rest from the index first.
        """
        try:
            if self._first_page:
                self._shown = self._index.articles()
                self._target.post_message(ArticlesChanged(FolderChange(), self._shown))
            if self._shown and self._stop.wait(START_DELAY):
                return
            catch_up_shown(self._target, self._root, self._store, self._index, self._shown)
        except Exception as error:  # an unreadable folder must not take the app down either
            if not self._stop.is_set():
                self._target.post_message(WatchFailed(error))


def catch_up_shown(
    target: MessagePump,
    root: Path,
    store: CommentStore,
    index: SessionIndex,
    shown: list[Article],
) -> None:
    """Bring the index up to date; post what differs from the list on show, as it goes."""

    def report(progress: Progress) -> None:
        # The pass hands the interpreter to the event loop every few milliseconds by itself
        # (`catch_up.YIELD_SECONDS`), so keys are answered without slowing the reading down.
        if progress.articles is not None:
            reading = (progress.done, progress.total)
            target.post_message(ArticlesChanged(FolderChange(), progress.articles, reading=reading))

    if not os.path.isdir(root):
        return
    # A first start lists the folder as it is read; later starts only fix what changed.
    result = index.catch_up(root, store, report=report, list_as_you_go=not shown)
    if result is None:
        return
    if result.articles is None:
        # Nothing changed since the index was written: the list on show is the folder's.
        if result.moved_aside:
            target.post_message(ArticlesChanged(FolderChange(), None, result.moved_aside))
        return
    before = {article.relpath: article for article in shown}
    after = {article.relpath: article for article in result.articles}
    differ = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    if differ or not shown or result.moved_aside:
        change = FolderChange(frozenset(differ))
        target.post_message(ArticlesChanged(change, result.articles, result.moved_aside))


def watch_folder(
    target: MessagePump,
    root: Path,
    store: CommentStore,
    index: SessionIndex,
    stop: threading.Event,
) -> None:
    """Post an `ArticlesChanged` to `target` for every batch of changes, until `stop` is set.

    Each folder is watched on its own, not the tree at once: a recursive watch lists every file
    below the folder without letting go of the interpreter (0.15 s for 100,000 files, during
    which the reader cannot answer a key). A new folder starts the watch again with it.
    """
    comments = store.folder
    arrived: list[str] = []
    while not stop.is_set():
        folders = walk_folders(Path(os.path.realpath(root)))
        if comments.is_dir() and os.path.realpath(comments) not in folders:
            folders.append(os.path.realpath(comments))  # outside the folder, or hidden in it
        if arrived:
            # Files that came with a new folder gave no event of their own: catch up on them.
            _catch_up_after([(Change.added, path) for path in arrived], target, root, store, index)
        try:
            batches = watchfiles.watch(
                *folders,
                stop_event=stop,
                debounce=DEBOUNCE_MS,
                step=50,
                rust_timeout=200,
                recursive=False,
            )
            for events in batches:
                arrived = _files_in(_catch_up_after(events, target, root, store, index))
                if arrived:
                    break  # watch the new folders too
        except FileNotFoundError:
            time.sleep(DEBOUNCE_MS / 1000)  # a folder went between listing and watching it
            if not os.path.isdir(root):
                return
        else:
            if stop.is_set():
                return


def _catch_up_after(
    events: Iterable[tuple[watchfiles.Change, str]],
    target: MessagePump,
    root: Path,
    store: CommentStore,
    index: SessionIndex,
) -> list[str]:
    """Catch the index up after a batch of events; return the folders that were added."""
    events = list(events)
    added = [path for kind, path in events if kind is Change.added and os.path.isdir(path)]
    change = sort_changes((path for _kind, path in events), root, store.folder)
    if not change or not os.path.isdir(root):
        return added  # nothing the reader shows, or the folder itself went: keep what is shown
    result = index.catch_up(root, store)
    if result is not None:
        articles = result.articles if change.articles or result.change.articles else None
        target.post_message(ArticlesChanged(change, articles, result.moved_aside))
    return added


def _files_in(folders: list[str]) -> list[str]:
    """Every file below `folders`."""
    return [
        os.path.join(parent, name)
        for folder in folders
        for parent, _children, names in os.walk(folder)
        for name in names
    ]
