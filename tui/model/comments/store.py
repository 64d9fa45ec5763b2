"""The comment store: one JSON file per article, written safely by many processes (§2)."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from tui.model.articles.ids import safe_id_filename
from tui.model.comments.atomicfile import FolderLock, atomic_write, exists, move_aside, open_folder

# The codec's names are part of the store's interface too (explicit re-exports).
from tui.model.comments.codec import FORMAT as FORMAT
from tui.model.comments.codec import VERSION as VERSION
from tui.model.comments.codec import ArticleRef as ArticleRef
from tui.model.comments.codec import CommentFile as CommentFile
from tui.model.comments.codec import Problem as Problem
from tui.model.comments.codec import encode, parse, sort_key
from tui.model.comments.comment import Comment, CommentFormatError, decode_json, merge
from tui.model.comments.tombstone import Tombstone, delete_thread, drop_revived, restore_thread

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger comment files are shown as a problem rather than read."""

_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_R = TypeVar("_R")


class ErrorCode(StrEnum):
    """Why a write failed."""

    NO_SPACE = "no-space"
    PERMISSION = "permission"
    SYMLINK = "symlink"
    READ_ONLY = "read-only"
    IO = "io"


class StoreError(Exception):
    """A comment could not be written; the UI keeps the text as a draft."""

    def __init__(self, code: ErrorCode, detail: str = "") -> None:
        super().__init__(code.value, detail)
        self.code = code
        """What went wrong."""
        self.detail = detail
        """The system's own message, for the log."""


class StoreReadOnly(StoreError):
    """The file is in a form this version must not write (a newer version, or unusable)."""


StatKey = tuple[int, int, int, int]
"""Inode, size, mtime and ctime of a comment file: changes whenever the file is replaced."""


def _error(exc: OSError) -> StoreError:
    code = {
        errno.ENOSPC: ErrorCode.NO_SPACE,
        errno.EDQUOT: ErrorCode.NO_SPACE,
        errno.EACCES: ErrorCode.PERMISSION,
        errno.EPERM: ErrorCode.PERMISSION,
        errno.EROFS: ErrorCode.PERMISSION,
        errno.ELOOP: ErrorCode.SYMLINK,
    }.get(exc.errno or 0, ErrorCode.IO)
    return StoreError(code, exc.strerror or str(exc))


def _read_raw(dir_fd: int, name: str) -> tuple[CommentFile, bytes | None]:
    try:
        fd = os.open(name, _READ, dir_fd=dir_fd)
    except FileNotFoundError:
        return CommentFile(), None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return CommentFile((), True, Problem.SYMLINK), None
        return CommentFile((), True, Problem.UNREADABLE, exc.strerror or ""), None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return CommentFile((), True, Problem.NOT_A_FILE), None
        if info.st_size > MAX_FILE_BYTES:
            return CommentFile((), True, Problem.TOO_LARGE, _megabytes(info.st_size)), None
        chunks: list[bytes] = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            if sum(map(len, chunks)) > MAX_FILE_BYTES:
                return CommentFile((), True, Problem.TOO_LARGE, _megabytes(MAX_FILE_BYTES)), None
    except OSError as exc:
        return CommentFile((), True, Problem.UNREADABLE, exc.strerror or ""), None
    finally:
        os.close(fd)
    return CommentFile(), b"".join(chunks)


GITIGNORE = """\
# Written by Marginalia: its own lock, temporary and quarantined files, not comments.
*.lock
*.tmp
*.corrupt-*
"""
"""What the comments folder's `.gitignore` holds, so a git repository shares only comments."""


def _keep_gitignore(dir_fd: int) -> None:
    """Write the comments folder's `.gitignore` once; one that is there is left as it is."""
    if exists(dir_fd, ".gitignore"):
        return
    with contextlib.suppress(OSError):
        # Best effort: a missing .gitignore never stops a comment from being saved.
        atomic_write(dir_fd, ".gitignore", GITIGNORE.encode("utf-8"), ".gitignore.tmp")


def _megabytes(size: int) -> str:
    """A file size for a message: "33 MB"."""
    return f"{size / 1_000_000:.0f} MB"


class CommentStore:
    """Comment files for the articles of one content folder, kept in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        """Where the comment files live."""
        self._counts: dict[str, tuple[StatKey, int]] = {}
        self._recent: dict[str, tuple[bytes, CommentFile]] = {}
        # The reader calls the store from several worker threads; the caches are its only
        # shared state (the files themselves are guarded by their locks).
        self._cache_lock = threading.Lock()

    def _read_at(self, dir_fd: int, name: str) -> tuple[CommentFile, bytes | None]:
        found, data = _read_raw(dir_fd, name)
        if data is None:
            return found, None
        with self._cache_lock:
            recent = self._recent.get(name)
        if recent is not None and recent[0] == data:
            # The bytes this instance last read or wrote: parsing them again would only cost.
            return recent[1], data
        found = parse(data)
        self._remember(name, data, found)
        return found, data

    def _remember(self, name: str, data: bytes, found: CommentFile) -> None:
        with self._cache_lock:
            self._recent.pop(name, None)
            if len(self._recent) >= 4:
                del self._recent[next(iter(self._recent))]
            self._recent[name] = (data, found)

    def path_for(self, article_id: str) -> Path:
        """Return the path of the comment file for `article_id`."""
        return self.folder / self.name_for(article_id)

    @staticmethod
    def name_for(article_id: str) -> str:
        """Return the name of the comment file for `article_id`."""
        return f"{safe_id_filename(article_id)}.json"

    def load(self, article_id: str) -> CommentFile:
        """Return the comments of an article; a corrupt file is moved aside and reported."""
        name = self.name_for(article_id)
        try:
            dir_fd = open_folder(self.folder, create=False)
        except FileNotFoundError:
            return CommentFile()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return CommentFile((), True, Problem.SYMLINK)
            if exc.errno == errno.ENOTDIR:
                return CommentFile((), True, Problem.NOT_A_FILE)
            return CommentFile((), True, Problem.UNREADABLE, exc.strerror or "")
        try:
            found, _ = self._read_at(dir_fd, name)
            if found.problem is not Problem.CORRUPT:
                return found
            try:
                with FolderLock(dir_fd, name):
                    # Look again under the lock: a writer may have replaced the file meanwhile.
                    found, data = self._read_at(dir_fd, name)
                    if found.problem is Problem.CORRUPT and data is not None:
                        moved = move_aside(dir_fd, name)
                        return CommentFile(
                            (), False, Problem.CORRUPT, found.problem_detail, self.folder / moved
                        )
                    return found
            except OSError:
                return found
        finally:
            os.close(dir_fd)

    def add(self, article: ArticleRef, comment: Comment) -> CommentFile:
        """Add `comment` (merged by id if it is already there) and return the new contents."""
        return self._mutate(article, lambda comments, _graves: comments.append(comment))[0]

    def update(self, article: ArticleRef, comment: Comment) -> CommentFile:
        """Store an edited comment; the version changed last wins, a deleted one comes back."""
        return self._mutate(article, lambda comments, _graves: comments.append(comment))[0]

    def delete(self, article: ArticleRef, comment_id: str, by: str = "") -> tuple[Comment, ...]:
        """Remove a comment and all replies below it, leaving tombstones signed `by`.

        Returns the removed comments so they can be restored.
        """
        return self._mutate(
            article, lambda comments, graves: delete_thread(comments, graves, comment_id, by)
        )[1]

    def restore(self, article: ArticleRef, comments: Iterable[Comment]) -> CommentFile:
        """Put deleted comments back (undo), merged by id, and take their tombstones away."""
        restored = tuple(comments)
        return self._mutate(
            article, lambda current, graves: restore_thread(current, graves, restored)
        )[0]

    def stat_key(self, article_id: str) -> StatKey | None:
        """Return a key that changes whenever the article's comment file is replaced."""
        try:
            info = os.stat(self.path_for(article_id), follow_symlinks=False)
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def changed_since(self, article_id: str, key: StatKey | None) -> bool:
        """Return True when the comment file differs from the one `key` was taken of."""
        return self.stat_key(article_id) != key

    def comment_counts(self, article_ids: Iterable[str]) -> dict[str, int]:
        """Return how many comments each article has (0 for missing or unreadable files)."""
        ids = list(article_ids)
        try:
            present = set(os.listdir(self.folder))
        except OSError:
            present = set()
        counts: dict[str, int] = {}
        for article_id in ids:
            name = self.name_for(article_id)
            counts[article_id] = self._count(article_id, name) if name in present else 0
        return counts

    def _count(self, article_id: str, name: str) -> int:
        key = self.stat_key(article_id)
        if key is None:
            return 0
        with self._cache_lock:
            cached = self._counts.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
        count = 0
        try:
            fd = os.open(self.folder / name, _READ)
            try:
                value = decode_json(os.read(fd, MAX_FILE_BYTES + 1))
            finally:
                os.close(fd)
            if isinstance(value, dict) and isinstance(value.get("comments"), list):
                count = len(value["comments"])
        except (OSError, CommentFormatError):
            count = 0
        with self._cache_lock:
            self._counts[name] = (key, count)
        return count

    def _mutate(
        self, article: ArticleRef, change: Callable[[list[Comment], dict[str, Tombstone]], _R]
    ) -> tuple[CommentFile, _R]:
        name = self.name_for(article.id)
        try:
            dir_fd = open_folder(self.folder, create=True)
        except OSError as exc:
            raise _error(exc) from exc
        try:
            _keep_gitignore(dir_fd)
            with FolderLock(dir_fd, name):
                current, _ = self._read_at(dir_fd, name)
                moved: Path | None = None
                if current.problem is Problem.CORRUPT:
                    moved = self.folder / move_aside(dir_fd, name)
                elif current.problem is Problem.SYMLINK:
                    raise StoreError(ErrorCode.SYMLINK)
                elif current.problem is not None:
                    raise StoreReadOnly(ErrorCode.READ_ONLY, current.problem.value)
                comments = list(current.comments)
                graves = {grave.id: grave for grave in current.tombstones}
                result = change(comments, graves)
                comments = sorted(merge(comments), key=sort_key)
                kept = tuple(drop_revived(graves, comments).values())
                data = encode(article, comments, kept)
                atomic_write(dir_fd, name, data, f"{name}.tmp")
                written = CommentFile(tuple(comments), tombstones=kept, article=article)
                self._remember(name, data, written)
                problem = Problem.CORRUPT if moved else None
                detail = current.problem_detail if moved else ""
                return CommentFile(
                    written.comments, False, problem, detail, moved, kept, article
                ), result
        except OSError as exc:
            raise _error(exc) from exc
        finally:
            os.close(dir_fd)


def resolve_comments_folder(
    content_root: Path, override: Path | None, data_dir: Path
) -> tuple[Path, bool]:
    """Return the folder for comment files and whether it fell back to the user data folder."""
    if override is not None:
        return override, False
    folder = content_root / ".comments"
    target = folder if folder.is_dir() else content_root
    if os.access(target, os.W_OK | os.X_OK):
        return folder, False
    return data_dir / "comments" / folder_hash(content_root), True


def folder_hash(root: Path) -> str:
    """A short name for a content folder in the user's folders: the hash of its real path."""
    key = str(root.resolve()).encode("utf-8", "surrogateescape")
    return hashlib.sha1(key).hexdigest()[:16]
