"""Raw HTML inside Markdown becomes blocks and marks, never source text, and loses no words."""

from __future__ import annotations

import gc

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.articles.blocks import BlockKind, ContainerKind, Mark
from tui.model.articles.markdown import parse_markdown


def _words(source: str) -> str:
    """All block text of `source`, tables' cells included."""
    return " ".join(block.text for block in parse_markdown(source).blocks)


def test_unclosed_and_stray_tags_keep_their_text() -> None:
    """Unclosed, stray and misnested tags change nothing about the words shown."""
    text = _words("<div><p>one <b>two <i>three</b> four</p></span>\n\n<ul><li>five\n")
    assert text.split() == ["one", "two", "three", "four", "five"]


def test_no_tag_or_comment_is_shown() -> None:
    """Neither tags, comments nor script text reach any block."""
    doc = parse_markdown(
        "<div>\n<!-- hidden -->\n<script>var x = 1;</script>\n<p>kept</p>\n</div>\n"
    )
    assert [b.text for b in doc.blocks] == ["kept"]


def test_html_list_left_open_closes_with_its_markdown_container() -> None:
    """An HTML list item left open inside a quote ends with the quote."""
    doc = parse_markdown("> <ul><li>inside\n\nafter\n")
    assert [b.text for b in doc.blocks] == ["inside", "after"]
    assert [c.kind for c in doc.blocks[0].containers] == [ContainerKind.QUOTE, ContainerKind.BULLET]
    assert doc.blocks[1].containers == ()


def test_table_without_header_and_nested_table() -> None:
    """A `td`-only table has no header; a table inside a cell becomes that cell's text."""
    doc = parse_markdown(
        "<table><tr><td>a</td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr>"
        "<tr><td>b</td></tr></table>\n"
    )
    table = doc.blocks[0].table
    assert doc.blocks[0].kind is BlockKind.TABLE and table is not None
    assert table.header == ()
    assert [[c.text for c in row] for row in table.rows] == [["a", "x y"], ["b", ""]]


def test_inline_kbd_and_link() -> None:
    """`<kbd>` marks a key; `<a href>` is a followable link."""
    block = parse_markdown('Press <kbd>Esc</kbd> or <a href="https://x.example">go</a>.\n').blocks[
        0
    ]
    assert [s.text for s in block.spans if Mark.KBD in s.marks] == ["Esc"]
    assert block.links == ("https://x.example",)


_TAGS = st.sampled_from(
    ["<div>", "</div>", "<p>", "<b>", "</b>", "<table>", "<tr>", "<td>", "</td>", "<li>",
     "<ul>", "</ul>", "<details>", "<summary>", "</summary>", "<pre>", "</pre>", "<br>",
     "<blockquote>", "</blockquote>", "<!--", "-->", "&amp;", "\n", "\n\n", " "]
)  # fmt: skip
_WORD = st.sampled_from(["alpha", "beta", "gamma"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_TAGS, _WORD), max_size=40))
def test_any_html_keeps_every_word_outside_comments(parts: list[str]) -> None:
    """Whatever the tags, every word outside a comment is still there, and nothing raises."""
    source = "<div>" + " ".join(parts)
    if "<!--" in source:
        return
    shown = _words(source).split()
    wanted = [p for p in parts if p in ("alpha", "beta", "gamma")]
    for word in ("alpha", "beta", "gamma"):
        assert sum(w.count(word) for w in shown) >= wanted.count(word)


def test_block_tags_inside_a_table_cell_keep_words_apart() -> None:
    """`<hr>`, `<br>` and `<p>` written inside a Markdown table cell never glue words together."""
    doc = parse_markdown("| a | b |\n|---|---|\n| 0.3<hr>0.05 | <p>one</p><p>two</p> |\n")
    table = doc.blocks[0].table
    assert table is not None
    assert [cell.text for cell in table.rows[0]] == ["0.3 0.05", "one two"]


def test_a_name_anchor_does_not_end_a_markdown_link() -> None:
    """An `<a name>` inside a Markdown link leaves the link whole."""
    block = parse_markdown("[text <a name=x></a> more](url)\n").blocks[0]
    assert [s.text for s in block.spans if s.link == 0] == ["text  more"]


def test_reading_html_leaves_no_cycles_for_the_garbage_collector() -> None:
    """The reader starts with the collector held, then freezes what is there: a parse must not
    leave garbage that only the collector could free (it would stay for the whole session)."""
    source = "Press <kbd>q</kbd>.\n\n<div>\n\nText\n\n</div>\n\n<details><summary>S</summary>\n"
    parse_markdown(source)
    gc.collect()
    gc.disable()
    try:
        parse_markdown(source)
        assert gc.collect() == 0
    finally:
        gc.enable()
