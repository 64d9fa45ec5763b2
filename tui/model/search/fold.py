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
    "fold_map",
    "fold_with_map",
    "loose_drops",
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


def _latin1_tables() -> tuple[bytes, dict[bytes, bytes], str, re.Pattern[str]]:
    """Build the Latin-1 fast path: byte table, longer pieces, slow and uneven characters."""
    table = bytearray(range(256))
    multi: dict[bytes, bytes] = {}
    slow: list[str] = []
    for code in range(256):
        char, piece = chr(code), _fold_char(chr(code))
        if len(piece) == 1 and ord(piece) < 256:
            table[code] = ord(piece)
        elif piece.isascii() and _fold_ascii(piece) == piece:
            multi[bytes([code])] = piece.encode("ascii")
        else:
            slow.append(char)
    uneven = "".join(char.decode("latin-1") for char in multi)
    return bytes(table), multi, "".join(slow), re.compile(f"[{re.escape(uneven)}]")


def _fold_ascii(text: str) -> str:
    """Fold ASCII text: lowercase, with control characters as spaces."""
    folded = text.lower()
    if _ASCII_CONTROLS.search(folded):
        folded = folded.translate(_ASCII_SPACES)
    return folded


def _latin1(text: str) -> bytes | None:
    """Return `text` as Latin-1 bytes when the byte fast path can fold it, else None."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return None
    # A few scans for the handful of slow characters beat one regex search many times over.
    if any(char in text for char in _LATIN1_SLOW):
        return None
    return raw


def fold(text: str) -> str:
    """Return `text` folded for matching (see the module docstring)."""
    if text.isascii():
        return _fold_ascii(text)
    raw = _latin1(text)
    if raw is None:
        return text.translate(_FOLD_TABLE)
    # Most European text is Latin-1: a byte translation is many times faster than str.translate.
    for char, piece in _LATIN1_MULTI.items():
        if char in raw:
            raw = raw.replace(char, piece)
    return raw.translate(_LATIN1_BYTES).decode("latin-1")


_LATIN1_BYTES, _LATIN1_MULTI, _LATIN1_SLOW, _LATIN1_UNEVEN = _latin1_tables()
_NOT_ONE = re.compile("[^\x01]")


def _uneven(text: str) -> list[tuple[int, int]]:
    """Return (index, folded length) of every character that does not fold to exactly one."""
    if text.isascii():
        return []
    raw = _latin1(text)
    if raw is not None:
        if not any(char in raw for char in _LATIN1_MULTI):
            return []
        return [
            (m.start(), len(_LATIN1_MULTI[raw[m.start() : m.end()]]))
            for m in _LATIN1_UNEVEN.finditer(text)
        ]
    lengths = text.translate(_LENGTH_TABLE)
    return [(m.start(), ord(m.group())) for m in _NOT_ONE.finditer(lengths)]


def fold_map(text: str) -> list[int] | None:
    """Return the source index of each character of `fold(text)`, None for the identity."""
    uneven = _uneven(text)
    if not uneven:
        return None
    # Between two uneven characters the map runs one to one, so it is built from C-speed ranges.
    mapping: list[int] = []
    previous = 0
    for index, length in uneven:
        mapping.extend(range(previous, index))
        mapping.extend(repeat(index, length))
        previous = index + 1
    mapping.extend(range(previous, len(text)))
    return mapping


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Return `text` folded, and for each folded character the index of its source character."""
    mapping = fold_map(text)
    return fold(text), list(range(len(text))) if mapping is None else mapping


def loosen(folded: str) -> str:
    """Return folded text with `ae`, `oe` and `ue` contracted to `a`, `o` and `u`."""
    # Chained replaces run at C speed and equal one left-to-right pass: no replacement can create
    # a new pair that a later replace would see, as every pair starts with a, o or u and ends in e.
    return folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def loose_drops(folded: str) -> list[int]:
    """Return the indexes of the characters of `folded` that `loosen` drops."""
    return [match.start() for match in _LOOSE_E.finditer(folded)]


def loosen_with_map(folded: str, mapping: list[int]) -> tuple[str, list[int]]:
    """Return `loosen(folded)` and the source index of each of its characters."""
    dropped = loose_drops(folded)
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
