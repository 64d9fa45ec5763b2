"""The comment store: one JSON file per article, written safely by many processes (§2)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from tui.model.comments import (
    Comment,
    CommentFormatError,
    decode_json,
    descendants,
    encode_json,
    merge,
)

FORMAT = "marginalia.comments"
"""The `format` value of a comment file."""
VERSION = 1
"""The file version this code reads and writes."""
MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger comment files are shown as a problem rather than read."""

_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")
_MAX_NAME = 180
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_R = TypeVar("_R")


def comment_file_name(article_id: str) -> str:
    """Return the file-name stem for an article id: "/" → "__", anything unsafe %-escaped.

    The mapping is one-to-one: an underscore next to another underscore or a slash is escaped,
    so "__" always stands for a slash. Very long names are cut and given a hash suffix.
    """
    if not article_id:
        return "%"
    out: list[str] = []
    for i, char in enumerate(article_id):
        before = article_id[i - 1] if i > 0 else ""
        after = article_id[i + 1] if i + 1 < len(article_id) else ""
        if char == "/":
            out.append("__")
        elif char == "_" and ("_" in (before, after) or "/" in (before, after)):
            out.append("%5F")
        elif char in _SAFE and not (char == "." and i == 0):
            out.append(char)
        else:
            out.extend(f"%{b:02X}" for b in char.encode("utf-8", "surrogatepass"))
    name = "".join(out)
    if len(name) > _MAX_NAME:
        digest = hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"{name[: _MAX_NAME - 18]}~{digest}"
    return name


class Problem(StrEnum):
    """Why a comment file could not be used normally."""

    CORRUPT = "corrupt"
    NEWER_VERSION = "newer-version"
    SYMLINK = "symlink"
    NOT_A_FILE = "not-a-file"
    TOO_LARGE = "too-large"
    UNREADABLE = "unreadable"


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
        errno.ENOTDIR: ErrorCode.SYMLINK,
    }.get(exc.errno or 0, ErrorCode.IO)
    return StoreError(code, exc.strerror or str(exc))


def open_folder(folder: Path, create: bool) -> int:
    """Return a file descriptor for `folder`, refusing a symlink; create it when asked."""
    if create and not os.path.lexists(folder):
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
        parent = os.open(folder.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(parent)
        finally:
            os.close(parent)
    return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)


def atomic_write(dir_fd: int, name: str, data: bytes, temp: str) -> None:
    """Write `data` to `name` in the folder `dir_fd` via the temp file `temp`, durably."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp, dir_fd=dir_fd)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temp, flags, 0o644, dir_fd=dir_fd)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=dir_fd)
        raise
    os.fsync(dir_fd)


def _parse(data: bytes) -> CommentFile:
    try:
        value = decode_json(data)
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise CommentFormatError("shape")
        version = value.get("version")
        if type(version) is not int or version < 1:
            raise CommentFormatError("shape")
        raw = value.get("comments")
        if not isinstance(raw, list):
            raise CommentFormatError("shape")
        if version > VERSION:
            # Shown as far as it can be understood, but never written by this version.
            shown: list[Comment] = []
            for item in raw:
                try:
                    shown.append(Comment.from_json(item))
                except CommentFormatError:
                    continue
            return CommentFile(tuple(merge(shown)), True, Problem.NEWER_VERSION, str(version))
        return CommentFile(tuple(merge(Comment.from_json(item) for item in raw)))
    except CommentFormatError as exc:
        return CommentFile((), True, Problem.CORRUPT, exc.reason)


def _read_at(dir_fd: int, name: str) -> tuple[CommentFile, bytes | None]:
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
            return CommentFile((), True, Problem.TOO_LARGE), None
        chunks: list[bytes] = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            if sum(map(len, chunks)) > MAX_FILE_BYTES:
                return CommentFile((), True, Problem.TOO_LARGE), None
    except OSError as exc:
        return CommentFile((), True, Problem.UNREADABLE, exc.strerror or ""), None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return _parse(data), data


class CommentStore:
    """Comment files for the articles of one content folder, kept in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        """Where the comment files live."""
        self._counts: dict[str, tuple[StatKey, int]] = {}

    def path_for(self, article_id: str) -> Path:
        """Return the path of the comment file for `article_id`."""
        return self.folder / f"{comment_file_name(article_id)}.json"

    def load(self, article_id: str) -> CommentFile:
        """Return the comments of an article; a corrupt file is moved aside and reported."""
        name = self.path_for(article_id).name
        try:
            dir_fd = open_folder(self.folder, create=False)
        except FileNotFoundError:
            return CommentFile()
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                return CommentFile((), True, Problem.SYMLINK)
            return CommentFile((), True, Problem.UNREADABLE, exc.strerror or "")
        try:
            found, _ = _read_at(dir_fd, name)
            if found.problem is not Problem.CORRUPT:
                return found
            try:
                with _Lock(dir_fd, name):
                    # Look again under the lock: a writer may have replaced the file meanwhile.
                    found, data = _read_at(dir_fd, name)
                    if found.problem is Problem.CORRUPT and data is not None:
                        moved = _move_aside(dir_fd, name)
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
        return self._mutate(article, lambda comments: comments.append(comment))[0]

    def update(self, article: ArticleRef, comment: Comment) -> CommentFile:
        """Store an edited comment; the version changed last wins, a deleted one comes back."""
        return self._mutate(article, lambda comments: comments.append(comment))[0]

    def delete(self, article: ArticleRef, comment_id: str) -> tuple[Comment, ...]:
        """Remove a comment and all replies below it; return them so they can be restored."""

        def remove(comments: list[Comment]) -> tuple[Comment, ...]:
            gone = descendants(comments, comment_id)
            removed = tuple(c for c in comments if c.id in gone)
            comments[:] = [c for c in comments if c.id not in gone]
            return removed

        return self._mutate(article, remove)[1]

    def restore(self, article: ArticleRef, comments: Iterable[Comment]) -> CommentFile:
        """Put deleted comments back (undo), merged by id."""
        return self._mutate(article, lambda current: current.extend(comments))[0]

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
            name = self.path_for(article_id).name
            counts[article_id] = self._count(article_id, name) if name in present else 0
        return counts

    def _count(self, article_id: str, name: str) -> int:
        key = self.stat_key(article_id)
        if key is None:
            return 0
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
        self._counts[name] = (key, count)
        return count

    def _mutate(
        self, article: ArticleRef, change: Callable[[list[Comment]], _R]
    ) -> tuple[CommentFile, _R]:
        name = self.path_for(article.id).name
        try:
            dir_fd = open_folder(self.folder, create=True)
        except OSError as exc:
            raise _error(exc) from exc
        try:
            with _Lock(dir_fd, name):
                current, _ = _read_at(dir_fd, name)
                moved: Path | None = None
                if current.problem is Problem.CORRUPT:
                    moved = self.folder / _move_aside(dir_fd, name)
                elif current.problem is Problem.SYMLINK:
                    raise StoreError(ErrorCode.SYMLINK)
                elif current.problem is not None:
                    raise StoreReadOnly(ErrorCode.READ_ONLY, current.problem.value)
                comments = list(current.comments)
                result = change(comments)
                comments = merge(comments)
                atomic_write(dir_fd, name, _encode(article, comments), f"{name}.tmp")
                problem = Problem.CORRUPT if moved else None
                detail = current.problem_detail if moved else ""
                return CommentFile(tuple(comments), False, problem, detail, moved), result
        except OSError as exc:
            raise _error(exc) from exc
        finally:
            os.close(dir_fd)


def _encode(article: ArticleRef, comments: list[Comment]) -> bytes:
    return encode_json(
        {
            "format": FORMAT,
            "version": VERSION,
            "article": {"id": article.id, "path": article.path, "title": article.title},
            "comments": [c.to_json() for c in comments],
        }
    )


class _Lock:
    """An exclusive flock on the sidecar lock file of one comment file."""

    def __init__(self, dir_fd: int, name: str) -> None:
        self._dir_fd = dir_fd
        self._name = f"{name}.lock"
        self._fd = -1

    def __enter__(self) -> _Lock:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        self._fd = os.open(self._name, flags, 0o644, dir_fd=self._dir_fd)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(self._fd)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._fd)


def _move_aside(dir_fd: int, name: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    for attempt in range(1000):
        target = f"{name}.corrupt-{stamp}" + (f"-{attempt}" if attempt else "")
        try:
            # A hard link fails rather than replace an existing file: nothing is overwritten.
            os.link(name, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            # Some file systems have no hard links; the lock keeps other writers out.
            if _exists(dir_fd, target):
                continue
            os.rename(name, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            os.fsync(dir_fd)
            return target
        os.unlink(name, dir_fd=dir_fd)
        os.fsync(dir_fd)
        return target
    raise OSError(errno.EEXIST, "no free name to move a corrupt file aside")


def _exists(dir_fd: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


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
    key = str(content_root.resolve()).encode("utf-8", "surrogateescape")
    return data_dir / "comments" / hashlib.sha1(key).hexdigest()[:16], True
