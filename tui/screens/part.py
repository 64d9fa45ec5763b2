"""One concern of the reader screen, as a helper the screen owns rather than a base class.

A part knows the session, the widgets it looks after and the screen it lives on (a plain
`Screen`, so it cannot reach into the reader or into another part). It changes the session and
its widgets on the event loop; its thread jobs read what they are given and post messages back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from tui.model.session.reading_session import ReadingSession
from tui.widgets.article_view import ArticleView
from tui.widgets.comment_pane import CommentPane


class ReaderPart:
    """The session, the screen to post to and the widgets to look after."""

    def __init__(self, screen: Screen[None], session: ReadingSession) -> None:
        self.screen = screen
        """The reader screen, as a plain screen: for widgets, notices, dialogs and jobs."""
        self.session = session
        """The reader's state."""

    @property
    def app(self) -> App[Any]:
        """The running app."""
        return self.screen.app

    def view(self) -> ArticleView:
        """The article view."""
        return self.screen.query_one(ArticleView)

    def pane(self) -> CommentPane:
        """The comment pane."""
        return self.screen.query_one(CommentPane)

    def notify(
        self, text: str, *, severity: SeverityLevel = "information", timeout: float = 5
    ) -> None:
        """Tell the reader something (never parsed as markup: it may quote a file)."""
        self.screen.notify(text, severity=severity, timeout=timeout, markup=False)

    def notify_from_thread(self, text: str, *, severity: SeverityLevel = "information") -> None:
        """`notify` from a thread job."""
        self.app.call_from_thread(self.notify, text, severity=severity, timeout=10)

    def post(self, message: Message) -> None:
        """Post `message` to the screen (safe from a thread job too)."""
        self.screen.post_message(message)

    def in_thread(
        self, job: Callable[[], object], group: str, *, exclusive: bool = False
    ) -> Worker[object]:
        """Run `job` in a thread worker that reports a failure instead of ending the app."""
        return self.screen.run_worker(
            job, group=group, exclusive=exclusive, thread=True, exit_on_error=False
        )
