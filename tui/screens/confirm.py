"""A yes/no question, answered with y/enter or n/esc."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import t
from tui.widgets.bindings import localise


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; dismisses with True for yes.

    | Key(s) | Description |
    | :- | :- |
    | y, enter | Yes. |
    | n, esc | No. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,j,enter", "answer(True)", "bind.yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "bind.no", id="confirm_no"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: round $warning; background: $panel; padding: 0 1;
    }
    ConfirmScreen #confirm-detail { color: $text-muted; }
    ConfirmScreen #confirm-keys { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self._bindings = localise(self._bindings)
        self._question = question
        self._detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._question, markup=False)
            if self._detail:
                yield Static(self._detail, id="confirm-detail", markup=False)
            yield Static(t("confirm.keys"), id="confirm-keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
