"""Links: which open an article, which a browser (after asking), and which nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.model.articles.links import LinkKind, Refusal, classify, find_heading, slug, web_address

ROOT = Path("/content")
ARTICLES = {"a.md", "blog/b.md", "blog/c.markdown"}


def target(href: str, current: str = "blog/b.md"):  # type: ignore[no-untyped-def]
    """Classify `href` written in `current`."""
    return classify(href, ROOT, current, ARTICLES)


def test_relative_link_to_an_article_with_heading() -> None:
    """A relative path to another article opens it at the named heading."""
    link = target("../a.md#Zweiter%20Teil")
    assert link.kind is LinkKind.ARTICLE
    assert link.relpath == "a.md"
    assert link.fragment == "Zweiter Teil"


def test_sibling_link_without_heading() -> None:
    """A link to a file beside the current one resolves inside its folder."""
    assert target("c.markdown").relpath == "blog/c.markdown"


def test_web_links_need_confirmation_kind() -> None:
    """http, https and mailto links are web links with their real target."""
    assert target("https://example.org/x?y=1").kind is LinkKind.WEB
    assert target("HTTP://example.org").kind is LinkKind.WEB
    assert target("mailto:someone@example.org").kind is LinkKind.WEB


@pytest.mark.parametrize(
    ("href", "why"),
    [
        ("javascript:alert(1)", Refusal.SCHEME),
        ("ssh://host/x", Refusal.SCHEME),
        ("file:///etc/passwd", Refusal.SCHEME),
        ("-x", Refusal.OPTION),
        ("--help", Refusal.OPTION),
        ("../../outside.md", Refusal.OUTSIDE),
        ("../outside.md", Refusal.MISSING),
        ("/etc/passwd", Refusal.OUTSIDE),
        ("missing.md", Refusal.MISSING),
        ("//evil.example/x", Refusal.SCHEME),
        ("https://", Refusal.SCHEME),
        ("", Refusal.EMPTY),
    ],
)
def test_other_links_are_refused(href: str, why: Refusal) -> None:
    """Other schemes, options, paths outside the folder and missing files open nothing."""
    link = target(href)
    assert link.kind is LinkKind.REFUSED
    assert link.refusal is why


def test_shown_target_is_sanitised() -> None:
    """The target shown to the reader carries no escape sequences."""
    assert "\x1b" not in target("https://example.org/\x1b[31mred").shown


def test_fragment_only_is_an_anchor() -> None:
    """A bare #heading stays in the article."""
    link = target("#the-etiquette")
    assert link.kind is LinkKind.ANCHOR and link.fragment == "the-etiquette"


def test_heading_found_by_slug_or_text() -> None:
    """Fragments find headings by GitHub-style slug or by their text."""
    headings = [(3, "The etiquette of the margin"), (9, "Zweiter Teil")]
    assert slug("The etiquette of the margin!") == "the-etiquette-of-the-margin"
    assert find_heading(headings, "the-etiquette-of-the-margin") == 3
    assert find_heading(headings, "Zweiter Teil") == 9
    assert find_heading(headings, "nowhere") is None


DISGUISE = "www.bank.example-" + "x" * 3000


@pytest.mark.parametrize(
    ("url", "host", "user"),
    [
        ("https://example.org/x", "example.org", None),
        (
            "https://www.bank.example-" + "x" * 3000 + "@evil.example/pay",
            "evil.example",
            "www.bank.example-" + "x" * 3000,
        ),
        ("https://evil.example\\@bank.example/", "evil.example", None),
        ("https://%62ank.example/", "bank.example", None),
        ("mailto:anna@Example.org?subject=x", "example.org", None),
    ],
)
def test_web_address_names_the_host_a_browser_contacts(
    url: str, host: str, user: str | None
) -> None:
    """The host and any user name before it are read as a browser reads the address."""
    address = web_address(url)
    assert (address.host, address.user) == (host, user)


def test_web_address_gives_the_ascii_form_of_a_look_alike_host() -> None:
    """A host with non-ASCII letters is also shown in the form the browser sends."""
    assert web_address("https://bücher.example/").ascii_host == "xn--bcher-kva.example"


def test_a_web_link_is_opened_as_browsers_read_it() -> None:
    """Backslashes before the query become slashes in what is shown and opened."""
    target = classify("https://evil.example\\@bank.example/?q=a\\b", Path("/r"), "a.md", set())
    assert target.url == "https://evil.example/@bank.example/?q=a\\b"
