"""YAML front matter: simple `key: value` blocks read by hand, the rest by PyYAML's safe loader."""

from __future__ import annotations

import re
from re import Pattern
from typing import Any, ClassVar

END = object()
"""What a value reader returns when a block needs the real loader."""

# Booleans, numbers and timestamps stay the text they were written as: `title: no` is "no",
# `version: 1.10` is "1.10", and a date reads the same quoted or not (parse_date reads the text).
_PLAIN_STRING_TAGS = frozenset(
    {
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp",
    }
)
# The common case, `key: plain value` lines only, is read without PyYAML (ten times faster);
# anything else goes to the safe loader. The property tests check both agree.
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?")
# Flow list items are words of any script (`[gespräch, netz]`): nothing YAML treats specially.
_SIMPLE_ITEM = re.compile(r"\w[\w ._/+-]*")
# Characters the YAML reader refuses or treats specially (BOM, NEL, line separators), and tabs,
# carriage returns and backslashes (escapes), send a block to it.
_NOT_SIMPLE = re.compile(
    r"[^\n\x20-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN_STARTS = frozenset("-?:,[]{}#&*!|>'\"%@`")

_yaml_loader: type[Any] | None = None


def text_scalar_loader() -> type[Any]:
    """The safe loader, but booleans, numbers and dates stay the text they were written as.

    PyYAML is imported here, on the first front matter the simple reader cannot read: most
    folders never need it, and it is slow to import before the reader's first paint.
    """
    global _yaml_loader
    if _yaml_loader is not None:
        return _yaml_loader
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class TextScalarLoader(base):  # type: ignore[valid-type, misc]
        yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Pattern[str]]]]] = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN_STRING_TAGS]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

    def construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        """Build a date or datetime, or keep the text when it names no real day (2024-02-30)."""
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)  # type: ignore[arg-type]

    TextScalarLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    _yaml_loader = TextScalarLoader
    return TextScalarLoader


def _load_yaml(block: str) -> Any:
    """Read a YAML block with the safe text-scalar loader; raises ValueError when it is broken."""
    import yaml

    try:
        # A subclass of the safe loader (C or Python): no Python objects are ever built.
        return yaml.load(block, Loader=text_scalar_loader())
    except yaml.YAMLError as error:
        raise YamlProblem(str(error)) from None


class YamlProblem(ValueError):
    """PyYAML refused the block (its own error type stays inside this module)."""


def load_block(block: str) -> Any:
    """The YAML `block`, read by hand when simple, else by the safe loader (YamlProblem: broken)."""
    data = load_simple(block)
    return _load_yaml(block) if data is None else data


def load_simple(block: str) -> dict[str, Any] | None:
    """Parse a block of `key: value` lines like the loader would, or return None if it is more."""
    if _NOT_SIMPLE.search(block):
        return None
    data: dict[str, Any] = {}
    for line in block.split("\n"):
        if not line or line[0] == "#":
            continue
        match = _SIMPLE_LINE.fullmatch(line.rstrip(" "))
        if match is None or match[1] in _NULLS:
            return None
        value = _simple_value((match[2] or "").strip(" "))
        if value is END:
            return None
        data[match[1]] = value
    return data


def _simple_value(text: str) -> Any:
    """Return the value of a simple scalar or flow list, or END when it needs the real loader."""
    if text in _NULLS:
        return None
    if text in ("=", "<<"):
        return END
    first, last = text[0], text[-1]
    if first in "\"'":
        inner = text[1:-1]
        if len(text) < 2 or last != first:
            return END
        if first not in inner:
            return inner
        # Inside single quotes a quote is written twice; a lone one ends the scalar early.
        if first == "'" and "'" not in inner.replace("''", ""):
            return inner.replace("''", "'")
        return END
    if first == "[":
        if last != "]":
            return END
        inner = text[1:-1].strip(" ")
        items = [item.strip(" ") for item in inner.split(",")] if inner else []
        if not all(_SIMPLE_ITEM.fullmatch(i) and i not in _NULLS for i in items):
            return END
        return items
    if first in _PLAIN_STARTS or last == ":" or ": " in text or " #" in text:
        return END
    return text
