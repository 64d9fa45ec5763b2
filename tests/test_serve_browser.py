"""End to end: `marginalia serve` driven in headless Chromium, as a visitor would use it.

The page draws the terminal on a canvas, so what the reader shows is read from the page's
websocket: textual-serve sends the app's terminal output as binary frames and its own messages
(such as a URL to open) as JSON text frames.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.i18n import t

CHROMIUM = os.environ.get("MARGINALIA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
"""The system's Chromium (playwright's own browser download is not used)."""


def _missing() -> str:
    """Why the browser test cannot run here, or "" when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (python -m pip install -e '.[dev]')"
    if importlib.util.find_spec("textual_serve") is None:
        return "textual-serve is not installed (python -m pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium; .ci/run installs it)"
    return ""


pytestmark = pytest.mark.skipif(bool(_missing()), reason=f"browser test skipped: {_missing()}")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_SECONDS = 30.0
"""How long to wait for something to appear (a served reader starts a new process)."""
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[@-_]"  # other two-byte sequences
)
"""Terminal escape sequences, removed to read the text the reader drew."""
BOX = re.compile("[\u2500-\u259f]")
"""Box-drawing and block characters: the borders between the lines of a wrapped message."""
ARTICLE = """---
title: Ein Artikel im Browser
author: Testredaktion
date: 2026-01-02
---

Der erste Absatz steht hier.

Mehr dazu bei [Beispiel](https://example.org/im-browser).
"""
OLDER = """---
title: Ein älterer Artikel
date: 2025-05-06
---

Ältere Worte stehen hier.
"""


class Terminal:
    """What the served reader sent to the page, read from its websocket frames."""

    def __init__(self, page: Any) -> None:
        self.page = page
        """The browser page."""
        self.output: list[bytes] = []
        """The terminal output frames, as sent."""
        self.messages: list[Any] = []
        """textual-serve's JSON messages to the page (such as ["open_url", {...}])."""
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.output.append(payload)
            return
        try:
            self.messages.append(json.loads(payload))
        except ValueError:
            self.output.append(payload.encode("utf-8"))

    def mark(self) -> int:
        """A point in the output: `wait_for` can look only at what came after it."""
        return len(self.output)

    def text(self, since: int = 0) -> str:
        """The output after `since`, without escape sequences."""
        raw = b"".join(self.output[since:]).decode("utf-8", "replace")
        return ESCAPES.sub("", raw)

    def wait_for(self, words: str, since: int = 0) -> None:
        """Wait until `words` were drawn (spaces, line breaks and box borders aside)."""
        wanted = _letters(words)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if wanted in _letters(self.text(since)):
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"{words!r} never appeared; last output: {self.text(since)[-2000:]!r}")

    def wait_for_output(self, since: int) -> None:
        """Wait until something was drawn after `since`."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self.mark() <= since:
            if time.monotonic() > deadline:
                raise AssertionError("nothing was drawn")
            self.page.wait_for_timeout(50)

    def wait_for_message(self, kind: str) -> dict[str, Any]:
        """Wait for a textual-serve message of `kind` and return its data."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            for message in self.messages:
                if isinstance(message, list) and message and message[0] == kind:
                    data: dict[str, Any] = message[1]
                    return data
            self.page.wait_for_timeout(100)
        raise AssertionError(f"no {kind!r} message; messages: {self.messages!r}")

    def press(self, *keys: str) -> None:
        """Press keys in the page's terminal (xterm.js listens on its hidden text area)."""
        self.page.focus(".xterm-helper-textarea")
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        """Type text in the page's terminal."""
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.type(text)


def _letters(text: str) -> str:
    """`text` without white space and box-drawing characters (a wrapped message's borders)."""
    return BOX.sub("", "".join(text.split()))


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two articles, the newer one with a web link."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "im-browser.md").write_text(ARTICLE, "utf-8")
    (content / "aelter.md").write_text(OLDER, "utf-8")
    return content


def start_server(folder: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    """`marginalia serve FOLDER` on a free loopback port; returns the process and the page URL.

    Temporary files go to `sessions/` beside FOLDER, where each visitor's private folder shows.
    """
    port = free_port()
    command = [sys.executable, "-m", "tui", "serve", str(folder), "--port", str(port), *options]
    sessions = folder.parent / "sessions"
    sessions.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(sessions)}
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.communicate()!r}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server, f"http://127.0.0.1:{port}/"
        time.sleep(0.1)
    server.kill()
    raise AssertionError("the server never listened")


def private_folders(folder: Path) -> list[Path]:
    """The visitors' private folders (drafts, reading positions) that exist now."""
    return sorted((folder.parent / "sessions").glob("marginalia-session-*"))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium with a fresh profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "chromium-profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser: Any, url: str) -> Terminal:
    """The served page, with only the server itself reachable (no font or other downloads)."""
    page = browser.new_page()
    page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), lambda route: route.abort())
    terminal = Terminal(page)
    page.goto(url)
    return terminal


def stop(server: subprocess.Popen[str]) -> None:
    """Stop the server as ctrl+c does; it must end promptly, ending its visitors' readers."""
    server.send_signal(signal.SIGINT)
    try:
        server.communicate(timeout=WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.communicate()
        raise AssertionError("the server did not stop on ctrl+c") from None


def wait_until(done: Callable[[], bool], what: str) -> None:
    """Wait until `done()` is true (with no page to wait on)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.1)


def test_a_visitor_reads_comments_and_follows_a_link(
    folder: Path, browser: Any, isolated_user: Path
) -> None:
    """List, enter, a comment signed by the visitor in the JSON file, a link to the browser."""
    config = isolated_user / "xdg_config_home" / "marginalia" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('author = "Server Account"\n', "utf-8")
    server, url = start_server(folder)
    try:
        terminal = open_page(browser, url)
        terminal.wait_for("Ein Artikel im Browser")
        terminal.wait_for("Ein älterer Artikel")

        mark = terminal.mark()
        terminal.press("Enter")
        terminal.wait_for("Der erste Absatz steht hier.", since=mark)

        mark = terminal.mark()
        terminal.press("c")
        terminal.wait_for(t("editor.author_label"), since=mark)
        # The name field has the focus and is empty: the server's author is not offered.
        assert "Server Account" not in terminal.text(mark)
        terminal.type("Besucherin")
        mark = terminal.mark()
        terminal.press("Tab")
        # Keys typed while the focus moves may still reach the name field: wait for the repaint.
        terminal.wait_for_output(since=mark)
        terminal.type("Aus dem Browser geschrieben")
        terminal.press("Control+s")
        comments = folder / ".comments" / "im-browser.json"
        saved = _wait_for_comments(terminal, comments)
        assert [(c["author"], c["body"]) for c in saved] == [
            ("Besucherin", "Aus dem Browser geschrieben")
        ]
        assert saved[0]["anchor"]["quote"].startswith("Der erste Absatz")
        assert config.read_text("utf-8") == 'author = "Server Account"\n'

        mark = terminal.mark()
        terminal.press("Tab")
        terminal.wait_for_output(since=mark)
        terminal.press("Enter")
        terminal.wait_for(t("link.open_question"), since=mark)
        terminal.wait_for("example.org", since=mark)
        terminal.press("Enter")
        opened = terminal.wait_for_message("open_url")
        assert opened["url"] == "https://example.org/im-browser"

        # The visitor's drafts and positions were kept apart, and go when the visitor leaves.
        assert len(private_folders(folder)) == 1
        terminal.page.close()
        wait_until(lambda: not private_folders(folder), "the private folder went")
    finally:
        stop(server)


def _wait_for_comments(terminal: Terminal, path: Path) -> list[dict[str, Any]]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if path.exists():
            comments: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["comments"]
            if comments:
                return comments
        terminal.page.wait_for_timeout(100)
    raise AssertionError(f"no comment was written; the page showed {terminal.text()[-2000:]!r}")


def test_read_only_refuses_comments_and_still_reads(folder: Path, browser: Any) -> None:
    """With --read-only, c explains instead of opening the editor; J still goes on reading."""
    server, url = start_server(folder, "--read-only")
    try:
        terminal = open_page(browser, url)
        terminal.wait_for("Ein Artikel im Browser")
        mark = terminal.mark()
        terminal.press("Enter")
        terminal.wait_for("Der erste Absatz steht hier.", since=mark)

        mark = terminal.mark()
        terminal.press("c")
        terminal.wait_for(t("comments.problem.read-only-session"), since=mark)
        terminal.press("J")
        terminal.wait_for("Ältere Worte stehen hier.", since=mark)
        assert t("editor.author_label") not in terminal.text(mark)
        assert not (folder / ".comments" / "im-browser.json").exists()
    finally:
        stop(server)  # with the page still open: its reader ends with the server
    assert not private_folders(folder)
