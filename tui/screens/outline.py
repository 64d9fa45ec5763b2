"""The outline: every heading of the article, indented by level; typing filters, enter jumps."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.i18n import t
from tui.model.articles.blocks import Document
from tui.model.search.find import find_in_text
from tui.model.text import sanitize_line
from tui.widgets.bindings import translate_bindings


class OutlineScreen(ModalScreen[int | None]):
    """Lists the headings; dismisses with the chosen heading's block index.

    | Key(s) | Description |
    | :- | :- |
    | (typing) | Filter the headings. |
    | up, down | Move the selection. |
    | enter | Jump to the selected heading. |
    | esc | Close. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close_outline", "bind.close", id="close_outline"),
        Binding("down", "move(1)", "bind.cursor_down", show=False, id="outline_down"),
        Binding("up", "move(-1)", "bind.cursor_up", show=False, id="outline_up"),
    ]

    DEFAULT_CSS = """
    OutlineScreen { align: center middle; }
    OutlineScreen > Vertical {
        width: 70; max-width: 100%; height: 80%;
        border: round $accent; background: $panel;
    }
    /* With :focus too: Input's own focused border would leave no row for the text. */
    OutlineScreen Input, OutlineScreen Input:focus { border: none; height: 1; padding: 0 1; }
    OutlineScreen OptionList { height: 1fr; border: none; }
    """

    def __init__(self, document: Document, current: int) -> None:
        super().__init__()
        translate_bindings(self)
        self._headings = [(i, document.blocks[i]) for i in document.headings]
        self._current = current
        self._shown: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder=t("outline.filter"), id="outline-filter")
            yield OptionList(id="outline-list")

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = t("outline.title")
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self._shown = []
        for index, block in self._headings:
            if query and not find_in_text(block.text, query):
                continue
            prompt = Text("  " * (block.level - 1) + sanitize_line(block.text))
            if block.level <= 2:
                prompt.stylize("bold")
            options.add_option(Option(prompt))
            self._shown.append(index)
        if not self._shown:
            empty = t("outline.no_match") if self._headings else t("outline.none")
            options.add_option(Option(Text(empty, style="dim italic"), disabled=True))
            return
        before = [n for n, index in enumerate(self._shown) if index <= self._current]
        options.highlighted = before[-1] if before and not query else 0

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _jump_to_highlighted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and highlighted < len(self._shown):
            self.dismiss(self._shown[highlighted])

    @on(OptionList.OptionSelected)
    def _jump_to_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self._shown):
            self.dismiss(self._shown[event.option_index])

    def action_move(self, delta: int) -> None:
        """Move the selection while the cursor stays in the filter."""
        options = self.query_one(OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_close_outline(self) -> None:
        """Close without jumping."""
        self.dismiss(None)
