"""Durable, symlink-refusing file operations inside one folder (the comment and draft stores)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from datetime import UTC, datetime
from pathlib import Path


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
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except NotADirectoryError:
        # Linux says "not a directory" for a symlink opened this way; name the real cause.
        if os.path.islink(folder):
            raise OSError(errno.ELOOP, "the folder is a symbolic link", str(folder)) from None
        raise


def atomic_write(dir_fd: int, name: str, data: bytes, temp: str, mode: int = 0o644) -> None:
    """Write `data` to `name` in the folder `dir_fd` via the temp file `temp`, durably."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp, dir_fd=dir_fd)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temp, flags, mode, dir_fd=dir_fd)
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


def temp_name(name: str) -> str:
    """A name for the temporary file that becomes `name`, unique to this process and call."""
    import secrets  # with hashlib and hmac, loaded with the first write, not at every start

    return f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def write_file(path: Path, data: bytes, *, keep_mode: bool = False) -> None:
    """Write `data` to `path` durably: a unique temp file beside it, fsync, replace, fsync.

    With `keep_mode` the file keeps the permissions it had (a settings file made private).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = 0o644
    if keep_mode:
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(path.stat().st_mode)
    # The user's own folders (config, state) may well be symlinks into a dotfiles checkout.
    dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        temp = temp_name(path.name)
        atomic_write(dir_fd, path.name, data, temp, mode)
        with contextlib.suppress(OSError):
            os.chmod(path.name, mode, dir_fd=dir_fd)  # the umask may have narrowed it
    finally:
        os.close(dir_fd)


class FolderLock:
    """An exclusive flock on `<name>.lock` in a folder, removed again when it is released.

    A waiter may lock a lock file that its holder has just removed; it sees that the name no
    longer leads to the file it locked and tries again, so at most one process ever holds the
    lock that the name leads to, and no empty lock file is left beside every comment file.
    """

    def __init__(self, dir_fd: int, name: str) -> None:
        self._dir_fd = dir_fd
        self._name = f"{name}.lock"
        self._fd = -1

    def __enter__(self) -> FolderLock:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        while True:
            fd = os.open(self._name, flags, 0o644, dir_fd=self._dir_fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                if self._is_current(fd):
                    self._fd = fd
                    return self
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)

    def _is_current(self, fd: int) -> bool:
        """Whether the lock file's name still leads to the file open as `fd`."""
        try:
            named = os.stat(self._name, dir_fd=self._dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def __exit__(self, *exc: object) -> None:
        try:
            with contextlib.suppress(OSError):
                os.unlink(self._name, dir_fd=self._dir_fd)
        finally:
            os.close(self._fd)


def move_aside(dir_fd: int, name: str) -> str:
    """Rename `name` to a new `<name>.corrupt-<UTC time>` name, never over an existing file."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    for attempt in range(1000):
        target = f"{name}.corrupt-{stamp}" + (f"-{attempt}" if attempt else "")
        try:
            linked = place_new(dir_fd, name, target)
        except FileExistsError:
            continue
        if linked:
            os.unlink(name, dir_fd=dir_fd)
        os.fsync(dir_fd)
        return target
    raise OSError(errno.EEXIST, "no free name to move a corrupt file aside")


def place_new(dir_fd: int, source: str, target: str) -> bool:
    """Give `source` the name `target`, never replacing a file there (FileExistsError if one is).

    Returns True when `source` was linked (it is still there, for the caller to remove) and
    False when it was renamed.
    """
    try:
        # A hard link fails rather than replace an existing file: nothing is overwritten.
        os.link(source, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems have no hard links: check, then rename. The caller's lock or fresh
        # name keeps other writers out of the window between the two.
        if exists(dir_fd, target):
            raise FileExistsError(target) from None
        os.rename(source, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        return False
    return True


def exists(dir_fd: int, name: str) -> bool:
    """Return whether `name` exists in the folder `dir_fd` (a dangling symlink counts)."""
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True
