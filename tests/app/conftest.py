"""Fixtures for the Pilot tests."""

from __future__ import annotations

import pytest

from tui.screens import reader_navigation


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what would have been handed to the web browser."""
    opened: list[str] = []
    monkeypatch.setattr(
        reader_navigation, "open_in_browser", lambda url: opened.append(url) or True
    )
    return opened
