"""Authors told apart in the comment pane: each other reader's name in a colour of its own."""

from __future__ import annotations

import hashlib

AUTHOR_COLOURS = (
    "#d75f00",
    "#0087af",
    "#af5faf",
    "#5f8700",
    "#d7005f",
    "#5f5fd7",
    "#008787",
    "#af8700",
)
"""Middle tones that read on the dark and the light themes alike."""


def author_style(author: str, me: str | None) -> str:
    """The style of an author's name: plain bold for the reader's own, a steady colour for others.

    The colour comes from a hash of the name, so one person keeps it across articles, runs
    and machines (Python's own `hash` changes from run to run).
    """
    if me is not None and author == me:
        return "bold"
    digest = hashlib.blake2s(author.encode("utf-8", "surrogatepass"), digest_size=2).digest()
    return f"bold {AUTHOR_COLOURS[int.from_bytes(digest, 'big') % len(AUTHOR_COLOURS)]}"
