"""One entry of the article list: its two rows, drawn only when they scroll into sight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from tui.i18n import active, t
from tui.model.articles.library import Article, folder_of
from tui.model.text import sanitize_line

if TYPE_CHECKING:
    from tui.widgets.article_list import ArticleList
    from tui.widgets.article_options import ArticleOptions


class ListEntry(Visual):
    """One article's two rows, drawn only when on screen and cut to the list's width."""

    def __init__(self, owner: ArticleOptions, article: Article) -> None:
        self.owner = owner
        """The list that draws the entry (see its `prompt`)."""
        self.article = article
        """The article shown."""

    def __str__(self) -> str:
        """Both rows as plain text, uncut (for tests and debugging)."""
        return self.owner.prompt(self.article, 10_000).plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 2

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        content = Content.from_rich_text(self.owner.prompt(self.article, width))
        strips = content.render_strips(width, 2, style, options)[:2]
        while len(strips) < 2:
            strips.append(Strip.blank(width, style.rich_style))
        return strips


def entry_text(owner: ArticleList, article: Article, width: int) -> Text:
    """Two lines for `article`, each cut to `width` cells: the title, then the details."""
    tr = active()
    if article.id == owner.open_id:
        title = Text("▶ ", style="bold")
    elif owner.is_unread(article.id):
        # partial: the component's own colour only, so the highlight shows through behind.
        title = Text(
            "● ", style=owner.get_component_rich_style("article-list--unread", partial=True)
        )
    else:
        title = Text("  ")
    name = Text(sanitize_line(article.title), style="bold")
    if owner.filter_text.strip():
        from tui.model.search.find import find_in_text  # loaded with the first filter

        match_style = owner.get_component_rich_style("article-list--match", partial=True)
        for word in owner.filter_text.split():
            for start, end in find_in_text(name.plain, word):
                name.stylize(match_style, start, end)
    title.append_text(name)
    details = Text("  ")
    if article.id in owner.new_comments:
        new_style = owner.get_component_rich_style("article-list--new", partial=True)
        details.append(t("list.new_comments"), style=new_style)
        details.append(" · ", style="dim")
    folder = folder_of(article)
    parts = [
        # Documentation trees repeat titles ("Introduction"): the folder tells them apart.
        f"{sanitize_line(folder)}/" if folder else "",
        sanitize_line(article.author) if article.author else "",
        tr.date(article.date),
        _reading_time_or_problem(article),
    ]
    count = owner.comment_counts.get(article.id, 0)
    if count:
        parts.append(f"✎ {count}")
    details.append(" · ".join(part for part in parts if part), style="dim")
    width = max(8, width)
    title.truncate(width, overflow="ellipsis")
    details.truncate(width, overflow="ellipsis")
    return Text("\n").join([title, details])


def _reading_time_or_problem(article: Article) -> str:
    """The reading time, or what is wrong with the file (broken front matter still reads)."""
    if article.problem is None:
        return active().reading_time(article.word_count)
    if article.problem.code == "front_matter":
        return t("list.front_matter_broken")
    return t("list.problem")
