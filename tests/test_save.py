"""`marginalia save`: pages served on 127.0.0.1 saved as Markdown articles, and every failure."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.web_pages import PageServer, Route, serving
from tui.cli import main
from tui.fetch import FetchError, FetchProblem, fetch_page
from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.discussion import Discussion, Group
from tui.model.comments.store import ArticleRef, CommentStore

BLOG = (FIXTURES / "web" / "blog_de.html").read_bytes()
NEWS = (FIXTURES / "web" / "news_en.html").read_bytes()
BLOG_ID = "gemeinschaftsgaerten-ernte-mit-nachbarschaft"
# Written for these tests in Windows-1252: „“, € and umlauts are single bytes there.
CP1252_PAGE = """<html><head>{meta}<title>Preise für Brötchen</title></head><body><article>
<h1>Preise für Brötchen</h1>
<p>Die Bäckerei am Markt verlangt seit Montag 0,60 € für ein Brötchen. „Das ist der erste
Aufschlag seit drei Jahren“, sagt die Inhaberin, die das Mehl inzwischen deutlich teurer
einkauft als im vergangenen Herbst.</p>
<p>Viele Kundinnen und Kunden zeigen Verständnis, manche kaufen nun lieber ein ganzes Brot,
das länger hält und am Ende günstiger ist als zehn einzelne Brötchen am Morgen.</p>
</article></body></html>"""


@pytest.fixture
def pages() -> Iterator[PageServer]:
    """A web server on 127.0.0.1 serving the test pages, stopped after the test."""
    with serving() as server:
        server.page("/blog", BLOG)
        server.page("/news", NEWS)
        yield server


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight to the test server, whatever the environment says."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def save(
    target: str, folder: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    """Run `marginalia save TARGET --into FOLDER`; return status, stdout and stderr."""
    status = main(["save", target, "--into", str(folder), *extra])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def front_and_body(path: Path) -> tuple[dict[str, object], str]:
    """A saved file's front matter (parsed) and its body."""
    text = path.read_text("utf-8")
    assert text.startswith("---\n")
    front, _, body = text[4:].partition("\n---\n")
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data, body


def listing(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, hidden ones too, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_german_blog_page_becomes_a_markdown_article(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Title, author and language in the front matter; headings, quote and text, no page chrome."""
    status, out, err = save(pages.url("/blog"), tmp_path, capsys)
    assert (status, out) == (0, f"{BLOG_ID}\n")
    assert "saved as" in err
    front, body = front_and_body(tmp_path / f"{BLOG_ID}.md")
    assert front["title"] == "Gemeinschaftsgärten: Ernte mit Nachbarschaft"
    assert front["author"] == "Jana Beispielfrau"
    assert front["lang"] == "de"
    assert front["source"] == pages.url("/blog")
    assert "date" not in front  # the page states none; "© 2026" is not a publication date
    assert str(front["saved"]).endswith("+00:00")
    assert list(front) == ["title", "author", "lang", "source", "saved"]
    lines = body.splitlines()
    assert "## Ertrag ist nicht alles" in lines
    assert "## Was ein Garten zusammenhält" in lines
    assert any(line.startswith("> „Die Pflege der Beete") for line in lines)
    assert "**Gibt es in Ihrer Nachbarschaft einen Ort" in body
    for chrome in (
        "Zurück",
        "Einen Kommentar schreiben",
        "Cookies",
        "Alle akzeptieren",
        "Startseite",
        "Neueste Beiträge",
        "Impressum",
        "Kommentare: 0",
        "# Gemeinschaftsgärten",
    ):
        assert chrome not in body


def test_an_english_news_page_keeps_its_author_date_list_table_and_links(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The author meta tag and the publication date reach the front matter."""
    status, out, _err = save(pages.url("/news"), tmp_path, capsys)
    assert status == 0
    front, body = front_and_body(tmp_path / f"{out.strip()}.md")
    assert out.strip() == "harbour-town-votes-to-keep-its-night-ferry"
    assert front["title"] == "Harbour town votes to keep its night ferry"
    assert front["author"] == "Peter Example"
    assert str(front["date"]) == "2026-03-14"
    assert front["lang"] == "en-GB"
    assert "- fares for residents stay at the current level, and" in body
    assert "| 2024 | 41,200 | £310,000 |" in body
    assert "[the new timetable](https://courier.example/timetable)" in body
    assert '> "Night workers, nurses and students' in body
    assert "```\nferry --route night --from 23:40\n```" in body
    for chrome in ("Related stories", "Share this article", "Sport", "Copyright"):
        assert chrome not in body


def test_the_saved_article_lists_and_prints_with_its_title_and_author(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed id is what `marginalia cat` takes; the byline shows the author."""
    _status, out, _err = save(pages.url("/blog"), tmp_path, capsys)
    [article] = scan_folder(tmp_path)
    assert (article.id, article.author, article.lang) == (out.strip(), "Jana Beispielfrau", "de")
    assert main(["cat", out.strip(), "--content", str(tmp_path), "--width", "80"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Gemeinschaftsgärten: Ernte mit Nachbarschaft\n")
    assert "by Jana Beispielfrau" in printed
    assert "▌ „Die Pflege der Beete" in printed


@pytest.mark.parametrize(
    ("content_type", "meta"),
    [
        ("text/html; charset=windows-1252", ""),
        ("text/html; charset=ISO-8859-1", ""),
        ("text/html", '<meta charset="windows-1252">'),
        ("text/html", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
        ("text/html", ""),
        ("text/html; charset=utf-8", ""),
    ],
    ids=["header", "header-latin1", "meta", "http-equiv", "sniffed", "wrongly-utf8"],
)
def test_a_windows_1252_page_keeps_its_quotes_and_euro_sign(
    pages: PageServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content_type: str,
    meta: str,
) -> None:
    """Declared in the header, in a meta tag, or not at all (or wrongly): „“ and € survive."""
    url = pages.page("/1252", CP1252_PAGE.format(meta=meta).encode("cp1252"), content_type)
    status, out, _err = save(url, tmp_path, capsys)
    assert (status, out) == (0, "preise-fuer-broetchen\n")
    front, body = front_and_body(tmp_path / "preise-fuer-broetchen.md")
    assert front["title"] == "Preise für Brötchen"
    assert "0,60 € für ein Brötchen. „Das ist der erste" in " ".join(body.split())


def test_a_utf8_page_sent_as_latin_1_reads_as_utf8(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server's wrong default charset loses to bytes that are plainly UTF-8."""
    url = pages.page("/mislabelled", BLOG, "text/html; charset=ISO-8859-1")
    assert save(url, tmp_path, capsys)[0] == 0
    front, _body = front_and_body(tmp_path / f"{BLOG_ID}.md")
    assert front["title"] == "Gemeinschaftsgärten: Ernte mit Nachbarschaft"


def _endless() -> Iterable[bytes]:
    yield b"<html><body><p>"
    chunk = b"Immer weiter. " * 4096
    for _ in range(12 * 1024 * 1024 // len(chunk)):
        yield chunk


def _failures(server: PageServer) -> dict[str, tuple[str, str]]:
    """Failing addresses and the words their one-line message must contain."""
    server.routes["/big"] = Route(
        200,
        {"Content-Type": "text/html", "Content-Length": str(11 * 1024 * 1024)},
        lambda: [b"<html>" + b" " * (11 * 1024 * 1024 - 6)],
    )
    server.routes["/endless"] = Route(200, {"Content-Type": "text/html"}, _endless)
    server.page("/pdf", b"%PDF-1.7\n", "application/pdf")
    server.redirect("/loop", "/loop")
    server.redirect("/to-file", "file:///etc/passwd")
    server.page("/empty", b"<html><head><title>Nichts</title></head><body></body></html>")
    return {
        "404": (server.url("/missing"), "the server answered 404"),
        "redirect loop": (server.url("/loop"), "more than 5 redirects"),
        "redirect to file": (server.url("/to-file"), "redirected to a file address"),
        "size cap": (server.url("/big"), "larger than 10 MB"),
        "size cap while streaming": (server.url("/endless"), "larger than 10 MB"),
        "pdf": (server.url("/pdf"), "not a web page (content type application/pdf)"),
        "no text": (server.url("/empty"), "no article text"),
        "ftp": ("ftp://127.0.0.1/page.html", "only http and https"),
        "credentials": (server.url("/blog").replace("//", "//anna:geheim@"), "password"),
        "closed port": ("http://127.0.0.1:9/page", "cannot reach the server"),
        "neither": ("nowhere/page.html", "neither an http(s) address nor a file"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "404",
        "redirect loop",
        "redirect to file",
        "size cap",
        "size cap while streaming",
        "pdf",
        "no text",
        "ftp",
        "credentials",
        "closed port",
        "neither",
    ],
)
def test_every_failure_is_one_line_status_2_and_leaves_the_folder_as_it_was(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    """Nothing is written (not even a temporary file), and the message names the cause."""
    url, words = _failures(pages)[case]
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "kept.md").write_text("# Schon da\n\nEin Artikel.\n", "utf-8")
    before = listing(folder)
    status, out, err = save(url, folder, capsys)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("marginalia save: ")
    assert words in err
    assert listing(folder) == before


def test_a_missing_folder_is_not_created_when_the_page_fails(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--into` a new folder makes it only once there is an article to put in it."""
    assert save(pages.url("/missing"), tmp_path / "neu", capsys)[0] == 2
    assert not (tmp_path / "neu").exists()
    assert save(pages.url("/blog"), tmp_path / "neu", capsys)[0] == 0
    assert [p.name for p in (tmp_path / "neu").iterdir()] == [f"{BLOG_ID}.md"]


def test_up_to_five_redirects_are_followed(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Five hops reach the page; the page's source stays the address asked for."""
    for hop in range(5):
        pages.redirect(f"/hop{hop}", f"/hop{hop + 1}" if hop < 4 else pages.url("/blog"))
    status, out, _err = save(pages.url("/hop0"), tmp_path, capsys)
    assert (status, out) == (0, f"{BLOG_ID}\n")
    assert front_and_body(tmp_path / f"{BLOG_ID}.md")[0]["source"] == pages.url("/hop0")


def test_no_cookie_or_credentials_are_sent(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cookie set on the way is not sent back; no Authorization header ever goes out."""
    pages.routes["/login"] = Route(302, {"Location": "/blog", "Set-Cookie": "sid=geheim; Path=/"})
    assert save(pages.url("/login"), tmp_path, capsys)[0] == 0
    assert len(pages.seen) == 2
    for headers in pages.seen:
        assert not {"Cookie", "Authorization"} & set(headers)
        assert headers["User-Agent"].startswith("Marginalia/")


def test_a_compressed_page_is_read(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A gzip-encoded answer is decompressed (within the size cap)."""
    pages.routes["/gz"] = Route(
        200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(NEWS)
    )
    status, out, _err = save(pages.url("/gz"), tmp_path, capsys)
    assert (status, out) == (0, "harbour-town-votes-to-keep-its-night-ferry\n")


def test_saving_again_updates_the_article_and_its_comments_stay(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same source: the same file is rewritten, the id is the same, the comment still anchors."""
    save(pages.url("/blog"), tmp_path, capsys)
    [article] = scan_folder(tmp_path)
    document = load_article(tmp_path, article).document
    index = next(i for i, b in enumerate(document.blocks) if b.text.startswith("Menschen, die"))
    store = CommentStore(tmp_path / ".comments")
    ref = ArticleRef(article.id, article.relpath, article.title)
    store.add(
        ref, new_comment("Anna", "So ist es bei uns auch.", anchor=make_anchor(document, index))
    )
    changed = BLOG.replace(b"Der eigentliche Gewinn", b"Der wahre Gewinn")
    pages.page("/blog", changed)
    status, out, err = save(pages.url("/blog") + "#kommentare", tmp_path, capsys)
    assert (status, out) == (0, f"{BLOG_ID}\n")
    assert "updated" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [".comments", f"{BLOG_ID}.md"]
    [again] = scan_folder(tmp_path)
    loaded = load_article(tmp_path, again)
    assert any("Der wahre Gewinn" in b.text for b in loaded.document.blocks)
    discussion = Discussion.build(loaded.document, store.load(again.id).comments)
    [entry] = discussion.entries()
    assert entry.group is Group.BLOCK
    assert loaded.document.blocks[entry.block or 0].text.startswith("Menschen, die")


def test_another_page_with_the_same_title_gets_its_own_file(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No clobbering: a different address with the same title becomes `…-2`."""
    pages.page("/copy", BLOG)
    (tmp_path / f"{BLOG_ID}.txt").write_text("Ein Text mit dem Namen.\n", "utf-8")
    assert save(pages.url("/blog"), tmp_path, capsys)[1] == f"{BLOG_ID}-2\n"
    assert save(pages.url("/copy"), tmp_path, capsys)[1] == f"{BLOG_ID}-3\n"
    assert (tmp_path / f"{BLOG_ID}.txt").read_text("utf-8") == "Ein Text mit dem Namen.\n"


def test_a_page_saved_by_a_browser_is_saved_from_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`save FILE.html`: the canonical address is its source, else the file's own address."""
    status, out, _err = save(str(FIXTURES / "web" / "news_en.html"), tmp_path, capsys)
    assert status == 0
    front, _body = front_and_body(tmp_path / f"{out.strip()}.md")
    assert front["source"] == "https://courier.example/news/night-ferry"
    status, out, _err = save(str(FIXTURES / "web" / "blog_de.html"), tmp_path, capsys)
    front, body = front_and_body(tmp_path / f"{out.strip()}.md")
    assert front["source"] == (FIXTURES / "web" / "blog_de.html").resolve().as_uri()
    assert "## Ertrag ist nicht alles" in body


def test_a_slow_server_times_out(pages: PageServer) -> None:
    """A server that stops sending is given up on (it would finish after 2 s)."""

    def slow() -> Iterable[bytes]:
        yield b"<html><body>"
        time.sleep(2)
        yield b"</body></html>"

    pages.routes["/slow"] = Route(200, {"Content-Type": "text/html"}, slow)
    with pytest.raises(FetchError) as caught:
        fetch_page(pages.url("/slow"), timeout=0.3)
    assert caught.value.code is FetchProblem.TIMEOUT


def test_a_page_larger_than_the_cap_stops_being_read(pages: PageServer) -> None:
    """Reading stops at the cap: the whole endless page is never taken in."""
    pages.routes["/endless"] = Route(200, {"Content-Type": "text/html"}, _endless)
    with pytest.raises(FetchError) as caught:
        fetch_page(pages.url("/endless"), max_bytes=100_000)
    assert caught.value.code is FetchProblem.TOO_LARGE


def test_german_messages(
    pages: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one line is in the interface language."""
    status, _out, err = save(pages.url("/missing"), tmp_path, capsys, "--lang", "de")
    assert status == 2
    assert "der Server antwortete 404" in err


def test_cat_prints_an_html_page_with_its_title_and_author(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`marginalia cat page.html` shows the page's own title and byline, then its article."""
    page = tmp_path / "seite.html"
    page.write_bytes(BLOG)
    assert main(["cat", str(page), "--width", "80"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "Gemeinschaftsgärten: Ernte mit Nachbarschaft"
    assert printed[2].startswith("by Jana Beispielfrau · ")
    assert "Ertrag ist nicht alles" in printed
    assert not any("Zurück" in line for line in printed)
