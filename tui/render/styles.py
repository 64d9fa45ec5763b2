"""Styles the renderer draws with, built from a Textual theme's colours or from defaults.

This module reads colour strings only; it never imports Textual, so `cat` can use it too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rich.color import Color, ColorParseError
from rich.color_triplet import ColorTriplet
from rich.style import Style

RGB = tuple[int, int, int]

_HEX = re.compile(r"#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_FUNCTION = re.compile(r"rgba?\(\s*([^)]*)\)", re.IGNORECASE)
_AUTO = re.compile(r"auto(?:\s+(\d{1,3}(?:\.\d+)?)%)?", re.IGNORECASE)

# Fallbacks when a theme omits or garbles a variable: Textual's own default themes.
_DARK_DEFAULTS: dict[str, str] = {
    "primary": "#0178D4",
    "secondary": "#004578",
    "accent": "#FEA62B",
    "foreground": "#E0E0E0",
    "background": "#121212",
    "text-primary": "#57A5E2",
    "text-secondary": "#5684A5",
    "text-accent": "#FFC473",
    "success": "#4EBF71",
    "warning": "#FFA62B",
    "error": "#BA3C5B",
    "text-muted": "auto 60%",
}
_LIGHT_DEFAULTS: dict[str, str] = {
    "primary": "#004578",
    "secondary": "#0178D4",
    "accent": "#FEA62B",
    "foreground": "#1F1F1F",
    "background": "#E0E0E0",
    "text-primary": "#002D4F",
    "text-secondary": "#004F8B",
    "text-accent": "#A86D1C",
    "success": "#2E7D32",
    "warning": "#B36B00",
    "error": "#B3261E",
    "text-muted": "auto 60%",
}
_NULL = Style.null()
_DARK_CODE_THEME = "monokai"
_LIGHT_CODE_THEME = "friendly"


@dataclass(frozen=True, slots=True)
class RenderStyles:
    """Rich styles and settings for every part of a rendered article."""

    heading1: Style = _NULL
    """Level-1 heading text."""
    heading2: Style = _NULL
    """Level-2 heading text."""
    heading3: Style = _NULL
    """Level-3 heading text."""
    heading4: Style = _NULL
    """Level-4 heading text."""
    heading5: Style = _NULL
    """Level-5 heading text."""
    heading6: Style = _NULL
    """Level-6 heading text."""
    heading1_rule: Style = _NULL
    """The full-width `═` line under a level-1 heading."""
    heading2_rule: Style = _NULL
    """The `─` underline of a level-2 heading."""
    paragraph: Style = _NULL
    """Body text outside quotes."""
    quote: Style = _NULL
    """Body text inside block quotes."""
    quote_bar: Style = _NULL
    """The `▌` bar in front of quoted lines."""
    list_marker: Style = _NULL
    """Bullets and item numbers."""
    code_block: Style = _NULL
    """Code block text and its background panel."""
    code_theme: str | None = None
    """Pygments theme for code highlighting, or None for no highlighting."""
    inline_code: Style = _NULL
    """Code spans inside text."""
    emphasis: Style = _NULL
    """Emphasised (`*…*`) text."""
    strong: Style = _NULL
    """Strong (`**…**`) text."""
    strike: Style = _NULL
    """Struck-through (`~~…~~`) text."""
    link: Style = _NULL
    """Link text (never a terminal hyperlink)."""
    table_header: Style = _NULL
    """Table header cells."""
    table_border: Style = _NULL
    """Table box lines."""
    rule: Style = _NULL
    """Thematic breaks and notes such as "more rows"."""
    alerts: tuple[Style, ...] = ()
    """Bar and title of the alerts note, tip, important, warning and caution, in that order."""
    kbd: Style = _NULL
    """Keys (`<kbd>`)."""
    highlight: Style = _NULL
    """Highlighted (`<mark>`) text."""
    plain: bool = False
    """True for output without colour (piped `cat`): no backgrounds, no padding to full width."""
    code_wrap: bool = True
    """Wrap long code lines (behind a `↪` mark); off, they are cut and scroll sideways."""
    more_rows: str = "… {n} more rows"
    """Line under a table cut short; `{n}` becomes the number of rows left out (translatable)."""
    thousands: str = ","
    """Thousands separator of the UI language, for the numbers the renderer writes."""
    loaded_lexers_only: bool = False
    """Highlight code only with lexers loaded already; other code shows plain until they are
    (loading one takes tens of milliseconds, too long for the event loop)."""

    @classmethod
    def plain_text(cls) -> RenderStyles:
        """Return styles without any colour or attribute, for piped output."""
        return cls(plain=True)

    @classmethod
    def default(cls, dark: bool = True) -> RenderStyles:
        """Return the default colour styles for a dark or light terminal."""
        return cls.from_theme(_DARK_DEFAULTS if dark else _LIGHT_DEFAULTS, dark)

    @classmethod
    def from_theme(cls, variables: Mapping[str, str], dark: bool) -> RenderStyles:
        """Build styles from a Textual theme's CSS variables, ignoring values that do not parse."""
        defaults = _DARK_DEFAULTS if dark else _LIGHT_DEFAULTS
        fallback_bg = parse_colour(defaults["background"], (0, 0, 0)) or (0, 0, 0)
        background = _pick(variables, ("background",), fallback_bg) or fallback_bg
        fallback_fg = parse_colour(defaults["foreground"], background) or (128, 128, 128)
        foreground = _pick(variables, ("foreground", "text"), background) or fallback_fg

        def colour(*names: str) -> RGB:
            found = _pick(variables, names, background)
            if found is None:
                found = _pick(defaults, names, background)
            return found if found is not None else foreground

        primary = colour("primary")
        text_primary = colour("text-primary", "primary")
        text_accent = colour("text-accent", "accent")
        text_secondary = colour("text-secondary", "secondary")
        accent = colour("accent")
        muted = _pick(variables, ("text-muted",), background) or blend(background, foreground, 0.6)
        code_bg = blend(background, foreground, 0.08 if dark else 0.07)

        return cls(
            heading1=_style(text_primary, bold=True),
            heading2=_style(text_accent, bold=True),
            # Each level differs at a glance: colour first, then bold, italic and underline.
            heading3=_style(text_secondary, bold=True),
            heading4=_style(foreground, bold=True, underline=True),
            heading5=_style(foreground, bold=True, italic=True),
            heading6=_style(muted, italic=True),
            heading1_rule=_style(primary),
            heading2_rule=_style(blend(background, text_accent, 0.6)),
            paragraph=_style(foreground),
            quote=_style(blend(foreground, text_primary, 0.3), italic=True),
            quote_bar=_style(primary),
            list_marker=_style(accent, bold=True),
            code_block=_style(foreground, bgcolor=code_bg),
            code_theme=_DARK_CODE_THEME if dark else _LIGHT_CODE_THEME,
            inline_code=_style(text_accent, bgcolor=code_bg),
            emphasis=Style(italic=True),
            strong=Style(bold=True),
            strike=Style(strike=True),
            link=_style(text_primary, underline=True),
            table_header=_style(text_primary, bold=True),
            table_border=_style(muted),
            rule=_style(muted),
            # Note, tip, important (GitHub's purple: between blue and red), warning, caution.
            alerts=tuple(
                _style(rgb, bold=True)
                for rgb in (
                    text_primary,
                    colour("success"),
                    blend(text_primary, colour("error"), 0.5),
                    colour("warning", "accent"),
                    colour("error"),
                )
            ),
            kbd=_style(foreground, bgcolor=blend(background, foreground, 0.2), bold=True),
            highlight=_style(background, bgcolor=accent),
            plain=False,
        )


def _style(
    colour: RGB,
    *,
    bgcolor: RGB | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
) -> Style:
    """Return a rich Style with a truecolor foreground (and background)."""
    return Style(
        color=Color.from_triplet(_triplet(colour)),
        bgcolor=Color.from_triplet(_triplet(bgcolor)) if bgcolor is not None else None,
        bold=bold,
        italic=italic,
        underline=underline,
    )


def _triplet(rgb: RGB) -> ColorTriplet:
    """Return `rgb` as a rich colour triplet."""
    return ColorTriplet(*rgb)


def _pick(variables: Mapping[str, str], names: tuple[str, ...], background: RGB) -> RGB | None:
    """Return the first of `names` whose value parses as a colour."""
    for name in names:
        value = variables.get(name)
        if isinstance(value, str):
            parsed = parse_colour(value, background)
            if parsed is not None:
                return parsed
    return None


def blend(base: RGB, other: RGB, amount: float) -> RGB:
    """Return `base` moved `amount` (0-1) of the way towards `other`."""
    amount = min(1.0, max(0.0, amount))
    r, g, b = (round(x + (y - x) * amount) for x, y in zip(base, other, strict=True))
    return (r, g, b)


def _contrast(background: RGB) -> RGB:
    """Return black or white, whichever reads better on `background`."""
    r, g, b = background
    luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    return (0, 0, 0) if luminance > 0.5 else (255, 255, 255)


def parse_colour(value: str, background: RGB) -> RGB | None:
    """Return the colour `value` describes (alpha blended over `background`), or None."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    text = value.strip()
    match = _HEX.fullmatch(text)
    if match:
        digits = match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits)
        rgb: RGB = (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
        alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
        return blend(background, rgb, alpha)
    match = _FUNCTION.fullmatch(text)
    if match:
        return _parse_function(match.group(1), background)
    match = _AUTO.fullmatch(text)
    if match:
        percent = float(match.group(1)) if match.group(1) else 100.0
        return blend(background, _contrast(background), percent / 100)
    try:
        triplet = Color.parse(text).get_truecolor()
    except (ColorParseError, ValueError, TypeError):
        return None
    return (triplet.red, triplet.green, triplet.blue)


def _parse_function(arguments: str, background: RGB) -> RGB | None:
    """Return the colour of an `rgb(…)`/`rgba(…)` argument list, or None."""
    parts = [part.strip() for part in arguments.split(",")]
    if len(parts) not in (3, 4):
        return None
    try:
        channels = [min(255, max(0, round(float(part)))) for part in parts[:3]]
        alpha = 1.0
        if len(parts) == 4:
            raw = parts[3]
            alpha = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except (ValueError, OverflowError):
        return None
    if alpha != alpha:  # NaN
        return None
    return blend(background, (channels[0], channels[1], channels[2]), alpha)
