"""The footer: the focused pane's keys first, then help and quit, then the reader's keys; on the
right, how far the article has been read and the palette key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Footer, Static

from tui.private_api import bindings_of, footer_key_action

COMPACT_BELOW = 120
"""Below this many columns the footer leaves less space around each key."""
ALWAYS_SEEN = ("show_help", "quit")
"""Actions whose keys come right after the focused pane's, so a narrow footer still shows them."""


class ReaderFooter(Footer):
    """Textual's footer with its keys reordered (what is cut off on the right matters least)
    and the reading progress beside the palette key."""

    DEFAULT_CSS = """
    ReaderFooter > #footer-right { dock: right; width: auto; height: 1; }
    ReaderFooter > #footer-right > FooterKey.-command-palette { dock: none; }
    ReaderFooter #progress { width: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.progress = ""
        """How far the article has been read ("42 %"), or nothing when none is open."""
        self._shown: tuple[object, ...] | None = None

    async def recompose(self) -> None:
        """Build the keys again, unless they would come out as they are.

        Textual asks for this after every change that may touch the bindings (each focus change,
        each comments update), several times before one frame at the start, while rebuilding
        the keys restyles and lays out a dozen widgets each time.
        """
        shown = self._keys_shown()
        if shown != self._shown:
            self._shown = shown
            await super().recompose()

    def _keys_shown(self) -> tuple[object, ...]:
        """Everything `compose` builds the keys from."""
        screen = self.screen
        own = _own_actions(screen.focused)
        palette = self.app.COMMAND_PALETTE_BINDING
        return self.show_command_palette, tuple(
            (
                key,
                binding.action,
                binding.description,
                binding.group,
                self.app.get_key_display(binding),
                enabled,
                tooltip,
                binding.action in own,
            )
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )

    def on_resize(self) -> None:
        # Narrow terminals get the compact style (less space around each key): more keys fit.
        self.compact = self.app.size.width < COMPACT_BELOW

    def show_progress(self, progress: str) -> None:
        """Show `progress` beside the palette key."""
        if progress != self.progress:
            self.progress = progress
            for label in self.query("#progress").results(Static):
                label.update(progress)

    def compose(self) -> ComposeResult:
        own = _own_actions(self.screen.focused)
        keys = sorted(super().compose(), key=lambda widget: _rank(widget, own))
        right = [key for key in keys if _rank(key, own) == 3]
        yield from keys[: len(keys) - len(right)]
        yield Horizontal(
            Static(self.progress, id="progress", markup=False), *right, id="footer-right"
        )


def _own_actions(focused: Widget | None) -> set[str]:
    """The actions of the focused widget's own bindings."""
    return set() if focused is None else {binding.action for _key, binding in bindings_of(focused)}


def _rank(widget: Widget, own: set[str]) -> int:
    """0 for the focused pane's keys, 1 for help and quit, 2 for the rest, 3 for the palette."""
    action = footer_key_action(widget)
    if action is None or widget.has_class("-command-palette"):
        return 3
    if action in own:
        return 0
    return 1 if action in ALWAYS_SEEN else 2
