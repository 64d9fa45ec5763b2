"""Web pages as articles: charset, the cheap head for the list, the extraction, the format."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tui.model.articles.charset import charset_from_header, decode_html
from tui.model.articles.extract import extract_article
from tui.model.articles.formats import HTML, format_for
from tui.model.articles.library import load_article, scan_folder
from tui.model.articles.page_meta import read_page_meta
from tui.model.articles.saving import slug

BLOG = (FIXTURES / "web" / "blog_de.html").read_text("utf-8")
NEWS = (FIXTURES / "web" / "news_en.html").read_text("utf-8")
TEXT = "„Grüße“ kosten 5 €."


@pytest.mark.parametrize(
    ("data", "declared", "codec"),
    [
        (TEXT.encode("cp1252"), "windows-1252", "cp1252"),
        (TEXT.encode("cp1252"), "iso-8859-1", "cp1252"),
        (TEXT.encode("cp1252"), "utf-8", "cp1252"),
        (TEXT.encode("cp1252"), None, "cp1252"),
        (TEXT.encode("utf-8"), "iso-8859-1", "utf-8"),
        (TEXT.encode("utf-8"), None, "utf-8"),
        (b'<meta charset="windows-1252">' + TEXT.encode("cp1252"), None, "cp1252"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "windows-1252", "utf-8"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), None, "utf-16-le"),
    ],
    ids=[
        "declared",
        "latin1-means-1252",
        "not-really-utf8",
        "sniffed",
        "utf8-mislabelled",
        "utf8",
        "meta",
        "bom-wins",
        "utf16-bom",
    ],
)
def test_declared_and_sniffed_charsets(data: bytes, declared: str | None, codec: str) -> None:
    """Quotes and the euro sign survive whichever way the page names (or misnames) its charset."""
    text, used = decode_html(data, declared)
    assert TEXT in text
    assert used == codec


def test_a_koi8_page_is_read_in_its_declared_charset() -> None:
    """A declared charset other than the usual ones is honoured when the bytes are not UTF-8."""
    words = "Привет, мир"
    text, used = decode_html(
        words.encode("koi8-r"), charset_from_header("text/html; charset=KOI8-R")
    )
    assert (text, used) == (words, "koi8-r")


def test_decoding_sanitises() -> None:
    """Escape sequences in a page never reach the reader."""
    text, _ = decode_html(b"<p>a\x1b]52;c;ZXZpbA==\x07b\x1b[31mc</p>")
    assert text == "<p>abc</p>"


def test_the_head_of_the_seed_shaped_blog() -> None:
    """The only h1 is the title; the byline element gives the name without "von" and the count."""
    meta = read_page_meta(BLOG)
    assert meta.title == "Gemeinschaftsgärten: Ernte mit Nachbarschaft"
    assert meta.author == "Jana Beispielfrau"
    assert (meta.lang, meta.date) == ("de", None)
    assert 250 < meta.word_count < 400


def test_the_head_of_a_news_page() -> None:
    """Open Graph and meta tags give title, author, date, site and address."""
    meta = read_page_meta(NEWS)
    assert meta.title == "Harbour town votes to keep its night ferry"
    assert (meta.author, meta.date) == ("Peter Example", datetime.date(2026, 3, 14))
    assert (meta.lang, meta.site) == ("en-GB", "The Coastline Courier")
    assert meta.canonical == "https://courier.example/news/night-ferry"


def test_json_ld_and_the_title_tag() -> None:
    """JSON-LD names the author and date; the `<title>` loses the site's name."""
    page = """<html><head><title>Ein Bericht | Stadtblatt</title>
    <meta property="og:site_name" content="Stadtblatt">
    <script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",
     "author": [{"@type": "Person", "name": "Ada Muster"}, {"name": "Bo Beispiel"}],
     "datePublished": "2025-12-24T08:00:00+01:00"}]}</script></head>
    <body><h1>Logo</h1><h1>Noch eins</h1><p>Text.</p></body></html>"""
    meta = read_page_meta(page)
    assert meta.title == "Ein Bericht"
    assert meta.author == "Ada Muster, Bo Beispiel"
    assert meta.date == datetime.date(2025, 12, 24)


def test_a_hostile_head_is_sanitised() -> None:
    """Control sequences in titles and names are gone; a profile URL is no author's name."""
    page = (
        '<html lang="de"><head><title>Titel\x1b[2J mit\u202e Trick</title>'
        '<meta property="article:author" content="https://example.org/people/x"></head>'
        "<body><p>x</p></body></html>"
    )
    meta = read_page_meta(page)
    assert meta.title == "Titel mit<U+202E> Trick"
    assert meta.author is None


def test_broken_html_never_raises() -> None:
    """Unclosed tags, stray end tags and broken declarations still give a head."""
    meta = read_page_meta("<html><h1>Nur <b>fett</h1></i></div><!DOCTYPE x<![CDATA[ <p>Text")
    assert meta.title == "Nur fett"


def test_extraction_writes_quotes_nested_quotes_and_absolute_links() -> None:
    """Quotes become `>` blocks (a nested one stays inside); links are absolute; script links go."""
    page = """<html><body><article><h1>Zitate</h1>
    <p>Ein langer einleitender Absatz, damit die Seite wie ein Artikel aussieht und nicht wie
    ein Menü, mit <a href="/mehr">einem Link</a> und <a href="javascript:alert(1)">einem
    Trick</a> darin.</p>
    <blockquote><p>Außen gesagt.</p><blockquote><p>Innen gesagt.</p></blockquote></blockquote>
    <p>Noch ein Absatz danach, ebenfalls lang genug, um als Haupttext zu gelten, mit ein paar
    weiteren Wörtern, die nichts zur Sache tun, aber den Text füllen.</p>
    </article></body></html>"""
    article = extract_article(page, "https://blog.example/artikel/1")
    lines = article.markdown.splitlines()
    assert "> Außen gesagt." in lines
    assert lines.index("> Außen gesagt.") < lines.index("> Innen gesagt.")
    assert lines[0].endswith("[einem Link](https://blog.example/mehr) und einem Trick darin.")
    assert "[einem Link](https://blog.example/mehr)" in article.markdown
    assert "javascript" not in article.markdown


def test_extraction_text_is_sanitised() -> None:
    """An escape sequence written as a character reference does not survive extraction."""
    page = (
        "<html><head><title>T&#27;[31m</title></head><body><article><p>"
        + "Ein Satz mit &#27;]0;Titel&#7; Steuerzeichen. " * 20
        + "</p></article></body></html>"
    )
    article = extract_article(page)
    assert "\x1b" not in article.markdown and "\x07" not in article.markdown
    assert article.title is not None and "\x1b" not in article.title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Gemeinschaftsgärten: Ernte mit Nachbarschaft",
            "gemeinschaftsgaerten-ernte-mit-nachbarschaft",
        ),
        ("Ça coûte 5 €!", "ca-coute-5"),
        ("日本語のみ", "page"),
        (None, "page"),
        ("wort " * 40, ("wort-" * 16).rstrip("-")),
    ],
)
def test_file_names_from_titles(title: str | None, expected: str) -> None:
    """Lower-case ASCII words joined by hyphens, umlauts spelled out, never too long."""
    assert slug(title) == expected


def test_html_files_are_articles_with_their_title_and_author(tmp_path: Path) -> None:
    """.html and .htm are listed through the registry with the page's title and author."""
    assert format_for(".HTML") is HTML and format_for(".htm") is HTML
    (tmp_path / "blog.htm").write_text(BLOG, "utf-8")
    (tmp_path / "news.html").write_bytes(NEWS.encode("utf-8"))
    (tmp_path / "alt.html").write_bytes(
        "<title>Grüße</title><p>„Zitat“ für 3 €</p>".encode("cp1252")
    )
    found = {a.relpath: a for a in scan_folder(tmp_path)}
    assert found["blog.htm"].title == "Gemeinschaftsgärten: Ernte mit Nachbarschaft"
    assert found["blog.htm"].author == "Jana Beispielfrau"
    assert found["news.html"].date == datetime.date(2026, 3, 14)
    assert ("source", "https://courier.example/news/night-ferry") in found["news.html"].extra
    assert (found["alt.html"].title, found["alt.html"].encoding) == ("Grüße", "cp1252")


def test_an_html_article_opens_with_its_headings_and_quote(tmp_path: Path) -> None:
    """The document holds the sub-headings and the quote, not the title again or the chrome."""
    (tmp_path / "blog.html").write_text(BLOG, "utf-8")
    [article] = scan_folder(tmp_path)
    loaded = load_article(tmp_path, article)
    assert loaded.problem is None
    kinds = [(b.kind.value, b.text[:30]) for b in loaded.document.blocks]
    headings = [text for kind, text in kinds if kind == "heading"]
    assert headings == ["Ertrag ist nicht alles", "Was ein Garten zusammenhält"]
    quoted = [b for b in loaded.document.blocks if b.containers]
    assert quoted and quoted[0].text.startswith("„Die Pflege der Beete")
    text = " ".join(b.text for b in loaded.document.blocks)
    assert "Zurück" not in text and "Cookies" not in text


def test_scripts_styles_and_comments_hold_no_words_but_json_ld_and_saved_from_count() -> None:
    """What the list skips (script, style, svg, comments) still yields JSON-LD and the address."""
    page = (
        "<!-- saved from url=(0031)https://zeitung.example/bericht -->\n<html><head>"
        "<style>p { color: red }</style><!-- <title>Falsch</title> -->"
        "<script>var title = '<h1>Auch falsch</h1>';</script></head><body>"
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Richtig",'
        ' "author": "Ida Muster"}</script><svg><text>Grafik</text></svg>'
        "<p>Drei echte Wörter.</p><SCRIPT>nie geschlossen <h1>Dahinter</h1> viele Wörter"
    )
    meta = read_page_meta(page)
    assert (meta.title, meta.author) == ("Richtig", "Ida Muster")
    assert meta.canonical == "https://zeitung.example/bericht"
    assert meta.word_count == 3


def test_many_unclosed_scripts_are_read_in_one_pass() -> None:
    """Thousands of script openings without an end cost one pass, not one pass each."""
    meta = read_page_meta("<h1>Titel</h1><p>Text</p>" + "<script>" * 50_000)
    assert (meta.title, meta.word_count) == ("Titel", 2)


def test_preformatted_text_keeps_its_lines_as_a_code_block() -> None:
    """A `<pre>` (read as a quotation by the library) stays a code block, lines and indents kept."""
    page = (
        "<html><body><h1>Gedicht</h1><p>Ein Absatz vorweg, lang genug für den Haupttext der"
        " Seite und ihre Erkennung als Artikel.</p><pre>Erste Zeile\n   eingerückt\nDritte"
        " Zeile</pre><blockquote><p>Ein Zitat\n    über zwei Zeilen.</p></blockquote></body></html>"
    )
    markdown = extract_article(page).markdown
    assert (
        "```\nErste Zeile\n   eingerückt\nDritte Zeile\n```\n\n> Ein Zitat über zwei Zeilen."
        in markdown
    )
