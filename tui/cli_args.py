"""The command line's arguments: one translated parser per command (usage, help and errors
in the interface language)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from tui import __version__, i18n
from tui.i18n import t

EXIT_USAGE = 2
"""Exit status for a folder or article that cannot be opened, or arguments that make no sense."""
SERVED_MODES = ("comments", "read-only")
"""The hidden `--served MODE` of a reader that `marginalia serve` starts for a visitor."""

ARGPARSE_WORDS = {
    "unrecognized arguments": "cli.argparse.unrecognized",
    "the following arguments are required": "cli.argparse.required",
    "invalid choice": "cli.argparse.invalid_choice",
    "choose from": "cli.argparse.choose_from",
    "expected one argument": "cli.argparse.expected_one",
    "invalid int value": "cli.argparse.invalid_int",
    "argument ": "cli.argparse.argument",
}
"""argparse's own words in its error messages, and their catalogue keys."""


class Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help layout with its "usage:" in the UI language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix or t("cli.usage") + " ")


class Parser(argparse.ArgumentParser):
    """An argument parser whose own words (usage, section titles, -h, errors) are translated."""

    def __init__(self, prog: str, description: str) -> None:
        super().__init__(
            prog=prog, description=description, formatter_class=Formatter, add_help=False
        )
        self._positionals.title = t("cli.positionals")
        self._optionals.title = t("cli.options")
        self.add_argument("-h", "--help", action="help", help=t("cli.help"))

    def error(self, message: str) -> NoReturn:
        for english, key in ARGPARSE_WORDS.items():
            message = message.replace(english, t(key))
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, t("cli.error", prog=self.prog, message=message) + "\n")


def reader_parser() -> argparse.ArgumentParser:
    """The reader's arguments: `marginalia [PATH]`."""
    parser = Parser("marginalia", t("cli.description"))
    parser.add_argument("path", nargs="?", type=Path, help=t("cli.path"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=t("cli.lang"))
    parser.add_argument("--author", help=t("cli.author"))
    parser.add_argument("--comments", type=Path, metavar="DIR", help=t("cli.comments"))
    parser.add_argument(
        "--version", action="version", version=f"marginalia {__version__}", help=t("cli.version")
    )
    # How `marginalia serve` starts the reader for each visitor; not for people to type.
    parser.add_argument("--served", choices=SERVED_MODES, help=argparse.SUPPRESS)
    parser.epilog = (
        f"marginalia cat ARTICLE [--width N]: {t('cli.cat')}\n"
        f"marginalia comments export ARTICLE [--format markdown|json]: {t('cli.export')}\n"
        f"marginalia serve [FOLDER] [--host H] [--port N] [--read-only]: {t('cli.serve')}\n"
        f"marginalia save URL|FILE.html [--into FOLDER]: {t('cli.save')}\n"
        f"marginalia git setup [FOLDER]: {t('cli.git')}\n"
        f"marginalia comments merge BASE OURS THEIRS [PATH]: {t('cli.merge')}\n\n"
        f"MARGINALIA_CONTENT: {t('cli.env.content')}"
    )
    return parser


def cat_parser() -> argparse.ArgumentParser:
    """`marginalia cat ARTICLE`."""
    parser = Parser("marginalia cat", t("cli.cat"))
    parser.add_argument("article", help=t("cli.cat.article"))
    parser.add_argument("--width", type=int, help=t("cli.cat.width"))
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help=t("cli.cat.color")
    )
    parser.add_argument("--content", type=Path, help=t("cli.content"))
    parser.add_argument("--comments", type=Path, metavar="DIR", help=t("cli.comments"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=t("cli.lang"))
    parser.add_argument("--no-links", action="store_true", help=t("cli.cat.no_links"))
    return parser


def export_parser() -> argparse.ArgumentParser:
    """`marginalia comments export ARTICLE`."""
    parser = Parser("marginalia comments export", t("cli.export"))
    parser.add_argument("article", help=t("cli.cat.article"))
    parser.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help=t("cli.export.format")
    )
    parser.add_argument("--content", type=Path, help=t("cli.content"))
    parser.add_argument("--comments", type=Path, metavar="DIR", help=t("cli.comments"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=t("cli.lang"))
    return parser


def serve_parser() -> argparse.ArgumentParser:
    """`marginalia serve [FOLDER]`."""
    parser = Parser("marginalia serve", t("cli.serve"))
    parser.add_argument("folder", nargs="?", type=Path, help=t("cli.serve.folder"))
    parser.add_argument("--host", default="127.0.0.1", help=t("cli.serve.host"))
    parser.add_argument("--port", type=int, default=8000, help=t("cli.serve.port"))
    parser.add_argument("--read-only", action="store_true", help=t("cli.serve.read_only"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=t("cli.lang"))
    parser.add_argument("--comments", type=Path, metavar="DIR", help=t("cli.comments"))
    return parser


def save_parser() -> argparse.ArgumentParser:
    """`marginalia save URL|FILE.html`."""
    parser = Parser("marginalia save", t("cli.save"))
    parser.add_argument("page", metavar="URL|FILE", help=t("cli.save.page"))
    parser.add_argument("--into", type=Path, metavar="FOLDER", help=t("cli.save.into"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=t("cli.lang"))
    return parser


def merge_parser() -> argparse.ArgumentParser:
    """`marginalia comments merge BASE OURS THEIRS [PATH]` (git's merge driver)."""
    parser = Parser("marginalia comments merge", t("cli.merge"))
    parser.add_argument("base", type=Path, help=t("cli.merge.base"))
    parser.add_argument("ours", type=Path, help=t("cli.merge.ours"))
    parser.add_argument("theirs", type=Path, help=t("cli.merge.theirs"))
    parser.add_argument("path", nargs="?", help=t("cli.merge.path"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=t("cli.lang"))
    return parser


def git_setup_parser() -> argparse.ArgumentParser:
    """`marginalia git setup [FOLDER]`."""
    parser = Parser("marginalia git setup", t("cli.git"))
    parser.add_argument("folder", nargs="?", type=Path, default=Path("."), help=t("cli.git.folder"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=t("cli.lang"))
    return parser
