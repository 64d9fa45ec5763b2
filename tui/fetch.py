"""Fetching one web page carefully, with the standard library (for `marginalia save`).

Only http and https, a timeout on every wait and a deadline for the whole fetch, a size cap
that stops reading (compressed or not), at most a few redirects (each one checked, none to
another scheme), no cookies and no credentials, and only HTML accepted. Every failure is a
`FetchError` with a code the command line translates into one line.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from tui import __version__

MAX_BYTES = 10 * 1024 * 1024
"""Largest page accepted, after decompression."""
MAX_REDIRECTS = 5
"""Most redirects followed."""
TIMEOUT = 20.0
"""Seconds to wait for a connection or for the next bytes."""
DEADLINE = 90.0
"""Seconds the whole fetch may take."""
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Content types that are web pages."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_HEADERS = {
    "User-Agent": f"Marginalia/{__version__} (terminal article reader)",
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "Accept-Encoding": "gzip, deflate",
}


class FetchProblem(StrEnum):
    """Why a page could not be fetched."""

    BAD_URL = "bad_url"
    SCHEME = "scheme"
    CREDENTIALS = "credentials"
    HTTP_STATUS = "http_status"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    REDIRECT_SCHEME = "redirect_scheme"
    TOO_LARGE = "too_large"
    NOT_HTML = "not_html"
    TIMEOUT = "timeout"
    NETWORK = "network"
    TLS = "tls"
    BROKEN = "broken"


class FetchError(Exception):
    """A page that could not be fetched: a code and a short detail for the message."""

    def __init__(self, code: FetchProblem, detail: str = "") -> None:
        super().__init__(code.value, detail)
        self.code = code
        """What went wrong."""
        self.detail = detail
        """The status, content type, address or network error behind it."""


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched web page."""

    url: str
    """The address it was finally fetched from (after redirects, without a fragment)."""
    data: bytes
    """Its bytes, decompressed."""
    charset: str | None
    """The charset its Content-Type header declared, if any."""


def check_url(url: str) -> str:
    """Return `url` without its fragment if it is an http(s) address fit to fetch; else raise."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(FetchProblem.BAD_URL, url) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(FetchProblem.SCHEME, parts.scheme or url)
    if parts.username is not None or parts.password is not None:
        raise FetchError(FetchProblem.CREDENTIALS)
    if not parts.hostname:
        raise FetchError(FetchProblem.BAD_URL, url)
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchError(FetchProblem.BAD_URL, url) from None
        netloc = host if parts.port is None else f"{host}:{parts.port}"
    # HTTP requests carry ASCII only: other characters in the path and query are %-encoded.
    path = quote(parts.path, safe=_SAFE_PATH) or "/"
    query = quote(parts.query, safe=_SAFE_PATH + "?")
    return urlunsplit(parts._replace(netloc=netloc, path=path, query=query, fragment=""))


def fetch_page(
    url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, deadline: float = DEADLINE
) -> Page:
    """Fetch the web page at `url`; raise FetchError for anything but an HTML page."""
    current = check_url(url)
    opener = _opener()
    end = time.monotonic() + deadline
    for _hop in range(MAX_REDIRECTS + 1):
        request = urllib.request.Request(current, headers=_HEADERS)
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            error.close()
            location = error.headers.get("Location") if error.code in _REDIRECTS else None
            if not location:
                status = f"{error.code} {error.reason}"
                raise FetchError(FetchProblem.HTTP_STATUS, status) from None
            current = _redirect_target(current, location)
            continue
        except Exception as error:
            raise _network_problem(error) from None
        with response:
            return _read_page(response, current, max_bytes, end)
    raise FetchError(FetchProblem.TOO_MANY_REDIRECTS, str(MAX_REDIRECTS))


def _opener() -> urllib.request.OpenerDirector:
    """An opener with no redirect following (done here), no cookies, no authentication.

    Proxies from the environment are honoured, as users behind one expect.
    """
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _redirect_target(current: str, location: str) -> str:
    """The checked address a redirect points to."""
    target = urljoin(current, location.strip())
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(FetchProblem.REDIRECT_SCHEME, scheme or target)
    return check_url(target)


def _read_page(response: http.client.HTTPResponse, url: str, max_bytes: int, end: float) -> Page:
    """Read a response body within the cap and the deadline, and check it is HTML."""
    content_type = response.headers.get("Content-Type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media and media not in HTML_TYPES:
        raise FetchError(FetchProblem.NOT_HTML, media)
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(FetchProblem.TOO_LARGE, length)
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    inflater = _inflater(encoding)
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.read(_CHUNK):
            if time.monotonic() > end:
                raise FetchError(FetchProblem.TIMEOUT)
            if inflater is not None:
                # Never inflate more than the cap allows: a small bomb stays small.
                chunk = inflater.decompress(chunk, max_bytes + 1 - size)
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(FetchProblem.TOO_LARGE, f">{max_bytes}")
            chunks.append(chunk)
        if inflater is not None:
            chunks.append(inflater.flush())
    except FetchError:
        raise
    except zlib.error as error:
        raise FetchError(FetchProblem.BROKEN, str(error)) from None
    except Exception as error:
        raise _network_problem(error) from None
    data = b"".join(chunks)
    if not media and not _looks_like_html(data):
        raise FetchError(FetchProblem.NOT_HTML, "?")
    charset = None
    if ";" in content_type:
        from tui.model.articles.charset import charset_from_header

        charset = charset_from_header(content_type)
    return Page(url, data, charset)


def _inflater(encoding: str) -> zlib._Decompress | None:
    """A decompressor for a Content-Encoding, None for none; raise for one we cannot read."""
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise FetchError(FetchProblem.BROKEN, encoding)


def _looks_like_html(data: bytes) -> bool:
    """Whether a body sent without a content type starts like an HTML document."""
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"))


def _network_problem(error: BaseException) -> FetchError:
    """A FetchError for an exception from the network or the HTTP client."""
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    if isinstance(error, TimeoutError | socket.timeout):
        return FetchError(FetchProblem.TIMEOUT)
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return FetchError(FetchProblem.TLS, getattr(error, "reason", None) or str(error))
    if isinstance(error, http.client.HTTPException):
        return FetchError(FetchProblem.BROKEN, type(error).__name__)
    if isinstance(error, urllib.error.URLError):
        return FetchError(FetchProblem.NETWORK, str(error.reason))
    if isinstance(error, OSError):
        return FetchError(FetchProblem.NETWORK, error.strerror or type(error).__name__)
    if isinstance(error, ValueError):
        return FetchError(FetchProblem.BAD_URL, str(error))
    return FetchError(FetchProblem.NETWORK, type(error).__name__)
