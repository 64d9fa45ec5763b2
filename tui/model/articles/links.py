"""What following a link means: another article here, a web page after asking, or nothing."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tui.model.text import sanitize_line

WEB_SCHEMES = ("http", "https", "mailto")
"""Schemes that may open in the browser, after the reader confirms."""
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class LinkKind(StrEnum):
    """Where a link leads."""

    ARTICLE = "article"
    WEB = "web"
    ANCHOR = "anchor"
    REFUSED = "refused"


class Refusal(StrEnum):
    """Why a link is shown but not opened."""

    SCHEME = "scheme"
    OUTSIDE = "outside"
    MISSING = "missing"
    OPTION = "option"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """A classified link."""

    kind: LinkKind
    """Article in the folder, web page, heading in this article, or refused."""
    shown: str
    """The real target, sanitised, for confirmations and messages."""
    relpath: str | None = None
    """For ARTICLE: the article's path relative to the folder (POSIX)."""
    fragment: str | None = None
    """For ARTICLE and ANCHOR: the `#heading` part, decoded."""
    url: str | None = None
    """For WEB: the URL to hand to the browser."""
    refusal: Refusal | None = None
    """For REFUSED: why."""


def classify(href: str, root: Path, current_relpath: str, relpaths: set[str]) -> LinkTarget:
    """Decide what following `href`, written in the article at `current_relpath`, may do.

    `relpaths` are the articles in the folder (POSIX, relative); only those are ever opened.
    """
    shown = sanitize_line(href).strip()
    if not shown:
        return LinkTarget(LinkKind.REFUSED, shown, refusal=Refusal.EMPTY)
    if shown.startswith("-"):
        return LinkTarget(LinkKind.REFUSED, shown, refusal=Refusal.OPTION)
    scheme = _SCHEME.match(shown)
    if scheme and len(scheme.group(1)) > 1:
        if scheme.group(1).lower() in WEB_SCHEMES and _plausible_web(shown):
            url = _as_browsers_read(shown)
            return LinkTarget(LinkKind.WEB, url, url=url)
        return LinkTarget(LinkKind.REFUSED, shown, refusal=Refusal.SCHEME)
    parts = urlsplit(shown)
    fragment = unquote(parts.fragment) or None
    if not parts.path:
        return LinkTarget(LinkKind.ANCHOR, shown, fragment=fragment)
    if parts.netloc or shown.startswith("//"):
        return LinkTarget(LinkKind.REFUSED, shown, refusal=Refusal.SCHEME)
    path = unquote(parts.path)
    if path.startswith("/"):
        return LinkTarget(LinkKind.REFUSED, shown, refusal=Refusal.OUTSIDE)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(current_relpath), path))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return LinkTarget(LinkKind.REFUSED, shown, refusal=Refusal.OUTSIDE)
    if joined not in relpaths:
        return LinkTarget(LinkKind.REFUSED, shown, refusal=Refusal.MISSING)
    return LinkTarget(LinkKind.ARTICLE, shown, relpath=joined, fragment=fragment)


def _plausible_web(url: str) -> bool:
    """A web link the browser gets must have a host (or an address, for mailto) and no spaces."""
    if any(ch.isspace() for ch in url):
        return False
    parts = urlsplit(url)
    if parts.scheme.lower() == "mailto":
        return "@" in parts.path
    return bool(parts.netloc)


@dataclass(frozen=True, slots=True)
class WebAddress:
    """What a reader must see before a web link opens: where it really goes."""

    scheme: str
    """"http", "https" or "mailto", lower case."""
    host: str
    """The host the browser will contact (for mailto, the address's domain), decoded."""
    ascii_host: str | None = None
    """The host's ASCII (IDNA) form, when it differs from `host` (look-alike letters)."""
    port: int | None = None
    """An explicit port, when the address names one."""
    user: str | None = None
    """A user name standing before the host (`bank.example@evil.example`): a classic disguise."""


def web_address(url: str) -> WebAddress:
    """Take apart a web link the way a browser does, for the confirmation that shows it."""
    parts = urlsplit(_as_browsers_read(url))
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        address = unquote(parts.path)
        return WebAddress(scheme, address.rpartition("@")[2].lower())
    host = unquote(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        port = None
    return WebAddress(
        scheme,
        host,
        ascii_host=_ascii_host(host),
        port=port,
        user=unquote(parts.netloc.rpartition("@")[0]) if "@" in parts.netloc else None,
    )


def _as_browsers_read(url: str) -> str:
    """`url` with backslashes before its query as slashes, as browsers read http(s) addresses.

    Otherwise `https://evil.example\\@bank.example` would look like it goes to bank.example
    here while the browser opens evil.example; the normalised form is what is shown and opened.
    """
    if not url.lower().startswith(("http:", "https:")):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:cut].replace("\\", "/") + url[cut:]


def _ascii_host(host: str) -> str | None:
    """The IDNA form of a non-ASCII host, or None when it is ASCII or has no such form."""
    if host.isascii():
        return None
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def slug(text: str) -> str:
    """The GitHub-style anchor of a heading: lower case, spaces to hyphens, punctuation dropped."""
    kept = "".join(ch for ch in text.strip().lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def find_heading(headings: list[tuple[int, str]], fragment: str) -> int | None:
    """The block index of the heading a `#fragment` names (by slug, then by text)."""
    wanted = slug(fragment)
    for index, text in headings:
        if slug(text) == wanted:
            return index
    folded = fragment.strip().casefold()
    for index, text in headings:
        if text.strip().casefold() == folded:
            return index
    return None
