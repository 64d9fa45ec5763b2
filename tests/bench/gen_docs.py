"""Deterministic benchmark articles: a typical 1,500-word one and a 1 MB one."""

from __future__ import annotations

import random

MARKER = "Leuchtturmwärter"
"""A word that only the first paragraph holds, so a painted first screen can be recognised."""

TYPICAL_WORDS = 1_500
"""Words in the typical article (counted as whitespace-separated source tokens)."""
LARGE_BYTES = 1_000_000
"""UTF-8 bytes in the large article."""

_VOCABULARY = (
    "Nutzen Kontakte Mehrwert Gespräch Erwartung Netzwerk Beitrag Leser Stimme Antwort Frage "
    "Zeitung Bühne Gemeinschaft Vertrauen Zufall Absicht Wirkung Öffentlichkeit Grenze Nähe "
    "und oder aber weil dass nicht immer selten vielleicht wirklich schließlich genau eher "
    "schreibt liest teilt sammelt findet verliert entdeckt überlegt begründet vermutet "
    "the and of reader article thread comment message network signal value trust noise "
    "attention habit answer question mirror window garden letter margin paper draft "
    "writes reads shares finds keeps loses builds quietly often rarely slowly clearly "
    "über unter zwischen trotzdem deshalb jedoch gemeinsam längst übrigens ebenso ähnlich"
)
_WORDS = _VOCABULARY.split()
_CODE_NAMES = ("parse", "render", "width", "cursor", "anchor", "layout", "strip", "block")


def _phrase(rng: random.Random, count: int) -> str:
    """Return `count` plain words."""
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def _inline(rng: random.Random, count: int) -> str:
    """Return sentences of about `count` words with emphasis, strong, code and links."""
    parts: list[str] = []
    words = 0
    sentence_start = True
    while words < count:
        roll = rng.random()
        size = rng.randint(1, 3)
        if roll < 0.05:
            piece = f"*{_phrase(rng, size)}*"
        elif roll < 0.09:
            piece = f"**{_phrase(rng, size)}**"
        elif roll < 0.12:
            piece = f"`{rng.choice(_CODE_NAMES)}_{rng.randint(1, 99)}()`"
            size = 1
        elif roll < 0.15:
            piece = f"[{_phrase(rng, size)}]({rng.choice(_WORDS).lower()}-{rng.randint(1, 9)}.md)"
        else:
            piece = rng.choice(_WORDS)
            size = 1
        if sentence_start and piece[0].isalpha():
            piece = piece[0].upper() + piece[1:]
        sentence_start = rng.random() < 0.1
        parts.append(piece + ("." if sentence_start else ""))
        words += size
    return " ".join(parts).rstrip(".") + "."


def _paragraph(rng: random.Random) -> str:
    return _inline(rng, rng.randint(40, 120))


def _quote(rng: random.Random) -> str:
    lines = [f"> {_inline(rng, rng.randint(20, 60))}"]
    if rng.random() < 0.4:
        lines += [">", f">> {_inline(rng, rng.randint(10, 30))}"]
    return "\n".join(lines)


def _bullets(rng: random.Random) -> str:
    lines: list[str] = []
    for _ in range(rng.randint(3, 6)):
        lines.append(f"- {_inline(rng, rng.randint(5, 20))}")
        if rng.random() < 0.3:
            lines += [f"  - {_inline(rng, rng.randint(4, 12))}" for _ in range(2)]
    return "\n".join(lines)


def _ordered(rng: random.Random) -> str:
    lines: list[str] = []
    for number in range(1, rng.randint(3, 6) + 1):
        lines.append(f"{number}. {_inline(rng, rng.randint(5, 20))}")
        if rng.random() < 0.3:
            lines += [f"   {sub}. {_inline(rng, rng.randint(4, 12))}" for sub in (1, 2)]
    return "\n".join(lines)


def _code(rng: random.Random) -> str:
    name = rng.choice(_CODE_NAMES)
    body = [f"def {name}_{rng.randint(1, 99)}(items: list[str], width: int = 80) -> list[str]:"]
    body.append(f'    """{_phrase(rng, 6).capitalize()}."""')
    body.append("    result: list[str] = []")
    body.append("    for index, item in enumerate(items):")
    body.append(f"        if len(item) > width - {rng.randint(2, 9)}:")
    body.append("            item = item[: width - 1] + '…'")
    body.append(f"        result.append(f'{{index:>3}} {{item}}')  # {_phrase(rng, 3)}")
    body.append(f"    total = sum(len(line) for line in result) * {rng.randint(2, 7)}")
    body.append(f"    print('{_phrase(rng, 2)}', total)")
    body.append("    return result")
    return "```python\n" + "\n".join(body) + "\n```"


def _table(rng: random.Random, rows: int) -> str:
    header = ["Name", "Anzahl", "Wert", "Notiz", "Status"]
    lines = ["| " + " | ".join(header) + " |", "| :-- | --: | --: | :-- | :-: |"]
    for _ in range(rows):
        cells = [
            rng.choice(_WORDS).capitalize(),
            str(rng.randint(1, 9_999)),
            f"{rng.uniform(0, 100):.2f}",
            _phrase(rng, rng.randint(2, 6)),
            rng.choice(("ok", "offen", "*neu*", "`alt`")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _section(rng: random.Random, number: int, *, table_rows: int) -> list[str]:
    """Return the blocks of one `##` section with a `###` subsection."""
    parts = [f"## {number}. {_phrase(rng, rng.randint(2, 5)).capitalize()}"]
    for sub in range(2):
        if sub:
            parts.append(f"### {_phrase(rng, rng.randint(2, 4)).capitalize()}")
        for _ in range(rng.randint(2, 4)):
            parts.append(_paragraph(rng))
            roll = rng.random()
            if roll < 0.2:
                parts.append(_quote(rng))
            elif roll < 0.35:
                parts.append(_bullets(rng))
            elif roll < 0.45:
                parts.append(_ordered(rng))
            elif roll < 0.55:
                parts.append(_code(rng))
    if table_rows:
        parts.append(_table(rng, table_rows))
    return parts


def generate(size: str, seed: int = 2026) -> str:
    """Return the `typical` or `large` benchmark article as Markdown."""
    if size not in ("typical", "large"):
        raise ValueError(f"unknown size {size!r}")
    rng = random.Random(seed)
    first = _paragraph(rng)
    parts = [f"{MARKER} {first[0].lower()}{first[1:]}"]
    total = len(parts[0].encode())
    words = len(parts[0].split())
    number = 0
    while (words < TYPICAL_WORDS) if size == "typical" else (total < LARGE_BYTES):
        number += 1
        # A 30-row table every 40 sections makes a few in 1 MB; the typical one gets a small one.
        rows = 30 if size == "large" and number % 40 == 0 else 0
        if size == "typical" and number == 1:
            rows = 6
        for part in _section(rng, number, table_rows=rows):
            if (words >= TYPICAL_WORDS) if size == "typical" else (total >= LARGE_BYTES):
                break
            total += len(part.encode()) + 2
            words += len(part.split())
            parts.append(part)
    return "\n\n".join(parts) + "\n"
