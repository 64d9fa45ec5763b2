"""The bindings a user may rebind in the settings file, and applying their choices."""

from __future__ import annotations

from collections.abc import Mapping

from textual.dom import DOMNode

from tui.private_api import class_bindings
from tui.screens.confirm import ConfirmScreen
from tui.screens.editor import CommentEditor
from tui.screens.help import HelpScreen
from tui.screens.info import InfoScreen
from tui.screens.outline import OutlineScreen
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen
from tui.screens.tags import TagScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.comment_pane import CommentPane
from tui.widgets.find_bar import FindBar
from tui.widgets.list_filter import ListFilter

BOUND: tuple[type[DOMNode], ...] = (
    ReaderScreen,
    ArticleList,
    ArticleView,
    CommentPane,
    CommentEditor,
    FindBar,
    ListFilter,
    OutlineScreen,
    SearchScreen,
    TagScreen,
    ConfirmScreen,
    HelpScreen,
    InfoScreen,
)
"""Every screen and widget with bindings of ours (the app's own are added by the app)."""


def binding_ids(extra: tuple[type[DOMNode], ...] = ()) -> set[str]:
    """The ids of all our bindings: the action names the settings file may rebind."""
    ids: set[str] = set()
    for node_type in BOUND + extra:
        merged = class_bindings(node_type)
        if merged is None:
            continue
        ids.update(binding.id for _key, binding in merged if binding.id)
    return ids


def keymap_from(keys: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Textual's keymap for the settings' `[keys]` table (an empty list keeps the default)."""
    return {action: ",".join(chosen) for action, chosen in keys.items() if chosen}
