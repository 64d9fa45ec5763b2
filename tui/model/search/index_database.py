"""The file behind the folder's index and its connections, one per thread.

The file is a cache (see `library_index`): one that is missing, damaged or of another schema
version is started afresh, and one held by a stuck writer of another instance is left alone for
a private temporary file this session. WAL mode and a busy timeout let two instances read and
write the same file at once.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from tui.model.search.index_schema import APPLICATION_ID, SCHEMA, SCHEMA_VERSION

BUSY_SECONDS = 3.0
"""How long a write waits for another instance's write before it is given up."""

_T = TypeVar("_T")


class IndexDatabase:
    """The index's SQLite file, opened once per thread, replaced when found unusable."""

    def __init__(
        self, database: Path, *, busy_seconds: float = BUSY_SECONDS, read_only: bool = False
    ) -> None:
        """Open (or create, or rebuild) the index in the file `database`.

        `read_only`: open it for reading only, as it is, or raise `sqlite3.Error` when it is
        missing, locked, damaged or of another version.
        """
        self.database = database
        """Where the index lives (a private temporary file when the real one was unusable)."""
        self.rebuilt = False
        """Whether the file was found unusable and started afresh this session."""
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._private: Path | None = None
        self._busy = busy_seconds
        self._read_only = read_only
        if read_only:
            self._check()
            return
        try:
            self._prepare()
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                self._go_private()
            else:
                self._start_afresh()
        except sqlite3.DatabaseError:
            self._start_afresh()

    def connect(self) -> sqlite3.Connection:
        """Return this thread's connection."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            if self._read_only:
                connection = sqlite3.connect(
                    f"{self.database.absolute().as_uri()}?mode=ro",
                    uri=True,
                    timeout=self._busy,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                connection = sqlite3.connect(
                    self.database,
                    timeout=self._busy,
                    isolation_level=None,
                    check_same_thread=False,
                )
                connection.execute("PRAGMA synchronous = NORMAL")
            self._local.connection = connection
            with self._write_lock:
                self._connections.append(connection)
        return connection

    def _prepare(self) -> None:
        """Make sure the file holds our current schema; anything else is replaced."""
        self.database.parent.mkdir(parents=True, exist_ok=True)
        connection = self.connect()
        application, version = (
            connection.execute("PRAGMA application_id").fetchone()[0],
            connection.execute("PRAGMA user_version").fetchone()[0],
        )
        if application == APPLICATION_ID and version == SCHEMA_VERSION:
            connection.execute("SELECT count(*) FROM articles").fetchone()
            connection.execute("PRAGMA journal_mode = WAL")
            return
        if application != 0 or version != 0:
            raise sqlite3.DatabaseError("not an index of this version")
        connection.execute("PRAGMA journal_mode = WAL")
        with self.transaction() as cursor:
            # Another instance may have created it meanwhile: look again under the write lock.
            if cursor.execute("PRAGMA user_version").fetchone()[0] == 0:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        cursor.execute(statement)

    def _check(self) -> None:
        """Raise `sqlite3.DatabaseError` unless the file holds our current schema."""
        connection = self.connect()
        try:
            found = (
                connection.execute("PRAGMA application_id").fetchone()[0],
                connection.execute("PRAGMA user_version").fetchone()[0],
            )
            if found != (APPLICATION_ID, SCHEMA_VERSION):
                raise sqlite3.DatabaseError("not an index of this version")
            connection.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.Error:
            self.close()
            raise

    def _start_afresh(self) -> None:
        """Replace an unusable file by an empty index; a file held by another, by a private one."""
        self.rebuilt = True
        self.close()
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.database}{suffix}").unlink(missing_ok=True)
            self._prepare()
            return
        except (OSError, sqlite3.DatabaseError):
            self._go_private()

    def _go_private(self) -> None:
        """Index in a temporary file for this session: the real one is held or cannot be made."""
        self.rebuilt = True
        self.close()
        self._private = Path(tempfile.mkdtemp(prefix="marginalia-index-"))
        self.database = self._private / "index.sqlite3"
        self._prepare()

    def close(self) -> None:
        """Close every thread's connection (a private index is deleted)."""
        with self._write_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            with suppress(sqlite3.Error):
                connection.close()
        self._local = threading.local()
        if self._private is not None:
            shutil.rmtree(self._private, ignore_errors=True)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        """One write transaction, one at a time within this process, waiting for other writers."""
        connection = self.connect()
        with self._write_lock:
            cursor = connection.cursor()
            # IMMEDIATE takes the write lock at once (waiting up to the busy timeout): a deferred
            # transaction that read first would fail outright when another instance wrote.
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    def guarded(self, work: Callable[[], _T], fallback: _T) -> _T:
        """Run `work`; a database found damaged meanwhile is started afresh and `fallback` given."""
        try:
            return work()
        except sqlite3.DatabaseError as error:
            busy = isinstance(error, sqlite3.OperationalError) and _is_busy(error)
            # An index opened to read only is never replaced: the writer after the paint will.
            if not busy and not self._read_only:
                self._start_afresh()
            return fallback


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether an error means another connection holds the file, not that it is damaged."""
    text = str(error)
    return "locked" in text or "busy" in text
