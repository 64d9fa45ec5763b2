"""Rendering: article blocks to styled rich lines for a width (rich only, never Textual)."""

from __future__ import annotations

from tui.render.blocks import block_gap, render_block, render_document, render_gap
from tui.render.styles import RenderStyles

__all__ = ["RenderStyles", "block_gap", "render_block", "render_document", "render_gap"]
