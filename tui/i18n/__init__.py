"""The user's language: English and German catalogues, localised dates and reading times.

Every string the user sees is looked up here. The app picks a language once at start
(`use`) and widgets translate with `t(key, **values)`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from tui.i18n.catalog_de import CATALOG as _DE
from tui.i18n.catalog_en import CATALOG as _EN

LANGUAGES: dict[str, Mapping[str, str]] = {"en": _EN, "de": _DE}
"""Supported UI languages and their catalogues."""

WORDS_PER_MINUTE = 200
"""Reading speed used for the reading time in bylines and the list."""


class Translator:
    """Looks up strings and formats dates in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self._catalog = LANGUAGES[self.lang]

    def __call__(self, key: str, /, **values: object) -> str:
        """Return the string for `key` with `values` filled in (the key itself when unknown)."""
        template = self._catalog.get(key) or _EN.get(key) or key
        if not values:
            return template
        # Counts read as the language writes them: "1,652" in English, "1.652" in German.
        shown = {
            name: self.number(value) if type(value) is int else value
            for name, value in values.items()
        }
        try:
            return template.format(**shown)
        except (KeyError, IndexError, ValueError):
            return template

    def number(self, value: int) -> str:
        """Return `value` with the language's thousands separator ("1,652", "1.652")."""
        return f"{value:,}".replace(",", self("number.thousands"))

    def date(self, value: dt.date | None) -> str:
        """Return `value` as a short localised date ("26.11.2026", "26 Nov 2026")."""
        if value is None:
            return ""
        if self.lang == "de":
            return f"{value.day:02d}.{value.month:02d}.{value.year}"
        month = self("month.short").split()[value.month - 1]
        return f"{value.day} {month} {value.year}"

    def datetime(self, value: dt.datetime) -> str:
        """Return an aware `value` in local time, localised, to the minute."""
        local = value.astimezone()
        return f"{self.date(local.date())} {local.hour:02d}:{local.minute:02d}"

    def reading_time(self, words: int) -> str:
        """Return the reading time for `words` words ("3 min read", "3 Min.")."""
        minutes = max(1, round(words / WORDS_PER_MINUTE))
        return self("reading.minutes", minutes=minutes)

    def comment_count(self, count: int) -> str:
        """Return the byline's comment count ("2 comments", "Kommentare: 2")."""
        key = "comments.count.one" if count == 1 else "comments.count.many"
        return self(key, count=count)


_active = Translator("en")


def use(lang: str) -> Translator:
    """Make `lang` the active language and return its translator."""
    global _active
    _active = Translator(lang)
    return _active


def active() -> Translator:
    """Return the active translator."""
    return _active


def t(key: str, /, **values: object) -> str:
    """Translate `key` in the active language."""
    return _active(key, **values)


def pick_language(requested: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Return the UI language: `requested` if supported, else the locale's, else English.

    The locale is read the way gettext does: LANGUAGE, then LC_ALL, LC_MESSAGES, LANG.
    """
    if requested:
        code = _language_code(requested)
        if code in LANGUAGES:
            return code
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value or value in ("C", "POSIX") or value.startswith("C."):
            continue
        for part in value.split(":"):
            code = _language_code(part)
            if code in LANGUAGES:
                return code
        if name != "LANGUAGE":
            break
    return "en"


def _language_code(value: str) -> str:
    """Return the two-letter language of a locale string such as "de_DE.UTF-8"."""
    return value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
