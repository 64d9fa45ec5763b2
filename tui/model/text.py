"""One sanitiser for every untrusted string that enters the app (DESIGN.md §5).

Text is cleaned where it comes in from disk (article files, front matter values, comment and
draft files, settings, file names), so no view, editor or prompt can forget it; the views call
it again where they build their lines, which costs one regex search on clean text.
"""

from __future__ import annotations

import re

MAX_SEQUENCE = 4096
"""Longest escape sequence body removed whole; a longer or unterminated one loses only its
introducer, so an attacker cannot make a sequence swallow the text after it."""

# Well-formed sequences are removed whole: CSI with its parameters and final byte; OSC, DCS,
# SOS, PM and APC strings up to their terminator (BEL, ESC \ or ST); two-byte and nF escapes.
# Anything that is not a complete sequence loses only the control character itself, so the
# printable text after an unterminated introducer survives.
_ESCAPE_SEQUENCE = re.compile(
    rf"""
    \x1b\[[0-?]{{0,64}}[ -/]{{0,8}}[@-~]                       # CSI ... final byte
  | \x1b[\]PX^_][^\x00-\x1f\x7f-\x9f]{{0,{MAX_SEQUENCE}}}(?:\x07|\x1b\\|\x9c)
                                                               # OSC, DCS, SOS, PM, APC
  | \x1b[ -/]{{0,8}}[0-~]                                      # two-byte and nF escapes
  | \x9b[0-?]{{0,64}}[ -/]{{0,8}}[@-~]                         # 8-bit CSI
  | [\x90\x98\x9d\x9e\x9f][^\x00-\x1f\x7f-\x9f]{{0,{MAX_SEQUENCE}}}(?:\x07|\x1b\\|\x9c)
                                                               # 8-bit DCS, SOS, OSC, PM, APC
  | [\x00-\x08\x0b-\x1f\x7f-\x9f]                              # any other C0 but \t \n, DEL, C1
    """,
    re.VERBOSE,
)

# Characters a reader cannot see that change how the text around them reads: bidi embeddings,
# overrides, isolates and marks, zero-width characters, line and paragraph separators and a
# byte order mark inside the text. They are shown as a visible `<U+XXXX>` tag instead.
_INVISIBLE = "\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_INVISIBLE_CHARS = re.compile(f"[{_INVISIBLE}]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# One search decides whether a string needs any work at all (the common case: it does not).
_NEEDS_WORK = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n]")


def sanitize(text: str) -> str:
    """Return `text` safe to show: the one rule for everything that comes in from outside.

    Escape sequences and C0/C1 control characters and DEL are removed (tabs and newlines stay),
    invisible and direction-changing characters become visible `<U+XXXX>` tags, and lone
    surrogates, which no file can hold, become U+FFFD. Cleaning clean text changes nothing.
    """
    if _plainly_printable(text) or not _NEEDS_WORK.search(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    return _INVISIBLE_CHARS.sub(_tag, text)


def sanitize_line(text: str) -> str:
    """Return `text` sanitised and flattened onto one line (for titles, names, list rows)."""
    text = sanitize(text)
    if _LINE_BREAKS.search(text):
        text = " ".join(text.split())
    return text


def sanitize_tree(value: object) -> object:
    """Return a parsed JSON or TOML value with every string in it (keys too) sanitised."""
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, dict):
        return {sanitize_tree(key): sanitize_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [sanitize_tree(item) for item in value]
    return value


def _plainly_printable(text: str) -> bool:
    """A fast, conservative check (about twice the regex's speed on a whole article).

    `str.isprintable` is False for every character `sanitize` changes, but also for some it
    keeps (tabs, newlines, no-break spaces), so False only means "look closer".
    """
    if "\n" in text or "\t" in text:
        text = text.replace("\n", " ").replace("\t", " ")
    return text.isprintable()


def _tag(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"
