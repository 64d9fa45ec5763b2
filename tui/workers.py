"""When background work fails, the reader is told, the error is logged, and the app goes on.

Every thread worker is started with `exit_on_error=False`; the node that started it passes its
`Worker.StateChanged` events here (Textual does not bubble them).
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from tui.i18n import t


def report_failure(node: DOMNode, event: Worker.StateChanged) -> None:
    """Tell the reader that a worker of `node` failed, and log the error; nothing else stops."""
    if event.state is not WorkerState.ERROR:
        return
    error = event.worker.error
    node.log.error(f"worker {event.worker.name!r} ({event.worker.group}) failed: {error!r}")
    node.app.notify(
        t("error.background", error=type(error).__name__ if error else "?"),
        severity="error",
        timeout=10,
        markup=False,
    )
