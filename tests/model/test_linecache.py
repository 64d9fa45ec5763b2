"""The merge driver's line-at-a-time reader reads exactly what the codec reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.comments.codec import ArticleRef, Problem, encode, parse
from tui.model.comments.comment import Anchor, new_comment
from tui.model.comments.linecache import LineCache
from tui.model.comments.tombstone import Tombstone

REF = ArticleRef("post", "post.md", "A post")
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
ANCHOR = Anchor(2, ("Kopf",), "Zitat", "vor", "nach", "0" * 40, "paragraph", (("ab", 3, "x"),))


def _file(texts: list[str], graves: list[str]) -> bytes:
    comments = [
        replace(new_comment(t, t, ANCHOR if i % 2 else None, None, T0 + timedelta(i)), id=f"c{i}")
        for i, t in enumerate(texts)
    ]
    return encode(REF, comments, [Tombstone(f"g{i}", T0, g) for i, g in enumerate(graves)])


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.text(), max_size=5),
    graves=st.lists(st.text(max_size=5), max_size=3),
    cut=st.integers(0, 400),
    junk=st.sampled_from([b"", b"}", b",", b"\n", b"\x00", b"\xff", b' {"id": "x"}']),
)
def test_reads_what_parse_reads(texts: list[str], graves: list[str], cut: int, junk: bytes) -> None:
    """For whole files and files with bytes damaged anywhere, both readers agree."""
    data = _file(texts, graves)
    assert LineCache().read(data) == parse(data)
    damaged = data[:cut] + junk + data[cut + len(junk) :]
    assert LineCache().read(damaged) == parse(damaged)


def test_two_objects_on_one_line_still_read() -> None:
    """A hand-edited file with two comments on one line is valid JSON and reads in full."""
    data = _file(["one", "two"], [])
    lines = data.decode().split("\n")
    joined = "\n".join([*lines[:3], lines[3] + " " + lines[4].strip(), *lines[5:]]).encode()
    found = LineCache().read(joined)
    assert found == parse(joined) and [c.body for c in found.comments] == ["one", "two"]


def test_a_newer_version_reads_as_newer() -> None:
    """A newer version in this layout is reported as parse reports it."""
    data = _file(["one"], []).replace(b'"version": 2', b'"version": 3')
    assert LineCache().read(data).problem is Problem.NEWER_VERSION


def test_lines_read_are_written_back_unchanged() -> None:
    """Writing what was read gives the same bytes, each line reused."""
    data = _file(["one", "zwei\nzeilen", "drei"], ["Ben"])
    cache = LineCache()
    found = cache.read(data)
    assert found.article is not None
    assert cache.encode(found.article, found.comments, found.tombstones) == data
