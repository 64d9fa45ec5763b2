"""The TOML config file: author name, language, theme, comments folder and key bindings.

Reading never fails: whatever the file holds, the reader gets usable settings and a list of
problems to show. Writing (`remember`) changes one line and keeps the rest of the file as it was.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs

from tui.model.comments.atomicfile import write_file
from tui.model.text import sanitize_line, sanitize_tree

MAX_FILE_BYTES = 1024 * 1024
"""A larger config file is not read."""
LANGUAGES = ("en", "de")
"""Languages the `lang` key accepts."""
REMEMBERED_KEYS = ("author", "theme", "lang", "text_width", "list_width")
"""Top-level keys that `remember` may write."""

MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
"""Modifier names a key binding may start with."""
_NAMED = """
    enter return escape tab space backspace delete insert home end pageup pagedown
    up down left right slash backslash at minus plus underscore
"""
NAMED_KEYS = frozenset([*_NAMED.split(), *(f"f{number}" for number in range(1, 25))])
"""Key names beyond single characters and Unicode character names (`question_mark`)."""

TEXT_WIDTHS = ("narrow", "normal", "wide", "full")
"""What the `text_width` key accepts, narrowest first (`w` cycles through them)."""
LIST_WIDTHS = range(16, 121)
"""Columns the `list_width` key accepts."""

_KNOWN_KEYS = frozenset(
    {"author", "lang", "theme", "comments_dir", "keys", "code_wrap", "text_width", "list_width"}
)
_LOCATION = re.compile(r"\(at line (\d+), column (\d+)\)")
_CHARACTER_NAME = re.compile(r"[a-z][a-z0-9_]*")
_TABLE_HEADER = re.compile(r"[ \t]*\[")
_SIMPLE_VALUE = re.compile(r"""[ \t]*("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*')([ \t]*(?:#.*)?)$""")


def config_path() -> Path:
    """Return where the config file lives for this user."""
    return platformdirs.user_config_path("marginalia") / "config.toml"


class ProblemCode(StrEnum):
    """What is wrong with a setting (the UI words it)."""

    UNREADABLE = "unreadable"
    SYNTAX = "syntax"
    UNKNOWN_KEY = "unknown_key"
    WRONG_TYPE = "wrong_type"
    INVALID_VALUE = "invalid_value"
    INVALID_KEY = "invalid_key"
    UNKNOWN_ACTION = "unknown_action"


@dataclass(frozen=True, slots=True)
class SettingsProblem:
    """One thing in the config file that was ignored, and why."""

    code: ProblemCode
    """What is wrong."""
    key: str | None = None
    """The setting concerned, dotted for tables (`keys.quit`)."""
    value: str | None = None
    """The offending value or key name, or the parser's message for a syntax error."""
    line: int | None = None
    """Line of a syntax error, counted from 1."""
    column: int | None = None
    """Column of a syntax error, counted from 1."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The reader's settings; None means "not set" (the app decides the default)."""

    author: str | None = None
    """Name to sign comments with."""
    lang: str | None = None
    """Interface language: "en" or "de"."""
    theme: str | None = None
    """Name of the Textual theme."""
    comments_dir: Path | None = None
    """Folder for comment files instead of the content folder's `.comments/`."""
    keys: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Key bindings by action name; an empty tuple unbinds the action."""
    code_wrap: bool | None = None
    """Wrap long code lines (the default); false cuts them and scrolls the focused block."""
    text_width: str | None = None
    """How wide the article's text runs: one of TEXT_WIDTHS."""
    list_width: int | None = None
    """Columns of the article list; None sizes it with the terminal."""


def normalise_key(key: str) -> str | None:
    """Return a key binding in canonical form (`ctrl+s`), or None when it is not a valid key."""
    *modifiers, name = key.strip().split("+")
    modifiers = [modifier.strip().lower() for modifier in modifiers]
    if any(m not in MODIFIERS for m in modifiers) or len(set(modifiers)) != len(modifiers):
        return None
    name = name.strip()
    if len(name) == 1:
        if not name.isprintable() or name.isspace():
            return None
    else:
        name = name.lower()
        if name not in NAMED_KEYS and not _is_character_name(name):
            return None
    return "+".join([*modifiers, name])


def _is_character_name(name: str) -> bool:
    """Whether `name` is a Unicode character name in Textual's form (`left_square_bracket`)."""
    if not _CHARACTER_NAME.fullmatch(name):
        return False
    try:
        char = unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return False
    # Keyboards type Latin-1 punctuation (`section_sign` on German ones); an emoji name is
    # more likely a typo than a key.
    return ord(char) < 0x100 and char.isprintable() and not char.isalnum() and not char.isspace()


def load_settings(
    path: Path, known_actions: Collection[str] | None = None
) -> tuple[Settings, list[SettingsProblem]]:
    """Read the config file at `path`; actions outside `known_actions` (when given) are refused."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        return Settings(), [SettingsProblem(ProblemCode.UNREADABLE, value=type(error).__name__)]
    if len(raw) > MAX_FILE_BYTES:
        return Settings(), [SettingsProblem(ProblemCode.UNREADABLE, value="too large")]
    import tomllib  # loaded only when there is a settings file

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Settings(), [SettingsProblem(ProblemCode.SYNTAX, value="not UTF-8")]
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        return Settings(), [_syntax_problem(error)]
    # Every name and value (an author, a key name) may reach the screen or an input field.
    clean = sanitize_tree(data)
    assert isinstance(clean, dict)
    return _read(clean, path, known_actions)


def _syntax_problem(error: Exception) -> SettingsProblem:
    """Return the problem for a file that is not TOML, with the line and column when known."""
    message = str(error)
    location = _LOCATION.search(message)
    if location is None:
        return SettingsProblem(ProblemCode.SYNTAX, value=message)
    line, column = int(location.group(1)), int(location.group(2))
    return SettingsProblem(ProblemCode.SYNTAX, value=message, line=line, column=column)


def _read(
    data: dict[str, Any], path: Path, known_actions: Collection[str] | None
) -> tuple[Settings, list[SettingsProblem]]:
    """Turn parsed TOML into settings, skipping (and reporting) what does not fit."""
    problems: list[SettingsProblem] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KNOWN_KEYS:
            problems.append(SettingsProblem(ProblemCode.UNKNOWN_KEY, key=key))
        elif key == "keys":
            values["keys"] = _read_keys(value, known_actions, problems)
        elif key == "code_wrap":
            if isinstance(value, bool):
                values["code_wrap"] = value
            else:
                problems.append(
                    SettingsProblem(ProblemCode.WRONG_TYPE, key=key, value=_show(value))
                )
        elif key == "list_width":
            # Written back as a string by `remember`; a hand-written number reads too.
            text = str(value).strip() if isinstance(value, (int, str)) else ""
            if text.isdigit() and int(text) in LIST_WIDTHS:
                values["list_width"] = int(text)
            else:
                problems.append(
                    SettingsProblem(ProblemCode.INVALID_VALUE, key=key, value=_show(value))
                )
        elif not isinstance(value, str):
            problems.append(SettingsProblem(ProblemCode.WRONG_TYPE, key=key, value=_show(value)))
        elif key == "lang":
            lang = value.strip().lower()
            if lang in LANGUAGES:
                values["lang"] = lang
            else:
                problems.append(SettingsProblem(ProblemCode.INVALID_VALUE, key=key, value=value))
        elif key == "text_width":
            width = value.strip().lower()
            if width in TEXT_WIDTHS:
                values["text_width"] = width
            else:
                problems.append(SettingsProblem(ProblemCode.INVALID_VALUE, key=key, value=value))
        elif key == "comments_dir":
            if value.strip() and "\x00" not in value:
                values["comments_dir"] = path.parent / Path(value.strip()).expanduser()
            else:
                problems.append(SettingsProblem(ProblemCode.INVALID_VALUE, key=key, value=value))
        elif value.strip():
            values[key] = sanitize_line(value).strip()
    return Settings(**values), problems


def _read_keys(
    table: object, known_actions: Collection[str] | None, problems: list[SettingsProblem]
) -> Mapping[str, tuple[str, ...]]:
    """Read the `[keys]` table: action name to a key or a list of keys."""
    if not isinstance(table, dict):
        problems.append(SettingsProblem(ProblemCode.WRONG_TYPE, key="keys", value=_show(table)))
        return MappingProxyType({})
    keys: dict[str, tuple[str, ...]] = {}
    for action, value in table.items():
        where = f"keys.{action}"
        if known_actions is not None and action not in known_actions:
            problems.append(SettingsProblem(ProblemCode.UNKNOWN_ACTION, key=where, value=action))
            continue
        if isinstance(value, str):
            # Textual's own binding strings list alternatives with commas: "j,down".
            written = value.split(",") if value.strip() else []
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            written = value
        else:
            problems.append(SettingsProblem(ProblemCode.WRONG_TYPE, key=where, value=_show(value)))
            continue
        valid: list[str] = []
        for key in written:
            normal = normalise_key(key)
            if normal is None:
                problems.append(SettingsProblem(ProblemCode.INVALID_KEY, key=where, value=key))
            elif normal not in valid:
                valid.append(normal)
        if valid or not written:
            keys[action] = tuple(valid)
    return MappingProxyType(keys)


def _show(value: object) -> str:
    """Return a short text form of a value for a problem report."""
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def toml_string(value: str) -> str:
    """Return `value` as a TOML basic string; lone surrogates raise ValueError."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = ['"']
    for char in value:
        code = ord(char)
        if char in escapes:
            out.append(escapes[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError("a lone surrogate cannot be written to TOML")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def remember(path: Path, key: str, value: str) -> bool:
    """Set one top-level string key in the config file, keeping the rest of the file as it was.

    Returns False, leaving the file untouched, when it cannot be read, does not parse, or
    cannot be edited safely.
    """
    if key not in REMEMBERED_KEYS:
        raise ValueError(f"not a remembered key: {key}")
    try:
        encoded = toml_string(value)
    except ValueError:
        return False
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    import tomllib

    try:
        text = target.read_bytes().decode("utf-8-sig") if target.exists() else ""
        before = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return False
    edited = _edit(text, key, encoded)
    try:
        after = tomllib.loads(edited)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return False
    if after != {**before, key: value}:
        return False
    try:
        write_file(target, edited.encode("utf-8"), keep_mode=True)
    except OSError:
        return False
    return True


def _edit(text: str, key: str, encoded: str) -> str:
    """Return `text` with `key = encoded` replacing the key's line or added before the tables."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    assignment = re.compile(rf"""[ \t]*(?:{key}|"{key}"|'{key}')[ \t]*=""")
    header = len(lines)
    for number, line in enumerate(lines):
        if _TABLE_HEADER.match(line):
            header = number
            break
        found = assignment.match(line)
        if found:
            ending = line[len(line.rstrip("\r\n")) :] or newline
            rest = _SIMPLE_VALUE.match(line.rstrip("\r\n"), found.end())
            comment = rest.group(2) if rest else ""
            lines[number] = f"{key} = {encoded}{comment}{ending}"
            return "".join(lines)
    insert = header
    while header < len(lines) and insert > 0 and _is_blank_or_comment(lines[insert - 1]):
        insert -= 1
    if insert > 0 and not lines[insert - 1].endswith(("\n", "\r")):
        lines[insert - 1] += newline
    lines.insert(insert, f"{key} = {encoded}{newline}")
    return "".join(lines)


def _is_blank_or_comment(line: str) -> bool:
    """Whether a line is empty, whitespace or a comment."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
