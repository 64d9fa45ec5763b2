"""Cutting a long article so its start can be shown first."""

from __future__ import annotations

from tui.model.articles.head import head_cut
from tui.model.articles.markdown import parse_markdown


def article(sections: int = 40) -> str:
    """A long article: a title, then sections with paragraphs, a list and a fenced block."""
    parts = ["# Title\n\nIntro paragraph.\n"]
    for n in range(sections):
        parts.append(
            f"\n## Section {n}\n\n" + "Words in a paragraph. " * 60 + "\n\n- item\n- item\n"
            "\n```\n## not a heading\n```\n"
        )
    return "".join(parts)


def test_short_articles_are_not_cut() -> None:
    """An article under twice the head size is parsed in one go."""
    assert head_cut("# A\n\ntext\n", min_chars=100) is None


def test_cut_is_before_a_heading_and_the_start_parses_like_the_whole() -> None:
    """The blocks of the start are exactly the first blocks of the full parse."""
    body = article()
    found = head_cut(body, min_chars=4000)
    assert found is not None
    cut, level = found
    assert cut >= 4000 and level == 2
    assert body[cut:].startswith("## Section")
    start = parse_markdown(body[:cut]).blocks
    assert parse_markdown(body).blocks[: len(start)] == start


def test_never_cuts_inside_a_code_fence() -> None:
    """A heading-like line inside a fence is not a place to cut."""
    body = (
        "# T\n\n"
        + "x " * 3000
        + "\n\n```\n"
        + "## inside\n" * 200
        + "```\n\n## Out\n\n"
        + "y " * 9000
    )
    found = head_cut(body, min_chars=3000)
    assert found is not None
    assert body[found[0] :].startswith("## Out")


def test_a_cut_may_fall_before_a_sub_heading() -> None:
    """Any heading after a blank line will do; the start still matches the full parse."""
    body = "## A\n\n" + "w " * 2500 + "\n\n### Sub\n\n" + "v " * 100 + "\n\n## B\n\n" + "z " * 9000
    found = head_cut(body, min_chars=2000)
    assert found is not None
    cut, level = found
    assert body[cut:].startswith("### Sub") and level == 3
    start = parse_markdown(body[:cut]).blocks
    assert parse_markdown(body).blocks[: len(start)] == start
