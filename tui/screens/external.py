"""Opening an article in the reader's own text editor, with the app suspended meanwhile."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from textual.app import App, SuspendNotSupported


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """`$VISUAL`, else `$EDITOR`, split as a shell would, or None when neither is set."""
    import shlex  # only when the reader asks for their editor

    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                words = value.split()
            if words:
                return words
    return None


def edit_in_editor(app: App[None], path: Path) -> str | None:
    """Run the editor on `path` while the app is suspended; return a catalogue key on failure."""
    command = editor_command()
    if command is None:
        return "edit.no_editor"
    try:
        with app.suspend():
            # The editor owns the terminal until it exits; nothing else runs meanwhile.
            subprocess.run([*command, str(path)], check=False)
    except SuspendNotSupported:
        return "edit.no_terminal"
    except OSError:
        return "edit.failed"
    return None
