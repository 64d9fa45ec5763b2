"""A folder that stays live: file-system events become `ArticlesChanged` messages for the reader.

The watcher runs in its own thread (watchfiles, which falls back to polling where the platform
has no change events). It reads the folder again when articles changed and posts the result;
the reader screen, on the event loop, applies it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import watchfiles
from textual.message import Message
from textual.message_pump import MessagePump

from tui.messages import ArticlesChanged
from tui.model.articles.changes import sort_changes
from tui.model.articles.files import FolderProblem, is_inside
from tui.model.articles.library import scan_folder

DEBOUNCE_MS = 300
"""How long a burst of events (an editor saving, a git checkout) is gathered into one change."""


class FolderWatch:
    """A daemon thread that watches the folder while the reader screen is mounted.

    Not a Textual worker: it runs as long as the screen does, and tests and the app wait for
    workers to finish. It only reads and posts messages; the screen assigns.
    """

    def __init__(self, target: MessagePump, root: Path, comments: Path) -> None:
        self._target = target
        self._root = root
        self._comments = comments
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="marginalia-watch", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (the thread ends within a fraction of a second)."""
        self._stop.set()

    def _run(self) -> None:
        try:
            watch_folder(self._target, self._root, self._comments, self._stop)
        except Exception as error:  # a watcher that cannot start must not take the app down
            if not self._stop.is_set():
                self._target.post_message(WatchFailed(error))


class WatchFailed(Message):
    """The folder could not be watched; the reader works on without live changes."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        """What went wrong."""


def watch_folder(target: MessagePump, root: Path, comments: Path, stop: threading.Event) -> None:
    """Post a `ArticlesChanged` to `target` for every batch of changes, until `stop` is set."""
    paths = [os.path.realpath(root)]
    if comments.is_dir() and not _is_below(comments, root):
        paths.append(os.path.realpath(comments))
    for events in watchfiles.watch(
        *paths, stop_event=stop, debounce=DEBOUNCE_MS, step=50, rust_timeout=200
    ):
        change = sort_changes((path for _kind, path in events), root, comments)
        if not change:
            continue
        try:
            articles = scan_folder(root) if change.articles else None
        except FolderProblem:
            continue  # the folder itself went away; the reader keeps what it shows
        target.post_message(ArticlesChanged(change, articles))


def _is_below(path: Path, folder: Path) -> bool:
    return is_inside(os.path.realpath(path), os.path.realpath(folder))
