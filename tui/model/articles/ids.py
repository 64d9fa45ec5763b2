"""Article ids: which front matter ids serve as they are, settling clashes, safe file names."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_SAFE_FILENAME_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_"
)
_MAX_FILENAME = 200
_PLAIN_ID = re.compile(r"[A-Za-z0-9.\-/]+")
"""Ids whose file name is the id with `/` as `__`: no `_`, `%` or other character to escape."""


def safe_id_filename(article_id: str) -> str:
    """Map an article id to one safe, distinct file name component ("blog/a_b" -> "blog__a_b")."""
    if not article_id:
        return "%"
    if _PLAIN_ID.fullmatch(article_id) and article_id[0] != "." and len(article_id) < 100:
        # Most ids need no escaping (the loop below costs ten microseconds an id).
        return article_id.replace("/", "__")
    out: list[str] = []
    for index, char in enumerate(article_id):
        before = article_id[index - 1] if index > 0 else ""
        after = article_id[index + 1 : index + 2]
        if char == "/":
            out.append("__")
        elif char == "_" and ("_" in (before, after) or "/" in (before, after)):
            # Keeps "__" meaning "/" only, so two ids never share a file name.
            out.append("%5F")
        elif char in _SAFE_FILENAME_CHARS and not (index == 0 and char == "."):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    name = "".join(out)
    if len(name) > _MAX_FILENAME:
        digest = hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"{name[: _MAX_FILENAME - 18]}~{digest}"
    return name


def is_safe_id(value: str) -> bool:
    """Return whether `value` is a slug that can serve as an article id as it stands."""
    return _SAFE_ID.fullmatch(value) is not None and ".." not in value


def settled_ids(entries: Sequence[tuple[str | None, str, str]]) -> list[str]:
    """The distinct id of each (wanted id, path id, relative path), given in relative path order.

    Articles without a front matter id choose first, so a front matter id never steals the id
    another article's path gives it; a taken id gets the first free `~2`, `~3` suffix.
    """
    taken: set[str] = set()
    ids: list[str] = [""] * len(entries)
    order = sorted(range(len(entries)), key=lambda i: entries[i][0] is not None)
    for index in order:
        wanted_id, path_id, relpath = entries[index]
        choices = [c for c in (wanted_id, path_id, id_from_path(relpath)) if c]
        chosen = next((c for c in choices if c not in taken), None)
        suffix = 2
        while chosen is None or chosen in taken:
            chosen = f"{path_id}~{suffix}"
            suffix += 1
        taken.add(chosen)
        ids[index] = chosen
    return ids


def id_from_path(relpath: str) -> str:
    """Return an id from a relative path, with no `..` in it."""
    while ".." in relpath:
        relpath = relpath.replace("..", "._.")
    return relpath
