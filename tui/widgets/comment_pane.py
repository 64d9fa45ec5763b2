"""The comment pane: every comment of the article, threaded, the cursor's paragraph first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.i18n import active, t
from tui.model.comments import Comment
from tui.model.discussion import Entry, Group
from tui.model.text import sanitize, sanitize_name
from tui.widgets.bindings import localise

QUOTE_CELLS = 48
"""How much of a paragraph a thread's heading quotes."""
QUOTE_MARKS = "\"„“”«»‚‘'"
"""Marks that already open a quoted paragraph (it gets no second pair)."""


class CommentPane(OptionList):
    """Lists comments; highlighting one moves the article's cursor to its paragraph.

    | Key(s) | Description |
    | :- | :- |
    | j, down / k, up | Select the next / previous comment. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "bind.next_comment", show=False, id="next_comment"),
        Binding("k,up", "cursor_up", "bind.previous_comment", show=False, id="previous_comment"),
    ]

    DEFAULT_CSS = """
    CommentPane, CommentPane:focus {
        border: none;
        padding: 0 1;
        background: $surface;
    }
    """

    class Selected(Message):
        """The reader selected a comment."""

        def __init__(self, pane: CommentPane, entry: Entry) -> None:
            super().__init__()
            self.pane = pane
            """The pane it was selected in."""
            self.entry = entry
            """The selected comment and its placement."""

        @property
        def control(self) -> CommentPane:
            """The pane it was selected in."""
            return self.pane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bindings = localise(self._bindings)
        self._entries: list[Entry | None] = []
        self._quiet = False
        self.quote_of: Callable[[int], str] = lambda _index: ""
        """Returns the text of a block, for the thread headings."""

    @property
    def selected(self) -> Entry | None:
        """The highlighted comment."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._entries):
            return None
        return self._entries[index]

    def show(
        self, entries: Sequence[Entry], cursor_block: int | None, keep: str | None = None
    ) -> None:
        """List `entries`, the threads on `cursor_block` first; keep comment `keep` selected."""
        first = [e for e in entries if e.group is Group.BLOCK and e.block == cursor_block]
        rest = [e for e in entries if not (e.group is Group.BLOCK and e.block == cursor_block)]
        options: list[Option] = []
        rows: list[Entry | None] = []
        heading: tuple[Group, int | None] | None = None
        for entry in first + rest:
            if (entry.group, entry.block) != heading:
                heading = (entry.group, entry.block)
                options.append(Option(self._heading(entry), disabled=True))
                rows.append(None)
            options.append(Option(self._prompt(entry)))
            rows.append(entry)
        if not options:
            options.append(Option(Text(t("comments.none"), style="dim italic"), disabled=True))
            rows.append(None)
        self._quiet = True
        self.clear_options()
        self.add_options(options)
        self._entries = rows
        target = next(
            (i for i, e in enumerate(rows) if e is not None and e.comment.id == keep),
            next((i for i, e in enumerate(rows) if e is not None), None),
        )
        if target is not None and (keep is not None or first):
            self.highlighted = target
        else:
            self.highlighted = None
        self.scroll_to(y=0, animate=False)
        self.call_after_refresh(self._unquiet)

    def _unquiet(self) -> None:
        self._quiet = False

    def _heading(self, entry: Entry) -> Text:
        """The line above a paragraph's threads: its quote, or the group's name."""
        if entry.group is Group.ARTICLE:
            return Text(t("comments.on_article"), style="bold")
        if entry.group is Group.ORPHAN:
            return Text(t("comments.orphans"), style="bold")
        quote = sanitize_name(self.quote_of(entry.block or 0))
        if len(quote) > QUOTE_CELLS:
            quote = quote[: QUOTE_CELLS - 1] + "…"
        if quote[:1] not in QUOTE_MARKS:
            quote = f"„{quote}“" if active().lang == "de" else f"“{quote}”"
        return Text.assemble(("¶ ", "bold"), (quote, "italic dim"))

    def _prompt(self, entry: Entry) -> Text:
        """Author, time, signs and body of one comment, indented by its depth."""
        comment = entry.comment
        indent = "  " * entry.depth + ("↳ " if entry.depth else "")
        head = Text(indent)
        head.append(sanitize_name(comment.author) or "?", style="bold")
        head.append(" · " + active().datetime(comment.created), style="dim")
        if comment.updated is not None:
            head.append(
                " · " + t("comments.edited", when=active().datetime(comment.updated)),
                style="dim italic",
            )
        if entry.changed:
            head.append(" · " + t("comments.changed"), style="italic")
        lines = [head]
        if entry.group is Group.ORPHAN and entry.depth == 0 and comment.anchor is not None:
            quote = sanitize_name(comment.anchor.quote)
            lines.append(Text(indent + "▌ " + quote, style="dim italic"))
        body = sanitize(comment.body).replace("\t", "    ")
        for line in body.split("\n"):
            lines.append(Text(" " * len(indent) + line))
        return Text("\n").join(lines)

    @on(OptionList.OptionHighlighted)
    def _post_selected(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        entry = self.selected
        if entry is not None and not self._quiet:
            self.post_message(self.Selected(self, entry))

    def entry_for(self, comment_id: str) -> Entry | None:
        """The listed entry of comment `comment_id`."""
        return next(
            (e for e in self._entries if e is not None and e.comment.id == comment_id), None
        )

    def select(self, comment_id: str) -> None:
        """Highlight comment `comment_id` without telling the article."""
        for index, entry in enumerate(self._entries):
            if entry is not None and entry.comment.id == comment_id:
                self._quiet = True
                self.highlighted = index
                self.call_after_refresh(self._unquiet)
                return

    @staticmethod
    def describe(comment: Comment) -> str:
        """A short one-line form of a comment, for confirmations."""
        body = sanitize_name(comment.body)
        return body if len(body) <= 60 else body[:59] + "…"
