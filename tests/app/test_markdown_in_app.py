"""Pilot tests: real-world Markdown (alerts, tasks, HTML, footnotes, wide tables) in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import article_text, make_app, settle

ARTICLE = """---
title: Allerlei Markdown
---

> [!WARNING]
> Vorher *sichern*.

- [x] erledigt
- [ ] offen

Mit <kbd>Strg</kbd>+<kbd>S</kbd> speichern<!-- Kommentar -->, siehe Fußnote[^1].

<details>
<summary>Mehr</summary>

Versteckter Text.

</details>

| a | b | c | d | e | f | g | h | i | j | k | l | m |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
| eins | zwei | drei | vier | fünf | sechs | sieben | acht | neun | zehn | elf | zwölf | dreizehn |

[^1]: https://example.org/quelle
"""


@pytest.mark.parametrize(
    ("lang", "warning", "notes"), [("en", "Warning", "Notes"), ("de", "Warnung", "Anmerkungen")]
)
async def test_article_shows_what_its_author_meant(
    tmp_path: Path, lang: str, warning: str, notes: str
) -> None:
    """No raw syntax on screen: a titled alert, boxes, keys, the summary, every cell, the note."""
    (tmp_path / "a.md").write_text(ARTICLE, "utf-8")
    app = make_app(tmp_path, lang=lang)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        text = article_text(pilot)
        assert f"▌ {warning}" in text and "▌ Vorher sichern." in text
        assert "☑ erledigt" in text and "☐ offen" in text
        assert " Strg + S  speichern, siehe Fußnote¹." in text
        assert "▾ Mehr" in text and "Versteckter Text." in text
        words = ("eins", "sieben", "dreizehn")
        assert all(f"{column}: {word}" in text for column, word in zip("agm", words, strict=True))
        assert notes in text and "1. https://example.org/quelle" in text
        for raw in ("[!WARNING]", "[x]", "<kbd>", "<!--", "<details>", "[^1]", "|---"):
            assert raw not in text
