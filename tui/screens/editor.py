"""The comment editor: a multi-line text area under the quoted paragraph, saved as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea
from textual.worker import Worker

from tui.i18n import active, t
from tui.model.comments.drafts import Draft, DraftKey, DraftStore
from tui.model.text import sanitize_line
from tui.widgets.bindings import translate_bindings
from tui.workers import report_failure

DRAFT_DELAY = 0.4
"""Seconds of quiet typing after which the draft is written to disk."""


@dataclass(frozen=True, slots=True)
class EditorRequest:
    """What the editor is opened for."""

    key: DraftKey
    """Where its draft is kept."""
    title: str
    """The editor's heading (comment on a paragraph, on the article, reply, edit)."""
    quote: str = ""
    """The text being commented on or replied to, shown above the text area."""
    initial: str = ""
    """Text to start with (the comment being edited)."""
    author: str = ""
    """The author name to use (or to offer when `ask_author`)."""
    ask_author: bool = False
    """True when the author has never been confirmed: show a name field."""


@dataclass(frozen=True, slots=True)
class EditorResult:
    """What the reader saved."""

    text: str
    """The comment body."""
    author: str
    """The author name, as confirmed."""


class CommentEditor(ModalScreen[EditorResult | None]):
    """Writes a comment; ctrl+s saves it, esc closes and keeps the draft.

    | Key(s) | Description |
    | :- | :- |
    | ctrl+s | Save the comment. |
    | esc | Close; the draft is kept and offered next time. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save_comment", "bind.save_comment", id="save_comment"),
        Binding("escape", "close_editor", "bind.close_editor", id="close_editor"),
    ]

    DEFAULT_CSS = """
    CommentEditor { align: center middle; }
    CommentEditor > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    CommentEditor #editor-quote { color: $text-muted; max-height: 6; }
    CommentEditor #editor-author { margin-bottom: 1; }
    CommentEditor TextArea { height: 10; min-height: 3; }
    CommentEditor #editor-hint { color: $text-muted; }
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed background job is reported and logged; the reader carries on."""
        report_failure(self, event)

    def __init__(self, request: EditorRequest, drafts: DraftStore) -> None:
        super().__init__()
        translate_bindings(self)
        self.request = request
        """What the editor was opened for."""
        self._drafts = drafts
        self._timer: Timer | None = None
        self._done = False
        self._dirty = False
        self._latest = request.initial

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.request.quote:
                quote = Text("▌ ", style="bold")
                quote.append(sanitize_line(self.request.quote))
                yield Static(quote, id="editor-quote")
            if self.request.ask_author:
                yield Static(t("editor.author_label"), id="editor-author-label", markup=False)
                yield Input(
                    sanitize_line(self.request.author),
                    placeholder=t("editor.author"),
                    id="editor-author",
                )
            yield TextArea(self.request.initial, id="editor-text", soft_wrap=True)
            yield Static(t("editor.hint"), id="editor-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = sanitize_line(self.request.title)
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        area.focus()
        if self.request.ask_author and not self.request.author.strip():
            # Nobody to offer (a visitor in a browser): the name comes first.
            self.query_one("#editor-author", Input).focus()
        self._read_draft(self.request.key)

    @work(thread=True, exclusive=True, group="draft-read", exit_on_error=False)
    def _read_draft(self, key: DraftKey) -> None:
        """Read a saved draft off the event loop; the editor shows it when it comes."""
        draft = self._drafts.load(key)
        if draft is not None:
            self.app.call_from_thread(self._offer_draft, draft)

    def _offer_draft(self, draft: Draft) -> None:
        """Put a saved draft in the editor, unless the reader has started typing."""
        area = self.query_one(TextArea)
        typed = area.text != self.request.initial
        if typed or not draft.text.strip() or draft.text == self.request.initial:
            return
        area.text = draft.text
        area.move_cursor(area.document.end)
        self.notify(t("editor.draft_restored", when=active().datetime(draft.saved)), markup=False)

    @property
    def text(self) -> str:
        """The text typed so far."""
        return self.query_one(TextArea).text

    @on(TextArea.Changed)
    def _schedule_draft(self, event: TextArea.Changed) -> None:
        self._dirty = True
        self._latest = event.text_area.text
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DRAFT_DELAY, self._save_draft_soon)

    def _save_draft_soon(self) -> None:
        self._write_draft(self._latest)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _write_draft(self, text: str) -> None:
        """Write the draft off the event loop."""
        self._save_draft(text)

    def _save_draft(self, text: str) -> None:
        if text.strip():
            self._drafts.save(self.request.key, text, context=self.request.quote)
        else:
            self._drafts.discard(self.request.key)

    def action_save_comment(self) -> None:
        """Save the comment and close."""
        body = self.text
        if not body.strip():
            self.notify(t("editor.empty"), severity="warning", markup=False)
            return
        author = self.request.author
        if self.request.ask_author:
            author = sanitize_line(self.query_one("#editor-author", Input).value).strip()
            if not author:
                self.notify(t("editor.no_author"), severity="warning", markup=False)
                self.query_one("#editor-author", Input).focus()
                return
        # The draft stays on disk until the screen has stored the comment.
        self._save_draft(body)
        self._done = True
        self.dismiss(EditorResult(body, author))

    def action_close_editor(self) -> None:
        """Close the editor; what was typed stays as a draft (it stays open if that fails)."""
        if self._done or not self._dirty:
            self._done = True
            self.dismiss(None)
            return
        if self._timer is not None:
            self._timer.stop()
        self._close_after_saving(self._latest)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _close_after_saving(self, text: str) -> None:
        """Write the draft off the event loop, then close; on failure the editor stays open."""
        try:
            self._save_draft(text)
        except OSError as error:
            reason = str(error)
            self.app.call_from_thread(
                self.notify, t("editor.draft_failed", reason=reason), severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._close_saved)

    def _close_saved(self) -> None:
        if not self._done:
            self._done = True
            self.dismiss(None)

    def on_unmount(self) -> None:
        self._keep_draft()

    def _keep_draft(self) -> None:
        """Write the draft now, on the event loop: the app is stopping with the editor open."""
        if self._done:
            return
        if self._timer is not None:
            self._timer.stop()
        if self._dirty:
            try:
                self._save_draft(self._latest)
            except OSError as error:
                self.notify(
                    t("editor.draft_failed", reason=str(error)), severity="error", markup=False
                )
                return
        self._done = True
