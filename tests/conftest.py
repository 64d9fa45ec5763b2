"""Shared fixtures: a content folder in tmp_path and a user environment that leaks nothing in."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tui import i18n

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def isolated_user(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point config, data and state folders at a temporary home and fix the locale to English."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("HOME", str(home))
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("MARGINALIA_CONTENT", raising=False)
    # Times in the comment pane are shown in local time: make that the same everywhere.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    # The interface language is process-wide; a test that switched it must not leak into the next.
    i18n.use("en")
    return home


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of the reader fixture folder (German, English, plain-text and hostile articles)."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "reader", folder)
    return folder
