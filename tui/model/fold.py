"""Text folding for search: case, accents, ligatures and German spellings are ignored.

Two levels of folding are used together:

- `fold` lowercases (casefold), drops accents and other combining marks (NFKD), spells out
  ligatures, turns `ß` into `ss` and `ä`/`ö`/`ü` into `a`/`o`/`u`, makes every kind of whitespace
  and control character a plain space, and drops invisible format characters (soft hyphens,
  zero-width spaces), so `Straße` = `Strasse` and `Müller` = `muller`.
- `loosen` then drops every `e` that follows `a`, `o` or `u`, so the transliterations `ae`, `oe` and
  `ue` meet the umlauts they stand for: `Mueller` and `Müller` both loosen to `muller`.

Searches match the folded query in the folded text, and the loosened query in the loosened text,
and report the union. A word is never missed this way (`Frauen` still finds `Frauen`); the price is
a few extra finds (`Poet` also finds `pot`), which a reader's search can afford.

Each folded character remembers the index of the source character it came from, so a match in
folded text can be highlighted in the original.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import repeat

__all__ = [
    "fold",
    "fold_with_map",
    "loosen",
    "loosen_with_map",
    "source_span",
]

# Letters that NFKD does not decompose but a reader expects to match their plain spelling, and
# typographic punctuation that should match what a keyboard types.
_SPECIAL: dict[str, str] = {
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "ħ": "h",
    "ı": "i",
    "ŀ": "l",
    "þ": "th",
    "ĸ": "k",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "«": '"',
    "»": '"',
    "\u2039": "'",
    "\u203a": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
}

_ASCII_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_SPACES = {code: " " for code in (*range(0x20), 0x7F)}
_LOOSE_E = re.compile(r"(?<=[aou])e")


def _fold_char(char: str) -> str:
    """Return the folded spelling of one character (possibly empty or several characters)."""
    special = _SPECIAL.get(char)
    if special is not None:
        return special
    category = unicodedata.category(char)
    if char.isspace() or category in ("Cc", "Zl", "Zp", "Zs"):
        return " "
    if category in ("Cf", "Cs", "Co", "Cn"):
        # Invisible format characters (soft hyphen, zero-width space) must not split a word;
        # unassigned and private code points have no meaningful folding and are kept as they are.
        return "" if category == "Cf" else char
    pieces: list[str] = []
    for part in unicodedata.normalize("NFKD", char.casefold()).casefold():
        if unicodedata.combining(part) or unicodedata.category(part) == "Mn":
            continue
        pieces.append(_SPECIAL.get(part, " " if part.isspace() else part))
    return "".join(pieces)


class _FoldTable(dict[int, str]):
    """A `str.translate` table that folds each code point the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


class _LengthTable(dict[int, str]):
    """A `str.translate` table giving, as a one-character code, how long each folded piece is."""

    def __missing__(self, code: int) -> str:
        length = chr(len(_FOLD_TABLE[code]))
        self[code] = length
        return length


_FOLD_TABLE = _FoldTable()
_LENGTH_TABLE = _LengthTable()


def _latin1_tables() -> tuple[bytes, dict[str, str], re.Pattern[str]]:
    """Build the fast path for Latin-1 text: a byte table and the characters it cannot do."""
    table = bytearray(range(256))
    multi: dict[str, str] = {}
    slow: list[str] = []
    for code in range(256):
        char, piece = chr(code), _fold_char(chr(code))
        if len(piece) == 1 and ord(piece) < 256:
            table[code] = ord(piece)
        elif piece.isascii() and _fold_ascii(piece) == piece:
            multi[char] = piece
        else:
            slow.append(char)
    slow_class = re.escape("".join(slow))
    return bytes(table), multi, re.compile(f"[^\\x00-\\xff]|[{slow_class}]")


def _fold_ascii(text: str) -> str:
    """Fold ASCII text: lowercase, with control characters as spaces."""
    folded = text.lower()
    if _ASCII_CONTROLS.search(folded):
        folded = folded.translate(_ASCII_SPACES)
    return folded


def fold(text: str) -> str:
    """Return `text` folded for matching (see the module docstring)."""
    if text.isascii():
        return _fold_ascii(text)
    if _LATIN1_SLOW.search(text):
        return text.translate(_FOLD_TABLE)
    # Most European text is Latin-1: a byte translation is many times faster than str.translate.
    for char, piece in _LATIN1_MULTI.items():
        if char in text:
            text = text.replace(char, piece)
    return text.encode("latin-1").translate(_LATIN1_BYTES).decode("latin-1")


_LATIN1_BYTES, _LATIN1_MULTI, _LATIN1_SLOW = _latin1_tables()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Return `text` folded, and for each folded character the index of its source character."""
    folded = fold(text)
    if len(folded) == len(text) and (
        text.isascii() or text.translate(_LENGTH_TABLE).count("\x01") == len(text)
    ):
        return folded, list(range(len(text)))
    lengths = text.translate(_LENGTH_TABLE)
    mapping: list[int] = []
    for index, length in enumerate(lengths):
        if length != "\x00":
            mapping.extend(repeat(index, ord(length)))
    return folded, mapping


def loosen(folded: str) -> str:
    """Return folded text with `ae`, `oe` and `ue` contracted to `a`, `o` and `u`."""
    # Chained replaces run at C speed and equal one left-to-right pass: no replacement can create
    # a new pair that a later replace would see, as every pair starts with a, o or u and ends in e.
    return folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def loosen_with_map(folded: str, mapping: list[int]) -> tuple[str, list[int]]:
    """Return `loosen(folded)` and the source index of each of its characters."""
    dropped = [match.start() for match in _LOOSE_E.finditer(folded)]
    if not dropped:
        return folded, mapping
    kept: list[int] = []
    previous = 0
    for index in dropped:
        kept.extend(mapping[previous:index])
        previous = index + 1
    kept.extend(mapping[previous:])
    return loosen(folded), kept


def source_span(mapping: list[int], start: int, end: int, length: int) -> tuple[int, int]:
    """Return the span of the source text that produced folded characters `start:end`.

    The span grows over characters that folded to nothing right after the match (combining
    marks, soft hyphens), so a highlight never splits a letter from its accent.
    """
    if not mapping or start >= end:
        return (0, 0)
    source_start = mapping[start]
    last = mapping[end - 1]
    following = mapping[end] if end < len(mapping) else length
    return source_start, max(last + 1, following)
