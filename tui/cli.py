"""The command line: `marginalia [PATH]` opens the reader, `marginalia cat ARTICLE` prints one,
`marginalia serve [FOLDER]` serves the reader to web browsers, and `marginalia save URL|FILE.html`
brings a web page in (tui/save.py, loaded only for it)."""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui import collect_rarely, hold_collection, i18n, resume_collection
from tui.i18n import t
from tui.model.session.settings import Settings, SettingsProblem, load_settings, remember
from tui.model.text import sanitize_line

# The article readers, the comment store and the workspace load in the commands that use
# them: `comments merge` runs once per file in a git merge and needs none of them.
if TYPE_CHECKING:
    import argparse

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


_SUBCOMMANDS = (["comments", "merge"], ["comments", "export"], ["git", "setup"])
"""The two-word commands (the reader takes no command)."""


class ReaderArgs(NamedTuple):
    """What `marginalia [PATH] [options]` asks of the reader."""

    path: Path | None = None
    lang: str | None = None
    author: str | None = None
    comments: Path | None = None
    served: str | None = None


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["cat"], ["serve"], ["save"]) or args[:2] in _SUBCOMMANDS:
        collect_rarely()
    else:
        hold_collection()  # the reader: until it paints
    try:
        return _command(args)
    finally:
        resume_collection(painted=False)  # the reader ended or failed before painting


def _command(args: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that cannot show a character gets "?" rather than a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    if args[:2] == ["comments", "merge"]:
        from tui.cli_args import merge_parser

        # Git's merge driver speaks the locale's language, as git around it does.
        i18n.use(i18n.pick_language(_early_lang(args)))
        return _merge(merge_parser().parse_args(args[2:]))
    from tui.model.session.workspace import UserDirs

    dirs = UserDirs.default()
    settings, _problems = load_settings(dirs.config_file)  # the reader reports them
    i18n.use(i18n.pick_language(_early_lang(args) or settings.lang))
    try:
        if len(args) <= 1 and not any(arg.startswith("-") for arg in args):
            # `marginalia [PATH]`: nothing for a parser to do (argparse takes 2 ms to load).
            return _read(ReaderArgs(Path(args[0]) if args else None), dirs)
        from tui import cli_args

        if args[:1] == ["cat"]:
            return _cat(cli_args.cat_parser().parse_args(args[1:]), settings, dirs)
        if args[:2] == ["comments", "export"]:
            return _export(cli_args.export_parser().parse_args(args[2:]), settings, dirs)
        if args[:1] == ["serve"]:
            return _serve(cli_args.serve_parser().parse_args(args[1:]))
        if args[:1] == ["save"]:
            return _save(cli_args.save_parser().parse_args(args[1:]))
        if args[:2] == ["git", "setup"]:
            return _git_setup(cli_args.git_setup_parser().parse_args(args[2:]))
        return _read(ReaderArgs(**vars(cli_args.reader_parser().parse_args(args))), dirs)
    except Usage as problem:
        from tui.cli_args import EXIT_USAGE

        print(str(problem), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader of a pipe (`marginalia cat x | head`) stopped early: that is fine.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def describe(problem: SettingsProblem) -> str:
    """One line about a settings problem, in the UI language."""
    where = f" ({problem.line}:{problem.column})" if problem.line else ""
    subject = problem.key or problem.value or ""
    value = problem.value or ""
    return t(f"settings.{problem.code.value}", subject=subject, value=value) + where


def _early_lang(args: list[str]) -> str | None:
    """The `--lang` value, read before the parsers are built so their help is translated."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _save(args: argparse.Namespace) -> int:
    from tui.save import save_command  # the network and extraction code load only for `save`

    return save_command(args.page, args.into or default_content())


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


def _read(args: ReaderArgs, dirs: UserDirs) -> int:
    if args.served:
        return _read_served(args, dirs)
    app = build_app(
        args.path, dirs=dirs, lang=args.lang, author=args.author, comments=args.comments
    )
    app.run()
    return app.return_code or 0


def _read_served(args: ReaderArgs, dirs: UserDirs) -> int:
    """One visitor's reader: drafts and positions live in a folder that goes when it ends."""
    from tui.model.session.policy import SessionPolicy

    policy = SessionPolicy(served=True, read_only=args.served == "read-only")
    with tempfile.TemporaryDirectory(prefix="marginalia-session-") as private:
        app = build_app(
            args.path,
            dirs=policy.session_dirs(dirs, Path(private)),
            lang=args.lang,
            comments=args.comments,
            policy=policy,
        )
        from tui.serve import ending_with_server

        app.driver_class = ending_with_server(app.driver_class)
        app.run()
    return app.return_code or 0


def _serve(args: argparse.Namespace) -> int:
    """Serve the reader on the address asked for, after saying where and who can reach it."""
    from tui import serve

    if not 0 < args.port < 65536:
        raise Usage(t("serve.bad_port", port=str(args.port)))
    if not serve.available():
        raise Usage(t("serve.missing"))
    root, _articles, _open = open_target(args.folder)
    target = root if args.folder is None or args.folder.is_dir() else args.folder.resolve()
    command = serve.reader_command(
        target, read_only=args.read_only, lang=args.lang, comments=args.comments
    )
    host, port = sanitize_line(args.host), str(args.port)
    try:
        serve.check_address(args.host, args.port)
    except OSError as error:
        reason = error.strerror or str(error)
        raise Usage(t("serve.cannot_listen", host=host, port=port, reason=reason)) from None
    shown = sanitize_line(str(target))
    print(t("serve.address", path=shown, url=serve.page_url(args.host, args.port)), flush=True)
    if not serve.is_loopback(args.host):
        warning = "serve.exposed_read_only" if args.read_only else "serve.exposed"
        print(t(warning, host=host, port=port, path=shown), file=sys.stderr, flush=True)
    try:
        serve.serve(command, args.host, args.port)
    except OSError as error:  # taken between the check and the start
        reason = error.strerror or str(error)
        raise Usage(t("serve.cannot_listen", host=host, port=port, reason=reason)) from None
    return 0


def build_app(
    path: Path | None,
    *,
    dirs: UserDirs,
    lang: str | None = None,
    author: str | None = None,
    comments: Path | None = None,
    policy: SessionPolicy | None = None,
) -> MarginaliaApp:
    """The reader for PATH as the command line starts it: language, settings, keymap, folders."""
    from tui.model.session.policy import SessionPolicy
    from tui.model.session.workspace import Workspace

    policy = policy or SessionPolicy()
    root, articles, open_id, total = _listed(path, dirs)
    from tui.app import MarginaliaApp  # Textual loads only when the reader opens.

    settings, problems = load_settings(dirs.config_file)
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


def _cat(args: argparse.Namespace, settings: Settings, dirs: UserDirs) -> int:
    from tui.cat import print_article  # Rich loads only when printing.
    from tui.model.session.workspace import Workspace

    if args.width is not None and not 20 <= args.width <= 1000:
        raise Usage(t("error.width"))
    root, article = _resolve_article(args.article, args.content)
    workspace = Workspace.open(root, comments_dir=args.comments or settings.comments_dir, dirs=dirs)
    return print_article(
        root,
        article,
        comments=workspace.comments,
        width=args.width,
        color=args.color,
        links=not args.no_links,
    )


def _export(args: argparse.Namespace, settings: Settings, dirs: UserDirs) -> int:
    from tui.model.articles.library import load_article
    from tui.model.comments.discussion import Discussion
    from tui.model.comments.export import export_json, export_markdown
    from tui.model.comments.store import ArticleRef
    from tui.model.session.workspace import Workspace

    root, article = _resolve_article(args.article, args.content)
    workspace = Workspace.open(root, comments_dir=args.comments or settings.comments_dir, dirs=dirs)
    loaded = load_article(root, article)
    comment_file = workspace.comments.load(article.id)
    discussion = Discussion.build(loaded.document, comment_file.comments)
    ref = ArticleRef(article.id, article.relpath, article.title)
    if args.format == "json":
        sys.stdout.write(export_json(ref, loaded.document, discussion))
    else:
        headings = {
            "title": t("export.title"),
            "article": t("comments.on_article"),
            "orphan": t("comments.orphans"),
            "edited": t("export.edited"),
        }
        sys.stdout.write(export_markdown(ref, loaded.document, discussion, headings))
    return 0


def _merge(args: argparse.Namespace) -> int:
    """Git's merge driver: the merged file replaces OURS; a refusal leaves it and exits 1."""
    from tui.model.comments.merge import MergeRefused, merge_bytes

    shown = sanitize_line(args.path or str(args.ours))
    try:
        base, ours, theirs = (path.read_bytes() for path in (args.base, args.ours, args.theirs))
        merged = merge_bytes(base, ours, theirs)
        if merged != ours:
            args.ours.write_bytes(merged)
    except MergeRefused as refused:
        side = t(f"merge.side.{refused.side}")
        problem = t(f"merge.problem.{refused.problem.value}", detail=refused.detail)
        print(t("merge.refused", path=shown, side=side, problem=problem), file=sys.stderr)
        return 1
    except OSError as exc:
        print(t("merge.unreadable", path=shown, reason=exc.strerror or exc), file=sys.stderr)
        return 1
    return 0


def _git_setup(args: argparse.Namespace) -> int:
    """Register the comment merge driver in the repository around FOLDER, saying what changed."""
    from tui.cli_args import EXIT_USAGE
    from tui.model.comments.gitshare import ATTRIBUTE, GitProblem, GitProblemCode, setup

    try:
        result = setup(args.folder)
    except GitProblem as problem:
        print(
            t(f"git.problem.{problem.code.value}", path=_shown(args.folder), detail=problem.detail),
            file=sys.stderr,
        )
        return 1 if problem.code is GitProblemCode.FAILED else EXIT_USAGE
    except OSError as exc:
        where = args.folder / ".gitattributes"
        print(
            t("git.problem.write", path=_shown(where), detail=exc.strerror or exc), file=sys.stderr
        )
        return 1
    print(
        t("git.driver.added" if result.driver_added else "git.driver.kept", path=result.repository)
    )
    key = "git.attributes.added" if result.attributes_added else "git.attributes.kept"
    print(t(key, line=ATTRIBUTE, path=_shown(result.attributes)))
    return 0


def _shown(path: Path) -> str:
    """A path for a message, on one line with nothing a terminal would act on."""
    return sanitize_line(str(path))


def _resolve_article(wanted: str, content: Path | None) -> tuple[Path, Article]:
    """The folder and article for an id or a path to an article file."""
    from tui.model.articles.formats import format_for
    from tui.model.articles.library import article_for_path

    path = Path(wanted)
    if format_for(path.suffix) is not None and path.is_file():
        return article_for_path(path)
    root, articles, _open = open_target(content)
    return root, _find_article(articles, wanted, root)


def _find_article(articles: list[Article], wanted: str, root: Path) -> Article:
    """The article whose id (or relative path) is `wanted`."""
    for article in articles:
        if wanted in (article.id, article.relpath):
            return article
    raise Usage(t("error.article.unknown", article=wanted, path=root))
