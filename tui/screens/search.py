"""Search everywhere: titles, authors, tags, text and comments of every article, as you type."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from tui.i18n import active, t
from tui.model.search.corpus import SessionIndex
from tui.model.search.index import HitField, SearchHit
from tui.model.text import sanitize_line
from tui.widgets.bindings import translate_bindings
from tui.workers import report_failure

DEBOUNCE_SECONDS = 0.12
"""How long typing must pause before the query runs."""
PROGRESS_SECONDS = 0.1
"""How often the status looks at how far the index is built."""
REFRESH_SECONDS = 0.5
"""While the index is built, how often the query runs again over what is indexed by then."""
RESULT_LIMIT = 200
"""Most results listed; a longer list would not be read, a narrower query helps more."""
FIRST_RESULTS = 30
"""Results shown first, while the rest of the list is looked up."""

MATCH_STYLE = Style(bold=True, reverse=True)
"""How the matched words stand out in a result."""


@dataclass(frozen=True, slots=True)
class SearchChoice:
    """The result the reader chose: where to open."""

    article_id: str
    """The article to open."""
    block: int | None
    """The paragraph to put the cursor on (None: the top of the article)."""
    comment_id: str | None
    """The comment to select, for a hit in a comment."""
    query: str = ""
    """The query that found it."""
    line: int | None = None
    """For a hit in the text: the file line its paragraph starts on (the block is found there)."""


def number(value: int) -> str:
    """Return `value` with the UI language's thousands separator ("1,234", "1.234")."""
    return active().number(value)


def result_prompt(hit: SearchHit, title: str) -> Text:
    """The row of one result: the article's title and where it matched, then the context."""
    label = Text(f"  {t(f'search.field.{hit.field.value}')}", style="dim italic")
    if hit.field is HitField.TITLE:
        head = highlighted(hit)
        head.stylize("bold")
        return Text.assemble(head, label)
    head = Text.assemble(Text(sanitize_line(title) or hit.article_id, style="bold"), label)
    return Text.assemble(head, "\n  ", highlighted(hit))


def highlighted(hit: SearchHit) -> Text:
    """The hit's snippet as plain text with the match styled (never parsed as markup)."""
    snippet = hit.snippet
    start, end = hit.span
    if not 0 <= start < end <= len(snippet):
        return Text(sanitize_line(snippet))
    return Text.assemble(
        sanitize_line(snippet[:start]),
        (sanitize_line(snippet[start:end]), MATCH_STYLE),
        sanitize_line(snippet[end:]),
    )


class SearchScreen(ModalScreen[SearchChoice | None]):
    """Searches every article and comment as the reader types; enter opens a result.

    | Key(s) | Description |
    | :- | :- |
    | down / up | Select the next / previous result. |
    | enter | Open the selected result. |
    | esc | Close the search. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close_search", "bind.close", id="close_search"),
        Binding("down", "next_result", "bind.next_result", show=False, id="next_result"),
        Binding("up", "previous_result", "bind.previous_result", show=False, id="previous_result"),
    ]

    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical {
        width: 110; max-width: 100%; height: 90%; margin-top: 1;
        border: round $accent; background: $panel; padding: 0 1;
    }
    SearchScreen #search-status { height: 1; color: $text-muted; padding: 0 1; }
    SearchScreen #search-results { height: 1fr; border: none; background: $panel; }
    """

    class _Found(Message):
        """A query's results came back from the worker."""

        def __init__(self, query: str, hits: list[SearchHit], complete: bool = True) -> None:
            super().__init__()
            self.query = query
            """The query searched for."""
            self.hits = hits
            """Its results, best first."""
            self.complete = complete
            """False for the first screenful, while the rest is looked up."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed background job is reported and logged; the reader carries on."""
        report_failure(self, event)

    def __init__(self, index: SessionIndex, query: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.index = index
        """The session's search index (it may still be filling)."""
        self.hits: list[SearchHit] = []
        """The results on show."""
        self._initial = query
        self._timer: Timer | None = None
        self._asked = ""
        self._shown: str | None = None
        self._choose_first = False
        self._complete = True
        self._building = not index.ready
        self._searched_at = 0.0
        self._seen_done = 0
        self._progress_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(self._initial, placeholder=t("search.placeholder"), id="search-input")
            yield Static(id="search-status", markup=False)
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        box = self.query_one(Vertical)
        box.border_title = t("search.title")
        box.border_subtitle = t("search.keys")
        self.query_one(Input).focus()
        self._asked = self._initial.strip()
        if self._asked:
            self._search(self._asked)
        if self._building:
            self._progress_timer = self.set_interval(PROGRESS_SECONDS, self._watch_index)
        self._show_status()

    @property
    def query_text(self) -> str:
        """What the reader typed, without surrounding spaces."""
        return self.query_one(Input).value.strip()

    @on(Input.Changed, "#search-input")
    def _schedule_search(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._choose_first = False
        if not self.query_text:
            self._asked = ""
            self._show_hits("", [])
            return
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._search_now)

    def _search_now(self) -> None:
        """Run the query in the input unless it is already on show or on its way."""
        query = self.query_text
        if query and (query != self._asked or self._shown != query):
            self._asked = query
            self._search(query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        """Search off the event loop; a newer query makes this one's results moot."""
        self._searched_at = time.monotonic()
        worker = get_current_worker()
        # The first screenful comes back at once; marking the matches of every result takes
        # several times as long, so the whole list follows.
        hits = self.index.search(query, FIRST_RESULTS)
        if len(hits) >= FIRST_RESULTS and not worker.is_cancelled:
            self.post_message(self._Found(query, hits, complete=False))
            hits = self.index.search(query, RESULT_LIMIT)
        if not worker.is_cancelled:
            self.post_message(self._Found(query, hits))

    @on(_Found)
    def _receive_hits(self, message: _Found) -> None:
        if message.query != self._asked:
            return
        self._complete = message.complete
        self._show_hits(message.query, message.hits)
        if self._choose_first:
            self._choose_first = False
            self._choose(0)

    def _show_hits(self, query: str, hits: list[SearchHit]) -> None:
        results = self.query_one(OptionList)
        previous = results.highlighted if self._shown == query else None
        self.hits = hits
        self._shown = query
        results.clear_options()
        results.add_options(
            Option(result_prompt(hit, self.index.title(hit.article_id))) for hit in hits
        )
        if hits:
            results.highlighted = min(previous or 0, len(hits) - 1)
        self._show_status()

    def _show_status(self) -> None:
        """Say how many results there are, or how far the index is built, or what to do."""
        parts: list[str] = []
        if self._shown:
            if not self.hits:
                parts.append(t("search.status.none"))
            elif len(self.hits) >= RESULT_LIMIT or not self._complete:
                parts.append(t("search.status.more", count=number(len(self.hits))))
            else:
                key = "search.status.one" if len(self.hits) == 1 else "search.status.many"
                parts.append(t(key, count=number(len(self.hits))))
        elif not self.query_text:
            parts.append(t("search.status.hint"))
        if self._building:
            done, total = self.index.progress
            if total:
                parts.append(t("search.status.building", done=number(done), total=number(total)))
            else:
                parts.append(t("search.status.starting"))
        self.query_one("#search-status", Static).update(" · ".join(parts))

    def _watch_index(self) -> None:
        """Show how far the index is built; search again as more of the folder is in it."""
        ready = self.index.ready
        if ready and self._progress_timer is not None:
            self._building = False
            self._progress_timer.stop()
        self._show_status()
        done, _total = self.index.progress
        grew, self._seen_done = done != self._seen_done, done
        query = self.query_text
        due = time.monotonic() - self._searched_at >= REFRESH_SECONDS
        if query and (ready or (grew and due)):
            self._asked = query
            self._search(query)

    @on(Input.Submitted, "#search-input")
    def _open_highlighted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.query_text and self._shown != self.query_text:
            # Enter came before the typed query's results: open the first as soon as they come.
            if self._timer is not None:
                self._timer.stop()
            self._choose_first = True
            self._asked = ""
            self._search_now()
            return
        highlighted = self.query_one(OptionList).highlighted
        self._choose(highlighted if highlighted is not None else 0)

    @on(OptionList.OptionSelected, "#search-results")
    def _open_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if not 0 <= index < len(self.hits):
            return
        hit = self.hits[index]
        choice = SearchChoice(
            hit.article_id, hit.block, hit.comment_id, self._shown or "", hit.line
        )
        self.dismiss(choice)

    def action_next_result(self) -> None:
        """Select the next result."""
        self.query_one(OptionList).action_cursor_down()

    def action_previous_result(self) -> None:
        """Select the previous result."""
        self.query_one(OptionList).action_cursor_up()

    def action_close_search(self) -> None:
        """Close the search without opening anything."""
        self.dismiss(None)
