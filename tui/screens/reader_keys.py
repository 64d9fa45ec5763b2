"""The reader screen's keys: most run a screen action, the rest one of a part's actions by name
(`comments('reply_comment')`), so each part keeps its own behaviour and the ids stay stable for
`[keys]` settings and the help."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def _bind(key: str, action: str, *, show: bool = True) -> Binding:
    """A reader binding: its id is its action, its description the catalogue's `bind.` word."""
    return Binding(key, action, f"bind.{action}", show=show, id=action)


def _to(part: str, key: str, name: str, *, show: bool = True) -> Binding:
    """A key for the action `name` of a part (`comments`, `navigation`); its id is `name`."""
    return Binding(key, f"{part}('{name}')", f"bind.{name}", show=show, id=name)


NAVIGATION_ACTIONS = frozenset(
    {
        "find_in_article",
        "next_match",
        "previous_match",
        "show_outline",
        "search_everywhere",
        "history_back",
        "history_forward",
    }
)
"""The navigation part's actions that keys run."""


READER_BINDINGS: list[BindingType] = [
    _to("comments", "a", "accept_guess"),
    _to("comments", "x", "dismiss_guess"),
    Binding("w", "cycle_text_width", "bind.text_width", show=False, id="cycle_text_width"),
    Binding(
        "less_than_sign",
        "resize_list(-4)",
        "bind.list_narrower",
        show=False,
        id="list_narrower",
    ),
    Binding("greater_than_sign", "resize_list(4)", "bind.list_wider", show=False, id="list_wider"),
    _bind("J", "next_article"),
    _bind("K", "previous_article"),
    Binding("escape,backspace", "go_back", "bind.back", id="go_back"),
    _bind("l", "toggle_list"),
    _bind("m", "toggle_comments"),
    _to("comments", "c", "comment_paragraph"),
    _to("comments", "C", "comment_article", show=False),
    _to("comments", "r", "reply_comment", show=False),
    _to("comments", "e", "edit_comment", show=False),
    _to("comments", "d", "delete_comment", show=False),
    _to("comments", "u", "undo_delete", show=False),
    _to("navigation", "/", "find_in_article"),
    _to("navigation", "n", "next_match", show=False),
    _to("navigation", "N", "previous_match", show=False),
    _to("navigation", "t", "show_outline", show=False),
    _bind("i", "show_info", show=False),
    _bind("E", "edit_article", show=False),
    _to("navigation", "ctrl+f,colon", "search_everywhere"),
    _to("navigation", "alt+left", "history_back", show=False),
    _to("navigation", "alt+right", "history_forward", show=False),
]
"""The reader screen's keys, in the order the footer shows them (a and x come and go with a
guess)."""
