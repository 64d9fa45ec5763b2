"""Front matter, YAML or TOML (`+++`): split it off, parse it safely, coerce values (DESIGN §1)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.model.text import sanitize_line

if TYPE_CHECKING:
    from tui.model.articles.toml_front import TomlSplit

_END = object()
"""What `next` returns when a list or mapping has no more children."""

MAX_FRONT_MATTER = 64 * 1024
"""Largest front matter block (in characters) that is parsed at all."""
MAX_DEPTH = 8
"""Deepest nesting of lists and mappings kept; deeper values are flattened to "…"."""
MAX_NODES = 2000
"""Most values visited while coercing, so aliases cannot blow up a small block."""
MAX_VALUE = 200
"""Longest display string for an unknown key's value."""
MAX_TEXT = 1000
"""Longest title, author or summary kept."""
MAX_TAGS = 100
"""Most tags kept."""

_KNOWN = frozenset({"title", "author", "summary", "lang", "id", "date", "tags"})
_LANG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,4}")
_ISO_DATE = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?(?:\s+\d{4})?"
    r"\s*(?:Z|[-+]\d{1,2}(?::?\d{2})?)?)?\s*"
)
# A closing `---` or `...` line; trailing whitespace is allowed, as `str.rstrip` would strip it.
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
# A line that starts like a YAML mapping entry (`title: …`, `"a key": …`): a block with one is
# front matter that went wrong, not a paragraph between two rules.
_KEY_LINE = re.compile(r"^[ \t]*(?:[\w-]+|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?:[ \t]|$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Validated front matter of one article."""

    title: str | None = None
    """The article's title."""
    author: str | None = None
    """Who wrote it."""
    summary: str | None = None
    """A short summary."""
    lang: str | None = None
    """Language tag such as "de" or "en-GB"."""
    id: str | None = None
    """The id the author asked for (the library decides whether it is safe)."""
    date: datetime.date | None = None
    """Publication date."""
    tags: tuple[str, ...] = ()
    """Tags, or the categories when no tags are given."""
    extra: tuple[tuple[str, str], ...] = ()
    """Unknown keys with their values as short display strings, in file order."""


EMPTY = FrontMatter()
"""Front matter of an article that has none."""


@dataclass(frozen=True, slots=True)
class FrontMatterSplit:
    """An article's text split into front matter and body."""

    meta: FrontMatter
    """The parsed front matter (empty when absent or broken)."""
    body: str
    """The text after the front matter."""
    body_line: int
    """Line index (0-based) in the full text where the body starts."""
    problem: str | None = None
    """A code when the block was present but not usable: yaml_error, not_a_mapping, too_large,
    too_deep."""


def split_front_matter(text: str) -> FrontMatterSplit:
    """Split `text` into front matter and body; never raises."""
    text = text.removeprefix("\ufeff")
    toml = _split_toml(text) if text.startswith("+++") else None
    if toml is not None:
        meta, problem = _coerce(toml.data) if toml.data else (EMPTY, None)
        return FrontMatterSplit(meta, toml.body, toml.body_line, toml.problem or problem)
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].rstrip() != "---":
        return FrontMatterSplit(EMPTY, text, 0)
    closing = _CLOSING.search(text, first_end + 1)
    if closing is None:
        # No closing line: like Jekyll, the opening `---` is then just a thematic break.
        return FrontMatterSplit(EMPTY, text, 0)
    pos, end = closing.start(), closing.end()
    line = 1 + text.count("\n", first_end + 1, pos)
    block = text[first_end + 1 : pos]
    meta, problem = parse_front_matter(block)
    if problem == "not_a_mapping" or (problem == "yaml_error" and not _KEY_LINE.search(block)):
        # `---`, prose, `---` is Markdown (a rule, then text or a setext heading), as CommonMark
        # reads it: only a block meant as a mapping is front matter, even a broken one.
        return FrontMatterSplit(EMPTY, text, 0)
    if end == len(text):
        return FrontMatterSplit(meta, "", line, problem)
    return FrontMatterSplit(meta, text[end + 1 :], line + 1, problem)


def _split_toml(text: str) -> TomlSplit | None:
    """The `+++` block at the top of `text` (the TOML reader loads with the first one)."""
    from tui.model.articles.toml_front import split_toml

    return split_toml(text)


def parse_front_matter(block: str) -> tuple[FrontMatter, str | None]:
    """Parse the YAML `block` into front matter and a problem code (or None); never raises."""
    if len(block) > MAX_FRONT_MATTER:
        return EMPTY, "too_large"
    # The YAML reader (its patterns take a few milliseconds to build) loads with the first block.
    from tui.model.articles.yaml_front import YamlProblem, load_block

    try:
        data = load_block(block)
    except RecursionError:
        return EMPTY, "too_deep"
    except YamlProblem as error:
        return EMPTY, "too_deep" if "nesting depth" in str(error) else "yaml_error"
    except Exception:
        # PyYAML raises ValueError and others for impossible dates such as 2024-02-30.
        return EMPTY, "yaml_error"
    if data is None:
        return EMPTY, None
    if not isinstance(data, dict):
        return EMPTY, "not_a_mapping"
    try:
        return _coerce(data)
    except RecursionError:
        return EMPTY, "too_deep"


def _coerce(data: dict[Any, Any]) -> tuple[FrontMatter, str | None]:
    """Turn a parsed mapping into front matter, flattening whatever is too deep."""
    budget = _Budget()
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for raw_key, value in _aliased(data).items():
        if type(raw_key) is str and raw_key in _KNOWN:
            # A known key is clean as it stands: sanitising it would give it back unchanged.
            fields[raw_key] = value
            continue
        key = raw_key if type(raw_key) is str else _display(raw_key, budget, 1)
        key = _clip(sanitize_line(key).strip(), MAX_VALUE)
        if key in _KNOWN:
            fields[key] = value
        elif key:
            shown = value if type(value) is str else _display(value, budget, 1)
            extra.append((key, _clip(sanitize_line(shown).strip(), MAX_VALUE)))
    tags = _tags(fields.get("tags"))
    if "tags" not in fields:
        # Jekyll posts carry `categories`/`category` instead of tags: show those as tags.
        merged = [k for k in ("categories", "category") if k in data]
        tags = tuple(t for k in merged for t in _tags(data[k]))
        tags = tuple(dict.fromkeys(tags))[:MAX_TAGS]
        extra = [(k, v) for k, v in extra if k not in merged]
    meta = FrontMatter(
        title=_text(fields.get("title")),
        author=_text(fields.get("author")),
        summary=_text(fields.get("summary")),
        lang=_lang(fields.get("lang")),
        id=_scalar(fields.get("id")),
        date=parse_date(fields.get("date")),
        tags=tags,
        extra=tuple(extra),
    )
    problem = _shape_problem(data) if _may_be_too_big(data) else None
    return meta, problem or ("too_deep" if budget.too_deep else None)


_ALIASES = {"authors": "author", "description": "summary"}


def _aliased(data: dict[Any, Any]) -> dict[Any, Any]:
    """`data` with Hugo's `authors` and `description` read as `author` and `summary`."""
    if not any(key in data for key in _ALIASES):
        return data
    return {
        _ALIASES[k] if k in _ALIASES and _ALIASES[k] not in data else k: v for k, v in data.items()
    }


def _may_be_too_big(data: dict[Any, Any]) -> bool:
    """Whether `data` may nest too deep or hold too many values (flat lists of scalars cannot)."""
    count = len(data)
    for value in data.values():
        if isinstance(value, dict):
            return True
        if isinstance(value, list):
            count += len(value)
            if any(isinstance(item, (dict, list)) for item in value):
                return True
    return count > MAX_NODES


class _Budget:
    """How many more values may be visited, and whether anything was cut off."""

    __slots__ = ("left", "too_deep")

    def __init__(self) -> None:
        self.left = MAX_NODES
        self.too_deep = False


def _shape_problem(data: dict[Any, Any]) -> str | None:
    """Return "too_deep" or "too_large" when the parsed block nests or repeats too much."""
    # Iterators rather than lists on the stack: an alias can repeat a large list many times.
    stack: list[tuple[Iterator[Any], int]] = [(iter(data.values()), 1)]
    seen = 0
    while stack:
        children, level = stack[-1]
        child = next(children, _END)
        if child is _END:
            stack.pop()
            continue
        seen += 1
        if seen > MAX_NODES:
            return "too_large"
        if isinstance(child, (dict, list)):
            if level >= MAX_DEPTH:
                return "too_deep"
            stack.append((iter(child.values() if isinstance(child, dict) else child), level + 1))
    return None


def _display(value: Any, budget: _Budget, level: int) -> str:
    """Return a short one-line display string for any parsed YAML value."""
    budget.left -= 1
    if budget.left < 0 or level > MAX_DEPTH:
        budget.too_deep = budget.too_deep or level > MAX_DEPTH
        return "…"
    if isinstance(value, dict):
        parts = (
            f"{_display(k, budget, level + 1)}: {_display(v, budget, level + 1)}"
            for k, v in _first(value.items())
        )
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_display(v, budget, level + 1) for v in _first(value)) + "]"
    return _scalar(value) or ""


def _first(items: Iterable[Any]) -> Iterable[Any]:
    """Yield the first few items, enough for a display string of MAX_VALUE characters."""
    for count, item in enumerate(items):
        if count >= MAX_VALUE // 2:
            return
        yield item


def _scalar(value: Any) -> str | None:
    """Return a scalar as sanitised text (None for null and for lists or mappings)."""
    if type(value) is str:
        return sanitize_line(value).strip() or None
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    elif isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else str(value)
    text = sanitize_line(str(value)).strip()
    return text or None


def _text(value: Any) -> str | None:
    """Return a text field from a scalar or a list of scalars (joined with commas)."""
    if isinstance(value, list):
        parts = [p for p in (_scalar(v) for v in value[:MAX_TAGS]) if p]
        return _clip(", ".join(parts), MAX_TEXT) or None
    text = _scalar(value)
    return None if text is None else _clip(text, MAX_TEXT)


def _lang(value: Any) -> str | None:
    """Return a language tag when `value` looks like one."""
    text = _scalar(value)
    return text if text is not None and _LANG.fullmatch(text) else None


def _tags(value: Any) -> tuple[str, ...]:
    """Return tags from a list or a comma-separated string, sanitised, empties dropped."""
    if isinstance(value, list):
        items = [_scalar(v) for v in value[: MAX_TAGS * 2]]
    elif isinstance(value, str):
        items = [_scalar(v) for v in value.split(",")[: MAX_TAGS * 2]]
    else:
        items = [_scalar(value)]
    tags = (_clip(t, MAX_VALUE) for t in items if t)
    return tuple(dict.fromkeys(tags))[:MAX_TAGS]


def parse_date(value: Any) -> datetime.date | None:
    """Return a date from a YAML date, datetime or ISO-like string ("2013-05-06 12:00:00 -0500")."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or len(value) > 64:
        return None
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _clip(text: str, limit: int) -> str:
    """Return `text` cut to `limit` characters, marked with "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
