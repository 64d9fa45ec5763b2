"""Tests for rendering blocks to lines: layout at a fixed width, compared as plain text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Span as RichSpan
from rich.text import Text

from tui.model.articles.blocks import (
    Block,
    BlockKind,
    Cell,
    Container,
    ContainerKind,
    Mark,
    Span,
    Table,
)
from tui.render import RenderStyles, block_gap, render_block, render_document, render_gap
from tui.render.code import render_code
from tui.render.inline import make_text
from tui.render.table import MAX_TABLE_ROWS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "render"
PLAIN = RenderStyles.plain_text()
COLOUR = RenderStyles.default(dark=True)
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
QUOTE = Container(ContainerKind.QUOTE)


def para(text: str, *containers: Container, lines: tuple[int, int] = (0, 0)) -> Block:
    """A paragraph block of one plain span."""
    return Block(BlockKind.PARAGRAPH, text, spans=(Span(text),), containers=containers, lines=lines)


def heading(text: str, level: int) -> Block:
    """A heading block of one plain span."""
    return Block(BlockKind.HEADING, text, spans=(Span(text),), level=level)


def cells(*texts: str) -> tuple[Cell, ...]:
    """A row of plain table cells."""
    return tuple(Cell((Span(t),), t) for t in texts)


def table(header: tuple[Cell, ...], rows: list[tuple[Cell, ...]], align: tuple[str, ...]) -> Block:
    """A table block."""
    return Block(BlockKind.TABLE, "", table=Table(header, tuple(rows), align))


def plain(block: Block, width: int = 60, styles: RenderStyles = PLAIN) -> list[str]:
    """The rendered lines of `block` as plain strings."""
    return [line.plain for line in render_block(block, width, styles)]


def test_h1_is_underlined_with_double_rule_across_the_width() -> None:
    """A level-1 heading is its text over a full-width "═" line."""
    assert plain(heading("Ein Titel", 1), 30) == ["Ein Titel", "═" * 30]


def test_h2_is_underlined_to_its_text_width() -> None:
    """A level-2 heading is underlined with "─" as wide as its text."""
    assert plain(heading("Abschnitt", 2)) == ["Abschnitt", "─────────"]


def test_h3_and_below_have_no_underline() -> None:
    """Levels 3 to 6 are a single line of text."""
    for level in (3, 4, 5, 6):
        assert plain(heading("Klein", level)) == ["Klein"]


def test_long_heading_wraps_and_underline_spans_widest_line() -> None:
    """A wrapped level-2 heading is underlined as wide as its widest line."""
    lines = plain(heading("Eine sehr lange Überschrift mit vielen Wörtern", 2), 20)
    assert lines == ["Eine sehr lange", "Überschrift mit", "vielen Wörtern", "─" * 15]


def test_heading_levels_differ_in_style() -> None:
    """Headings of levels 1 to 4 get different styles in colour."""
    styles = {str(render_block(heading("X", level), 40, COLOUR)[0].style) for level in (1, 2, 3, 4)}
    assert len(styles) == 4


def test_paragraph_wraps_words_at_width() -> None:
    """Words wrap at the width, without trailing spaces."""
    lines = plain(para("eins zwei drei vier fünf sechs sieben acht neun zehn"), 20)
    assert lines == ["eins zwei drei vier", "fünf sechs sieben", "acht neun zehn"]


def test_long_word_is_folded_not_overflowing() -> None:
    """A URL longer than the width is folded across lines."""
    url = "https://example.com/" + "a" * 50
    lines = plain(para(f"see {url}"), 20)
    assert lines[0] == "see"
    assert "".join(lines[1:]) == url
    assert all(cell_len(line) <= 20 for line in lines)


def test_hard_break_starts_new_line() -> None:
    """A newline inside a paragraph starts a new visual line."""
    assert plain(para("erste Zeile\nzweite Zeile")) == ["erste Zeile", "zweite Zeile"]


def test_nested_quotes_get_one_bar_per_level() -> None:
    """Each enclosing quote adds a "▌ " bar on every line."""
    lines = plain(para("ein Zitat das umbrechen muss", QUOTE, QUOTE), 20)
    assert lines == ["▌ ▌ ein Zitat das", "▌ ▌ umbrechen muss"]


def test_quote_text_uses_quote_style() -> None:
    """Quoted text is drawn in the quote style, the bar in the bar style."""
    line = render_block(para("Zitat", QUOTE), 40, COLOUR)[0]
    assert line.spans[0].style == COLOUR.quote_bar
    assert COLOUR.quote in {span.style for span in line.spans}


def test_ordered_list_hang_indent_with_right_aligned_numbers() -> None:
    """An item's number is right-aligned in its indent; wrapped lines hang under the text."""
    item = Container(ContainerKind.ORDERED, "9.", 4)
    lines = plain(para("neun Wörter die über die Zeile hinaus gehen", item), 24)
    assert lines == [" 9. neun Wörter die über", "    die Zeile hinaus", "    gehen"]


def test_nested_list_item_indents_inside_outer_item() -> None:
    """A nested bullet sits in the outer item's indent; later blocks of an item get no marker."""
    outer_later = Container(ContainerKind.ORDERED, None, 3)
    inner = Container(ContainerKind.BULLET, "◦", 2)
    assert plain(para("innen und noch mehr", outer_later, inner), 16) == [
        "   ◦ innen und",
        "     noch mehr",
    ]
    assert plain(para("zweiter Absatz", outer_later), 40) == ["   zweiter Absatz"]


def test_list_in_quote_keeps_bar_and_indent() -> None:
    """Quote bars come before list markers, outermost container first."""
    item = Container(ContainerKind.BULLET, "•", 2)
    assert plain(para("eins zwei drei", QUOTE, item), 14) == ["▌ • eins zwei", "▌   drei"]


def test_deep_nesting_never_exceeds_width() -> None:
    """Fifty nested quotes are cropped so text still fits the width."""
    lines = plain(para("Text " * 20, *([QUOTE] * 50)), 30)
    assert all(cell_len(line) <= 30 for line in lines)
    assert "Text" in lines[0]


def test_code_block_plain_is_indented_tab_expanded_and_wrapped() -> None:
    """Plain code is indented by two, tabs expand to four columns, long lines go on after "↪"."""
    block = Block(BlockKind.CODE, "if x:\n\treturn 1\n" + "y = " + "1" * 40 + "\n")
    assert plain(block, 24) == [
        "  if x:",
        "      return 1",
        "  y = " + "1" * 18,
        "  ↪ " + "1" * 20,
        "  ↪ " + "1" * 2,
    ]


def test_wrapped_code_keeps_every_character_and_its_highlighting() -> None:
    """A 300-character line at width 40 is all there, and its continuation rows keep colours."""
    code = "x = '" + "abcdefghij" * 29 + "abcd'"
    lines = render_block(Block(BlockKind.CODE, code, language="python"), 40, COLOUR)
    assert all(line.cell_len == 40 for line in lines)
    shown = "".join(line.plain[1:].rstrip().removeprefix("↪ ") for line in lines[1:-1])
    assert shown == code
    string_colours = {str(s.style.color) for s in lines[3].spans if isinstance(s.style, Style)}
    assert len(string_colours) >= 2  # the mark's and the string's


def test_code_without_wrapping_is_cut_and_scrolls_sideways() -> None:
    """With code_wrap off a long line is one row, cut with "…", shown from the offset given."""
    styles = RenderStyles(plain=True, code_wrap=False)
    block = Block(BlockKind.CODE, "0123456789" * 5)
    assert plain(block, 22, styles) == ["  0123456789012345678…"]
    lines = render_code(block.text, None, 22, styles, offset=45)
    assert [line.plain for line in lines] == ["  56789"]


def test_code_block_colour_is_a_full_width_panel() -> None:
    """In colour, every code line is exactly the width, on the code background."""
    block = Block(BlockKind.CODE, "print('hi')\n\nx = 1", language="python")
    lines = render_block(block, 30, COLOUR)
    assert [line.cell_len for line in lines] == [30] * 5
    assert all(line.style == COLOUR.code_block for line in lines)


def test_known_language_is_highlighted() -> None:
    """Python code gets token colours beyond the panel's own style."""
    block = Block(BlockKind.CODE, "def f():\n    return 1", language="python")
    line = render_block(block, 40, COLOUR)[1]
    colours = {str(span.style.color) for span in line.spans if isinstance(span.style, Style)}
    assert len(colours) >= 2


@pytest.mark.parametrize(
    "language",
    ["no-such-language", "python\x1b[31m", "../../etc/passwd", "a" * 500, "<script>", ""],
)
def test_unknown_or_hostile_language_is_plain_text(language: str) -> None:
    """An unknown or hostile language name renders the code unhighlighted, without error."""
    block = Block(BlockKind.CODE, "def f():\n    return 1", language=language)
    line = render_block(block, 40, COLOUR)[1]
    assert line.plain.strip() == "def f():"
    assert all(span.style == COLOUR.code_block for span in line.spans) or not line.spans


def test_table_alignment_and_header_rule() -> None:
    """Columns honour left, right and centre alignment under a box-drawn header."""
    block = table(
        cells("Name", "Wert", "Mitte"),
        [cells("a", "1", "x"), cells("bbb", "12345", "yy")],
        ("left", "right", "center"),
    )
    assert plain(block) == [
        "╭──────┬───────┬───────╮",
        "│ Name │  Wert │ Mitte │",
        "├──────┼───────┼───────┤",
        "│ a    │     1 │   x   │",
        "│ bbb  │ 12345 │  yy   │",
        "╰──────┴───────┴───────╯",
    ]


def test_table_wraps_cell_text_to_fit_width() -> None:
    """A long cell wraps inside its column so the table fits the width."""
    block = table(cells("Wort", "Erklärung"), [cells("Tee", "ein heißes Getränk aus Blättern")], ())
    assert plain(block, 30) == [
        "╭──────┬─────────────────────╮",
        "│ Wort │ Erklärung           │",
        "├──────┼─────────────────────┤",
        "│ Tee  │ ein heißes Getränk  │",
        "│      │ aus Blättern        │",
        "╰──────┴─────────────────────╯",
    ]


def test_table_too_wide_is_stacked_and_keeps_every_column() -> None:
    """A table that cannot fit is drawn as "column: value" lines, rows between rules."""
    header = cells(*(f"Spalte{i}" for i in range(30)))
    rows = [cells(*(str(i) for i in range(30))), cells(*(str(i * 2) for i in range(30)))]
    lines = plain(table(header, rows, ()), 40)
    assert all(cell_len(line) <= 40 for line in lines)
    assert lines[:2] == ["Spalte0: 0", "Spalte1: 1"]
    assert lines[29] == "Spalte29: 29"
    assert lines[30] == "─" * 40
    assert lines[-1] == "Spalte29: 58"


def test_narrow_columns_shrink_before_the_table_is_stacked() -> None:
    """Six columns of long cells at width 60 all stay in the box, their cells wrapped."""
    header = cells(*(f"c{i}" for i in range(6)))
    lines = plain(table(header, [cells(*("word " * 3 for _ in range(6)))], ()), 60)
    assert lines[0].startswith("╭") and all(cell_len(line) <= 60 for line in lines)
    assert all(f"c{i}" in lines[1] for i in range(6))
    assert lines[3].count("word") == 6 and len(lines) == 7  # three rows of wrapped words


def test_huge_table_is_capped_with_more_rows_line() -> None:
    """A 50,000-row table draws the first rows and says how many were left out."""
    rows = [cells(f"r{i}", "x") for i in range(50_000)]
    lines = plain(table(cells("a", "b"), rows, ()), 60)
    assert lines[-1] == f"… {50_000 - MAX_TABLE_ROWS:,} more rows"
    assert len(lines) == MAX_TABLE_ROWS + 5


def test_more_rows_label_is_configurable() -> None:
    """The "more rows" line uses the styles' translatable label."""
    styles = RenderStyles(plain=True, more_rows="… {n} weitere Zeilen")
    rows = [cells("x")] * (MAX_TABLE_ROWS + 3)
    assert plain(table(cells("a"), rows, ()), 40, styles)[-1] == "… 3 weitere Zeilen"


def test_table_of_500_columns_fits_width() -> None:
    """A 500-column table stays within the width."""
    header = cells(*(f"h{i}" for i in range(500)))
    lines = plain(table(header, [cells(*("v" * 20 for _ in range(500)))], ()), 80)
    assert all(cell_len(line) <= 80 for line in lines)


def test_rule_is_full_width() -> None:
    """A thematic break is a "─" line across the width."""
    assert plain(Block(BlockKind.RULE, ""), 25) == ["─" * 25]


def _segments(line: Text) -> list[tuple[str, Style | None]]:
    """The rendered segments of one line."""
    console = Console(width=200, file=io.StringIO(), color_system="truecolor")
    return [(seg.text, seg.style) for seg in line.render(console)]


def test_links_carry_meta_and_no_hyperlink() -> None:
    """Link runs carry meta {"link": index} and never a terminal hyperlink."""
    spans = (
        Span("siehe "),
        Span("hier", frozenset({Mark.LINK}), href="https://a.example", link=0),
        Span(" und "),
        Span("dort", frozenset({Mark.LINK, Mark.STRONG}), href="https://b.example", link=1),
    )
    block = Block(BlockKind.PARAGRAPH, "siehe hier und dort", spans=spans)
    for styles in (PLAIN, COLOUR):
        line = render_block(block, 60, styles)[0]
        found = {text: style.meta.get("link") for text, style in _segments(line) if style}
        assert found["hier"] == 0
        assert found["dort"] == 1
        assert all(style is None or style.link is None for _, style in _segments(line))


def test_escape_sequences_never_reach_output() -> None:
    """Control characters in spans, cells, markers and code are dropped."""
    nasty = "a\x1b]8;;http://evil\x07b\x1b[2Jc\x9bd\x07\x00"
    blocks = [
        Block(BlockKind.PARAGRAPH, nasty, spans=(Span(nasty),)),
        Block(BlockKind.CODE, nasty, language="python"),
        table(cells(nasty), [cells(nasty)], ()),
        para("x", Container(ContainerKind.BULLET, "\x1b[31m•", 3)),
    ]
    for styles in (PLAIN, COLOUR):
        for line in render_document(blocks, 40, styles):
            assert not UNSAFE.search(line.plain)


def test_width_below_minimum_is_clamped() -> None:
    """Widths under ten render as ten."""
    assert plain(Block(BlockKind.RULE, ""), 3) == ["─" * 10]


def test_gaps_between_blocks() -> None:
    """No gap first or inside a tight list, two before h1/h2, one otherwise."""
    item = Container(ContainerKind.BULLET, "•", 2)
    first = para("a", item, lines=(0, 1))
    assert block_gap(None, first) == 0
    assert block_gap(first, para("b", item, lines=(1, 2))) == 0
    assert block_gap(first, para("b", item, lines=(2, 3))) == 1
    assert block_gap(first, heading("H", 2)) == 2
    assert block_gap(first, heading("H", 3)) == 1
    assert block_gap(heading("H", 1), para("p")) == 1


def test_gap_inside_quote_keeps_the_bar() -> None:
    """The blank line between two quoted paragraphs shows the shared bar."""
    gap = render_gap(para("a", QUOTE), para("b", QUOTE, QUOTE), 40, PLAIN)
    assert [line.plain for line in gap] == ["▌"]


def test_render_document_joins_blocks_with_gaps() -> None:
    """A document renders blocks in order with blank lines between them."""
    lines = render_document([heading("T", 2), para("p"), Block(BlockKind.RULE, "")], 12, PLAIN)
    assert [line.plain for line in lines] == ["T", "─", "", "p", "", "─" * 12]


def test_make_text_matches_rich_constructor() -> None:
    """The fast Text factory builds the same Text as rich's constructor."""
    spans = [RichSpan(0, 2, Style(bold=True))]
    for value in ("Grüße", "bell\x07 and\rreturn", ""):
        fast = make_text(value, "italic", list(spans))
        slow = Text(value, style="italic", spans=list(spans), end="")
        assert (fast.plain, fast.style, fast.spans, fast.end) == (
            slow.plain,
            slow.style,
            slow.spans,
            slow.end,
        )


def test_german_sample_headings_and_quote() -> None:
    """The German sample renders title and sub-headings underlined and the quote with bars."""
    from tui.model.articles.markdown import parse_markdown

    source = (FIXTURES / "german-sample.md").read_text(encoding="utf-8")
    lines = [line.plain for line in render_document(parse_markdown(source).blocks, 60, PLAIN)]
    assert lines[:2] == ["Lesen im Terminal: Warum weniger manchmal mehr ist", "═" * 60]
    for title in ("Ruhe statt Reizüberflutung", "Kommentare am Rand"):
        at = lines.index(title)
        assert lines[at + 1] == "─" * len(title)
        assert lines[at - 2 : at] == ["", ""]
    quoted = [line for line in lines if line.startswith("▌")]
    assert quoted == [
        "▌ Ein guter Text braucht keine Dekoration, sondern einen",
        "▌ Leser, der sich Zeit nimmt und am Rand weiterdenkt.",
    ]
    assert lines[-1].endswith("im Terminal?")


_TEXT = st.text(
    alphabet=st.sampled_from(list("ab cdÄß \t\n\x1b[]\x07\x9b世界😀\u0301\u200b-/")),
    max_size=80,
)
_MARKS = st.frozensets(st.sampled_from(list(Mark)), max_size=3)
_SPANS = st.lists(
    st.builds(Span, _TEXT, _MARKS, st.none(), st.one_of(st.none(), st.integers(0, 3))),
    max_size=5,
).map(tuple)
_CONTAINERS = st.lists(
    st.builds(
        Container,
        st.sampled_from(list(ContainerKind)),
        st.one_of(st.none(), st.sampled_from(["•", "10.", "9999999.", "世界", "\x1b"])),
        st.integers(-3, 40),
    ),
    max_size=6,
).map(tuple)
_CELLS = st.lists(st.builds(Cell, _SPANS, _TEXT), max_size=8).map(tuple)


@st.composite
def _blocks(draw: st.DrawFn) -> Block:
    """Random blocks of every kind in random containers."""
    kind = draw(st.sampled_from(list(BlockKind)))
    text = draw(_TEXT)
    return Block(
        kind,
        text,
        spans=draw(_SPANS),
        level=draw(st.integers(-2, 9)),
        containers=draw(_CONTAINERS),
        language=draw(st.one_of(st.none(), st.sampled_from(["python", "c", "zz", text]))),
        table=(
            Table(
                draw(_CELLS),
                tuple(draw(st.lists(_CELLS, max_size=4))),
                tuple(draw(st.lists(st.sampled_from(["left", "right", "center", "x"])))),
            )
            if kind is BlockKind.TABLE
            else None
        ),
    )


@settings(max_examples=150, deadline=None)
@given(block=_blocks(), width=st.integers(10, 120), colour=st.booleans())
def test_no_line_exceeds_width_or_carries_controls(block: Block, width: int, colour: bool) -> None:
    """Any block at any width 10-120 gives lines within the width, without control characters."""
    lines = render_block(block, width, COLOUR if colour else PLAIN)
    assert lines
    for line in lines:
        assert cell_len(line.plain) <= width
        assert "\n" not in line.plain and "\t" not in line.plain
        assert not UNSAFE.search(line.plain)
        assert all(not isinstance(s.style, Style) or s.style.link is None for s in line.spans)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab cdeÄß  世界😀-/.")), max_size=200),
    width=st.integers(10, 50),
)
def test_wrapping_keeps_every_character(text: str, width: int) -> None:
    """Wrapped lines hold all non-space characters of the paragraph, in order."""
    lines = plain(para(text), width)
    assert "".join("".join(line.split()) for line in lines) == "".join(text.split())
    assert all(cell_len(line) <= width for line in lines)


def test_numbers_of_one_list_line_up_past_nine() -> None:
    """Items 9 and 10 of one list share an indent: numbers right-aligned, texts in one column."""
    from tui.model.articles.markdown import parse_markdown

    document = parse_markdown("9. nine and more words here\n10. ten\n")
    lines = [line.plain for line in render_document(document.blocks, 20, RenderStyles.plain_text())]
    assert lines == [" 9. nine and more", "    words here", "10. ten"]
