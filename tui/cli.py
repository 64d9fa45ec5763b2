"""The command line: `marginalia [PATH]` opens the reader (started by tui/cli_start.py),
`marginalia cat ARTICLE` prints one, `marginalia serve [FOLDER]` serves the reader to web browsers,
and `marginalia save URL|FILE.html` brings a web page in (the commands besides the reader are in
tui/cli_commands.py, loaded only when one of them runs)."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui import collect_rarely, hold_collection, i18n, resume_collection
from tui.cli_start import Usage, build_app
from tui.model.session.settings import load_settings

if TYPE_CHECKING:
    from tui.model.session.settings import Settings, SettingsProblem
    from tui.model.session.workspace import UserDirs

    Loaded = tuple[Settings, list[SettingsProblem]]
    """The settings file as read: its settings and what was wrong in it."""


_SUBCOMMANDS = (["comments", "merge"], ["comments", "export"], ["git", "setup"])
"""The two-word commands."""


class ReaderArgs(NamedTuple):
    """What `marginalia [PATH] [options]` asks of the reader."""

    path: Path | None = None
    lang: str | None = None
    author: str | None = None
    comments: Path | None = None
    served: str | None = None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if _names_a_command(args):
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
        from tui.cli_commands import run_merge

        # Git's merge driver speaks the locale's language, as git around it does.
        i18n.use(i18n.pick_language(_early_lang(args)))
        return run_merge(merge_parser().parse_args(args[2:]))
    from tui.model.session.workspace import UserDirs

    dirs = UserDirs.default()
    loaded = load_settings(dirs.config_file)  # the reader reports its problems
    settings = loaded[0]
    i18n.use(i18n.pick_language(_early_lang(args) or settings.lang))
    try:
        if not _names_a_command(args):
            return _read(_reader_args(args), dirs, loaded)
        # The other commands load only when one runs: the reader needs none of them.
        from tui import cli_args
        from tui.cli_commands import run_cat, run_export, run_git_setup, run_save, run_serve

        if args[:1] == ["cat"]:
            return run_cat(cli_args.cat_parser().parse_args(args[1:]), settings, dirs)
        if args[:2] == ["comments", "export"]:
            return run_export(cli_args.export_parser().parse_args(args[2:]), settings, dirs)
        if args[:1] == ["serve"]:
            return run_serve(cli_args.serve_parser().parse_args(args[1:]))
        if args[:1] == ["save"]:
            return run_save(cli_args.save_parser().parse_args(args[1:]))
        return run_git_setup(cli_args.git_setup_parser().parse_args(args[2:]))
    except Usage as problem:
        from tui.cli_args import EXIT_USAGE

        print(str(problem), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader of a pipe (`marginalia cat x | head`) stopped early: that is fine.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _names_a_command(args: list[str]) -> bool:
    """Whether ARGS name a command besides the reader (the reader takes no command)."""
    return args[:1] in (["cat"], ["serve"], ["save"]) or args[:2] in _SUBCOMMANDS


def _reader_args(args: list[str]) -> ReaderArgs:
    """The reader's arguments; `marginalia [PATH]` needs no parser (argparse takes 2 ms to load)."""
    if len(args) <= 1 and not any(arg.startswith("-") for arg in args):
        return ReaderArgs(Path(args[0]) if args else None)
    from tui.cli_args import reader_parser

    return ReaderArgs(**vars(reader_parser().parse_args(args)))


def _early_lang(args: list[str]) -> str | None:
    """The `--lang` value, read before the parsers are built so their help is translated."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _read(args: ReaderArgs, dirs: UserDirs, loaded: Loaded) -> int:
    if args.served:
        return _read_served(args, dirs, loaded)
    app = build_app(
        args.path,
        dirs=dirs,
        lang=args.lang,
        author=args.author,
        comments=args.comments,
        loaded=loaded,
    )
    app.run()
    return app.return_code or 0


def _read_served(args: ReaderArgs, dirs: UserDirs, loaded: Loaded) -> int:
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
            loaded=loaded,
        )
        from tui.serve import ending_with_server

        app.driver_class = ending_with_server(app.driver_class)
        app.run()
    return app.return_code or 0
