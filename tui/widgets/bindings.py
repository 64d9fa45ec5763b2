"""Bindings whose descriptions are catalogue keys, translated when a node is created.

Textual reads binding descriptions from class attributes, which exist before the user's
language is known; nodes call `translate_bindings(self)` in `__init__` to swap the
`bind.*` keys for the active language's words.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from tui.i18n import t
from tui.private_api import bindings_of, set_bindings


def translate_bindings(node: DOMNode) -> None:
    """Give `node` its bindings with every `bind.*` description in the active language."""
    set_bindings(node, localise(bindings_of(node)))


def localise(bindings: BindingsMap) -> BindingsMap:
    """Return a copy of `bindings` with every `bind.*` description translated."""
    return BindingsMap.from_keys(
        {
            key: [_translated(binding) for binding in key_bindings]
            for key, key_bindings in bindings.key_to_bindings.items()
        }
    )


def _translated(binding: Binding) -> Binding:
    """Return `binding` with its description translated, if it is a catalogue key."""
    if binding.description.startswith("bind."):
        return replace(binding, description=t(binding.description))
    return binding
