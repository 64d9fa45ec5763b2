"""The article list's filter: a field where typing narrows the list, and the folded index it uses.

Enter in the field keeps the filter, esc clears it. Matching folds case, accents and German
spellings (see `tui.model.search.fold`), so "gesprach" finds "Gespräch" and "mueller" finds
"Müller".
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.i18n import t
from tui.model.articles.library import Article, SortKey, sort_key
from tui.model.search.fold import fold, loosen
from tui.model.text import sanitize_line
from tui.widgets.bindings import translate_bindings

if TYPE_CHECKING:
    from tui.widgets.article_list import ArticleList

SORT_RUN = 5000
"""Articles sorted at once when a long list is sorted in a thread (see `sorted_in_runs`)."""


class FilterIndex:
    """The folded title, author and tags of each article, made once and searched per keystroke."""

    def __init__(self) -> None:
        self._haystacks: dict[str, tuple[str, str]] = {}

    def clear(self) -> None:
        """Forget every article (their texts may have changed)."""
        self._haystacks.clear()

    def select(self, articles: Iterable[Article], text: str) -> list[Article]:
        """Return the articles whose title, author or tags contain every word of `text`."""
        from tui.model.search.find import query_patterns  # loaded with the first filter

        words = [p for word in text.split() if (p := query_patterns(word))]
        return [a for a in articles if self._matches(a, words)]

    def _matches(self, article: Article, words: list[tuple[str, str]]) -> bool:
        found = self._haystacks.get(article.id)
        if found is None:
            fields = [article.title, article.author or "", *article.tags]
            folded = fold("\n".join(sanitize_line(part) for part in fields))
            found = (folded, loosen(folded))
            self._haystacks[article.id] = found
        folded, loose = found
        return all(word in folded or loose_word in loose for word, loose_word in words)


@dataclass(frozen=True, slots=True)
class ViewAsked:
    """What the article list is asked to show: a snapshot a thread can work from."""

    articles: Sequence[Article]
    """Every article."""
    sort_key: SortKey
    """The order."""
    counts: Mapping[str, int]
    """Comments per article id (for the order by comment count)."""
    tag: str | None
    """Only articles with this tag (None: all)."""
    text: str
    """Only articles whose title, author or tags contain every word of this."""
    order: list[Article] | None
    """The articles in this order already, if known."""
    index: FilterIndex
    """The folded texts to filter with (filled as articles are matched)."""

    @property
    def ready(self) -> bool:
        """Whether the view needs no work: the order is known and nothing narrows it."""
        return self.order is not None and self.tag is None and not self.text.strip()


def compute_view(asked: ViewAsked) -> tuple[list[Article], list[Article]]:
    """The articles in the order asked for, and those of them to show."""
    order = asked.order
    if order is None:
        order = sorted_in_runs(asked.articles, sort_key(asked.sort_key, asked.counts))
    shown = order
    if asked.tag is not None:
        tag = asked.tag
        shown = [a for a in shown if tag in a.tags]
    if asked.text.strip():
        shown = asked.index.select(shown, asked.text)
    return order, shown


def sorted_in_runs(
    articles: Sequence[Article], key: Callable[[Article], tuple[object, ...]]
) -> list[Article]:
    """`sorted(articles, key=key)`, in runs of `SORT_RUN` merged: sorting 100,000 at once would
    hold the interpreter (and the reader's event loop) for most of a tenth of a second."""
    runs = [sorted(articles[i : i + SORT_RUN], key=key) for i in range(0, len(articles), SORT_RUN)]
    return runs[0] if len(runs) == 1 else list(heapq.merge(*runs, key=key))


class ListFilter(Input):
    """A one-line field above the article list that filters it as you type.

    | Key(s) | Description |
    | :- | :- |
    | enter | Back to the list, keeping the filter. |
    | esc | Clear the filter and close the field. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close_filter", "bind.close_filter", id="close_filter"),
    ]

    DEFAULT_CSS = """
    ListFilter, ListFilter:focus {
        height: 1;
        border: none;
        padding: 0 1;
        background: $panel;
        display: none;
    }
    ListFilter.-open { display: block; }
    """

    def __init__(self, article_list: ArticleList, *, id: str | None = "list-filter") -> None:
        super().__init__(placeholder=t("list.filter.placeholder"), id=id)
        translate_bindings(self)
        self.article_list = article_list
        """The list this field filters."""

    def open(self) -> None:
        """Show the field and put the cursor in it."""
        self.add_class("-open")
        self.focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.article_list.set_filter(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.article_list.set_filter(self.value, immediate=True)
        if not self.value.strip():
            self.remove_class("-open")
        self.article_list.focus()

    def action_close_filter(self) -> None:
        """Clear the filter, close the field and go back to the list."""
        self.value = ""
        self.article_list.set_filter("", immediate=True)
        self.remove_class("-open")
        self.article_list.focus()
