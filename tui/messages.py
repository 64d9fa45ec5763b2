"""App-wide requests and results, posted up to the screen that owns the model."""

from __future__ import annotations

from textual.message import Message

from tui.model.articles.library import LoadedArticle
from tui.model.comments.store import CommentFile, StatKey


class ArticleLoaded(Message):
    """An article and its comments were read in a worker."""

    def __init__(
        self,
        loaded: LoadedArticle,
        comment_file: CommentFile,
        *,
        complete: bool = True,
        stat_key: StatKey | None = None,
    ) -> None:
        super().__init__()
        self.stat_key = stat_key
        """The comment file's stat key, taken just before it was read."""
        self.loaded = loaded
        """The article with its document, or with the problem that kept it from loading."""
        self.comment_file = comment_file
        """The article's comments as on disk."""
        self.complete = complete
        """False when only the start of a long article was parsed; the whole follows."""


class RememberSetting(Message):
    """Keep one setting in the settings file for the next start."""

    def __init__(self, key: str, value: str) -> None:
        super().__init__()
        self.key = key
        """The setting, one of `settings.REMEMBERED_KEYS`."""
        self.value = value
        """Its new value, as written to the file."""
