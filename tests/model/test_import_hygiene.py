"""The model is pure Python: importing it loads neither Textual nor Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui.model


def test_model_imports_neither_textual_nor_rich() -> None:
    """Every module of tui.model imports in a fresh interpreter without textual or rich."""
    found = pkgutil.walk_packages(tui.model.__path__, prefix="tui.model.")
    modules = [m.name for m in found if not m.ispkg]
    assert len(modules) > 10
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
