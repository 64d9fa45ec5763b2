"""Tests for the sanitiser that every untrusted string passes before it reaches the screen."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.text import reveal_bidi, sanitize, sanitize_line, sanitize_name

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
        pytest.param(f"unterminated {ESC}]52;c;ZXZpbA==", "unterminated ", id="osc-unterminated"),
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


def test_sanitize_keeps_bidi_in_body_text() -> None:
    """Bidi controls are left in body text (right-to-left prose needs them)."""
    assert sanitize("a\u202eb") == "a\u202eb"


def test_sanitize_name_shows_bidi_override() -> None:
    """A right-to-left override in a name is shown as a visible tag."""
    assert sanitize_name("invoice\u202efdp.exe") == "invoice<U+202E>fdp.exe"


def test_reveal_bidi_tags_every_isolate_and_mark() -> None:
    """Isolates and direction marks are tagged with their code point."""
    assert reveal_bidi("\u2066x\u2069\u200f") == "<U+2066>x<U+2069><U+200F>"


def test_sanitize_name_combines_everything() -> None:
    """A name loses escapes and breaks and shows its bidi controls."""
    assert sanitize_name(f"{ESC}[31mEve\u202e\n\tadmin") == "Eve<U+202E> admin"


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
    assert sanitize_name(sanitize_name(text)) == sanitize_name(text)


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
