"""The footer: the focused pane's keys first, then help and quit, then the reader's keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS_SEEN = ("show_help", "quit")
"""Actions whose keys come right after the focused pane's, so a narrow footer still shows them."""


class ReaderFooter(Footer):
    """Textual's footer with its keys reordered: what is cut off on the right matters least."""

    def compose(self) -> ComposeResult:
        focused = self.screen.focused
        own = (
            {binding.action for _key, binding in focused._bindings}
            if focused is not None
            else set()
        )
        keys = list(super().compose())
        yield from sorted(keys, key=lambda widget: _rank(widget, own))


def _rank(widget: Widget, own: set[str]) -> int:
    """0 for the focused pane's keys, 1 for help and quit, 2 for the rest, 3 for the palette."""
    if not isinstance(widget, FooterKey) or widget.has_class("-command-palette"):
        return 3
    if widget.action in own:
        return 0
    return 1 if widget.action in ALWAYS_SEEN else 2
