"""Running a check in a fresh interpreter, so that what other tests loaded or froze cannot hide
what it looks for (which modules are imported, what the garbage collector holds)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def run_fresh(code: str, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Any:
    """Run `code` with this interpreter; it prints a JSON value as its last line, returned."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=cwd,
        env=None if env is None else dict(env),
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
