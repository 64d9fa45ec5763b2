"""Tests for safe file reading."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from tui.model.articles.files import (
    FileProblem,
    ProblemCode,
    decode_bytes,
    read_text_at,
    read_text_file,
)
from tui.model.articles.library import load_article, scan_folder


def _problem(path: Path, root: Path, **kwargs: int) -> ProblemCode:
    """Return the problem code read_text_file raises for `path`."""
    with pytest.raises(FileProblem) as caught:
        read_text_file(path, root, **kwargs)
    return caught.value.code


def test_reads_utf8(tmp_path: Path) -> None:
    """Plain UTF-8 comes back as it is."""
    (tmp_path / "a.md").write_text("Grüße\n", encoding="utf-8")
    decoded = read_text_file(tmp_path / "a.md", tmp_path)
    assert (decoded.text, decoded.encoding) == ("Grüße\n", "utf-8")


def test_strips_bom(tmp_path: Path) -> None:
    """A UTF-8 BOM is removed and recorded as utf-8-sig."""
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbf---\ntitle: x\n")
    decoded = read_text_file(tmp_path / "a.md", tmp_path)
    assert (decoded.text, decoded.encoding) == ("---\ntitle: x\n", "utf-8-sig")


def test_normalises_crlf_and_lone_cr(tmp_path: Path) -> None:
    """CRLF and lone CR line ends become LF."""
    (tmp_path / "a.txt").write_bytes(b"one\r\ntwo\rthree\n")
    assert read_text_file(tmp_path / "a.txt", tmp_path).text == "one\ntwo\nthree\n"


def test_cp1252_fallback(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are read as cp1252, curly quotes included."""
    (tmp_path / "a.txt").write_bytes(b"Caf\xe9 \x93quoted\x94")
    decoded = read_text_file(tmp_path / "a.txt", tmp_path)
    assert (decoded.text, decoded.encoding) == ("Café “quoted”", "cp1252")


def test_bytes_undefined_in_cp1252_become_replacement_characters() -> None:
    """The five bytes cp1252 leaves undefined become U+FFFD; „“ and € keep their meaning."""
    text, encoding = decode_bytes(b"\x84Gr\xfc\xdfe\x93 \x80 5 \x81\x8d\x8f\x90\x9d.")
    assert (text, encoding) == ("„Grüße“ € 5 \ufffd\ufffd\ufffd\ufffd\ufffd.", "cp1252")


def test_decoded_text_is_sanitised() -> None:
    """Escapes and invisible characters in an article's bytes never leave the decoder."""
    text, _ = decode_bytes("a\x1b]0;t\x07b\u202ec\x1b[2J\n".encode())
    assert text == "ab<U+202E>c\n"


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is NOT_FOUND."""
    assert _problem(tmp_path / "nope.md", tmp_path) is ProblemCode.NOT_FOUND


def test_symlink_outside_refused(tmp_path: Path) -> None:
    """A symlink whose target lies outside the folder is refused before any read."""
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.md").write_text("secret")
    (root / "link.md").symlink_to(tmp_path / "secret.md")
    assert _problem(root / "link.md", root) is ProblemCode.OUTSIDE_FOLDER


def test_symlink_inside_followed(tmp_path: Path) -> None:
    """A symlink to another file inside the folder reads that file."""
    (tmp_path / "real.md").write_text("inside")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    assert read_text_file(tmp_path / "link.md", tmp_path).text == "inside"


def test_dotdot_path_outside_refused(tmp_path: Path) -> None:
    """A path that climbs out of the folder with `..` is refused."""
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.md").write_text("secret")
    assert _problem(root / ".." / "secret.md", root) is ProblemCode.OUTSIDE_FOLDER


def test_read_text_at_refuses_symlink(tmp_path: Path) -> None:
    """The scanner's fast reader never follows a symlink as the last path part."""
    (tmp_path / "real.md").write_text("x")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    with pytest.raises(FileProblem) as caught:
        read_text_at(tmp_path / "link.md")
    assert caught.value.code is ProblemCode.OUTSIDE_FOLDER


def test_directory_not_regular(tmp_path: Path) -> None:
    """A directory named like an article is NOT_REGULAR."""
    (tmp_path / "dir.md").mkdir()
    assert _problem(tmp_path / "dir.md", tmp_path) is ProblemCode.NOT_REGULAR


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_does_not_block(tmp_path: Path) -> None:
    """A FIFO is refused as NOT_REGULAR without waiting for a writer."""
    os.mkfifo(tmp_path / "pipe.md")
    result: list[ProblemCode] = []
    reader = threading.Thread(
        target=lambda: result.append(_problem(tmp_path / "pipe.md", tmp_path)), daemon=True
    )
    reader.start()
    reader.join(timeout=5)
    assert result == [ProblemCode.NOT_REGULAR]


def test_socket_not_regular(tmp_path: Path) -> None:
    """A Unix socket is refused as NOT_REGULAR."""
    path = tmp_path / "s.md"
    if len(str(path)) > 100:
        pytest.skip("socket path too long for this platform")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert _problem(path, tmp_path) is ProblemCode.NOT_REGULAR
    finally:
        server.close()


def test_too_large(tmp_path: Path) -> None:
    """A file above the cap is TOO_LARGE."""
    (tmp_path / "big.md").write_bytes(b"a" * 101)
    assert _problem(tmp_path / "big.md", tmp_path, max_bytes=100) is ProblemCode.TOO_LARGE


def test_at_cap_is_read(tmp_path: Path) -> None:
    """A file exactly at the cap is read."""
    (tmp_path / "ok.md").write_bytes(b"a" * 100)
    assert read_text_file(tmp_path / "ok.md", tmp_path, max_bytes=100).size == 100


def test_binary_refused(tmp_path: Path) -> None:
    """A file with NUL bytes is BINARY."""
    (tmp_path / "b.md").write_bytes(b"PK\x03\x04\x00\x00")
    assert _problem(tmp_path / "b.md", tmp_path) is ProblemCode.BINARY


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable(tmp_path: Path) -> None:
    """A file without read permission is UNREADABLE."""
    path = tmp_path / "locked.md"
    path.write_text("x")
    path.chmod(0)
    try:
        assert _problem(path, tmp_path) is ProblemCode.UNREADABLE
    finally:
        path.chmod(0o644)


def test_the_scan_records_each_file_encoding(tmp_path: Path) -> None:
    """The article list knows how each file was decoded, for the info view."""
    (tmp_path / "alt.md").write_bytes(b"# Gr\xfc\xdfe\n\n\x84Zitat\x93 kostet 5 \x80.\n")
    (tmp_path / "neu.md").write_text("# Grüße\n", "utf-8")
    encodings = {a.id: a.encoding for a in scan_folder(tmp_path)}
    assert encodings == {"alt": "cp1252", "neu": "utf-8"}
    alt = next(a for a in scan_folder(tmp_path) if a.id == "alt")
    assert alt.title == "Grüße"
    assert "„Zitat“ kostet 5 €." in load_article(tmp_path, alt).source


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_text(tmp_path: Path, codec: str) -> None:
    """A file saved as "Unicode" by a Windows editor reads as text, not as binary."""
    (tmp_path / "u.md").write_bytes("\ufeff# Grüße\r\n\r\n„Text“ €\r\n".encode(codec))
    decoded = read_text_file(tmp_path / "u.md", tmp_path)
    assert (decoded.text, decoded.encoding) == ("# Grüße\n\n„Text“ €\n", "utf-16")
