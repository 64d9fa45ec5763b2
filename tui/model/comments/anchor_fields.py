"""The optional anchor fields added within version 1, read leniently."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_SENTENCE = re.compile(r"([^ ]*) ([0-9]+)(?: ([^ ]*))?")
"""A sentence entry: its words split on single spaces, the length in ASCII digits."""

MAX_SENTENCES = 256
"""Most sentence entries read from one anchor; more are ignored."""


def later_anchor_fields(obj: Mapping[str, object]) -> dict[str, Any]:
    """The optional anchor fields added within version 1; a malformed one is left out.

    These only help to place a comment, so a value this version cannot use costs nothing
    but that help: the file is never treated as damaged because of them.
    """
    found: dict[str, Any] = {}
    kind = obj.get("kind")
    if isinstance(kind, str) and 0 < len(kind) <= 32:
        found["kind"] = kind
    sentences = obj.get("sentences")
    if isinstance(sentences, list):
        parsed = [_sentence(s) for s in sentences[:MAX_SENTENCES]]
        if all(parsed):
            found["sentences"] = tuple(s for s in parsed if s is not None)
    neighbours = obj.get("neighbours")
    if (
        isinstance(neighbours, list)
        and len(neighbours) == 2
        and all(isinstance(n, str) and len(n) <= 64 for n in neighbours)
    ):
        found["neighbours"] = (neighbours[0], neighbours[1])
    position = obj.get("position")
    if isinstance(position, int | float) and not isinstance(position, bool) and 0 <= position <= 1:
        found["position"] = float(position)
    for key in ("length", "copies"):
        number = obj.get(key)
        if type(number) is int and number >= 0:
            found[key] = number
    declined = obj.get("declined")
    if isinstance(declined, list) and all(isinstance(d, str) and len(d) <= 64 for d in declined):
        found["declined"] = tuple(declined[:MAX_SENTENCES])
    return found


def _sentence(value: object) -> tuple[str, int, str] | None:
    """A sentence entry, "hash length sketch" (the sketch may be missing), or None."""
    if not isinstance(value, str) or len(value) > 160:
        return None
    found = _SENTENCE.fullmatch(value)
    if found is None:
        return None
    return found[1], int(found[2]), found[3] or ""
