"""The text of a web page's bytes: its declared charset checked against what the bytes say.

A page names its encoding in the HTTP header or a `<meta>` tag, and both are often wrong in
one common way: a server that says ISO-8859-1 (or UTF-8) by default for every page. So the
declaration is followed unless the bytes contradict it: bytes that are valid UTF-8 with
non-ASCII characters in them are UTF-8, and bytes that are not valid UTF-8 were never UTF-8.
As in browsers (the WHATWG encoding standard), ISO-8859-1 and ASCII labels mean Windows-1252,
where „“ and € live, instead of C1 control characters.
"""

from __future__ import annotations

import codecs
import re

from tui.model.text import sanitize

PRESCAN_BYTES = 4096
"""How far into a page a `<meta>` charset declaration is looked for."""

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE | re.DOTALL
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Labels a browser reads as Windows-1252 (its superset), so the bytes 0x80-0x9F stay printable.
_WINDOWS_1252 = frozenset(
    {"cp1252", "latin-1", "iso8859-1", "ascii", "cp819", "iso-ir-100", "l1", "latin1"}
)
_UTF8 = "utf-8"


def charset_from_header(content_type: str | None) -> str | None:
    """The `charset=` parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match[1] if match else None


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page's bytes; return its sanitised text and the codec used.

    The order: a byte order mark, then the declared charset (the HTTP header's, else a
    `<meta>` tag's) unless the bytes contradict it, then UTF-8 when the bytes are valid
    UTF-8, else Windows-1252.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _finish(data[len(bom) :].decode(name, "replace"), name)
    valid_utf8 = _is_utf8(data)
    label = _known(declared) or _known(meta_charset(data))
    if label is None or (valid_utf8 and not data.isascii()):
        label = _UTF8 if valid_utf8 else "cp1252"
    elif label == _UTF8 and not valid_utf8:
        label = "cp1252"
    return _finish(data.decode(label, "replace"), label)


def meta_charset(data: bytes) -> str | None:
    """The charset a `<meta>` tag near the page's start declares, if any."""
    match = _META_CHARSET.search(data, 0, PRESCAN_BYTES)
    return match[1].decode("ascii") if match else None


def _known(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for an unknown or unusable one."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name in _WINDOWS_1252:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        # A page that could be read far enough to declare UTF-16 in ASCII is not UTF-16.
        return _UTF8
    if name.startswith("utf-8") or name == "utf_8":
        return _UTF8
    try:
        codecs.getincrementaldecoder(name)
    except (LookupError, TypeError):
        return None
    # Codecs that are not text encodings (rot13, base64) have no business decoding a page.
    return name if codecs.lookup(name)._is_text_encoding else None


def _is_utf8(data: bytes) -> bool:
    """Whether `data` is valid UTF-8."""
    try:
        data.decode(_UTF8)
    except UnicodeDecodeError:
        return False
    return True


def _finish(text: str, codec: str) -> tuple[str, str]:
    """Normalise line endings and sanitise decoded text."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return sanitize(text), codec
