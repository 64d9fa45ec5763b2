"""The in-article search bar: type to find, see "3/12", enter keeps the matches, esc clears."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from tui.i18n import t
from tui.widgets.bindings import translate_bindings


class FindBar(Horizontal):
    """A one-line search field with the match count beside it.

    | Key(s) | Description |
    | :- | :- |
    | enter | Back to the article, keeping the matches (n / N move between them). |
    | esc | Close the bar and clear the matches. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "bind.clear_search", id="clear_search"),
    ]

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        dock: bottom;
        background: $panel;
        display: none;
    }
    FindBar.-open { display: block; }
    /* With :focus too: Input's own focused border would leave no row for the text. */
    FindBar > Input, FindBar > Input:focus {
        border: none; height: 1; width: 1fr; padding: 0 1; background: $panel;
    }
    FindBar > Static { width: auto; min-width: 8; padding: 0 1; color: $text-muted; }
    """

    class Changed(Message):
        """The query changed."""

        def __init__(self, bar: FindBar, query: str) -> None:
            super().__init__()
            self.bar = bar
            """The bar."""
            self.query = query
            """The text to find."""

        @property
        def control(self) -> FindBar:
            """The bar."""
            return self.bar

    class Closed(Message):
        """The bar closed; `keep` tells whether the matches stay."""

        def __init__(self, bar: FindBar, keep: bool) -> None:
            super().__init__()
            self.bar = bar
            """The bar."""
            self.keep = keep
            """True on enter, False on esc."""

        @property
        def control(self) -> FindBar:
            """The bar."""
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        # The field comes with the first search (`open`): mounting an Input and its styles
        # costs the reader's first paint a few milliseconds, and many readings never search.
        yield from ()

    @property
    def text(self) -> str:
        """The text typed."""
        return next((field.value for field in self.query(Input)), "")

    def open(self) -> None:
        """Show the bar and put the cursor in it."""
        self.add_class("-open")
        if not self.query(Input):
            self.mount(
                Input(placeholder=t("find.placeholder"), id="find-input"),
                Static("", id="find-count", markup=False),
            )
        self.query_one(Input).focus()

    def show_count(self, current: int | None, total: int) -> None:
        """Show "current/total" (or "0" when nothing matches)."""
        label = t("find.none") if total == 0 else f"{(current or 0) + 1}/{total}"
        for count in self.query("#find-count").results(Static):
            count.update(label if self.text else "")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    @property
    def is_open(self) -> bool:
        """True while the bar is shown."""
        return self.has_class("-open")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # The bar stays up with its count; the article takes the keys (n / N) again.
        event.stop()
        self.post_message(self.Closed(self, keep=True))

    def action_cancel(self) -> None:
        """Close the bar and clear the search."""
        for field in self.query(Input):
            field.value = ""
        self.remove_class("-open")
        self.post_message(self.Closed(self, keep=False))
