"""The commands besides the reader, loaded only when one of them runs: `cat`, `comments export`,
`comments merge`, `git setup`, `serve` and `save`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli_start import Usage, default_content, open_target
from tui.i18n import t
from tui.model.text import sanitize_line

# What each command needs loads when it runs: `comments merge` runs once per file in a git
# merge and needs neither the article readers, nor the comment store, nor the workspace.
if TYPE_CHECKING:
    import argparse

    from tui.model.articles.library import Article
    from tui.model.session.settings import Settings
    from tui.model.session.workspace import UserDirs


def run_cat(args: argparse.Namespace, settings: Settings, dirs: UserDirs) -> int:
    """Print one article with its comments (`marginalia cat ARTICLE`)."""
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


def run_export(args: argparse.Namespace, settings: Settings, dirs: UserDirs) -> int:
    """Write one article's comments to standard output as Markdown or JSON."""
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


def run_merge(args: argparse.Namespace) -> int:
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


def run_git_setup(args: argparse.Namespace) -> int:
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


def run_serve(args: argparse.Namespace) -> int:
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


def run_save(args: argparse.Namespace) -> int:
    """Bring a web page into the folder as an article."""
    from tui.save import save_command  # the network and extraction code load only for `save`

    return save_command(args.page, args.into or default_content())


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
