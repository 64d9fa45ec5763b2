"""Where a long Markdown article can be cut, so its start is parsed and shown first.

Parsing a 1 MB article takes most of a second; its first screen needs only the first few
kilobytes. The cut lands before a heading, outside code fences, after a blank line: there no list,
quote or paragraph can run on across the cut, so the start's blocks are the first blocks of
the full parse, which follows in the background.
"""

from __future__ import annotations

import re

HEAD_BYTES = 32 * 1024
"""Roughly how much of a long article is parsed first."""
_HEADING = re.compile(r"(#{1,6})(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def head_cut(body: str, min_chars: int = HEAD_BYTES) -> tuple[int, int] | None:
    """The offset in `body` to cut at and the level of the heading there, or None.

    None when the article is short or no heading stands in a place to cut.
    """
    if len(body) < 2 * min_chars:
        return None
    offset = 0
    fence: str | None = None
    previous_blank = True
    for line in body.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        fence_match = _FENCE.match(stripped)
        if fence is not None:
            if (
                fence_match
                and fence_match.group(1)[0] == fence[0]
                and len(fence_match.group(1)) >= len(fence)
                and not stripped.strip()[len(fence_match.group(1)) :].strip()
            ):
                fence = None
        elif fence_match:
            fence = fence_match.group(1)
        else:
            heading = _HEADING.match(stripped)
            if heading is not None and offset >= min_chars and previous_blank:
                return offset, len(heading.group(1))
        previous_blank = not stripped.strip()
        offset += len(line)
        if offset > len(body) // 2:
            return None
    return None
