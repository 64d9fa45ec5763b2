"""German throughout: numbers, --help with argparse's own words, the quit hint, the info view."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.app.helpers import article_text, make_app, screen_text, settle
from tui.i18n import Translator
from tui.private_api import notifications


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m tui ARGS` with the given environment added."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
        check=False,
    )


def test_numbers_use_the_languages_thousands_separator() -> None:
    """1652 is "1.652" in German and "1,652" in English, also inside catalogue strings."""
    german, english = Translator("de"), Translator("en")
    assert german.number(1652) == "1.652"
    assert english.number(1652) == "1,652"
    assert german("list.count", count=1652) == "Artikel (1.652)"
    assert german("comments.count.many", count=12_345) == "Kommentare: 12.345"
    assert english("list.count", count=1652) == "Articles (1,652)"


def test_help_is_german_with_argparses_own_words_too() -> None:
    """--help in German has no English argparse words left; a German locale does the same."""
    for result in (
        run("--help", "--lang", "de"),
        run("--help", env={"LANG": "de_DE.UTF-8", "LC_ALL": "", "LANGUAGE": ""}),
    ):
        out = result.stdout
        assert result.returncode == 0
        assert out.startswith("Aufruf: marginalia")
        assert "Optionen:" in out and "diese Hilfe zeigen und beenden" in out
        for english in ("usage:", "options:", "show this help", "positional arguments"):
            assert english not in out


def test_usage_errors_are_german() -> None:
    """A wrong option or a missing article is reported in German, with status 2."""
    result = run("--lang", "de", "--bogus")
    assert result.returncode == 2
    assert "Fehler: unbekannte Argumente: --bogus" in result.stderr
    assert "Aufruf:" in result.stderr
    result = run("cat", "--lang", "de")
    assert "Fehler: diese Argumente fehlen" in result.stderr


async def test_quit_hint_and_info_view_in_german(content_dir: Path) -> None:
    """ctrl+c says in German how to quit; the info view counts words as 1.652."""
    words = " ".join(["Wort"] * 1652)
    (content_dir / "aaa-lang.md").write_text(f"---\ndate: 2099-01-01\n---\n\n{words}\n", "utf-8")
    app = make_app(content_dir, lang="de", open_id="aaa-lang")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("beendet Marginalia" in n.message for n in notifications(app))
        assert any(n.title == "Beenden?" for n in notifications(app))
        await pilot.press("i")
        await pilot.pause()
        assert "1.652 · 8 Min." in screen_text(pilot)


async def test_a_table_cut_short_says_so_in_german(tmp_path: Path) -> None:
    """A table longer than the renderer draws ends in "… 1.000 weitere Zeilen" in the app."""
    rows = "\n".join(f"| {n} | Zeile {n} |" for n in range(3_000))
    folder = tmp_path / "tabelle"
    folder.mkdir()
    (folder / "t.md").write_text(f"# Tabelle\n\n| Nr | Text |\n|---|---|\n{rows}\n", "utf-8")
    app = make_app(folder, lang="de", open_id="t")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "… 1.000 weitere Zeilen" in article_text(pilot)
