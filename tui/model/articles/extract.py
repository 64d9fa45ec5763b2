"""A web page's article as Markdown: its main text without the page around it, and its metadata.

trafilatura does the extraction. It scores at or near the top of the open extractors in the
published comparisons (ScrapingHub's article-extraction benchmark; Bevendorff et al., SIGIR
2023), it is maintained and typed, and it keeps the structure we render (headings, lists,
quotes, code, tables, links) in its own small XML vocabulary, plus metadata (title, author,
date, site, canonical address). readability-lxml gives HTML without metadata, jusText only
paragraphs without structure. trafilatura's own Markdown writer escapes text carefully but
writes block quotes as plain paragraphs, so quotes are written here, the rest by its writer.

This module loads trafilatura and lxml (about 0.15 s, more than half of what importing the
reader takes): only `marginalia save` and opening an `.html` article import it, never the
reader's start.
"""

from __future__ import annotations

import datetime
import logging
import re
import secrets
from copy import deepcopy
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from tui.model.articles.frontmatter import parse_date
from tui.model.articles.page_meta import MAX_FIELD, read_page_meta
from tui.model.text import sanitize, sanitize_line

_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_NOT_AROUND_QUOTES = frozenset({"item", "cell", "list", "table", "row"})
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Extraction notes ("empty link", "discarding data") are the library's business, not the
# reader's: without a handler Python would print them on the terminal under the app.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


@dataclass(frozen=True, slots=True)
class WebArticle:
    """The article found in a page: metadata and a Markdown body (all sanitised)."""

    title: str | None
    """Its title."""
    author: str | None
    """Who wrote it."""
    date: datetime.date | None
    """When it was published (only from the page's own statements, never guessed)."""
    lang: str | None
    """Its language tag."""
    site: str | None
    """The site's name."""
    canonical: str | None
    """The page's own address, if it names one."""
    markdown: str
    """The main text as Markdown, without a leading heading that repeats the title."""


def extract_article(html: str, url: str | None = None) -> WebArticle:
    """Extract the article of the page `html`, fetched from `url` (None for a saved file).

    Relative links are resolved against `url`, else the page's canonical address. Raises
    ValueError when the page cannot be parsed at all.
    """
    meta = read_page_meta(html)
    base = url or meta.canonical
    found: dict[str, Any] = {}
    markdown = ""
    try:
        document = _extract(html, url, recall=False) or _extract(html, url, recall=True)
        if document is not None:
            found = {key: getattr(document, key, None) for key in ("title", "author", "date")}
            found["site"] = getattr(document, "sitename", None)
            if document.body is not None:
                markdown = _body_markdown(document.body, base)
        if not markdown.strip():
            # A page the extraction finds no article in (a long <pre>, a list of links) still
            # shows its paragraphs, as the library's own baseline reads them.
            markdown = _body_markdown(trafilatura.baseline(html)[0], base)
    except RecursionError:
        raise
    except Exception as error:  # lxml's own errors (XMLSyntaxError, ParserError, …) among them
        raise ValueError(f"{type(error).__name__}: {error}") from None
    title = _field(found.get("title")) or meta.title
    return WebArticle(
        title=title,
        author=_field(found.get("author")) or meta.author,
        date=parse_date(found.get("date")) if found.get("date") else meta.date,
        lang=meta.lang,
        site=_field(found.get("site")) or meta.site,
        canonical=meta.canonical,
        markdown=_without_title(markdown, title),
    )


def _body_markdown(body: Any, base: str | None) -> str:
    """Markdown for trafilatura's XML body (quotes as `>` blocks, links absolute)."""
    body = deepcopy(body)
    _collapse_spaces(body)
    for ref in body.iter("ref"):
        target = _link(ref.get("target"), base)
        if target is None:
            ref.tag = "hi"  # its text stays, as plain text
            ref.attrib.pop("target", None)
        else:
            ref.set("target", target)
    return sanitize(_markdown(body)).strip() + "\n"


def _collapse_spaces(root: Any) -> None:
    """Fold the source's line breaks and indentation inside text to single spaces (not in code).

    The writer keeps them, and an indented line inside a paragraph reads as layout noise.
    """
    for element in root.iter():
        in_code = element.tag == "code" or any(a.tag == "code" for a in element.iterancestors())
        if element.text and not in_code:
            element.text = _SPACES.sub(" ", element.text)
        # A tail is the parent's text: inside code unless this element is the code itself.
        if element.tail and not (in_code and element.tag != "code"):
            element.tail = _SPACES.sub(" ", element.tail)


def _extract(html: str, url: str | None, *, recall: bool) -> Any:
    """trafilatura's extraction with the settings the reader wants."""
    return trafilatura.bare_extraction(
        _preformatted_as_code(html),
        url=url,
        favor_recall=recall,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=True,
        include_links=True,
        with_metadata=True,
        # Only dates the page states, not a year guessed from a copyright line.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _preformatted_as_code(html: str) -> Any:
    """The page's tree with every `<pre>` holding a `<code>` (or the text, if it is no page).

    trafilatura reads a `<pre>` without code-like text as a quotation and its lines run
    together; preformatted text keeps its lines only as a code block. A fresh tree for each
    extraction, as the extraction prunes the tree it is given.
    """
    tree = load_html(html)
    if tree is None:
        return html
    for pre in tree.iter("pre"):
        if pre.find(".//code") is not None:
            continue
        code = pre.makeelement("code", {})
        code.text, pre.text = pre.text, None
        for child in list(pre):
            code.append(child)
        pre.append(code)
    return tree


def _markdown(root: Any) -> str:
    """Markdown for `root`, with its outermost quotes written as `>` blocks."""
    blocks: dict[str, str] = {}
    # Letters and digits pass the writer's escaping untouched; the random part keeps a page's
    # own text from ever matching a placeholder.
    stamp = secrets.token_hex(8)
    for index, quote in enumerate(_outer_quotes(root)):
        inner = _markdown(quote).strip("\n")
        token = f"Q{stamp}x{index}Q"
        placeholder = quote.makeelement("p", {})
        placeholder.text = token
        placeholder.tail = quote.tail
        quote.getparent().replace(quote, placeholder)
        lines = inner.split("\n") if inner.strip() else []
        blocks[token] = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    text: str = xmltotxt(root, include_formatting=True)
    for token, block in blocks.items():
        text = text.replace(token, f"\n{block}\n")
    return _BLANK_LINES.sub("\n\n", text) if blocks else text


def _outer_quotes(root: Any) -> list[Any]:
    """Quotes below `root` with no quote, list or table between them and `root`."""
    found = []
    for quote in root.iter("quote"):
        if quote is root:
            continue
        parent = quote.getparent()
        while parent is not None and parent is not root:
            if parent.tag == "quote" or parent.tag in _NOT_AROUND_QUOTES:
                break
            parent = parent.getparent()
        else:
            found.append(quote)
    return found


def _link(target: str | None, base: str | None) -> str | None:
    """An absolute http(s) or mailto link, an in-page `#fragment`, or None for anything else."""
    if not target:
        return None
    target = target.strip()
    if target.startswith("#"):
        return target
    if base and urlsplit(base).scheme in ("http", "https"):
        target = urljoin(base, target)
    scheme = urlsplit(target).scheme.lower()
    return target if scheme in _LINK_SCHEMES else None


def _field(value: object) -> str | None:
    """A short, clean, one-line string, or None."""
    if not isinstance(value, str):
        return None
    return sanitize_line(value).strip()[:MAX_FIELD] or None


def _without_title(markdown: str, title: str | None) -> str:
    """`markdown` without a first `# ` heading that repeats the title."""
    first, _, rest = markdown.partition("\n")
    if title and first.startswith("# ") and _same(first[2:], title):
        return rest.lstrip("\n")
    return markdown


def _same(heading: str, title: str) -> bool:
    """Whether a heading says the title (ignoring case, spaces and escapes)."""
    return " ".join(heading.replace("\\", "").casefold().split()) == " ".join(
        title.casefold().split()
    )
