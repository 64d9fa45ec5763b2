"""Code blocks: syntax highlighting on a background panel, long lines cropped.

Long lines are cropped with "…" rather than wrapped: in code, indentation and line starts carry
meaning, and a folded tail at column 0 would read as a statement of its own. The full text stays
in the block for search and copying.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pygments.lexer import Lexer  # type: ignore[import-untyped]
from pygments.lexers import LEXERS, get_lexer_by_name  # type: ignore[import-untyped]
from rich.style import Style
from rich.syntax import PygmentsSyntaxTheme, Syntax, SyntaxTheme, TokenType
from rich.text import Text

from tui.model.text import sanitize
from tui.render.inline import crop, make_text
from tui.render.styles import RenderStyles

MAX_HIGHLIGHT_CHARS = 100_000
"""Code longer than this is shown without highlighting, to keep rendering fast."""

TAB_SIZE = 4
"""Columns a tab advances to in code."""

_LANGUAGE = re.compile(r"[a-z0-9_+#.\-]{1,40}")
_NOT_HIGHLIGHTED = frozenset({"text", "txt", "plain", "plaintext", "none", "output"})


@lru_cache(maxsize=1)
def _known_aliases() -> frozenset[str]:
    """Return every alias of pygments' built-in lexers (plugins are never searched)."""
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


class _ForegroundTheme(SyntaxTheme):
    """A pygments theme's token colours without its background, which the app theme provides."""

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


@lru_cache(maxsize=8)
def _theme(name: str) -> SyntaxTheme | None:
    """Return the foreground-only syntax theme of a pygments style name (cached: slow to build)."""
    try:
        theme: SyntaxTheme | None = _ForegroundTheme(name)
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


def render_code(text: str, language: str | None, width: int, styles: RenderStyles) -> list[Text]:
    """Return a code block as lines of at most `width` cells on the code background."""
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
    for line in _code_lines(code, name, theme_name):
        line = crop(line, inner)
        out = make_text(" " * left, styles.code_block)
        out.append_text(line)
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
    missing = [language for language in set(languages) if not loaded(language, theme)]
    for language in missing:
        name = language_name(language)
        if name is not None:
            lexer_for(name)
    if theme and theme not in _LOADED:
        _theme(theme)
        missing.append(theme)
    return bool(missing)
