"""The help screen: every key binding, grouped by where it works."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import t
from tui.widgets.bindings import translate_bindings

Section = tuple[str, Iterable[Binding]]


class HelpScreen(ModalScreen[None]):
    """Lists every binding of the app, the reader and its panes; esc or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss_help", "bind.close", id="dismiss_help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    """

    def __init__(self, sections: list[Section], config_path: str | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self._sections = sections
        self._config_path = config_path

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._table(), id="help-keys")

    def on_mount(self) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.border_title = t("help.title")
        scroll.border_subtitle = t("help.footer")
        scroll.focus()

    def _table(self) -> Table:
        """Every section as a small table, two side by side when the screen is wide."""
        tables = [
            self._section(title, rows)
            for title, bindings in self._sections
            if (rows := _unique_rows(bindings, self.app.get_key_display))
        ]
        width = self.app.size.width
        columns = 3 if width >= 150 else 2 if width >= 100 else 1
        # Each section goes to the shortest column so far, so the columns end near each other
        # and a short section does not leave a long one's neighbour empty.
        stacks: list[list[Table]] = [[] for _ in range(columns)]
        heights = [0] * columns
        for table in tables:
            shortest = heights.index(min(heights))
            stacks[shortest].append(table)
            heights[shortest] += table.row_count
        layout = Table.grid(padding=(0, 3))
        for _ in range(columns):
            layout.add_column()
        column_tables = []
        for stack in stacks:
            column = Table.grid()
            for table in stack:
                column.add_row(table)
            column_tables.append(column)
        layout.add_row(*column_tables)
        if self._config_path:
            layout.add_row(Text(t("help.config", path=self._config_path), style="dim"))
        return layout

    @staticmethod
    def _section(title: str, rows: list[tuple[str, str]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_row(Text(title, style="bold underline"), "")
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        table.add_row("", "")
        return table

    def action_dismiss_help(self) -> None:
        """Close the help."""
        self.dismiss(None)


def _unique_rows(bindings: Iterable[Binding], display: object) -> list[tuple[str, str]]:
    """Join the keys of bindings that share an action and description into one row."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if not binding.description or binding.id is None:
            continue
        key_display = display(binding) if callable(display) else binding.key
        rows.setdefault((binding.action, binding.description), []).append(str(key_display))
    return [
        (", ".join(dict.fromkeys(keys)), description) for (_a, description), keys in rows.items()
    ]
