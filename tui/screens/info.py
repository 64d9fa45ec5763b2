"""The article-info view: everything known about an article, unknown front-matter keys included."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import active, t
from tui.model.articles.library import Article
from tui.model.text import sanitize_line
from tui.widgets.bindings import translate_bindings


class InfoScreen(ModalScreen[None]):
    """Shows an article's id, file, front matter and problems; esc or i closes it.

    | Key(s) | Description |
    | :- | :- |
    | esc, i | Close. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,q", "close_info", "bind.close", id="close_info"),
    ]

    DEFAULT_CSS = """
    InfoScreen { align: center middle; }
    InfoScreen > VerticalScroll {
        width: 80; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    """

    def __init__(self, article: Article, comments: int) -> None:
        super().__init__()
        translate_bindings(self)
        self._article = article
        self._comments = comments

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._table(), id="info-table")

    def on_mount(self) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.border_title = t("info.title")
        scroll.focus()

    def _table(self) -> Table:
        """One row per fact; values are shown as text, never as markup."""
        article, tr = self._article, active()
        words = article.word_count
        rows: list[tuple[str, str]] = [
            (t("info.title_field"), article.title),
            (t("info.id"), article.id),
            (t("info.file"), article.relpath),
            (t("info.format"), article.format),
            (t("info.encoding"), t(f"encoding.{article.encoding}") if article.encoding else ""),
            (t("info.author"), article.author or ""),
            (t("info.date"), tr.date(article.date)),
            (t("info.tags"), ", ".join(article.tags)),
            (t("info.lang"), article.lang or ""),
            (t("info.summary"), article.summary or ""),
            (t("info.words"), f"{tr.number(words)} · {tr.reading_time(words)}"),
            (t("info.comments"), tr.comment_count(self._comments)),
        ]
        rows += [(sanitize_line(key), value) for key, value in article.extra]
        if article.problem is not None:
            reason = t(f"problem.{article.problem.code}", detail=article.problem.detail)
            rows.append((t("info.problem"), reason))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for label, value in rows:
            if value:
                table.add_row(Text(label), Text(sanitize_line(value)))
        return table

    def action_close_info(self) -> None:
        """Close the view."""
        self.dismiss(None)
