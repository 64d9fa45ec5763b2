"""`marginalia serve` without a browser: addresses, the visitor's command, who may connect."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui import serve
from tui.cli import main

HOSTILE_NAME = "a folder; $(touch pwned) `id` 'quoted' \"double\" -x"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    """Only addresses of this machine alone count as loopback."""
    assert serve.is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000/"),
        ("::1", "http://[::1]:8000/"),
        ("0.0.0.0", "http://localhost:8000/"),
        ("reader.example.org", "http://reader.example.org:8000/"),
    ],
)
def test_the_address_to_open(host: str, url: str) -> None:
    """IPv6 addresses get brackets; listening everywhere is reached here as localhost."""
    assert serve.page_url(host, 8000) == url


def test_the_visitors_command_survives_the_shell(tmp_path: Path) -> None:
    """textual-serve hands the command to a shell: a folder name with shell syntax stays a name."""
    folder = tmp_path / HOSTILE_NAME
    command = serve.reader_command(folder, read_only=True, lang="de", comments=None)
    shown = subprocess.run(
        ["sh", "-c", f"printf '%s\\n' {command}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    expected = [sys.executable, "-m", "tui", "--served", "read-only", "--lang", "de"]
    assert shown == [*expected, "--", str(folder)]
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("host", "origin", "loopback_only", "allowed"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True, True),
        ("localhost:8000", "http://localhost:8000", True, True),
        ("127.0.0.1:8000", None, True, True),
        # Another site open in the visitor's browser.
        ("127.0.0.1:8000", "https://evil.example", True, False),
        ("127.0.0.1:8000", "null", True, False),
        ("127.0.0.1:8000", "http://127.0.0.1:9999", True, False),
        # A name pointed at 127.0.0.1 (DNS rebinding): same origin, but not a loopback name.
        ("evil.example:8000", "http://evil.example:8000", True, False),
        ("evil.example:8000", None, True, False),
        # Served to the network: any host name, but still only its own pages.
        ("reader.example.org:8000", "http://reader.example.org:8000", False, True),
        ("reader.example.org:8000", "http://evil.example", False, False),
    ],
)
def test_only_the_served_page_may_open_a_reader(
    host: str, origin: str | None, loopback_only: bool, allowed: bool
) -> None:
    """Websockets from other pages, and loopback servers reached by another name, are refused."""
    assert serve.request_allowed(host, origin, loopback_only=loopback_only) is allowed


def test_serve_without_textual_serve_says_how_to_get_it(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One line naming the package and the command that installs it; status 2."""
    monkeypatch.setattr(serve, "available", lambda: False)
    assert main(["serve", str(content_dir)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install" in err and "textual-serve" in err


def record_serving(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int]]:
    """Replace the server with a record of what it was asked to serve."""
    served: list[tuple[str, str, int]] = []
    monkeypatch.setattr(serve, "serve", lambda *args: served.append(args))
    return served


def test_serve_prints_the_address_and_serves_the_folder(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On loopback: the address, no warning; each visitor gets the served reader on FOLDER."""
    served = record_serving(monkeypatch)
    assert main(["serve", str(content_dir), "--port", "8123"]) == 0
    out, err = capsys.readouterr()
    assert "http://127.0.0.1:8123/" in out and err == ""
    command, host, port = served[0]
    assert (host, port) == ("127.0.0.1", 8123)
    assert " --served comments " in command
    assert command.endswith(str(content_dir.resolve()))


@pytest.mark.parametrize(
    ("options", "words"),
    [((), "and comment on it"), (("--read-only",), "can read {folder}.")],
)
def test_serving_beyond_this_machine_warns(
    content_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    options: tuple[str, ...],
    words: str,
) -> None:
    """A non-loopback address: anyone reaching the port can read (and comment, unless read-only)."""
    served = record_serving(monkeypatch)
    assert main(["serve", str(content_dir), "--host", "0.0.0.0", "--port", "8124", *options]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "0.0.0.0" in err and "8124" in err
    assert words.format(folder=content_dir.resolve()) in err
    assert ("--served read-only" in served[0][0]) is bool(options)


@pytest.mark.parametrize("port", ["0", "65536"])
def test_a_port_that_is_no_port(
    content_dir: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    """Port 0 (any port) or one past the last: one line, status 2."""
    assert main(["serve", str(content_dir), "--port", port]) == 2
    assert capsys.readouterr().err == f"marginalia: {port} is not a port (1 to 65535).\n"


def test_a_port_in_use_is_one_line_before_anything_is_printed(
    content_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No address is printed for a server that cannot start."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", str(content_dir), "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and str(port) in err


def test_the_visitors_flags_are_not_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    """--served is how serve starts a reader, not something to type; serve itself is listed."""
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "--served" not in text and "--read-only]" in text and "marginalia serve" in text


def test_a_visitors_reader_ends_when_its_server_is_gone(content_dir: Path, tmp_path: Path) -> None:
    """A server that dies without saying "quit" closes the reader's input: the reader ends and
    its private folder goes with it, instead of both staying behind for good."""
    env = {
        **os.environ,
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "TMPDIR": str(tmp_path),
        "COLUMNS": "80",
        "ROWS": "24",
    }
    command = [sys.executable, "-m", "tui", "--served", "comments", "--", str(content_dir)]
    reader = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert reader.stdin is not None and reader.stdout is not None
    try:
        assert reader.stdout.readline() == b"__GANGLION__\n"  # the web driver's greeting
        drawn = b""
        while b"Articles" not in drawn:  # the list is on screen: the reader is up
            chunk = reader.stdout.read1(4096)
            assert chunk, reader.stderr.read() if reader.stderr else ""
            drawn += chunk
        assert list(tmp_path.glob("marginalia-session-*"))
        threading.Thread(target=reader.stdout.read, daemon=True).start()  # keep the pipe moving
        reader.stdin.close()
        assert reader.wait(timeout=30) == 0
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    assert not list(tmp_path.glob("marginalia-session-*"))
