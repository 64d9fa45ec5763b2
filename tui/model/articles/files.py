"""Safe reading of untrusted article files (DESIGN.md §5)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tui.model.text import sanitize

MAX_BYTES = 4 * 1024 * 1024
"""Default cap on the size of one article file."""

Decoder = Callable[[bytes], tuple[str, str]]
"""Turns a file's bytes into its sanitised text and the name of the encoding used."""

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class ProblemCode(StrEnum):
    """Why a file could not be read."""

    NOT_FOUND = "not_found"
    OUTSIDE_FOLDER = "outside_folder"
    NOT_REGULAR = "not_regular"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    BINARY = "binary"


class FolderProblemCode(StrEnum):
    """Why a content folder could not be scanned."""

    MISSING = "missing"
    NOT_A_FOLDER = "not_a_folder"
    UNREADABLE = "unreadable"


class FileProblem(Exception):
    """A file that cannot be shown, with a code the UI translates."""

    def __init__(self, code: ProblemCode, detail: str = "") -> None:
        super().__init__(code.value, detail)
        self.code = code
        """What went wrong."""
        self.detail = detail
        """A short technical detail (an errno name, a size), never shown untranslated."""


class FolderProblem(Exception):
    """A content folder that cannot be scanned, with a code the UI translates."""

    def __init__(self, code: FolderProblemCode, detail: str = "") -> None:
        super().__init__(code.value, detail)
        self.code = code
        """What went wrong."""
        self.detail = detail
        """A short technical detail (an errno name), never shown untranslated."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """The text of a file and how it was decoded."""

    text: str
    """The decoded text, BOM removed, line endings normalised to `\\n`."""
    encoding: str
    """One of "utf-8", "utf-8-sig", "utf-16", "cp1252"."""
    size: int = 0
    """Size of the file in bytes when it was read."""
    mtime: float = 0.0
    """Modification time of the file when it was read (seconds since the epoch)."""


def is_inside(real_path: str, real_root: str) -> bool:
    """Return whether the resolved `real_path` lies inside the resolved folder `real_root`."""
    if real_path == real_root:
        return True
    prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
    return real_path.startswith(prefix)


def read_text_file(
    path: Path, root: Path, *, max_bytes: int = MAX_BYTES, decode: Decoder | None = None
) -> DecodedText:
    """Read the text file `path`, refusing anything whose real path is not inside `root`."""
    real_root = os.path.realpath(root)
    try:
        os.lstat(path)
    except FileNotFoundError as error:
        raise FileProblem(ProblemCode.NOT_FOUND, _errno_name(error)) from None
    except OSError as error:
        raise FileProblem(ProblemCode.UNREADABLE, _errno_name(error)) from None
    real = os.path.realpath(path)
    if not is_inside(real, real_root):
        raise FileProblem(ProblemCode.OUTSIDE_FOLDER, "")
    return read_text_at(real, max_bytes=max_bytes, decode=decode)


def read_text_at(
    path: str | Path, *, max_bytes: int = MAX_BYTES, decode: Decoder | None = None
) -> DecodedText:
    """Read a file already known to lie inside the folder; a symlink as its last part is refused.

    `decode` reads the bytes (`decode_bytes` unless a format brings its own). The file is
    opened without blocking and checked with fstat before any read, so a FIFO or a
    device never stalls the caller.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError as error:
        raise FileProblem(ProblemCode.NOT_FOUND, _errno_name(error)) from None
    except OSError as error:
        raise _open_problem(error) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(ProblemCode.NOT_REGULAR, _file_type(info.st_mode))
        if info.st_size > max_bytes:
            raise FileProblem(ProblemCode.TOO_LARGE, str(info.st_size))
        data = _read_at_most(fd, max_bytes + 1)
    except OSError as error:
        raise FileProblem(ProblemCode.UNREADABLE, _errno_name(error)) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise FileProblem(ProblemCode.TOO_LARGE, str(len(data)))
    if b"\x00" in data and not data.startswith(_UTF16_BOMS):
        raise FileProblem(ProblemCode.BINARY, "")
    text, encoding = (decode or decode_bytes)(data)
    return DecodedText(text, encoding, len(data), info.st_mtime)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode `data` as UTF-16 (by its BOM), UTF-8 (BOM or not), else Windows-1252; sanitise it.

    The five bytes Windows-1252 leaves undefined become U+FFFD, so one stray byte never
    sends the whole file to Latin-1, where „“ and € would turn into control characters.
    """
    if data.startswith(_UTF16_BOMS):
        # Windows editors save "Unicode" as UTF-16 with a byte order mark: text, not binary.
        text, encoding = data.decode("utf-16", "replace").removeprefix("\ufeff"), "utf-16"
    elif data.startswith(_UTF8_BOM):
        text, encoding = data[len(_UTF8_BOM) :].decode("utf-8", "replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", "replace"), "cp1252"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return sanitize(text), encoding


def _read_at_most(fd: int, limit: int) -> bytes:
    """Read from `fd` until end of file or until `limit` bytes have been read."""
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = os.read(fd, min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _open_problem(error: OSError) -> FileProblem:
    """Map an error from opening a file to a problem code."""
    if error.errno == errno.ELOOP:
        # O_NOFOLLOW met a symlink that was not there (or not resolved) when the path was checked.
        return FileProblem(ProblemCode.OUTSIDE_FOLDER, _errno_name(error))
    if error.errno in (errno.ENXIO, errno.EISDIR, errno.ENODEV, errno.EOPNOTSUPP):
        return FileProblem(ProblemCode.NOT_REGULAR, _errno_name(error))
    return FileProblem(ProblemCode.UNREADABLE, _errno_name(error))


def _errno_name(error: OSError) -> str:
    """Return the symbolic errno name of `error` (such as "EACCES"), or ""."""
    return errno.errorcode.get(error.errno or 0, "")


def _file_type(mode: int) -> str:
    """Return a short name for the file type in `mode`."""
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"
