"""The command palette's entries: every action of the reader with its key, in the UI language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingsMap, Keymap
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from tui.i18n import t
from tui.private_api import bindings_of, class_bindings
from tui.screens.editor import CommentEditor
from tui.screens.help import Section
from tui.screens.outline import OutlineScreen
from tui.screens.search import SearchScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.bindings import localise
from tui.widgets.comment_pane import CommentPane
from tui.widgets.find_bar import FindBar
from tui.widgets.list_filter import ListFilter

BindingSource = tuple[str, DOMNode, list[Binding]]
"""A title, a node and the bindings that run their actions on it."""

PANES: tuple[tuple[str, type[Widget]], ...] = (
    ("help.section.list", ArticleList),
    ("help.section.filter", ListFilter),
    ("help.section.article", ArticleView),
    ("help.section.find", FindBar),
    ("help.section.comments", CommentPane),
)
"""The reader's panes and inputs whose keys help and the palette list, with help's titles."""

DIALOGS: tuple[tuple[str, type[Screen[Any]] | type[Widget]], ...] = (
    ("help.section.outline", OutlineScreen),
    ("help.section.search", SearchScreen),
    ("help.section.editor", CommentEditor),
)
"""Screens opened over the reader, whose keys help lists too."""


def effective(bindings: BindingsMap, keymap: Keymap) -> list[Binding]:
    """`bindings` with the user's keymap applied, as the keys really work."""
    copy = bindings.copy()
    if keymap:
        copy.apply_keymap(keymap)
    return [binding for _key, binding in copy]


def binding_sources(app: App[None], screen: Screen[Any], keymap: Keymap) -> list[BindingSource]:
    """The app, `screen` and the reader's panes, each with its title and bindings."""
    sources: list[BindingSource] = [
        (t("help.section.app"), app, effective(bindings_of(app), keymap)),
        (t("help.section.reader"), screen, effective(bindings_of(screen), keymap)),
    ]
    for title, widget_type in PANES:
        for widget in screen.query(widget_type):
            sources.append((t(title), widget, effective(bindings_of(widget), keymap)))
    return sources


def help_sections(app: App[None], screen: Screen[Any], keymap: Keymap) -> list[Section]:
    """The bindings of the app, the reader, each pane and each dialog, in that order."""
    sources = binding_sources(app, screen, keymap)
    sections: list[Section] = [(title, bindings) for title, _node, bindings in sources]
    shown = {type(node) for _title, node, _bindings in sources}
    # Panes not mounted now (the list filter opens on /) are listed from their class.
    missing = [(title, kind) for title, kind in PANES if kind not in shown]
    for title, screen_type in [*missing, *DIALOGS]:
        bindings = localise(class_bindings(screen_type) or BindingsMap())
        sections.append((t(title), effective(bindings, keymap)))
    return sections


def system_commands(app: App[None], screen: Screen[object]) -> Iterator[SystemCommand]:
    """Textual's own palette commands, in the UI language."""
    yield SystemCommand(t("palette.theme"), t("palette.theme.help"), app.action_change_theme)
    yield SystemCommand(t("palette.quit"), t("palette.quit.help"), app.action_quit)
    if screen.query("HelpPanel"):
        yield SystemCommand(
            t("palette.keys.hide"), t("palette.keys.hide.help"), app.action_hide_help_panel
        )
    else:
        yield SystemCommand(t("palette.keys"), t("palette.keys.help"), app.action_show_help_panel)
    yield SystemCommand(
        t("palette.screenshot"),
        t("palette.screenshot.help"),
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )


def binding_commands(
    app: App[None], sources: Iterable[BindingSource], key_display: Callable[[Binding], str]
) -> Iterator[SystemCommand]:
    """One command per action of `sources` that can run now, titled by its description and
    helped by its keys; an action bound in several places is offered once, where found first."""
    seen: set[str] = set()
    for _title, node, bindings in sources:
        keys: dict[tuple[str, str], list[str]] = {}
        for binding in bindings:
            if binding.id is None or not binding.description or binding.system:
                continue
            keys.setdefault((binding.action, binding.description), []).append(key_display(binding))
        for (action, description), displays in keys.items():
            if description in seen or not _available(node, action):
                continue
            seen.add(description)
            help_text = t("palette.key", keys=", ".join(dict.fromkeys(displays)))
            yield SystemCommand(description, help_text, partial(_run, app, action, node))


def _available(node: DOMNode, action: str) -> bool:
    """Whether `action` is neither unknown nor disabled on `node` right now."""
    _namespace, name, arguments = parse(action)
    if "." in name:
        return True  # runs on another namespace, which decides for itself
    if getattr(node, f"action_{name}", None) is None:
        return False
    return node.check_action(name, arguments) is not False


async def _run(app: App[None], action: str, node: DOMNode) -> None:
    """Run `action` on `node`, as its key would."""
    await app.run_action(action, node)
