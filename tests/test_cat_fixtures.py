"""`marginalia cat --width 60` on every Markdown fixture, compared with `<case>.cat`.

Cases whose name ends in `-de` are printed with the German interface. Set MARGINALIA_REGENERATE=1
to rewrite the expected output after a deliberate change (then review the diff).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui import i18n
from tui.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "markdown"
CASES = sorted(path.stem for path in FIXTURES.glob("*.md") if path.stem not in ("escapes",))
"""Every case but `escapes`, whose NUL byte makes the loader refuse it as binary."""
REGENERATE = os.environ.get("MARGINALIA_REGENERATE") == "1"


@pytest.fixture(autouse=True)
def _english_afterwards() -> object:
    """`main` picks the interface language for the whole process: set it back afterwards."""
    yield None
    i18n.use("en")


def cat(case: str, folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Print fixture `case` with `marginalia cat` from a copy in `folder`; return its output."""
    path = folder / f"{case}.md"
    shutil.copyfile(FIXTURES / f"{case}.md", path)
    lang = "de" if case.endswith("-de") else "en"
    capsys.readouterr()
    status = main(["cat", str(path), "--width", "60", "--lang", lang, *args])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.out


@pytest.mark.parametrize("case", CASES)
def test_cat_fixture(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each fixture prints, piped at width 60, as its expected text."""
    out = cat(case, tmp_path, capsys)
    expected = FIXTURES / f"{case}.cat"
    if REGENERATE:
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")
    assert max(len(line) for line in out.splitlines()) <= 60


def test_every_case_has_its_cat_output() -> None:
    """No fixture case is left without its expected `cat` output."""
    assert [c for c in CASES if not (FIXTURES / f"{c}.cat").exists()] == []


def test_long_code_line_at_width_40_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 300-character code line printed at width 40 wraps behind "↪" with every character."""
    out = cat("long-code", tmp_path, capsys, "--width", "40")
    source = (FIXTURES / "long-code.md").read_text(encoding="utf-8")
    line = next(line.strip() for line in source.splitlines() if len(line.strip()) == 300)
    lines = out.splitlines()
    start = next(i for i, row in enumerate(lines) if row.strip().startswith("result = "))
    rows = [lines[start]]
    for row in lines[start + 1 :]:
        if not row.startswith("  ↪ "):
            break
        rows.append(row.removeprefix("  ↪ "))
    # Piped lines lose trailing blanks, so a space at a cut is compared without spaces.
    assert "".join(rows).replace(" ", "") == line.replace(" ", "")
    assert len(rows) == 9
    assert all(len(row) <= 40 for row in lines)


def test_no_links_leaves_links_unnumbered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--no-links prints link texts only: no numbers, no "Links" list."""
    numbered = cat("links", tmp_path, capsys)
    plain = cat("links", tmp_path, capsys, "--no-links")
    assert "the docs[1]" in numbered and "\n[1] https://example.com/docs\n" in numbered
    assert "the docs and again," in plain
    assert "https://example.com/docs" not in plain and "\nLinks\n" not in plain
