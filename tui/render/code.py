"""Code blocks: syntax highlighting on a background panel, long lines wrapped, never cut.

A long line goes on in the next row behind a continuation mark (`↪`), highlighting kept: in code,
line starts carry meaning, so a folded tail must never read as a statement of its own. With
`code_wrap` off, lines are cut at the width instead and the view scrolls the focused block
sideways (`offset`), so every character is still on screen or reachable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tui.model.text import sanitize
from tui.render.inline import crop, make_text
from tui.render.styles import RenderStyles

if TYPE_CHECKING:
    from pygments.lexer import Lexer  # type: ignore[import-untyped]
    from rich.syntax import SyntaxTheme

# Pygments (through rich.syntax) is imported on the first code block, never before the reader's
# first paint: it is among the slowest imports of the app, and many articles have no code.

MAX_HIGHLIGHT_CHARS = 100_000
"""Code longer than this is shown without highlighting, to keep rendering fast."""

TAB_SIZE = 4
"""Columns a tab advances to in code."""

CONTINUATION = "↪ "
"""What a wrapped code line's continuation rows start with."""

_LANGUAGE = re.compile(r"[a-z0-9_+#.\-]{1,40}")
_NOT_HIGHLIGHTED = frozenset({"text", "txt", "plain", "plaintext", "none", "output"})


@lru_cache(maxsize=1)
def _known_aliases() -> frozenset[str]:
    """Return every alias of pygments' built-in lexers (plugins are never searched)."""
    from pygments.lexers import LEXERS  # type: ignore[import-untyped]

    return frozenset(alias for entry in LEXERS.values() for alias in entry[2])


def language_name(language: str | None) -> str | None:
    """Return the known pygments alias a fence's info string names, or None (nothing guessed)."""
    if not language:
        return None
    words = language[:200].strip().split(maxsplit=1)
    if not words:
        return None
    name = words[0].lower().lstrip("{.").rstrip("}")
    if not _LANGUAGE.fullmatch(name) or name in _NOT_HIGHLIGHTED:
        return None
    return name if name in _known_aliases() else None


_LOADED: set[str] = set()
"""Lexer aliases and theme names already loaded (looked up, found or not)."""


@lru_cache(maxsize=128)
def lexer_for(name: str) -> Lexer | None:
    """Return the lexer of a known alias, or None when pygments cannot provide it."""
    from pygments.lexers import get_lexer_by_name

    try:
        lexer: Lexer | None = get_lexer_by_name(name, stripnl=False, ensurenl=True)
    except Exception:  # unknown, or a broken lexer module: no highlighting, not a crash
        lexer = None
    _LOADED.add(name)
    return lexer


def loaded(language: str | None, theme: str | None) -> bool:
    """True when highlighting `language` with `theme` needs nothing more to be loaded."""
    name = language_name(language)
    return (name is None or name in _LOADED) and (theme is None or theme in _LOADED)


def _foreground_theme(name: str) -> SyntaxTheme:
    """A pygments theme's token colours without its background, which the app theme provides."""
    from rich.syntax import PygmentsSyntaxTheme, SyntaxTheme, TokenType

    class ForegroundTheme(SyntaxTheme):
        def __init__(self, name: str) -> None:
            self._inner = PygmentsSyntaxTheme(name)
            self._cache: dict[TokenType, Style] = {}

        def get_style_for_token(self, token_type: TokenType) -> Style:
            """Return the token's style with the background removed."""
            style = self._cache.get(token_type)
            if style is None:
                full = self._inner.get_style_for_token(token_type)
                style = Style(
                    color=full.color,
                    bold=full.bold,
                    italic=full.italic,
                    underline=full.underline,
                )
                self._cache[token_type] = style
            return style

        def get_background_style(self) -> Style:
            """Return no background: the code panel's style shows through."""
            return Style.null()

    return ForegroundTheme(name)


@lru_cache(maxsize=8)
def _theme(name: str) -> SyntaxTheme | None:
    """Return the foreground-only syntax theme of a pygments style name (cached: slow to build)."""
    try:
        theme: SyntaxTheme | None = _foreground_theme(name)
    except Exception:  # an unknown or broken style means no highlighting, not a crash
        theme = None
    _LOADED.add(name)
    return theme


@lru_cache(maxsize=256)
def _code_lines(code: str, language: str | None, theme_name: str | None) -> tuple[Text, ...]:
    """Return the lines of `code`, highlighted when the language and theme allow.

    Cached because lexing is the slow part and does not depend on the width; callers must not
    modify the returned lines.
    """
    sources = code.split("\n")
    # No language, no theme: building a theme is slow, and plain code does not need one.
    theme = _theme(theme_name) if theme_name and language else None
    lexer = lexer_for(language) if theme is not None and language else None
    if lexer is None or theme is None or len(code) > MAX_HIGHLIGHT_CHARS:
        return tuple(make_text(line) for line in sources)
    from rich.syntax import Syntax

    try:
        highlighted = Syntax(code, lexer, theme=theme, tab_size=TAB_SIZE).highlight(code)
    except Exception:  # pygments lexers are third-party code; fall back to plain text
        return tuple(make_text(line) for line in sources)
    lines = list(highlighted.split("\n", allow_blank=True))[: len(sources)]
    for line in lines:
        line.style = ""
        line.end = ""
    while len(lines) < len(sources):
        lines.append(make_text(""))
    return tuple(lines)


def _cut_points(plain: str, first: int, rest: int) -> list[int]:
    """Offsets where `plain` is cut into rows of `first`, then `rest`, cells."""
    points: list[int] = []
    room, used = first, 0
    for index, char in enumerate(plain):
        size = cell_len(char)
        if used and used + size > room:
            points.append(index)
            room, used = rest, 0
        used += size
    return points


def fold(line: Text, width: int, mark: Style) -> list[Text]:
    """Return a code `line` cut into rows of `width` cells, continuation rows after `↪`."""
    plain = line.plain
    if len(plain) <= width and cell_len(plain) <= width:
        return [line]
    rest = max(1, width - cell_len(CONTINUATION))
    bounds = [0, *_cut_points(plain, width, rest), len(plain)]
    rows: list[Text] = []
    for start, end in pairwise(bounds):
        piece = line[start:end]
        if start:
            row = make_text(CONTINUATION, mark)
            row.append_text(piece)
            piece = row
        rows.append(piece)
    return rows


def _scrolled(line: Text, offset: int, width: int) -> Text:
    """Return the part of `line` from cell `offset` on, cut to `width` cells with "…"."""
    if offset:
        points = _cut_points(line.plain, offset, offset)
        line = line[points[0] :] if points else make_text("")
    return crop(line, width)


def render_code(
    text: str, language: str | None, width: int, styles: RenderStyles, offset: int = 0
) -> list[Text]:
    """Return a code block as lines of at most `width` cells on the code background.

    Lines too long wrap, unless `styles.code_wrap` is off: then they are cut, shown from cell
    `offset` on (the view scrolls the focused block sideways).
    """
    code = sanitize(text).rstrip("\n").expandtabs(TAB_SIZE)
    left, right = (2, 0) if styles.plain else (1, 1)
    inner = max(1, width - left - right)
    result: list[Text] = []
    blank = make_text("" if styles.plain else " " * width, styles.code_block)
    if not styles.plain:
        result.append(blank.copy())
    theme_name = None if styles.plain else styles.code_theme
    name = language_name(language)
    if styles.loaded_lexers_only and not loaded(name, theme_name):
        name = None  # plain for now; the view lays the block out again once it is loaded
    for source in _code_lines(code, name, theme_name):
        if styles.code_wrap:
            rows = fold(source, inner, styles.rule)
        else:
            rows = [_scrolled(source, offset, inner)]
        for row in rows:
            out = make_text(" " * left, styles.code_block)
            out.append_text(row)
            if not styles.plain:
                out.pad_right(width - out.cell_len)
            result.append(out)
    if not styles.plain:
        result.append(blank)
    return result


def warm_up(languages: Iterable[str | None], theme: str | None) -> bool:
    """Load the lexers and the theme a document needs (off the event loop: loading is slow).

    Returns True when anything had to be loaded.
    """
    names = {language_name(language) for language in languages} - {None}
    missing: list[str | None] = [name for name in names if not loaded(name, theme)]
    for name in missing:
        if name is not None:
            lexer_for(name)
    # A theme is only needed to highlight: an article without known languages loads none.
    if names and theme and theme not in _LOADED:
        _theme(theme)
        missing.append(theme)
    return bool(missing)
