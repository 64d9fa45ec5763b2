"""Marginalia: a terminal article reader with comments on every paragraph."""

import gc

__version__ = "0.1.0"


def collect_rarely() -> None:
    """Let the garbage collector run on every 50,000th new object instead of every 700th.

    Starting the reader (Textual, the screen) makes a few hundred thousand objects, and parsing
    a long article millions: with the default thresholds the collector ran about a hundred
    times before the first paint (10-15 ms) and full passes of 30-70 ms on the event loop.
    """
    gc.set_threshold(50_000, 50, 100)
