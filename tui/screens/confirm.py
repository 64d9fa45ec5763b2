"""A yes/no question, answered with enter (or the language's yes key) or n/esc.

No key that moves or scrolls anywhere in the reader confirms anything: a reader who holds `j`
or presses `space` to page on must never open a link or delete a comment by accident.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import active, t
from tui.model.articles.links import web_address
from tui.model.text import sanitize_line
from tui.private_api import bindings_of
from tui.widgets.bindings import translate_bindings

YES_LETTERS = {"en": "y"}
"""A language's own yes key besides enter. German has none: its "j" is the key that scrolls."""
MAX_DETAIL_CHARS = 600
"""Longest detail shown; the rest is counted, so a long address cannot push the keys away."""


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; dismisses with True for yes.

    | Key(s) | Description |
    | :- | :- |
    | enter (and y in English) | Yes. |
    | n, esc | No. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer(True)", "bind.yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "bind.no", id="confirm_no"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $panel; padding: 0 1;
    }
    ConfirmScreen #confirm-facts { margin-top: 1; }
    ConfirmScreen #confirm-warning { color: $warning; text-style: bold; }
    ConfirmScreen #confirm-detail-box { height: auto; max-height: 6; margin-top: 1; }
    ConfirmScreen #confirm-detail { color: $text-muted; }
    ConfirmScreen #confirm-keys { margin-top: 1; color: $text-muted; }
    """

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        facts: Sequence[tuple[str, str]] = (),
        warning: str = "",
    ) -> None:
        super().__init__()
        translate_bindings(self)
        yes_key = YES_LETTERS.get(active().lang)
        if yes_key:
            bindings_of(self).bind(yes_key, "answer(True)", t("bind.yes"), show=False)
        self._question = question
        self._detail = _cut(detail)
        self._facts = facts
        self._warning = warning

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._question, markup=False)
            if self._facts:
                yield Static(_facts_table(self._facts), id="confirm-facts")
            if self._warning:
                yield Static(self._warning, id="confirm-warning", markup=False)
            if self._detail:
                with VerticalScroll(id="confirm-detail-box"):
                    yield Static(self._detail, id="confirm-detail", markup=False)
            yield Static(t("confirm.keys"), id="confirm-keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


def _facts_table(facts: Sequence[tuple[str, str]]) -> Text:
    """Label and value lines; values are untrusted text, never markup."""
    width = max(len(label) for label, _ in facts)
    text = Text()
    for index, (label, value) in enumerate(facts):
        if index:
            text.append("\n")
        text.append(f"{label:<{width}}  ", style="bold")
        text.append(sanitize_line(value))
    return text


def _cut(detail: str) -> str:
    """`detail` cut to a readable length, saying how much was left out."""
    detail = sanitize_line(detail)
    if len(detail) <= MAX_DETAIL_CHARS:
        return detail
    rest = len(detail) - MAX_DETAIL_CHARS
    return detail[:MAX_DETAIL_CHARS] + "… " + t("confirm.more_chars", count=str(rest))


def web_link_question(url: str) -> ConfirmScreen:
    """The question before a web link opens: scheme and real host first, then the address."""
    address = web_address(url)
    facts = [(t("link.scheme"), address.scheme), (t("link.host"), address.host or "?")]
    if address.ascii_host:
        facts.append((t("link.host_ascii"), address.ascii_host))
    if address.port is not None:
        facts.append((t("link.port"), str(address.port)))
    warning = ""
    if address.user is not None:
        user = sanitize_line(address.user)
        shown = user if len(user) <= 40 else user[:40] + "…"
        warning = t("link.user_warning", user=shown, host=address.host)
    return ConfirmScreen(t("link.open_question"), url, facts=facts, warning=warning)
