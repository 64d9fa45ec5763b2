"""The reader's state in one place: the folder's articles, the open one, history, undo, matches.

`ReadingSession` is plain Python with no screen behind it. The reader screen owns one and asks
it what to do (which article is next, where a freshly loaded article opens, what a change on
disk means for the open article); the screen and its helpers then show the answer. Only the
event loop calls it: workers get snapshots (`ReadingState.encoded`, tuples of articles) and
post their results back.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.model.articles.article_set import ArticleSet
from tui.model.articles.library import Article, LoadedArticle
from tui.model.comments.comment import Comment
from tui.model.comments.discussion import Discussion
from tui.model.comments.store import ArticleRef, CommentFile, StatKey
from tui.model.session.history import History
from tui.model.session.reading import ReadingState, position_at, resolve_position

if TYPE_CHECKING:
    from tui.model.articles.links import LinkTarget
    from tui.model.search.find import DocumentMatch


@dataclass(frozen=True, slots=True)
class Place:
    """A place to go back to: an article and the block the cursor was on."""

    article_id: str
    """The article."""
    block: int
    """The block under the cursor."""
    scroll: int | None = None
    """The first row on screen, to come back to the exact line (None: bring the block into view)."""


@dataclass(frozen=True, slots=True)
class Opening:
    """An article asked for and where it should open once its text is there."""

    article: Article
    """The article being opened."""
    block: int | None = None
    """The block to put the cursor on (None: the heading named, or where the reader left off)."""
    fragment: str | None = None
    """A `#heading` to open at."""
    scroll: int | None = None
    """The first row to show, when coming back to an exact place."""
    select: str | None = None
    """A comment to select once the comments are placed (a search result)."""
    line: int | None = None
    """A line of the file to open at (a search hit in the text names its paragraph's line)."""


class Received(enum.Enum):
    """What to do with an article that a worker has read."""

    IGNORE = "ignore"
    """Another article was asked for since: drop it."""
    SHOW = "show"
    """Show it (its start only, when `complete` was False)."""
    EXTEND = "extend"
    """The rest of the article on show: extend the view, keep the reader's place."""


@dataclass(frozen=True, slots=True)
class Arrival:
    """Where the cursor goes in an article that has just arrived."""

    block: int | None
    """The block (None: the top, the article is new to the reader or empty)."""
    missing: str | None = None
    """A `#fragment` that named no heading in the article, to tell the reader about."""
    scroll: int | None = None
    """The first row to show."""


@dataclass(frozen=True, slots=True)
class FolderUpdate:
    """What a change of the folder's articles means for the open one."""

    reload: Article | None = None
    """The open article changed on disk: read it again in place."""
    gone: Article | None = None
    """The open article was deleted or renamed away."""


@dataclass(frozen=True, slots=True)
class Deleted:
    """Comments deleted together, for undo."""

    ref: ArticleRef
    """The article they belonged to."""
    comments: tuple[Comment, ...]
    """The comment and its replies, as they were."""


class ReadingSession:
    """The folder's articles and everything the reader is doing with them."""

    def __init__(self, articles: Sequence[Article], reading: ReadingState) -> None:
        self.reading = reading
        """Where the reader left each article, and when each was last visited."""
        self.history: History[Place] = History()
        """Places visited by following links and search results."""
        self.opening: Opening | None = None
        """The article asked for last, until it has arrived."""
        self.loaded: LoadedArticle | None = None
        """The article on show, with its document."""
        self.partial = False
        """Only the start of the article on show has been parsed; the rest is coming."""
        self.discussion = Discussion()
        """The open article's comments, placed on its document."""
        self.comment_file: CommentFile | None = None
        """The open article's comment file as last read."""
        self.select: str | None = None
        """A comment to select when the open article's comments arrive (a search result)."""
        self.stat_key: StatKey | None = None
        """The open article's comment file's stat key when last read (to notice other writers)."""
        self.undo: list[Deleted] = []
        """Deletions that `u` can bring back, the last one last."""
        self.comment_counts: dict[str, int] = {}
        """Comments per article, as last counted."""
        self.new_comments: set[str] = set()
        """Articles with comments by others since the reader's last visit."""
        self.matches: list[DocumentMatch] = []
        """Matches of the search in the open article."""
        self.match: int | None = None
        """The current match."""
        self.articles: tuple[Article, ...] = ()
        self._by_id: Mapping[str, Article] = {}
        self._by_relpath: Mapping[str, Article] = {}
        self.set_articles(articles)

    # The folder

    def set_articles(self, articles: Sequence[Article] | ArticleSet) -> None:
        """Take the folder's articles (in list order) as read now."""
        shelf = articles if isinstance(articles, ArticleSet) else ArticleSet.of(articles)
        self.articles = shelf.articles
        self._by_id = shelf.by_id
        self._by_relpath = shelf.by_relpath

    def article(self, article_id: str | None) -> Article | None:
        """The article with `article_id`, if the folder has it."""
        return self._by_id.get(article_id) if article_id is not None else None

    def apply_folder(
        self, articles: Sequence[Article] | ArticleSet, changed: Collection[str]
    ) -> FolderUpdate:
        """Take the folder read again after the files at `changed` (relative paths) changed."""
        self.set_articles(articles)
        loaded = self.loaded
        if loaded is None or loaded.article.relpath not in changed:
            return FolderUpdate()
        fresh = self._by_relpath.get(loaded.article.relpath)
        if fresh is None:
            return FolderUpdate(gone=loaded.article)
        return FolderUpdate(reload=fresh)

    def read(self) -> frozenset[str]:
        """Ids of the articles the reader has opened (fewer than those never opened)."""
        return self.reading.visited_ids()

    def visits(self) -> dict[str, datetime | None]:
        """When each article was last visited: a snapshot for a worker."""
        return {a.id: self.reading.last_visited(a.id) for a in self.articles}

    # Opening articles

    @property
    def open_id(self) -> str | None:
        """Id of the article on show."""
        return self.loaded.article.id if self.loaded is not None else None

    @property
    def current_id(self) -> str | None:
        """The article being opened, else the one on show: J pressed while one loads goes on."""
        if self.opening is not None:
            return self.opening.article.id
        return self.open_id

    def open(self, opening: Opening) -> None:
        """Ask for an article; it shows when `receive` gets it."""
        self.opening = opening

    def visit(self, opening: Opening, here: Place | None) -> None:
        """Open an article by a link or a search result, remembering where the reader was."""
        if here is not None:
            self.history.replace_current(here)
        self.history.push(Place(opening.article.id, opening.block or 0))
        self.open(opening)

    def reopen(self, article: Article, cursor: int | None) -> Opening:
        """Read the open article again (changed on disk), keeping the cursor's paragraph."""
        if self.loaded is not None and self.loaded.document.blocks and cursor is not None:
            self.reading.set_position(article.id, position_at(self.loaded.document, cursor))
        opening = Opening(article)
        self.open(opening)
        return opening

    def neighbour(self, shown: Sequence[Article], delta: int) -> Article | None:
        """The article `delta` places from the current one in the list as shown.

        An article that is not shown (or none) counts as just before the first or after the last.
        """
        current = self.current_id
        index = next((n for n, a in enumerate(shown) if a.id == current), None)
        if index is None:
            index = -1 if delta > 0 else len(shown)
        target = index + delta
        return shown[target] if 0 <= target < len(shown) else None

    def receive(self, loaded: LoadedArticle, *, complete: bool) -> Received:
        """Take an article a worker has read; say how to show it."""
        wanted = self.opening.article.id if self.opening is not None else self.open_id
        if loaded.article.id != wanted:
            return Received.IGNORE
        extending = self.partial and self.open_id == loaded.article.id
        self.loaded = loaded
        if extending:
            self.partial = False
            return Received.EXTEND
        self.partial = not complete
        self.discussion = Discussion()
        return Received.SHOW

    def arrive(self, now: datetime) -> Arrival:
        """The whole article is there: decide where the cursor goes and mark it visited."""
        assert self.loaded is not None
        opening = self.opening or Opening(self.loaded.article)
        self.opening = None
        self.select = opening.select
        document = self.loaded.document
        article_id = self.loaded.article.id
        block, missing = opening.block, None
        if block is None and opening.fragment is not None:
            block = self._heading(opening.fragment)
            missing = opening.fragment if block is None else None
        if block is None and opening.line is not None:
            block = document.block_at_line(opening.line)
        if block is None:
            position = self.reading.position_for(article_id)
            block = resolve_position(document, position) if position is not None else None
        if not document.blocks:
            block = None
        self.reading.mark_visited(article_id, now)
        self.history.replace_current(Place(article_id, block or 0))
        self.new_comments.discard(article_id)
        self.clear_matches()
        return Arrival(block, missing, opening.scroll)

    def _heading(self, fragment: str) -> int | None:
        """The block a `#fragment` names: a heading, else a footnote or the mark pointing at it."""
        assert self.loaded is not None
        document = self.loaded.document
        headings = [(i, document.blocks[i].text) for i in document.headings]
        from tui.model.articles.links import find_heading  # links load with the first one used

        block = find_heading(headings, fragment)
        if block is None:
            block = next((i for i, b in enumerate(document.blocks) if fragment in b.anchors), None)
        return block

    def remember_cursor(self, block: int) -> bool:
        """Keep the reader's place in the open article; True if there was one to keep."""
        if self.loaded is None or not 0 <= block < len(self.loaded.document.blocks):
            return False
        self.reading.set_position(self.loaded.article.id, position_at(self.loaded.document, block))
        return True

    # Links and history

    def link(self, href: str, root: Path) -> tuple[LinkTarget, Article | None]:
        """What following `href` in the open article does, and the article it opens, if any."""
        from tui.model.articles.links import classify  # loaded with the first link followed

        assert self.loaded is not None
        relpaths = set(self._by_relpath)
        target = classify(href, root, self.loaded.article.relpath, relpaths)
        article = self._by_relpath.get(target.relpath) if target.relpath else None
        return target, article

    def back(self, here: Place | None) -> Place | None:
        """The place before the current one in the history, if any."""
        if here is not None:
            self.history.replace_current(here)
        return self.history.back()

    def forward(self) -> Place | None:
        """The place after the current one in the history, if any."""
        return self.history.forward()

    # Comments

    @property
    def ref(self) -> ArticleRef:
        """The open article as the comment store names it."""
        assert self.loaded is not None
        article = self.loaded.article
        return ArticleRef(article.id, article.relpath, article.title)

    def set_comments(
        self, comment_file: CommentFile, discussion: Discussion, stat_key: StatKey | None
    ) -> None:
        """Show `comment_file`'s comments, placed as `discussion`, on the open article."""
        self.comment_file = comment_file
        self.discussion = discussion
        if stat_key is not None:
            self.stat_key = stat_key
        assert self.loaded is not None
        self.comment_counts[self.loaded.article.id] = len(discussion)

    def take_select(self, select: str | None) -> str | None:
        """The comment to select now: `select`, else the one the article was opened for."""
        wanted, self.select = select or self.select, None
        return wanted

    def deleted(self, ref: ArticleRef, comments: tuple[Comment, ...]) -> None:
        """Remember comments just deleted, so `u` brings them back."""
        if comments:
            self.undo.append(Deleted(ref, comments))

    def take_undo(self) -> Deleted | None:
        """The last deletion, taken off the undo list (give it back if restoring fails)."""
        return self.undo.pop() if self.undo else None

    # Search in the article

    def find(self, query: str, cursor: int) -> DocumentMatch | None:
        """Search the open article; the current match is the first at or after `cursor`."""
        if self.loaded is None:
            return None
        from tui.model.search.find import search_document  # loaded with the first search

        self.matches = search_document(self.loaded.document, query) if query else []
        self.match = next(
            (n for n, m in enumerate(self.matches) if m.block >= cursor),
            0 if self.matches else None,
        )
        return self.current_match()

    def step_match(self, delta: int) -> DocumentMatch | None:
        """Move to the next (or previous) match, round the ends."""
        if not self.matches:
            return None
        self.match = ((self.match or 0) + delta) % len(self.matches)
        return self.current_match()

    def current_match(self) -> DocumentMatch | None:
        """The current match, if any."""
        return self.matches[self.match] if self.match is not None and self.matches else None

    def match_occurrence(self) -> int:
        """Which match in its block the current one is (0 for the first)."""
        match = self.current_match()
        if match is None or self.match is None:
            return 0
        return sum(1 for m in self.matches[: self.match] if m.block == match.block)

    def clear_matches(self) -> None:
        """Forget the search in the article."""
        self.matches = []
        self.match = None
