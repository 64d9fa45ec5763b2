"""Tests for the sanitiser that every untrusted string passes before it reaches the screen."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.text import (
    _NEEDS_WORK,
    MAX_SEQUENCE,
    _plainly_printable,
    sanitize,
    sanitize_line,
    sanitize_tree,
)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls except tab and newline, DEL and C1 controls."""

ESC = "\x1b"
ST = "\x1b\\"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param(f"{ESC}[31mred{ESC}[0m text", "red text", id="csi-colour"),
        pytest.param(f"{ESC}[2J{ESC}[Hafter", "after", id="csi-clear-screen"),
        pytest.param(f"{ESC}]8;;https://evil.example{ST}link{ESC}]8;;{ST}", "link", id="osc8-st"),
        pytest.param(f"{ESC}]8;;https://evil.example\x07link{ESC}]8;;\x07", "link", id="osc8-bel"),
        pytest.param(f"copy{ESC}]52;c;ZXZpbA==\x07 me", "copy me", id="osc52-clipboard"),
        pytest.param(f"{ESC}]0;window title\x07body", "body", id="osc-title"),
        pytest.param(f"a{ESC}Pq#0;2;0;0;0#0~~{ST}b", "ab", id="dcs-sixel"),
        pytest.param("\x9b31mred\x9b0m", "red", id="8bit-csi"),
        pytest.param("\x9d8;;https://evil.example\x9clink", "link", id="8bit-osc"),
        pytest.param("ding\x07dong", "dingdong", id="bel"),
        pytest.param("de\x7fl", "del", id="del"),
        pytest.param("nul\x00byte", "nulbyte", id="nul"),
        pytest.param("back\x08space", "backspace", id="backspace"),
        pytest.param("carriage\rreturn", "carriagereturn", id="carriage-return"),
        pytest.param(
            f"unterminated {ESC}]52;c;ZXZpbA==", "unterminated 52;c;ZXZpbA==", id="osc-unterminated"
        ),
        pytest.param("lone\x9d C1 keeps the rest", "lone C1 keeps the rest", id="lone-c1-osc"),
        pytest.param(f"{ESC}P no terminator\nnext", " no terminator\nnext", id="dcs-unterminated"),
        pytest.param(f"charset{ESC}(B switch", "charset switch", id="two-byte-escape"),
    ],
)
def test_sanitize_removes_terminal_controls(raw: str, clean: str) -> None:
    """Escape sequences and control characters vanish together with their parameters."""
    assert sanitize(raw) == clean


def test_sanitize_keeps_tabs_and_newlines() -> None:
    """Tabs and newlines are layout, not controls, and stay for the caller."""
    assert sanitize("a\tb\nc") == "a\tb\nc"


def test_sanitize_line_flattens_onto_one_line() -> None:
    """Newlines and tabs become single spaces in a one-line string."""
    assert sanitize_line("a title\n\twith  breaks\n") == "a title with breaks"


def test_sanitize_line_also_strips_escapes() -> None:
    """A one-line string is sanitised as well as flattened."""
    assert sanitize_line(f"{ESC}[1mbold{ESC}[0m\nname") == "bold name"


@pytest.mark.parametrize(
    "char",
    [
        "\u202a",
        "\u202e",
        "\u2066",
        "\u2069",
        "\u200b",
        "\u200d",
        "\u200f",
        "\u2028",
        "\u2029",
        "\ufeff",
    ],
)
def test_invisible_and_direction_characters_are_shown_everywhere(char: str) -> None:
    """Bidi controls, zero-width characters, separators and an inner BOM become visible tags."""
    tag = f"<U+{ord(char):04X}>"
    assert sanitize(f"a{char}b") == f"a{tag}b"
    assert sanitize_line(f"a{char}b") == f"a{tag}b"


def test_sanitize_line_shows_bidi_override() -> None:
    """A right-to-left override in a name is shown as a visible tag."""
    assert sanitize_line("invoice\u202efdp.exe") == "invoice<U+202E>fdp.exe"


def test_lone_surrogates_become_replacement_characters() -> None:
    """A lone surrogate (valid in JSON, impossible in UTF-8) is shown as U+FFFD."""
    assert sanitize("a\ud800b\udfff") == "a\ufffdb\ufffd"


def test_a_long_unterminated_sequence_swallows_nothing() -> None:
    """An OSC whose terminator comes after more than the bound keeps all the text after it."""
    body = "x" * (MAX_SEQUENCE + 10)
    assert sanitize(f"{ESC}]0;{body}\x07tail") == f"0;{body}tail"


def test_sanitize_tree_cleans_keys_and_nested_values() -> None:
    """Every string in a parsed JSON or TOML value is sanitised, keys included."""
    tree = {f"k{ESC}[2J": [f"v{ESC}]0;t\x07", {"n": 1, "s": "\u202e"}]}
    assert sanitize_tree(tree) == {"k": ["v", {"n": 1, "s": "<U+202E>"}]}


def test_sanitize_line_combines_everything() -> None:
    """A name loses escapes and breaks and shows its bidi controls."""
    assert sanitize_line(f"{ESC}[31mEve\u202e\n\tadmin") == "Eve<U+202E> admin"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sanitize_leaves_no_control_characters(text: str) -> None:
    """For any string, no C0 control (but tab and newline), DEL or C1 control survives."""
    assert not CONTROL.search(sanitize(text))
    assert not CONTROL.search(sanitize_line(text))
    assert "\n" not in sanitize_line(text)


_ESCAPE_HEAVY = st.text(
    alphabet=st.sampled_from(["\x1b", "\x9b", "\x9d", "\x9c", "\x07", "[", "]", "\\", "P", "m"])
    | st.characters(max_codepoint=0xFF)
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _ESCAPE_HEAVY))
def test_sanitize_is_idempotent(text: str) -> None:
    """Sanitising twice gives the same result as sanitising once."""
    once = sanitize(text)
    assert sanitize(once) == once
    assert sanitize_line(sanitize_line(text)) == sanitize_line(text)
    assert sanitize_line(sanitize_line(text)) == sanitize_line(text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"])))
def test_printable_text_is_unchanged(text: str) -> None:
    """Text made only of printable characters passes through untouched."""
    assert sanitize(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(categories=["L", "M", "N", "P", "S"])))
def test_printable_words_keep_their_line(text: str) -> None:
    """A one-line printable string without spaces is unchanged by sanitize_line."""
    assert sanitize_line(text) == text


_PRINTABLE = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=20)
_WELL_FORMED = st.one_of(
    st.from_regex(r"\x1b\[[0-?]{0,5}[ -/]{0,2}[@-~]", fullmatch=True),
    st.from_regex(r"\x1b[\]PX^_][ -~]{0,20}(\x07|\x1b\\|\x9c)", fullmatch=True),
    st.from_regex(r"[\x90\x98\x9d\x9e\x9f][ -~]{0,20}(\x07|\x1b\\|\x9c)", fullmatch=True),
    # Two-byte escapes, but not the introducers of CSI and string sequences.
    st.from_regex(r"\x1b[ -/]{0,2}[0-OQ-WYZ`-~\\]", fullmatch=True),
)
# Lone controls that cannot start a sequence: C0 (but tab, newline, ESC), DEL, C1 terminators.
_LONE = st.sampled_from(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x1B)] + ["\x7f", "\x9c"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PRINTABLE, st.one_of(_WELL_FORMED, _LONE)), max_size=8), _PRINTABLE)
def test_every_printable_character_outside_a_sequence_survives(
    parts: list[tuple[str, str]], tail: str
) -> None:
    """Removing sequences and lone controls leaves exactly the printable text around them."""
    raw = "".join(text + control for text, control in parts) + tail
    assert sanitize(raw) == "".join(text for text, _ in parts) + tail


@settings(max_examples=300, deadline=None)
@given(
    _PRINTABLE,
    st.sampled_from([f"{ESC}]", f"{ESC}P", f"{ESC}_", "\x9d", "\x90", "\x9e"]),
    _PRINTABLE,
)
def test_an_unterminated_introducer_loses_only_itself(head: str, opener: str, tail: str) -> None:
    """An OSC, DCS or APC that never ends drops its introducer, not the text after it."""
    assert sanitize(head + opener + tail) == head + tail


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_fast_check_never_passes_what_needs_cleaning(text: str) -> None:
    """Whatever the fast printable check lets through is text the sanitiser leaves unchanged."""
    if _plainly_printable(text):
        assert _NEEDS_WORK.search(text) is None
    for char in "\x1b\x9d\u202e\u200b\u2028\ufeff\ud800\x7f":
        assert not _plainly_printable(f"a{char}b")
