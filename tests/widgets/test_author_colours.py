"""Other readers' names in colours of their own."""

from __future__ import annotations

from tui.widgets.author_colours import AUTHOR_COLOURS, author_style


def test_own_name_is_plain_and_others_are_coloured() -> None:
    """The reader's own name is bold only; another name is bold in a palette colour."""
    assert author_style("Anna", "Anna") == "bold"
    style = author_style("Ben", "Anna")
    assert style.startswith("bold #") and style.split()[1] in AUTHOR_COLOURS


def test_a_name_keeps_its_colour_and_names_spread() -> None:
    """A name always gets the same colour; many names use most of the palette."""
    assert author_style("Ben", None) == author_style("Ben", "Cem")
    names = [f"Reader {n}" for n in range(64)]
    assert len({author_style(name, None) for name in names}) >= len(AUTHOR_COLOURS) - 1
