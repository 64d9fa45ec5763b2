"""TOML front matter between `+++` lines (Hugo, Zola), read with the standard library's tomllib."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

MAX_TOML = 64 * 1024
"""Largest TOML block (in characters) that is parsed at all."""

_CLOSING = re.compile(r"^\+\+\+[^\S\n]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class TomlSplit:
    """An article's text split at its TOML front matter."""

    data: dict[str, Any] | None
    """The parsed table, or None when absent or broken."""
    body: str
    """The text after the closing `+++`."""
    body_line: int
    """Line index (0-based) where the body starts."""
    problem: str | None = None
    """toml_error or too_large when the block was there but could not be read."""


def split_toml(text: str) -> TomlSplit | None:
    """Split `text` (BOM removed) at a leading `+++` block, or None when it has none."""
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].rstrip() != "+++":
        return None
    closing = _CLOSING.search(text, first_end + 1)
    if closing is None:
        return None
    pos, end = closing.start(), closing.end()
    line = 1 + text.count("\n", first_end + 1, pos)
    body = text[end + 1 :] if end < len(text) else ""
    body_line = line + 1 if end < len(text) else line
    block = text[first_end + 1 : pos].replace("\r\n", "\n")
    if len(block) > MAX_TOML:
        return TomlSplit(None, body, body_line, "too_large")
    try:
        data = tomllib.loads(block)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return TomlSplit(None, body, body_line, "toml_error")
    return TomlSplit(data, body, body_line)
