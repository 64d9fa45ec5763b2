"""Every private name of Textual and Rich that Marginalia relies on, in one place.

Each is used because Textual or Rich offers no public way to do the same thing; the test in
tests/test_private_api.py fails loudly when an upgrade renames or reshapes one of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.text import Text
    from textual.app import App
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.notifications import Notification
    from textual.screen import Screen
    from textual.widgets import OptionList


def bindings_of(node: DOMNode) -> BindingsMap:
    """A node's own bindings, as it uses them (Textual copies the class bindings per node)."""
    bindings: BindingsMap = node._bindings
    return bindings


def set_bindings(node: DOMNode, bindings: BindingsMap) -> None:
    """Give a node other bindings: translated descriptions, an extra key."""
    node._bindings = bindings


def class_bindings(node_type: type[DOMNode]) -> BindingsMap | None:
    """The bindings a node class and its bases declare (None before Textual merged them)."""
    merged: BindingsMap | None = node_type._merged_bindings
    return merged


def app_keymap(app: App[Any]) -> Mapping[str, str]:
    """The keymap the app was given (binding id to keys)."""
    keymap: Mapping[str, str] = app._keymap
    return keymap


def option_render_cache(option_list: OptionList) -> Any:
    """The option list's cache of rendered options (cleared for a few rows, not for all)."""
    return option_list._option_render_cache


def set_plain_text(text: Text, plain: str) -> None:
    """Give an empty Text its characters without the constructor's cleanup pass (it is slow)."""
    text._text = [plain]
    text._length = len(plain)


def footer_key_action(widget: object) -> str | None:
    """The action of one of the Footer's key widgets, or None for any other widget.

    Textual does not export FooterKey; it is looked up by name so that the renderer, which
    uses this module too, does not import Textual.
    """
    footer_key = _footer_key_type()
    action = getattr(widget, "action", None) if isinstance(widget, footer_key) else None
    return action if isinstance(action, str) else None


@cache
def _footer_key_type() -> type[Any]:
    footer_key: type[Any] = importlib.import_module("textual.widgets._footer").FooterKey
    return footer_key


def notifications(app: App[Any]) -> list[Notification]:
    """The notices the app is showing (tests check what the reader was told)."""
    return list(app._notifications)


def screen_lines(screen: Screen[Any]) -> list[str]:
    """What the screen shows right now, one plain string per terminal row."""
    return [strip.text for strip in screen._compositor.render_strips()]
