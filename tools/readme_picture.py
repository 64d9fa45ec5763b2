"""Draw the README's picture of the reader from the real app: `python tools/readme_picture.py`.

It copies the bundled articles into a temporary folder, adds comments to the German sample
article ("Reden statt senden"), opens it in the app (German, 160x44, the default dark theme) on
its first heading, puts the cursor on the quoted paragraph, and saves the screen as
`docs/reader.svg`. Nothing of the user's own settings, drafts or reading positions is used or
changed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLE = "social-media-dialog"
SIZE = (160, 44)
WHEN = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def isolate(home: Path) -> None:
    """Point the user folders at `home` and fix the time zone, so the picture is the same
    on every machine."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["HOME"] = str(home)
    os.environ["TZ"] = "UTC"
    time.tzset()


def add_comments(folder: Path) -> None:
    """A comment on the quote with a reply, and one on the whole article."""
    from tui.model.articles.library import load_article, scan_folder
    from tui.model.comments.anchoring import make_anchor
    from tui.model.comments.comment import new_comment
    from tui.model.comments.store import ArticleRef, CommentStore

    article = next(a for a in scan_folder(folder) if a.id == ARTICLE)
    document = load_article(folder, article).document
    quote = next(i for i, b in enumerate(document.blocks) if b.quote_depth)
    store = CommentStore(folder / ".comments")
    ref = ArticleRef(article.id, article.relpath, article.title)
    anchor = make_anchor(document, quote)
    first = new_comment("Anna", "Genau das erleben wir in der Bücherei auch.", anchor, now=WHEN)
    store.add(ref, first)
    reply = "Bei uns im Verein: die Antworten bringen die Leute, nicht die Plakate."
    store.add(ref, new_comment("Ben", reply, anchor, parent=first.id, now=WHEN))
    store.add(ref, new_comment("Cleo", "Danke, das schicke ich an unseren Vorstand.", now=WHEN))


async def draw(folder: Path) -> str:
    """Open the article in the app and return the screen as SVG."""
    from tui.app import MarginaliaApp
    from tui.model.articles.library import scan_folder
    from tui.model.session.settings import Settings
    from tui.model.session.workspace import Workspace
    from tui.widgets.article_view import ArticleView

    workspace = Workspace.open(folder.resolve())
    articles = scan_folder(folder)
    app = MarginaliaApp(
        workspace, articles, lang="de", author="Anna", open_id=ARTICLE, settings=Settings()
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ArticleView)
        for _ in range(500):
            if view.laid_out:
                break
            await pilot.pause(0.01)
        await pilot.press("right_square_bracket")
        blocks = view.document.blocks
        view.go_to_block(next(i for i, b in enumerate(blocks) if b.quote_depth), top=False)
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        return app.export_screenshot(title="Marginalia")


def main(argv: list[str]) -> int:
    """Write the picture to the path given, or to docs/reader.svg."""
    target = Path(argv[0]) if argv else REPO / "docs" / "reader.svg"
    with tempfile.TemporaryDirectory() as temp:
        isolate(Path(temp) / "home")
        folder = Path(temp) / "content"
        folder.mkdir()
        for article in sorted((REPO / "content").glob("*.md")):
            shutil.copy(article, folder)
        add_comments(folder)
        svg = asyncio.run(draw(folder))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(svg, encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main(sys.argv[1:]))
