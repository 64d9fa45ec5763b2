"""Tests for Markdown to block document conversion.

Fixture cases live in tests/fixtures/markdown: `<case>.md` and its expected dump `<case>.expected`
(front matter split off first, as the reader does; tests/test_cat_fixtures.py checks `<case>.cat`).
Set MARGINALIA_REGENERATE=1 to rewrite the expected dumps after a deliberate change (then review
the diff).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.articles.blocks import BlockKind, Container, ContainerKind, Document, Mark, Span
from tui.model.articles.frontmatter import split_front_matter
from tui.model.articles.markdown import MAX_TABLE_COLUMNS, parse_markdown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "markdown"
CASES = sorted(path.stem for path in FIXTURES.glob("*.md"))
OFFSETS = {"line-offset": 10}
"""Cases parsed with a line offset, as if front matter had been stripped above them."""
REGENERATE = os.environ.get("MARGINALIA_REGENERATE") == "1"
JEKYLL = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "jekyll-posts"
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _container(container: Container) -> str:
    """One container as `quote`, `bullet(•|2)` or, after the item's first block, `bullet(|2)`."""
    if container.kind is ContainerKind.QUOTE:
        return "quote"
    return f"{container.kind.value}({container.marker or ''}|{container.width})"


def _span(span: Span) -> str:
    """One span as its marks, link index and target, and its quoted text."""
    marks = "+".join(sorted(mark.value for mark in span.marks)) or "plain"
    link = f" #{span.link}<{span.href}>" if span.link is not None else ""
    return f"{marks}{link} {json.dumps(span.text, ensure_ascii=False)}"


def dump_document(doc: Document) -> str:
    """A compact, reviewable dump: one line per block, details indented below it."""
    out: list[str] = []
    for block in doc.blocks:
        head = [block.kind.value]
        if block.kind is BlockKind.HEADING:
            head.append(str(block.level))
        if block.language is not None:
            head.append(f"lang={block.language}")
        if block.containers:
            head.append(">".join(_container(c) for c in block.containers))
        head.append(f"[{' › '.join(block.heading_path)}]")
        head.append(f"L{block.lines[0]}-{block.lines[1]}")
        text = "" if block.kind is BlockKind.CODE else f" {block.text}"
        out.append(f"{' '.join(head)} |{text}")
        if block.kind is BlockKind.CODE:
            out.extend(f"    │{line}" for line in block.text.split("\n"))
        plain = len(block.spans) == 1 and not block.spans[0].marks
        if block.spans and not (plain and "\n" not in block.spans[0].text):
            out.extend(f"    span {_span(span)}" for span in block.spans)
        if block.anchors:
            out.append(f"    anchors {' '.join(block.anchors)}")
        if block.table is not None:
            out.append(f"    align {','.join(a or '-' for a in block.table.align)}")
            rows = [("head", block.table.header), *(("row", r) for r in block.table.rows)]
            for name, row in rows:
                cells = " | ".join(cell.text for cell in row)
                out.append(f"    {name} {cells}")
                out.extend(
                    f"      span {_span(span)}" for cell in row for span in cell.spans if span.marks
                )
    out.append(f"headings {list(doc.headings)}")
    return "".join(f"{line.rstrip()}\n" for line in out)


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    """Each fixture parses to its expected dump."""
    split = split_front_matter((FIXTURES / f"{case}.md").read_text(encoding="utf-8"))
    offset = split.body_line + OFFSETS.get(case, 0)
    dump = dump_document(parse_markdown(split.body, line_offset=offset))
    expected = FIXTURES / f"{case}.expected"
    if REGENERATE:
        expected.write_text(dump, encoding="utf-8")
    assert dump == expected.read_text(encoding="utf-8")


def test_every_case_has_an_expectation() -> None:
    """No fixture case is left without its expected dump."""
    assert CASES
    assert [c for c in CASES if not (FIXTURES / f"{c}.expected").exists()] == []


def test_line_offset_shifts_every_block() -> None:
    """The line offset is added to every block's source lines."""
    source = "# A\n\ntext\n\n- item\n"
    plain = parse_markdown(source)
    shifted = parse_markdown(source, line_offset=7)
    assert [(a + 7, b + 7) for a, b in (x.lines for x in plain.blocks)] == [
        x.lines for x in shifted.blocks
    ]


def test_link_indexes_restart_in_each_block() -> None:
    """Links are numbered from 0 within each block and listed in order."""
    doc = parse_markdown("[a](x) [b](y)\n\n[c](z)\n")
    assert [b.links for b in doc.blocks] == [("x", "y"), ("z",)]
    assert [s.link for s in doc.blocks[0].spans if s.link is not None] == [0, 1]


def test_image_inside_link_follows_the_link() -> None:
    """A linked image (a badge) shares the enclosing link rather than pointing at the picture."""
    block = parse_markdown("[![build](badge.svg)](https://ci.example)\n").blocks[0]
    assert block.links == ("https://ci.example",)
    assert block.text == "🖼 build"


def test_wide_table_is_cut_with_an_ellipsis_cell() -> None:
    """A 500-column table keeps 64 columns and marks the cut with a final ellipsis cell."""
    header = "|" + "|".join(f"h{i}" for i in range(500)) + "|"
    rule = "|" + "|".join("---" for _ in range(500)) + "|"
    row = "|" + "|".join(str(i) for i in range(500)) + "|"
    table = parse_markdown(f"{header}\n{rule}\n{row}\n").blocks[0].table
    assert table is not None
    assert len(table.header) == MAX_TABLE_COLUMNS + 1 == len(table.rows[0])
    assert len(table.align) == MAX_TABLE_COLUMNS + 1
    assert (table.header[-1].text, table.rows[0][-1].text) == ("…", "…")
    assert table.rows[0][MAX_TABLE_COLUMNS - 1].text == str(MAX_TABLE_COLUMNS - 1)


def test_long_table_keeps_every_row() -> None:
    """A table of 10,000 rows keeps every one of them."""
    source = "|n|\n|-|\n" + "".join(f"|{i}|\n" for i in range(10_000))
    table = parse_markdown(source).blocks[0].table
    assert table is not None
    assert len(table.rows) == 10_000
    assert table.rows[-1][0].text == "9999"


@pytest.mark.parametrize("marker", [">", "- ", "> 1. "])
def test_deep_nesting_keeps_the_text(marker: str) -> None:
    """Five thousand levels of nesting parse without error and the innermost text survives."""
    doc = parse_markdown(marker * 5000 + "deep words\n\nafter\n")
    text = " ".join(block.text for block in doc.blocks)
    assert "deep words" in text
    assert text.endswith("after")


def test_nul_bytes_do_not_reach_the_text() -> None:
    """NUL bytes neither raise nor survive into block or span text."""
    doc = parse_markdown("a\x00b\n\n# \x00\n\n```\n\x00\n```\n")
    assert doc.blocks
    assert all("\x00" not in b.text for b in doc.blocks)
    assert all("\x00" not in s.text for b in doc.blocks for s in b.spans)


def test_megabyte_article_parses_into_many_blocks() -> None:
    """A 1 MB article of mixed constructs parses completely."""
    sentence = "Some *plain* words, a `name` and a [link](https://example.com) in a sentence. "
    paragraph = (sentence * 5).strip()
    chunk = (
        f"## Part\n\n{paragraph}\n{paragraph}\n\n{paragraph}\n\n> {paragraph}\n\n"
        f"- {sentence}\n- {sentence}\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    )
    count = 1_000_000 // len(chunk) + 1
    doc = parse_markdown(chunk * count)
    assert len(doc.blocks) == 8 * count
    assert len(doc.headings) == count
    assert doc.blocks[-1].kind is BlockKind.TABLE


_MARKDOWN_ALPHABET = st.sampled_from(
    [
        *("#", ">", "-", "*", "_", "`", "~", "|", "[", "]", "(", ")", "!", "<", "\\", " "),
        *("\n", "\t", "1.", "a", "b", "ü", "\x1b", "\x00", "\x9b", "\u202e", "&amp;", ":-:"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_MARKDOWN_ALPHABET, max_size=80).map("".join))
def test_any_input_gives_clean_blocks(source: str) -> None:
    """Any input parses, and no block or span text carries a control character."""
    doc = parse_markdown(source, line_offset=3)
    for block in doc.blocks:
        assert not UNSAFE.search(block.text.replace("\n", ""))
        assert "\n" not in block.text or block.kind is BlockKind.CODE
        assert 3 <= block.lines[0] <= block.lines[1]
        for span in block.spans:
            assert span.text and not UNSAFE.search(span.text.replace("\n", ""))
            assert (span.link is not None) == (span.href is not None) == (Mark.LINK in span.marks)
    headings = [i for i, b in enumerate(doc.blocks) if b.kind is BlockKind.HEADING]
    assert list(doc.headings) == headings


_NESTING_MARKERS = st.sampled_from(["> ", ">", "- ", "* ", "1. ", "  "])
_NESTED_LINE = st.tuples(
    st.builds(
        lambda indent, markers, depth: indent + "".join(markers) * depth,
        st.sampled_from(["", "  ", "    "]),
        st.lists(_NESTING_MARKERS, min_size=1, max_size=3),
        st.integers(0, 30),
    ),
    st.sampled_from(["alpha", "beta gamma", "delta", ""]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_NESTED_LINE, min_size=1, max_size=6))
def test_no_word_goes_missing_at_any_depth(lines: list[tuple[str, str]]) -> None:
    """Every word survives however deeply quotes, lists and indents nest around it."""
    doc = parse_markdown("\n".join(markers + words for markers, words in lines))
    text = " ".join(block.text for block in doc.blocks)
    for _, words in lines:
        assert all(word in text for word in words.split())


def _strip_front_matter(text: str) -> tuple[str, int]:
    """Split off a leading `---` front matter block, returning the body and its first line."""
    if text.startswith("---"):
        parts = text.split("\n---", 1)
        if len(parts) == 2:
            head, body = parts
            rest = body.split("\n", 1)[1] if "\n" in body else ""
            return rest, head.count("\n") + 2
    return text, 0


def test_jekyll_corpus_parses() -> None:
    """Every post of the real Jekyll corpus parses into at least one block."""
    if not JEKYLL.is_dir():
        pytest.skip("jekyll corpus not present")
    posts = sorted(JEKYLL.glob("*.markdown")) + sorted(JEKYLL.glob("*.md"))
    assert posts
    for post in posts:
        body, offset = _strip_front_matter(post.read_text(encoding="utf-8", errors="replace"))
        doc = parse_markdown(body, line_offset=offset)
        assert doc.blocks, post.name
        assert doc.blocks[0].lines[0] >= offset, post.name
