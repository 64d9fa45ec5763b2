"""The tag picker: the folder's tags with how many articles carry each, or "all tags"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.i18n import t
from tui.model.articles.library import Article
from tui.model.text import sanitize_line
from tui.widgets.bindings import translate_bindings


@dataclass(frozen=True, slots=True)
class TagChoice:
    """The reader's pick in the tag picker."""

    tag: str | None
    """The tag to narrow the list to, or None for all articles."""


def tag_counts(articles: Iterable[Article]) -> list[tuple[str, int]]:
    """Return each tag with the number of articles carrying it, most used first."""
    counts = Counter(tag for article in articles for tag in set(article.tags) if tag.strip())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))


class TagScreen(ModalScreen[TagChoice | None]):
    """Lists the tags; dismisses with the chosen one, or None when closed with esc.

    | Key(s) | Description |
    | :- | :- |
    | up, down | Move the selection. |
    | enter | Show only the articles with the selected tag (or all). |
    | esc | Close without changing the list. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close_tags", "bind.close", id="close_tags"),
    ]

    DEFAULT_CSS = """
    TagScreen { align: center middle; }
    TagScreen > Vertical {
        width: 50; max-width: 100%; height: auto; max-height: 80%;
        border: round $accent; background: $panel;
    }
    TagScreen OptionList, TagScreen OptionList:focus {
        height: auto; max-height: 100%; border: none;
    }
    """

    def __init__(self, counts: Sequence[tuple[str, int]], total: int, current: str | None) -> None:
        super().__init__()
        translate_bindings(self)
        self._tags = [tag for tag, _ in counts]
        self._counts = list(counts)
        self._total = total
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield OptionList(id="tag-list")

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = t("tags.title")
        options = self.query_one(OptionList)
        options.add_option(Option(Text(t("tags.all", count=self._total), style="bold")))
        for tag, count in self._counts:
            prompt = Text("#" + sanitize_line(tag))
            prompt.append(f"  {count}", style="dim")
            options.add_option(Option(prompt))
        if not self._counts:
            options.add_option(Option(Text(t("tags.none"), style="dim italic"), disabled=True))
        current = self._tags.index(self._current) + 1 if self._current in self._tags else 0
        options.highlighted = current
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if index == 0:
            self.dismiss(TagChoice(None))
        elif index - 1 < len(self._tags):
            self.dismiss(TagChoice(self._tags[index - 1]))

    def action_close_tags(self) -> None:
        """Close without changing the list."""
        self.dismiss(None)
