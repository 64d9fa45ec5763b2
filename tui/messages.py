"""App-wide requests and results, posted up to the screen that owns the model."""

from __future__ import annotations

from textual.message import Message

from tui.model.library import LoadedArticle


class ArticleLoaded(Message):
    """An article was read and parsed in a worker."""

    def __init__(self, loaded: LoadedArticle) -> None:
        super().__init__()
        self.loaded = loaded
        """The article with its document, or with the problem that kept it from loading."""
