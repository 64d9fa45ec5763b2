"""Comment files read a line at a time, each distinct line parsed once (for the merge driver).

Git hands the merge driver three versions of a file that mostly share their lines: a comment
nobody touched is the same line in all three. Parsing that line once, and writing it back as
it was, keeps a merge of 10,000 comments well under a second. Only the layout `encode` writes
is read this way; anything else (a version-1 file, a hand-formatted one) goes through `parse`.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.model.comments.codec import (
    FORMAT,
    VERSION,
    ArticleRef,
    CommentFile,
    encode,
    parse,
    read_article,
)
from tui.model.comments.comment import Comment, CommentFormatError, decode_json, merge
from tui.model.comments.tombstone import Tombstone


class LineCache:
    """Reads comment files line by line and writes them back reusing the lines it read."""

    def __init__(self) -> None:
        self._comments: dict[str, Comment] = {}
        self._graves: dict[str, Tombstone] = {}
        self._lines: dict[int, str] = {}
        # The comments whose line is known, kept alive so their ids stay theirs.
        self._alive: list[Comment] = []

    def read(self, data: bytes) -> CommentFile:
        """Return what `parse` would return for `data`."""
        split = _split(data)
        if split is None:
            return parse(data)
        head, comment_lines, grave_lines, version = split
        if not 1 <= version <= VERSION:
            return parse(data)
        try:
            comments = merge(self._comment(line) for line in comment_lines)
            graves = {g.id: g for g in map(self._grave, grave_lines)}
            article = read_article(decode_json(head.encode("utf-8")))
        except CommentFormatError:
            # A line that is not one JSON object on its own may still be part of a valid file.
            return parse(data)
        alive = {c.id for c in comments}
        kept = tuple(g for key, g in graves.items() if key not in alive)
        return CommentFile(tuple(comments), tombstones=kept, article=article)

    def encode(
        self, article: ArticleRef, comments: Iterable[Comment], tombstones: Iterable[Tombstone]
    ) -> bytes:
        """Return `encode`'s bytes, each comment that was read written back as its line."""
        return encode(article, comments, tombstones, known=self._lines)

    def _comment(self, line: str) -> Comment:
        comment = self._comments.get(line)
        if comment is None:
            comment = Comment.from_json(decode_json(line.encode("utf-8")))
            self._comments[line] = comment
            self._lines[id(comment)] = line
            self._alive.append(comment)
        return comment

    def _grave(self, line: str) -> Tombstone:
        grave = self._graves.get(line)
        if grave is None:
            grave = self._graves[line] = Tombstone.from_json(decode_json(line.encode("utf-8")))
        return grave


def _split(data: bytes) -> tuple[str, list[str], list[str], int] | None:
    """The article header, comment lines, tombstone lines and version, or None if not laid out."""
    if b"\x00" in data:
        return None
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if len(lines) < 7 or lines[0] != "{" or lines[-2:] != ["}", ""]:
        return None
    article = lines[1]
    if not (article.startswith('  "article": {') and article.endswith("},")):
        return None
    comments, at = _items(lines, 2, "comments")
    if comments is None or lines[at] != f'  "format": "{FORMAT}",':
        return None
    graves, at = _items(lines, at + 1, "tombstones")
    version = lines[at].removeprefix('  "version": ')
    if graves is None or at != len(lines) - 3 or not (version.isascii() and version.isdigit()):
        return None
    return article[len('  "article": ') : -1], comments, graves, int(version[:9])


def _items(lines: list[str], at: int, key: str) -> tuple[list[str] | None, int]:
    """The one-line items of the list `key` starting at line `at`, and the line after it."""
    if lines[at] == f'  "{key}": [],':
        return [], at + 1
    if lines[at] != f'  "{key}": [':
        return None, at
    items: list[str] = []
    for index in range(at + 1, len(lines)):
        line = lines[index]
        if line == "  ],":
            # Only the last item goes without a comma.
            return (
                (items, index + 1)
                if items and not lines[index - 1].endswith(",")
                else (
                    None,
                    index,
                )
            )
        if not (line.startswith("    {") and line.endswith(("}", "},"))):
            return None, index
        if index > at + 1 and not lines[index - 1].endswith(","):
            return None, index
        items.append(line[4:].removesuffix(","))
    return None, len(lines)
