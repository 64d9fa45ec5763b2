"""The real app in a pseudo-terminal: no byte of a hostile file ever reaches the terminal raw.

The articles, front matter, file names, comment file, draft and settings below carry escape
sequences that would write the clipboard (OSC 52), set the window title, resize or clear the
screen, and C1 controls. The app is driven through every view that shows them; the bytes it
writes are then searched for any of those sequences.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import block_hash
from tui.model.comments.drafts import DRAFT_FORMAT, DraftKey, DraftStore
from tui.model.session.workspace import UserDirs

ESC, BEL = "\x1b", "\x07"
# Each payload carries the word PWN inside the sequence itself: if the sequence reached the
# terminal whole, PWN is inside an escape sequence in the output.
PAYLOADS = (
    f"{ESC}]52;c;UFdOLWNsaXBib2FyZA=={BEL}",  # clipboard write
    f"{ESC}]0;PWN-title{BEL}",  # window title
    f"{ESC}]2;PWN-title2{ESC}\\",  # window title, ST-terminated
    f"{ESC}P1$rPWN-dcs{ESC}\\",  # device control string
    f"{ESC}[8;1;1t",  # resize the window
    "\x9d0;PWN-c1-title\x9c",  # C1 OSC
    "\x9b8;1;1t",  # C1 CSI
    f"{ESC}]0;PWN-UNTERMINATED",  # never terminated: must not swallow what follows
)
PAYLOAD = "".join(PAYLOADS)
VISIBLE = "PWN-UNTERMINATED"
"""Text after an unterminated introducer: shown as text, proof that the payloads were read."""

# What the terminal must never receive: an OSC, DCS or CSI that carries a payload, and no C1
# control at all (Textual itself writes none; UTF-8 encodes U+0080–U+009F as C2 80–C2 9F).
_LEAKS = re.compile(
    rb"\x1b\][^\x07\x1b]*PWN|\x1b\]52;|\x1bP[^\x1b]*PWN|\x1b\[8;1;1t|\xc2[\x80-\x9f]"
)


def leaks(output: bytes) -> list[bytes]:
    """Every payload sequence found in the terminal's input."""
    return [match.group() for match in _LEAKS.finditer(output)]


def test_the_leak_detector_finds_each_payload() -> None:
    """The detector itself flags every payload when it is written raw (so the test can fail)."""
    for payload in PAYLOADS[:-1]:
        assert leaks(payload.encode("utf-8")), payload
    assert not leaks(b"\x1b[2J\x1b[?1049h\x1b]0;Marginalia\x07plain PWN text")


ARTICLE = f"""---
title: "Harmless{PAYLOAD} title \\u202e reversed"
author: "Mallory\\e]0;PWN-author\\a"
date: 2099-01-01
tags: ["tag\\e]0;PWN-tag\\a"]
extra_key: "value\\e]52;c;PWNPWN\\a"
---

First paragraph{PAYLOAD} with a [link{PAYLOAD}](https://example.org/{ESC}]0;PWN-href{BEL}x).

## Heading{PAYLOAD} two

Second paragraph with pwn text\u2066 and an entity &#x1b;]0;PWN-entity&#x07; inside.

```
code{PAYLOAD}
```

| a{PAYLOAD} | b |
|---|---|
| c{PAYLOAD} | d |
"""


def _comment(comment_id: str, parent: str | None, body: str, anchor: object) -> dict[str, object]:
    return {
        "id": comment_id,
        "parent": parent,
        "author": f"Eve{PAYLOAD}",
        "body": body,
        "created": "2026-11-26T08:00:00+00:00",
        "updated": None,
        "anchor": anchor,
    }


def make_payload_folder(tmp_path: Path, state: Path, config: Path) -> Path:
    """A content folder, a draft and settings, every one of them hostile."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "evil.md").write_text(ARTICLE, "utf-8")
    (folder / f"file{ESC}]0;PWN-filename{BEL}.md").write_text("# Named\n\nText.\n", "utf-8")
    article = next(a for a in scan_folder(folder) if a.id == "evil")
    document = load_article(folder, article).document
    first = document.blocks[0]
    anchor = {
        "block": 0,
        "heading": [f"H{PAYLOAD}"],
        "quote": first.text,
        "prefix": "",
        "suffix": f"s{PAYLOAD}",
        "hash": block_hash(first),
    }
    comments = {
        "format": "marginalia.comments",
        "version": 1,
        "article": {"id": "evil", "path": "evil.md", "title": f"T{PAYLOAD}"},
        "comments": [
            _comment("c1", None, f"Body{PAYLOAD} one \ud800", anchor),
            _comment("c2", "c1", f"Reply{PAYLOAD}", anchor),
            _comment("c3", None, f"Whole{PAYLOAD}", None),
        ],
    }
    (folder / ".comments").mkdir()
    (folder / ".comments" / "evil.json").write_text(json.dumps(comments), "utf-8")
    # The draft for a comment on the first paragraph, as a hostile hand would leave it.
    key = DraftKey("evil", f"block:{block_hash(first)}")
    user = UserDirs(config / "marginalia", tmp_path / "data", state / "marginalia")
    draft_path = DraftStore(user.drafts_folder(folder)).path_for(key)
    draft_path.parent.mkdir(parents=True)
    draft = {
        "format": DRAFT_FORMAT,
        "version": 1,
        "article": key.article_id,
        "target": key.target,
        "text": f"Draft{PAYLOAD}",
        "context": f"ctx{PAYLOAD}",
        "saved": "2026-11-26T08:00:00+00:00",
    }
    draft_path.write_text(json.dumps(draft), "utf-8")
    (config / "marginalia").mkdir(parents=True)
    (config / "marginalia" / "config.toml").write_text(
        'author = "Tester\\u001b]0;PWN-author-setting\\u0007"\n', "utf-8"
    )
    return folder


class Terminal:
    """The app running in a pseudo-terminal of a fixed size, with everything it wrote."""

    def __init__(self, folder: Path, env: dict[str, str], size: tuple[int, int]) -> None:
        self.output = bytearray()
        self._lock = threading.Lock()
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", str(folder)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.2)
                if not ready:
                    if self.process.poll() is not None:
                        return
                    continue
                data = os.read(self._master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.output += data

    def written(self) -> bytes:
        """Everything the app has written so far."""
        with self._lock:
            return bytes(self.output)

    def wait_for(self, text: str, since: int = 0, timeout: float = 20.0) -> None:
        """Wait until `text` has been written (as one run of characters) after byte `since`."""
        deadline = time.monotonic() + timeout
        wanted = text.encode("utf-8")
        while time.monotonic() < deadline:
            if wanted in self.written()[since:]:
                return
            time.sleep(0.05)
        tail = self.written()[-2000:]
        raise AssertionError(f"{text!r} never appeared on the terminal; it last wrote {tail!r}")

    def quiet(self, seconds: float = 0.4, timeout: float = 10.0) -> None:
        """Wait until the app has written nothing for `seconds`."""
        deadline = time.monotonic() + timeout
        size, since = len(self.written()), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = len(self.written())
            if now != size:
                size, since = now, time.monotonic()
            elif time.monotonic() - since >= seconds:
                return

    def press(self, *keys: str) -> None:
        """Type keys (raw terminal input) and let the app answer."""
        for key in keys:
            os.write(self._master, key.encode("utf-8"))
            self.quiet(0.25)

    def close(self) -> None:
        """End the app (a gentle q first, then a signal)."""
        try:
            os.write(self._master, b"q")
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=5)
        self._reader.join(timeout=5)
        os.close(self._master)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """The app on the hostile folder, in a 150x40 pseudo-terminal."""
    home = tmp_path / "home"
    state, config = home / "state", home / "config"
    folder = make_payload_folder(tmp_path, state, config)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(config),
        "XDG_STATE_HOME": str(state),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "TZ": "UTC",
        "USER": f"user{ESC}]0;PWN-user{BEL}",
        "TEXTUAL_ANIMATIONS": "none",
    }
    term = Terminal(folder, env, (150, 40))
    try:
        yield term
    finally:
        term.close()


DOWN, TAB, ENTER, ESCAPE = "\x1b[B", "\t", "\r", "\x1b"
CTRL_F = "\x06"


def test_no_payload_reaches_the_terminal_in_any_view(terminal: Terminal) -> None:
    """List, article, outline, find, global search, pane, info, editors, link dialog: no leak."""
    terminal.wait_for("Harmless")  # the hostile title, in the list
    terminal.quiet()
    terminal.press(ENTER)  # open the newest article: the hostile one
    terminal.wait_for("First paragraph")
    terminal.wait_for(VISIBLE)
    steps = [
        (("t",), "Contents"),  # the outline of headings
        (("/", "p", "w", "n"), "1/"),  # the find bar, with its match count
        ((CTRL_F, "p", "w", "n"), "Search all articles"),  # over text and comments
        (("i",), "About this article"),  # front matter with unknown keys, file name
        (("c",), "Draft"),  # a new comment: the hostile draft is offered back
        (("C",), "Comment on the whole article"),
        (("r",), "Reply to Eve"),  # the hostile author in the editor's title
        (("e",), "Edit comment"),  # the hostile body fills the text area
    ]
    for keys, shown in steps:
        start = len(terminal.written())
        terminal.press(*keys)
        terminal.wait_for(shown, since=start)
        terminal.quiet()
        terminal.press(ESCAPE)
    terminal.press(TAB, ENTER)  # the link dialog
    terminal.wait_for("Open this address")
    terminal.press("n")
    terminal.press("J")  # the article with the hostile file name
    terminal.wait_for("Named")
    terminal.quiet()
    output = terminal.written()
    assert VISIBLE.encode() in output
    assert leaks(output) == []
