"""The comment pane: every comment of the article, threaded, the cursor's paragraph first."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.i18n import active, t
from tui.model.comments.comment import Comment
from tui.model.comments.discussion import Entry, Group
from tui.model.text import sanitize, sanitize_line
from tui.render.inline import wrap
from tui.widgets.author_colours import author_style
from tui.widgets.bindings import translate_bindings

QUOTE_CELLS = 48
"""How much of a paragraph a thread's heading quotes."""
QUOTE_MARKS = "\"„“”«»‚‘'"
"""Marks that already open a quoted paragraph (it gets no second pair)."""


class _Rows(Visual):
    """One option of the pane: lines made for a width by the pane, cached, drawn when seen.

    Textual measures every option of an OptionList before painting; wrapping 1,000 comments
    with its own wrapper each time the pane changes took most of a second. These rows wrap
    with our renderer's wrapper and keep the result per width.
    """

    def __init__(self, make: Callable[[int], list[Text]]) -> None:
        self._make = make
        self._lines: dict[int, list[Text]] = {}

    def __str__(self) -> str:
        return "\n".join(line.plain for line in self.lines(10_000))

    def lines(self, width: int) -> list[Text]:
        """The option's lines for `width` cells."""
        lines = self._lines.get(width)
        if lines is None:
            lines = self._lines[width] = self._make(max(8, width))
        return lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips: list[Strip] = []
        for line in self.lines(width):
            strips.extend(Content.from_rich_text(line).render_strips(width, 1, style, options)[:1])
        return strips


class CommentPane(OptionList):
    """Lists comments; highlighting one moves the article's cursor to its paragraph.

    | Key(s) | Description |
    | :- | :- |
    | j, down / k, up | Select the next / previous comment. |
    | r, e, d, u | Reply to, edit, delete the comment; undo the deletion (the screen's actions). |
    | y | Copy the selected comment to the clipboard. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "bind.next_comment", show=False, id="next_comment"),
        Binding("k,up", "cursor_up", "bind.previous_comment", show=False, id="previous_comment"),
        # The screen does these (they work from the article too); here they show in the footer
        # while the pane has focus. Same ids, so a keymap moves both.
        Binding("r", "screen.reply_comment", "bind.reply_comment", id="reply_comment"),
        Binding("e", "screen.edit_comment", "bind.edit_comment", id="edit_comment"),
        Binding("d", "screen.delete_comment", "bind.delete_comment", id="delete_comment"),
        Binding("u", "screen.undo_delete", "bind.undo_delete", id="undo_delete"),
        Binding("y", "copy_comment", "bind.copy_comment", show=False, id="copy_comment"),
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
        translate_bindings(self)
        self._entries: list[Entry | None] = []
        self._quiet = False
        self._rows: dict[Hashable, _Rows] = {}
        self._shown: tuple[tuple[str, ...], tuple[Entry, ...], str, str | None] | None = None
        self.notice = ""
        """Why the comments cannot be changed (an unusable comment file), shown above them."""
        self.quote_of: Callable[[int], str] = lambda _index: ""
        """Returns the text of a block, for the thread headings."""
        self.guess_keys: tuple[str, str] = ("a", "x")
        """The keys that accept and dismiss a "maybe here" guess, as the hint names them."""
        self.me: str | None = None
        """The reader's own name: other authors' names show in colours of their own."""

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
        shape = (tuple(e.comment.id for e in first), tuple(entries), self.notice, self.me)
        if shape == self._shown and keep is None:
            # Same comments in the same order: only the selection follows the cursor.
            self._highlight(first[0].comment.id if first else None)
            return
        self._shown = shape
        rest = [e for e in entries if not (e.group is Group.BLOCK and e.block == cursor_block)]
        options: list[Option] = []
        rows: list[Entry | None] = []
        if self.notice:
            options.append(Option(Text(self.notice, style="bold"), disabled=True))
            rows.append(None)
        heading: tuple[Group, int | None] | None = None
        for entry in first + rest:
            if (entry.group, entry.block) != heading:
                heading = (entry.group, entry.block)
                options.append(Option(self._heading_rows(entry), disabled=True))
                rows.append(None)
            options.append(Option(self._entry_rows(entry)))
            rows.append(entry)
        if not rows:
            options.append(Option(Text(t("comments.none"), style="dim italic"), disabled=True))
            rows.append(None)
        if len(self._rows) > 4 * len(options) + 100:
            self._rows.clear()  # forget rows of comments that are gone
        self._quiet = True
        self.clear_options()
        self.add_options(options)
        self._entries = rows
        target = keep or (first[0].comment.id if first else None)
        self._highlight(target)
        self.scroll_to(y=0, animate=False)

    def _highlight(self, comment_id: str | None) -> None:
        """Select `comment_id` (or nothing) without telling the article."""
        index = next(
            (
                i
                for i, e in enumerate(self._entries)
                if e is not None and e.comment.id == comment_id
            ),
            None,
        )
        self._quiet = True
        self.highlighted = index
        self.call_after_refresh(self._unquiet)

    def _heading_rows(self, entry: Entry) -> _Rows:
        block = entry.block if entry.group is Group.BLOCK else None
        quote = self.quote_of(block) if block is not None else ""
        key = ("heading", entry.group, block, quote, active().lang)
        rows = self._rows.get(key)
        if rows is None:
            heading = self._heading(entry)
            rows = self._rows[key] = _Rows(lambda width: wrap(heading, width)[:2])
        return rows

    def _entry_rows(self, entry: Entry) -> _Rows:
        comment = entry.comment
        guessed = self.quote_of(entry.guess) if entry.guess is not None else None
        key: Hashable = (
            (comment.id, comment.updated, comment.body, entry.depth, entry.group, entry.changed),
            (comment.anchor, guessed, self.guess_keys, active().lang, self.me),
        )
        rows = self._rows.get(key)
        if rows is None:
            rows = self._rows[key] = _Rows(lambda width: self._comment_lines(entry, width))
        return rows

    def _unquiet(self) -> None:
        self._quiet = False

    def _heading(self, entry: Entry) -> Text:
        """The line above a paragraph's threads: its quote, or the group's name."""
        if entry.group is Group.ARTICLE:
            return Text(t("comments.on_article"), style="bold")
        if entry.group is Group.ORPHAN:
            return Text(t("comments.orphans"), style="bold")
        quote = _quoted(self.quote_of(entry.block or 0))
        return Text.assemble(("¶ ", "bold"), (quote, "italic dim"))

    def _comment_lines(self, entry: Entry, width: int) -> list[Text]:
        """Author, time, signs and body of one comment, indented by its depth, wrapped."""
        comment = entry.comment
        indent = "  " * entry.depth + ("↳ " if entry.depth else "")
        pad = Text(" " * len(indent))
        room = max(4, width - len(indent))
        head = Text()
        head.append(
            sanitize_line(comment.author) or "?", style=author_style(comment.author, self.me)
        )
        head.append(" · " + active().datetime(comment.created), style="dim")
        if comment.updated is not None:
            edited = t("comments.edited", when=active().datetime(comment.updated))
            head.append(" · " + edited, style="dim italic")
        if entry.changed:
            head.append(" · " + t("comments.changed"), style="italic")
        texts = [head]
        if entry.group is Group.ORPHAN and entry.depth == 0 and comment.anchor is not None:
            texts.append(Text("▌ " + sanitize_line(comment.anchor.quote), style="dim italic"))
        body = sanitize(comment.body).replace("\t", "    ")
        texts.extend(Text(line) for line in body.split("\n"))
        if entry.guess is not None:
            quote = _quoted(self.quote_of(entry.guess))
            texts.append(Text(t("comments.maybe_here", quote="¶ " + quote), style="bold"))
            accept, dismiss = self.guess_keys
            texts.append(Text(t("comments.maybe_keys", accept=accept, dismiss=dismiss), "dim"))
        lines: list[Text] = []
        for n, text in enumerate(texts):
            for m, line in enumerate(wrap(text, room) if text.plain else [text]):
                lead = Text(indent) if n == 0 and m == 0 else pad
                lines.append(Text.assemble(lead, line))
        return lines

    @on(OptionList.OptionHighlighted)
    def _post_selected(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        entry = self.selected
        if entry is not None and not self._quiet:
            self.post_message(self.Selected(self, entry))

    def action_copy_comment(self) -> None:
        """Copy the selected comment's text to the clipboard."""
        entry = self.selected
        if entry is not None:
            self.app.copy_to_clipboard(sanitize(entry.comment.body))
            self.notify(t("copy.comment"), timeout=3, markup=False)

    def select(self, comment_id: str) -> None:
        """Highlight comment `comment_id` without telling the article."""
        self._highlight(comment_id)

    @staticmethod
    def describe(comment: Comment) -> str:
        """A short one-line form of a comment, for confirmations."""
        body = sanitize_line(comment.body)
        return body if len(body) <= 60 else body[:59] + "…"


def _quoted(text: str) -> str:
    """The start of a paragraph in quotation marks of the UI language, on one line."""
    quote = sanitize_line(text)
    if len(quote) > QUOTE_CELLS:
        quote = quote[: QUOTE_CELLS - 1] + "…"
    if quote[:1] not in QUOTE_MARKS:
        quote = f"„{quote}“" if active().lang == "de" else f"“{quote}”"
    return quote
