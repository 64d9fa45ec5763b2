"""The README's picture is drawn by a script from the real app, and the README shows it."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shown_text(svg: str) -> str:
    """The text an SVG screenshot shows, spaces as spaces."""
    return html.unescape(svg).replace("\xa0", " ")


def test_script_draws_the_reader_with_quote_heading_and_comments(tmp_path: Path) -> None:
    """The script writes an SVG of the German article with a heading, the quote under the
    cursor, its thread in the comment pane and the German footer."""
    target = tmp_path / "reader.svg"
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "readme_picture.py"), str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = shown_text(target.read_text("utf-8"))
    assert text.startswith("<svg")
    for expected in (
        "Ein Kanal ist kein Schaukasten",
        "„Die Beiträge, die wir sorgfältig planen",
        "Kommentare (3)",
        "Genau das erleben wir",
        "Zum ganzen Artikel",
        "Nächster Artikel",
    ):
        assert expected in text, expected


def test_readme_shows_the_committed_picture() -> None:
    """The README embeds docs/reader.svg, which is there and shows the same article."""
    readme = (REPO / "README.md").read_text("utf-8")
    assert "](docs/reader.svg)" in readme
    assert "tools/readme_picture.py" in readme
    text = shown_text((REPO / "docs" / "reader.svg").read_text("utf-8"))
    assert "Ein Kanal ist kein Schaukasten" in text and "Kommentare (3)" in text
