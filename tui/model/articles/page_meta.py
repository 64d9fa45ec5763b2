"""What an HTML page says about itself, read cheaply with the standard library for the list.

The article list reads every file of a folder; loading the extraction library (and lxml) for
that would slow down every start. One pass of `html.parser` collects the page's own
statements instead, in the order the extraction library trusts them: Open Graph and
`<meta>` tags, JSON-LD, the page's only `<h1>`, its `<title>` without the site's name, a
byline element ("von NAME (Kommentare: 0)"). Everything returned is sanitised.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from tui.model.articles.frontmatter import parse_date
from tui.model.text import sanitize_line

MAX_FIELD = 300
"""Longest title, author or summary kept."""
MAX_JSON_LD = 64 * 1024
"""Largest JSON-LD block that is read."""

_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "head", "title"})
_NOISE = re.compile(r"<(script|style|svg|noscript|template)\b|<!--", re.IGNORECASE)
_CHROME = frozenset({"nav", "header", "footer", "aside", "form", "button", "select"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_TITLE_SEPARATOR = re.compile(r"^(.+?)\s+[–•·—|⁄*⋆~‹«<›»>:-]\s+(.+)$")
_BYLINE_CLASS = re.compile(r"author|byline|autor|verfasser", re.IGNORECASE)
_BYLINE_START = re.compile(r"^(?:von|by|written by|autor(?:in)?:?|author:?)\s+", re.IGNORECASE)
_BYLINE_END = re.compile(r"\s*[(|·•]|,\s|\s+[-–—]\s|\s+(?:am|on)\s+\d|\s+\d{1,2}\.\s*\d")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(https?://\S+)", re.IGNORECASE)
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")
_ARTICLE_TYPES = frozenset({"article", "newsarticle", "blogposting", "reportagenewsarticle"})


@dataclass(frozen=True, slots=True)
class PageMeta:
    """A page's own statements about itself."""

    title: str | None = None
    """Its title, without the site's name."""
    author: str | None = None
    """Who wrote it."""
    date: datetime.date | None = None
    """When it was published."""
    lang: str | None = None
    """Its language tag ("de", "en-GB")."""
    site: str | None = None
    """The site's name."""
    canonical: str | None = None
    """The page's own address (canonical link, `og:url`, or a browser's "saved from" note)."""
    summary: str | None = None
    """Its description."""
    word_count: int = 0
    """Words of text outside navigation, headers, footers and forms."""


def read_page_meta(html: str) -> PageMeta:
    """Read what `html` says about itself; never raises."""
    reader = _Reader()
    try:
        reader.feed(_without_noise(html, reader))
        reader.close()
    except (AssertionError, ValueError, IndexError):
        # html.parser is tolerant, but a few malformed declarations still raise.
        pass
    return reader.result()


class _Reader(HTMLParser):
    """One pass over a page, keeping what `PageMeta` needs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        """`<meta>` contents by lower-case name or property (the first of each)."""
        self.lang: str | None = None
        """The `<html lang>` attribute."""
        self.canonical: str | None = None
        """The canonical link's target."""
        self.saved_from: str | None = None
        """The address in a browser's "saved from" comment."""
        self.title: list[str] = []
        """The `<title>` text."""
        self.h1: list[str] = []
        """The text of every `<h1>`."""
        self.byline: str | None = None
        """The name in the first byline element that holds one."""
        self.json_ld: list[str] = []
        """The JSON-LD blocks, unparsed."""
        self.words = 0
        """Words outside navigation, headers, footers and forms."""
        self._open: list[str] = []
        self._skip = 0
        self._chrome = 0
        # What is being collected: its kind, the depth it ends at, and its text so far.
        self._capture: tuple[str, int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html" and self.lang is None and values.get("lang"):
            self.lang = values["lang"]
        elif tag == "meta":
            self._read_meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href")
        if tag in _VOID:
            return
        self._open.append(tag)
        if tag in _SKIPPED:
            self._skip += 1
            if tag == "title" and not self.title:
                self._capture = ("title", len(self._open), [])
        elif tag in _CHROME:
            self._chrome += 1
        if self._capture is None and not self._skip:
            if tag == "h1":
                self._capture = ("h1", len(self._open), [])
            elif self.byline is None and _is_byline(values):
                self._capture = ("byline", len(self._open), [])

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._open:
            return
        while self._open:
            closed = self._open.pop()
            if self._capture is not None and len(self._open) < self._capture[1]:
                self._finish_capture()
            if closed in _SKIPPED:
                self._skip -= 1
            elif closed in _CHROME:
                self._chrome -= 1
            if closed == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._capture[2].append(data)
        if not self._skip and not self._chrome:
            self.words += len(data.split())

    def _read_meta(self, values: dict[str, str]) -> None:
        """Keep a `<meta>` tag's content under its name, property or itemprop."""
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        if not key and values.get("http-equiv", "").lower() == "content-language":
            key = "content-language"
        content = values.get("content", "").strip()
        if key and content and key not in self.meta:
            self.meta[key] = content

    def _finish_capture(self) -> None:
        """File the collected text under what was being collected."""
        assert self._capture is not None
        kind, _depth, parts = self._capture
        self._capture = None
        text = "".join(parts)
        if kind == "title":
            self.title.append(text)
        elif kind == "h1":
            self.h1.append(text)
        else:
            self.byline = _clean_byline(text) or None

    def result(self) -> PageMeta:
        """What the pass found, in the order of trust."""
        if self._capture is not None:
            self._finish_capture()
        meta = self.meta
        linked = _json_ld(self.json_ld)
        site = _field(meta.get("og:site_name"))
        h1 = [_field(text) for text in self.h1]
        h1 = [text for text in h1 if text]
        title = (
            _field(meta.get("og:title"))
            or _field(linked.get("headline"))
            or (h1[0] if len(h1) == 1 else None)
            or _field(meta.get("twitter:title") or meta.get("dc.title") or meta.get("title"))
            or _from_title_tag(_field("".join(self.title)), site)
            or (h1[0] if h1 else None)
        )
        author = _author(meta.get("author") or meta.get("article:author"))
        author = author or _author(meta.get("dc.creator") or meta.get("citation_author"))
        author = author or _author(linked.get("author")) or self.byline
        date = None
        for key in ("article:published_time", "og:published_time", "datepublished", "date"):
            date = date or parse_date(meta.get(key))
        date = date or parse_date(linked.get("datePublished"))
        date = date or parse_date(meta.get("dc.date") or meta.get("dcterms.date"))
        lang = _lang(self.lang) or _lang(meta.get("content-language"))
        lang = lang or _lang(linked.get("inLanguage")) or _lang(meta.get("og:locale"))
        canonical = _address(self.canonical) or _address(meta.get("og:url"))
        summary = _field(meta.get("description") or meta.get("og:description"))
        return PageMeta(
            title=title,
            author=author,
            date=date,
            lang=lang,
            site=site,
            canonical=canonical or _address(self.saved_from),
            summary=summary,
            word_count=self.words,
        )


def _without_noise(html: str, reader: _Reader) -> str:
    """`html` without scripts, styles, SVG and comments, which are half of many pages' bytes.

    html.parser is the slow part of reading a page for the list; it need not see what holds no
    words. JSON-LD scripts and a browser's "saved from" comment are handed to `reader` on the
    way. One pass: an element left open takes the rest of the page with it, as in a browser.
    """
    lower = html.lower()
    kept: list[str] = []
    pos = 0
    while (found := _NOISE.search(html, pos)) is not None:
        kept.append(html[pos : found.start()])
        if found[1] is None:
            end = lower.find("-->", found.end())
            body = html[found.end() : end if end >= 0 else len(html)]
            if reader.saved_from is None and (match := _SAVED_FROM.search(body)):
                reader.saved_from = match[1]
            pos = len(html) if end < 0 else end + 3
        else:
            name = found[1].lower()
            end = lower.find(f"</{name}", found.end())
            opened = html.find(">", found.end(), end if end >= 0 else len(html))
            if name == "script" and opened >= 0 and "ld+json" in lower[found.end() : opened]:
                block = html[opened + 1 : end if end >= 0 else len(html)]
                if len(block) <= MAX_JSON_LD:
                    reader.json_ld.append(block)
            closed = html.find(">", end) if end >= 0 else -1
            pos = len(html) if closed < 0 else closed + 1
        kept.append(" ")
    kept.append(html[pos:])
    return "".join(kept)


def _is_byline(values: dict[str, str]) -> bool:
    """Whether an element's attributes mark it as the author's byline."""
    if values.get("rel", "").lower() == "author" or "author" in values.get("itemprop", ""):
        return True
    return bool(_BYLINE_CLASS.search(f"{values.get('class', '')} {values.get('id', '')}"))


def _clean_byline(text: str) -> str:
    """The name in a byline such as "von Jana Muster (Kommentare: 0)"."""
    text = _BYLINE_START.sub("", sanitize_line(text).strip())
    text = _BYLINE_END.split(text, maxsplit=1)[0].strip()
    return text if 0 < len(text) <= 80 and len(text.split()) <= 6 else ""


def _field(value: object) -> str | None:
    """A short, clean, one-line string, or None."""
    if not isinstance(value, str):
        return None
    text = sanitize_line(value).strip()
    return text[:MAX_FIELD] or None


def _author(value: object) -> str | None:
    """An author's name from a meta tag or JSON-LD (a name, a Person, or a list of them)."""
    if isinstance(value, list):
        names = [name for item in value[:10] if (name := _author(item))]
        return _field(", ".join(names)) if names else None
    if isinstance(value, dict):
        return _author(value.get("name"))
    text = _field(value)
    if text is None or text.startswith(("http://", "https://", "/")):
        return None  # `article:author` is often a profile URL, not a name
    return text


def _from_title_tag(title: str | None, site: str | None) -> str | None:
    """The `<title>` without the site's name ("Story | Site" -> "Story")."""
    if title is None:
        return None
    match = _TITLE_SEPARATOR.match(title)
    if match is None:
        return title
    first, second = match[1].strip(), match[2].strip()
    if site and second.casefold() == site.casefold():
        return first
    if site and first.casefold() == site.casefold():
        return second
    return first if "." not in first else title


def _lang(value: str | None) -> str | None:
    """A language tag ("de", "en-GB") from an attribute, or None when it is not one."""
    if not value:
        return None
    tag = value.strip().replace("_", "-")
    return tag if _LANG.fullmatch(tag) else None


def _address(value: str | None) -> str | None:
    """An absolute http(s) address, or None."""
    if not value:
        return None
    text = sanitize_line(value).strip()
    return text if text.startswith(("http://", "https://")) and " " not in text else None


def _json_ld(blocks: list[str]) -> dict[str, Any]:
    """The first article described in the page's JSON-LD blocks, or an empty mapping."""
    for block in blocks:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        for item in _items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                return item
    return {}


def _items(data: object) -> list[dict[str, Any]]:
    """The objects at the top of a JSON-LD block (a list, an `@graph`, or one object)."""
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [i for i in graph if isinstance(i, dict)] if isinstance(graph, list) else [data]
    if isinstance(data, list):
        return [i for i in data if isinstance(i, dict)]
    return []
