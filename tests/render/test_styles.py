"""Tests for render styles: theme colours, plain output, and tolerance of bad theme values."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from rich.style import Style

from tui.render.styles import RenderStyles, parse_colour

# Colour variables as Textual's own "textual-dark" and "textual-light" themes produce them.
DARK = {
    "primary": "#0178D4",
    "secondary": "#004578",
    "accent": "#FEA62B",
    "foreground": "#E0E0E0",
    "background": "#121212",
    "text-muted": "auto 60%",
    "text-primary": "#57A5E2",
    "text-secondary": "#5684A5",
    "text-accent": "#FFC473",
    "surface": "#1E1E1E",
    "panel": "#242F38",
    "boost": "#FFFFFF0A",
}
LIGHT = {
    "primary": "#004578",
    "secondary": "#0178D4",
    "accent": "#FEA62B",
    "foreground": "#1F1F1F",
    "background": "#E0E0E0",
    "text-muted": "auto 60%",
    "text-primary": "#002D4F",
    "text-secondary": "#004F8B",
    "text-accent": "#A86D1C",
    "surface": "#D8D8D8",
    "panel": "#D0D0D0",
    "boost": "#00000000",
}


def _styles(styles: RenderStyles) -> dict[str, Style]:
    """The Style fields of `styles` by name."""
    return {
        field.name: getattr(styles, field.name)
        for field in dataclasses.fields(styles)
        if isinstance(getattr(styles, field.name), Style)
    }


def test_light_and_dark_themes_give_different_styles() -> None:
    """Text, headings and the code panel differ between a light and a dark theme."""
    dark = RenderStyles.from_theme(DARK, dark=True)
    light = RenderStyles.from_theme(LIGHT, dark=False)
    for name in ("paragraph", "heading1", "heading2", "code_block", "link"):
        assert getattr(dark, name) != getattr(light, name), name
    assert dark.code_theme != light.code_theme


def test_text_is_readable_on_the_theme_background() -> None:
    """Body text is light on a dark theme and dark on a light theme."""
    dark = RenderStyles.from_theme(DARK, dark=True).paragraph.color
    light = RenderStyles.from_theme(LIGHT, dark=False).paragraph.color
    assert dark is not None and light is not None
    assert sum(dark.get_truecolor()) > 500 > sum(light.get_truecolor())


def test_code_panel_differs_from_background() -> None:
    """The code background is distinct from the theme background."""
    bgcolor = RenderStyles.from_theme(DARK, dark=True).code_block.bgcolor
    assert bgcolor is not None
    assert bgcolor.get_truecolor() != (0x12, 0x12, 0x12)


@pytest.mark.parametrize(
    "garbage",
    [
        {"primary": "nonsense", "foreground": "rgba(1,2)", "background": "#zzz"},
        {"text-muted": "auto 999%", "accent": "rgba(nan, 1, 2, 0.5)", "panel": "rgb(1e999,0,0)"},
        {"foreground": "", "background": "auto", "primary": "#" + "f" * 70},
        {"primary": None, "accent": 42, "foreground": ["#fff"]},
        {},
    ],
)
def test_garbage_theme_values_fall_back(garbage: dict[str, object]) -> None:
    """Unparsable theme values do not raise; the styles still have colours."""
    styles = RenderStyles.from_theme(garbage, dark=True)  # type: ignore[arg-type]
    assert styles.heading1.color is not None
    assert styles.paragraph.color is not None


def test_plain_text_has_no_colour_or_attributes() -> None:
    """Plain styles carry no colour and no attributes at all."""
    styles = RenderStyles.plain_text()
    assert styles.plain
    assert styles.code_theme is None
    assert all(not style for style in _styles(styles).values())


def test_default_styles_follow_dark_flag() -> None:
    """The default styles for dark and light terminals differ."""
    assert RenderStyles.default(dark=True) != RenderStyles.default(dark=False)


def test_styles_never_set_hyperlinks() -> None:
    """No style from a theme emits a terminal hyperlink."""
    for styles in (RenderStyles.default(True), RenderStyles.from_theme(LIGHT, dark=False)):
        assert all(style.link is None for style in _styles(styles).values())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#0178D4", (1, 120, 212)),
        ("#fff", (255, 255, 255)),
        ("#FFFFFF80", (128, 128, 128)),
        ("rgba(255, 0, 0, 0.5)", (128, 0, 0)),
        ("rgb(10,20,30)", (10, 20, 30)),
        ("auto 100%", (255, 255, 255)),
        ("red", (128, 0, 0)),
        ("garbage", None),
        ("rgba(1,2)", None),
    ],
)
def test_parse_colour(value: str, expected: tuple[int, int, int] | None) -> None:
    """Theme colour strings parse to RGB, alpha blended over the background."""
    assert parse_colour(value, (0, 0, 0)) == expected


def test_render_package_does_not_import_textual() -> None:
    """Importing the renderer loads rich but never Textual."""
    root = Path(__file__).resolve().parents[2]
    code = "import sys, tui.render; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]
