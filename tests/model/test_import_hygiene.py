"""The model is pure Python: importing it loads neither Textual nor Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui.model
from tests.conftest import FIXTURES


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


def test_the_reader_loads_no_extraction_or_network_code() -> None:
    """Starting the reader loads neither trafilatura, lxml nor an HTTP client (`save` does)."""
    code = (
        "import sys\n"
        "import tui.app, tui.cli\n"
        "from tui.model.articles.library import scan_folder\n"
        f"scan_folder({str(FIXTURES / 'web')!r})\n"
        "heavy = ('trafilatura', 'lxml', 'justext', 'htmldate', 'courlan', 'urllib3')\n"
        "ours = ('tui.fetch', 'tui.save', 'tui.model.articles.extract', 'urllib.request')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in ours)\n"
        "print(','.join(bad))\n"
        "from tui.save import save_command\n"
        "print('lxml' in sys.modules and 'trafilatura' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split("\n")[:2] == ["", "True"]
