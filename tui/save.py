"""`marginalia save URL|FILE.html`: a web page into the folder as a Markdown article.

The page is fetched (or read), its article extracted, and written under a name made from
its title; the new article's id goes to standard output. Every failure is one line on
standard error and exit status 2, with the folder left as it was.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
from pathlib import Path
from typing import TextIO

from tui.fetch import FetchError, check_url, fetch_page
from tui.i18n import t
from tui.model.articles.charset import decode_html
from tui.model.articles.extract import WebArticle, extract_article
from tui.model.articles.files import FileProblem, FolderProblem, read_text_at
from tui.model.articles.formats import PAGE_MAX_BYTES
from tui.model.articles.saving import PageText, save_page
from tui.model.text import sanitize_line

EXIT_FAILED = 2
"""Exit status for a page that could not be saved."""

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class SaveFailed(Exception):
    """A page that could not be saved, told in one line."""


def save_command(
    target: str,
    folder: Path,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Save the page `target` (an address or a file) into `folder`; return the exit status."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        page = _read_target(target)
        saved = save_page(folder, page, datetime.datetime.now(datetime.UTC))
    except SaveFailed as failure:
        print(sanitize_line(str(failure)), file=err)
        return EXIT_FAILED
    except FolderProblem as problem:
        reason = t(f"error.folder.{problem.code.name}", path=folder, detail=problem.detail)
        print(sanitize_line(reason), file=err)
        return EXIT_FAILED
    except OSError as error:
        reason = error.strerror or type(error).__name__
        print(sanitize_line(t("save.write_failed", path=folder, reason=reason)), file=err)
        return EXIT_FAILED
    key = "save.updated" if saved.updated else "save.saved"
    print(sanitize_line(t(key, path=saved.path)), file=err)
    print(saved.article_id, file=out)
    return 0


def _read_target(target: str) -> PageText:
    """The article of the page at an http(s) address or in a local file."""
    if _SCHEME.match(target):
        return _fetched(target)
    path = Path(target)
    if not path.is_file():
        raise SaveFailed(t("save.no_target", target=target))
    return _from_file(path)


def _fetched(url: str) -> PageText:
    """The article of the page at `url`."""
    try:
        requested = check_url(url)
        page = fetch_page(requested)
    except FetchError as error:
        reason = t(f"save.fetch.{error.code.value}", detail=sanitize_line(error.detail))
        raise SaveFailed(t("save.fetch_failed", url=url, reason=reason)) from None
    text, _codec = decode_html(page.data, page.charset)
    article = _extract(text, page.url, url)
    # The address asked for is the page's identity: asking again finds this article again.
    return _page_text(article, requested)


def _from_file(path: Path) -> PageText:
    """The article of a page saved by a browser at `path`."""
    real = Path(os.path.realpath(path))
    try:
        decoded = read_text_at(real, max_bytes=PAGE_MAX_BYTES, decode=decode_html)
    except FileProblem as error:
        reason = t(f"problem.{error.code.value}", detail=error.detail)
        raise SaveFailed(t("save.file_failed", path=path, reason=reason)) from None
    article = _extract(decoded.text, None, str(path))
    return _page_text(article, article.canonical or real.as_uri())


def _extract(text: str, url: str | None, shown: str) -> WebArticle:
    """The article in a page's text, or SaveFailed when there is none."""
    try:
        article = extract_article(text, url)
    except (ValueError, RecursionError) as error:
        reason = t("save.unparsable", detail=str(error)[:200])
        raise SaveFailed(t("save.fetch_failed", url=shown, reason=reason)) from None
    if not article.markdown.strip():
        raise SaveFailed(t("save.fetch_failed", url=shown, reason=t("save.no_text")))
    return article


def _page_text(article: WebArticle, source: str) -> PageText:
    """What the saved file holds."""
    return PageText(
        title=article.title,
        author=article.author,
        date=article.date,
        lang=article.lang,
        source=source,
        markdown=article.markdown,
    )
