"""One sanitiser for every untrusted string that reaches the screen (DESIGN.md §5)."""

from __future__ import annotations

import re

# ESC-introduced sequences first (CSI, OSC, DCS, SOS, PM, APC and two-byte escapes), so their
# parameters vanish with them, then the 8-bit C1 forms of the same introducers, then any lone
# C0/C1 control character and DEL. Tab and newline are handled by the callers' layout.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                    # CSI ... final
  | \x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)        # OSC, DCS, SOS, PM, APC ... terminator
  | \x1b[ -/]*[0-~]?                             # two-byte and nF escapes
  | \x9b[0-?]*[ -/]*[@-~]?                       # 8-bit CSI
  | [\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)  # 8-bit DCS, SOS, OSC, PM, APC
  | [\x00-\x08\x0b-\x1f\x7f-\x9f]                # any other C0 (but \t, \n) / DEL / C1
    """,
    re.VERBOSE | re.DOTALL,
)
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Bidirectional overrides and isolates can make a name read differently from what it is.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def sanitize(text: str) -> str:
    """Return `text` with escape sequences, C0/C1 control characters and DEL removed.

    Tabs and newlines are kept; everything else that could steer a terminal is dropped.
    """
    if not _UNSAFE.search(text):
        return text
    return _ESCAPE_SEQUENCE.sub("", text)


def sanitize_line(text: str) -> str:
    """Return `text` sanitised and flattened onto one line (for titles, names, list rows)."""
    text = sanitize(text)
    if "\n" in text or "\t" in text or "\r" in text:
        text = " ".join(text.split())
    return text


def reveal_bidi(text: str) -> str:
    """Return `text` with bidi control characters replaced by a visible `<U+XXXX>` tag."""
    return _BIDI_CONTROLS.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def sanitize_name(text: str) -> str:
    """Return a one-line, sanitised name (title, author, file name) with bidi controls shown."""
    return reveal_bidi(sanitize_line(text))
