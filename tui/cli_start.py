"""The reader as `marginalia [PATH]` starts it: the folder and articles PATH names (from the
folder's index when it has one), the settings, the language and the workspace."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from tui import i18n
from tui.i18n import t
from tui.model.session.settings import Settings, SettingsProblem, load_settings, remember
from tui.model.text import sanitize_line

# The article readers, the index and the workspace load when the reader starts.
if TYPE_CHECKING:
    from tui.app import MarginaliaApp
    from tui.model.articles.library import Article
    from tui.model.session.policy import SessionPolicy
    from tui.model.session.workspace import UserDirs

SCAN_NOTICE_SECONDS = 0.5
"""How long reading the folder may take before the command line says it is reading."""
FIRST_PAGE = 200
"""Articles of a folder listed from its index that the reader starts with (more than a tall
terminal shows); the rest are read from the index after the first paint."""
READ_BEFORE_START = 500
"""A folder with at most this many articles is read before the first start (a few tenths of a
second); a larger one lists its articles as they are read."""


class Usage(Exception):
    """A problem with what the user asked for, told in one line."""


def bundled_content() -> Path:
    """The articles that ship with Marginalia (the repository's `content/`, or the wheel's copy)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "content", package.parent / "content"):
        if candidate.is_dir():
            return candidate
    return package.parent / "content"


def default_content() -> Path:
    """`$MARGINALIA_CONTENT`, else the bundled articles."""
    configured = os.environ.get("MARGINALIA_CONTENT")
    return Path(configured) if configured else bundled_content()


def describe(problem: SettingsProblem) -> str:
    """One line about a settings problem, in the UI language."""
    where = f" ({problem.line}:{problem.column})" if problem.line else ""
    subject = problem.key or problem.value or ""
    value = problem.value or ""
    return t(f"settings.{problem.code.value}", subject=subject, value=value) + where


def open_target(path: Path | None) -> tuple[Path, list[Article], str | None]:
    """Return the folder, its articles and the article to open for the reader's PATH argument."""
    from tui.model.articles.files import FolderProblem
    from tui.model.articles.formats import format_for
    from tui.model.articles.library import article_for_path, scan_folder

    target = default_content() if path is None else path
    if target.is_file():
        if format_for(target.suffix) is None:
            raise Usage(t("error.file.unsupported", path=target))
        root, article = article_for_path(target)
        return root, [article], article.id
    # A large folder takes a while to read before the reader can open: say so after a moment.
    notice = threading.Timer(
        SCAN_NOTICE_SECONDS, lambda: print(t("cli.scanning", path=target), file=sys.stderr)
    )
    notice.daemon = True
    notice.start()
    try:
        articles = scan_folder(target)
    except FolderProblem as problem:
        raise Usage(
            t(f"error.folder.{problem.code.name}", path=target, detail=problem.detail)
        ) from None
    finally:
        notice.cancel()
    if not articles:
        raise Usage(t("error.folder.EMPTY", path=target))
    return target.resolve(), articles, None


def _listed(path: Path | None, dirs: UserDirs) -> tuple[Path, list[Article], str | None, int]:
    """Like `open_target`, but a large folder is never read before the reader starts.

    Also returns how many articles the folder has: a folder indexed before starts with the first
    `FIRST_PAGE` articles of its list (and the one read last), the rest follow from the index
    after the first paint. The first time, a large folder's list starts empty and fills as the
    reader's background pass reads the files (and fills the index); a small one is read at
    once, as that takes no longer than starting the app.
    """
    target = default_content() if path is None else path
    if target.is_dir():
        from tui.model.articles.walk import count_articles
        from tui.model.search.library_index import LibraryIndex
        from tui.model.session.reading import ReadingState

        root = target.resolve()
        last = ReadingState.load(dirs.reading_file(root)).last_article
        total, articles = 0, []
        library = LibraryIndex.for_reading(dirs.index_file(root))
        if library is not None:
            try:
                total = len(library)
                page = library.listing(FIRST_PAGE, also=last) if total else None
                articles = page if page is not None else library.articles()
            finally:
                library.close()
        if articles or count_articles(root, READ_BEFORE_START + 1) > READ_BEFORE_START:
            return root, articles, None, max(total, len(articles))
    root, articles, open_id = open_target(path)
    return root, articles, open_id, len(articles)


def build_app(
    path: Path | None,
    *,
    dirs: UserDirs,
    lang: str | None = None,
    author: str | None = None,
    comments: Path | None = None,
    policy: SessionPolicy | None = None,
    loaded: tuple[Settings, list[SettingsProblem]] | None = None,
) -> MarginaliaApp:
    """The reader for PATH as the command line starts it: language, settings, keymap, folders.

    `loaded`: the settings file as the command line already read it (read here otherwise).
    """
    from tui.model.session.policy import SessionPolicy
    from tui.model.session.workspace import Workspace

    policy = policy or SessionPolicy()
    root, articles, open_id, total = _listed(path, dirs)
    from tui.app import MarginaliaApp  # Textual loads only when the reader opens.

    settings, problems = load_settings(dirs.config_file) if loaded is None else loaded
    if settings.keys:
        # Checking rebound keys needs every screen's bindings: loaded only when there are some.
        from tui.keymap import binding_ids

        known = binding_ids((MarginaliaApp,))
        settings, problems = load_settings(dirs.config_file, known_actions=known)
    i18n.use(i18n.pick_language(lang or settings.lang))
    messages = [t("settings.problem", path=dirs.config_file, problem=describe(p)) for p in problems]
    # A reader opened on one file lists and indexes that file alone.
    files = (articles[0].relpath,) if open_id is not None else ()
    comments_dir = comments or settings.comments_dir
    workspace = Workspace.open(
        root, comments_dir=comments_dir, dirs=dirs, policy=policy, files=files
    )
    name = sanitize_line(author).strip() if author else settings.author
    name = policy.starting_author(name)
    remembered = name == settings.author or not policy.writes_settings
    if author and name and not remembered and not remember_author(dirs, name):
        messages.append(t("settings.not_saved", path=str(dirs.config_file)))
    return MarginaliaApp(
        workspace,
        articles,
        total=total,
        lang=i18n.active().lang,
        author=name or None,
        open_id=open_id,
        settings=settings,
        problems=messages,
    )


def remember_author(dirs: UserDirs, name: str) -> bool:
    """Keep `--author NAME` in the settings file for the next start, as its help says."""
    try:
        dirs.config_file.parent.mkdir(parents=True, exist_ok=True)
        return remember(dirs.config_file, "author", name)
    except OSError:
        return False
