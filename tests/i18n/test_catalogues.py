"""The English and German catalogues: same keys, same placeholders, every key used exists."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from tui.i18n import LANGUAGES, Translator, pick_language
from tui.model.articles.files import FolderProblemCode, ProblemCode
from tui.model.articles.links import Refusal
from tui.model.comments.store import ErrorCode
from tui.model.session.settings import ProblemCode as SettingsProblemCode

TUI = Path(__file__).resolve().parents[2] / "tui"
LITERAL_KEY = re.compile(r"""\bt\(\s*"([a-z][a-z0-9_.-]+)"|"(bind\.[a-z_]+)\"""")


def placeholders(template: str) -> set[str]:
    """The `{names}` a template fills in."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    """Every key exists in both catalogues and asks for the same values."""
    english, german = LANGUAGES["en"], LANGUAGES["de"]
    assert set(english) == set(german)
    for key in english:
        assert placeholders(english[key]) == placeholders(german[key]), key


def test_every_key_the_code_names_exists() -> None:
    """Keys written in the code, and keys built from the model's codes, are all translated."""
    used: set[str] = set()
    for source in TUI.rglob("*.py"):
        for match in LITERAL_KEY.finditer(source.read_text("utf-8")):
            used.add(match.group(1) or match.group(2))
    assert len(used) > 100  # the scan itself works
    used |= {f"problem.{code.value}" for code in ProblemCode}
    used |= {"problem.front_matter", "problem.parse_error"}
    used |= {f"store.{code.value}" for code in ErrorCode}
    used |= {f"error.folder.{code.name}" for code in FolderProblemCode}
    used |= {f"settings.{code.value}" for code in SettingsProblemCode}
    used |= {f"link.refused.{refusal.value}" for refusal in Refusal}
    missing = sorted(key for key in used if key not in LANGUAGES["en"])
    assert missing == []


@pytest.mark.parametrize(
    ("requested", "environ", "expected"),
    [
        ("de", {"LANG": "en_US.UTF-8"}, "de"),
        (None, {"LANG": "de_DE.UTF-8"}, "de"),
        (None, {"LC_ALL": "de_AT.UTF-8", "LANG": "en_GB.UTF-8"}, "de"),
        (None, {"LANGUAGE": "fr:de", "LANG": "en_US"}, "de"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        ("xx", {}, "en"),
    ],
)
def test_language_choice(requested: str | None, environ: dict[str, str], expected: str) -> None:
    """--lang wins, then the locale the way gettext reads it, then English."""
    assert pick_language(requested, environ) == expected


def test_dates_and_reading_times_are_localised() -> None:
    """German dates are 26.11.2026 and "3 Min.", English ones 26 Nov 2026 and "3 min read"."""
    day = dt.date(2026, 11, 26)
    assert Translator("de").date(day) == "26.11.2026"
    assert Translator("en").date(day) == "26 Nov 2026"
    assert Translator("de").reading_time(600) == "3 Min."
    assert Translator("en").reading_time(600) == "3 min read"
    assert Translator("de").comment_count(2) == "Kommentare: 2"
    assert Translator("en").comment_count(1) == "1 comment"
