"""Tests for reading and updating the TOML config file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.model.session.settings import (
    ProblemCode,
    Settings,
    config_path,
    load_settings,
    normalise_key,
    remember,
)

ACTIONS = {"quit", "search", "next_heading", "help"}


def write(tmp_path: Path, text: str) -> Path:
    """Write a config file and return its path."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults_and_no_problem(tmp_path: Path) -> None:
    """No config file is the normal first run."""
    assert load_settings(tmp_path / "config.toml", ACTIONS) == (Settings(), [])


def test_config_path_is_in_the_user_config_folder(isolated_user: Path) -> None:
    """The default config file lives in the platform's config folder for the app."""
    assert config_path().name == "config.toml"
    assert config_path().parent.name == "marginalia"
    assert config_path().is_relative_to(isolated_user)


def test_every_setting_is_read(tmp_path: Path) -> None:
    """A complete, valid file gives every setting and no problem."""
    path = write(
        tmp_path,
        'author = "Anna"\nlang = "de"\ntheme = "nord"\ncomments_dir = "notes"\n'
        'code_wrap = false\n[keys]\nquit = "ctrl+q"\nsearch = ["slash", "ctrl+f"]\n',
    )
    result, problems = load_settings(path, ACTIONS)
    assert problems == []
    assert result.code_wrap is False
    assert (result.author, result.lang, result.theme) == ("Anna", "de", "nord")
    assert result.comments_dir == tmp_path / "notes"
    assert dict(result.keys) == {"quit": ("ctrl+q",), "search": ("slash", "ctrl+f")}


def test_bad_toml_reports_line_and_column(tmp_path: Path) -> None:
    """A syntax error gives defaults and a problem that says where."""
    path = write(tmp_path, 'author = "Anna"\ntheme = = 3\n')
    result, problems = load_settings(path, ACTIONS)
    assert result == Settings()
    assert [(p.code, p.line) for p in problems] == [(ProblemCode.SYNTAX, 2)]
    assert problems[0].column is not None


def test_unknown_key_is_reported_and_ignored(tmp_path: Path) -> None:
    """A key the reader does not know is named in a problem; the rest still applies."""
    result, problems = load_settings(write(tmp_path, 'colour = "red"\nauthor = "A"\n'), ACTIONS)
    assert result.author == "A"
    assert [(p.code, p.key) for p in problems] == [(ProblemCode.UNKNOWN_KEY, "colour")]


@pytest.mark.parametrize(
    "line", ["author = 3", "lang = ['de']", "theme = true", "keys = 1", 'code_wrap = "no"']
)
def test_wrong_type_is_reported_and_ignored(tmp_path: Path, line: str) -> None:
    """A value of the wrong type leaves the default and is reported."""
    result, problems = load_settings(write(tmp_path, line + "\n"), ACTIONS)
    assert result == Settings()
    assert [p.code for p in problems] == [ProblemCode.WRONG_TYPE]


def test_unsupported_language_is_reported(tmp_path: Path) -> None:
    """Only the languages the reader speaks are accepted."""
    result, problems = load_settings(write(tmp_path, 'lang = "fr"\n'), ACTIONS)
    assert result.lang is None
    assert [(p.code, p.value) for p in problems] == [(ProblemCode.INVALID_VALUE, "fr")]


def test_language_case_is_ignored(tmp_path: Path) -> None:
    """`DE` is read as `de`."""
    assert load_settings(write(tmp_path, 'lang = "DE"\n'), ACTIONS)[0].lang == "de"


def test_author_is_sanitised(tmp_path: Path) -> None:
    """Escape sequences in the author name never reach the screen or a comment."""
    path = write(tmp_path, 'author = "An\\u001b[31mna"\n')
    assert load_settings(path, ACTIONS)[0].author == "Anna"


def test_invalid_key_name_is_reported_and_valid_ones_kept(tmp_path: Path) -> None:
    """In a list of keys, a bad one is reported and the good ones still bind."""
    path = write(tmp_path, '[keys]\nquit = ["q", "ctrl+banana", "ctrl+ctrl+q"]\n')
    result, problems = load_settings(path, ACTIONS)
    assert dict(result.keys) == {"quit": ("q",)}
    assert [(p.code, p.value) for p in problems] == [
        (ProblemCode.INVALID_KEY, "ctrl+banana"),
        (ProblemCode.INVALID_KEY, "ctrl+ctrl+q"),
    ]


def test_unknown_action_is_reported(tmp_path: Path) -> None:
    """A binding for an action the app does not have is reported, not kept."""
    result, problems = load_settings(write(tmp_path, '[keys]\nfly = "f"\n'), ACTIONS)
    assert dict(result.keys) == {}
    assert [(p.code, p.key) for p in problems] == [(ProblemCode.UNKNOWN_ACTION, "keys.fly")]


def test_comma_list_and_empty_binding(tmp_path: Path) -> None:
    """`"j,down"` binds two keys, and an empty list unbinds an action."""
    path = write(tmp_path, '[keys]\nnext_heading = "],ctrl+down"\nhelp = []\n')
    result, problems = load_settings(path, ACTIONS)
    assert problems == []
    assert dict(result.keys) == {"next_heading": ("]", "ctrl+down"), "help": ()}


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("ctrl+s", "ctrl+s"),
        ("Ctrl+Shift+Left", "ctrl+shift+left"),
        ("J", "J"),
        ("question_mark", "question_mark"),
        ("left_square_bracket", "left_square_bracket"),
        ("f24", "f24"),
        ("alt+?", "alt+?"),
        ("super+pagedown", "super+pagedown"),
        ("section_sign", "section_sign"),
    ],
)
def test_valid_keys_are_normalised(written: str, normal: str) -> None:
    """Modifiers and named keys are lowercased; a single character keeps its case."""
    assert normalise_key(written) == normal


@pytest.mark.parametrize(
    "written", ["", "ctrl+", "banana", "f25", "ctrl+ctrl+s", "cmd+s", " ", "latin_small_letter_a"]
)
def test_invalid_keys_are_refused(written: str) -> None:
    """Names that are not keys are refused."""
    assert normalise_key(written) is None


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    """A config path that is a folder gives defaults and a problem."""
    (tmp_path / "config.toml").mkdir()
    result, problems = load_settings(tmp_path / "config.toml", ACTIONS)
    assert result == Settings()
    assert [p.code for p in problems] == [ProblemCode.UNREADABLE]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_content_loads_without_raising(tmp_path: Path, content: str | bytes) -> None:
    """Whatever the file holds, loading returns settings and problems."""
    path = tmp_path / "config.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(content)
    result, problems = load_settings(path, ACTIONS)
    assert isinstance(result, Settings) and isinstance(problems, list)


def test_remember_creates_file_and_folder(tmp_path: Path) -> None:
    """Remembering into a missing file creates it, readable again."""
    path = tmp_path / "new" / "config.toml"
    assert remember(path, "author", "Anna")
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"author": "Anna"}


def test_remember_keeps_comments_and_tables(tmp_path: Path) -> None:
    """Adding a key puts it before the tables and their comments, and keeps every other line."""
    original = '# My settings\nauthor = "Anna"\n\n# Keys I like\n[keys]\nquit = "q" # short\n'
    path = write(tmp_path, original)
    assert remember(path, "theme", "nord")
    assert path.read_text(encoding="utf-8") == (
        '# My settings\nauthor = "Anna"\ntheme = "nord"\n'
        '\n# Keys I like\n[keys]\nquit = "q" # short\n'
    )


def test_remember_replaces_an_existing_value_and_its_comment_stays(tmp_path: Path) -> None:
    """An existing key's value changes in place; its trailing comment is kept."""
    path = write(tmp_path, 'lang = "en"  # for now\ntheme = "x"\n')
    assert remember(path, "lang", "de")
    assert path.read_text(encoding="utf-8") == 'lang = "de"  # for now\ntheme = "x"\n'


def test_remember_keeps_crlf_line_endings(tmp_path: Path) -> None:
    """A Windows-style file stays Windows-style."""
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "x"\r\n[keys]\r\nquit = "q"\r\n')
    assert remember(path, "author", "Anna")
    assert path.read_bytes() == b'theme = "x"\r\nauthor = "Anna"\r\n[keys]\r\nquit = "q"\r\n'


def test_remember_refuses_a_broken_file(tmp_path: Path) -> None:
    """A file that does not parse is left exactly as it was."""
    path = write(tmp_path, "author = \n[keys\n")
    assert not remember(path, "author", "Anna")
    assert path.read_text(encoding="utf-8") == "author = \n[keys\n"


def test_remember_refuses_a_multiline_value_it_cannot_edit(tmp_path: Path) -> None:
    """A value spanning lines is not half-replaced: the file stays as it was."""
    original = 'author = """Anna\nB"""\n'
    path = write(tmp_path, original)
    assert not remember(path, "author", "C")
    assert path.read_text(encoding="utf-8") == original


def test_remember_refuses_unknown_keys(tmp_path: Path) -> None:
    """Only the documented top-level keys can be remembered."""
    with pytest.raises(ValueError):
        remember(tmp_path / "config.toml", "keys", "x")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_remember_round_trips_any_text(tmp_path: Path, value: str) -> None:
    """Quotes, backslashes, control characters and emoji all come back unchanged."""
    path = write(tmp_path, '# keep me\n[keys]\nquit = "q"\n')
    assert remember(path, "author", value)
    text = path.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"author": value, "keys": {"quit": "q"}}
    assert text.endswith('# keep me\n[keys]\nquit = "q"\n')


def test_remember_refuses_lone_surrogates(tmp_path: Path) -> None:
    """A value TOML cannot hold is refused rather than written broken."""
    assert not remember(tmp_path / "config.toml", "author", "\ud800")
    assert not (tmp_path / "config.toml").exists()
