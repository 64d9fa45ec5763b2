"""Marginalia: a terminal article reader with comments on every paragraph."""

import gc

__version__ = "0.1.0"

_held = False
"""Whether the garbage collector waits for the reader's first paint (`hold_collection`)."""


def collect_rarely() -> None:
    """Let the garbage collector run on every 50,000th new object instead of every 700th.

    Starting the reader (Textual, the screen) makes a few hundred thousand objects, and parsing
    a long article millions: with the default thresholds the collector ran about a hundred
    times before the first paint (10-15 ms) and full passes of 30-70 ms on the event loop.
    """
    gc.set_threshold(50_000, 50, 100)


def hold_collection() -> None:
    """Keep the garbage collector off until the reader has painted (`resume_collection`).

    Nearly everything starting makes lives as long as the reader: modules, classes, Textual's
    widgets and styles, the open article. Even collecting rarely, 25 passes over them found
    little and held the first paint back by 12 ms.
    """
    global _held
    _held = True
    gc.disable()


def resume_collection(*, painted: bool = True) -> None:
    """After the first paint: what starting made is frozen out of the collector's passes, which
    then run rarely. Does nothing unless `hold_collection` held them (a reader in a test).

    Not `painted`: the reader ended before its first paint; the collector just runs again.

    Frozen objects are still freed by reference counting; only the cycles starting left behind
    stay until the reader ends (about 3,400 objects, 350 KB, mostly Textual's caches), where
    collecting them right after the first paint would stop the reader for a full pass.
    """
    global _held
    if _held:
        _held = False
        if painted:
            gc.freeze()
        collect_rarely()
        gc.enable()
