"""Sharing comments through git: the merge driver's registration and its file attribute."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

DRIVER = "marginalia comments merge %O %A %B %P"
"""The command git runs to merge a comment file: base, ours (the result), theirs, path."""
DRIVER_NAME = "Marginalia comment files (merged comment by comment)"
"""The driver's readable name in the repository's config."""
ATTRIBUTE = ".comments/*.json merge=marginalia"
"""The `.gitattributes` line that sends comment files to the driver."""


class GitProblemCode(StrEnum):
    """Why sharing through git cannot be set up."""

    NO_GIT = "no-git"
    NOT_A_REPOSITORY = "not-a-repository"
    FAILED = "failed"


class GitProblem(Exception):
    """Git is missing, the folder is not in a repository, or git refused a change."""

    def __init__(self, code: GitProblemCode, detail: str = "") -> None:
        super().__init__(code.value, detail)
        self.code = code
        """What went wrong."""
        self.detail = detail
        """Git's own message, when it gave one."""


@dataclass(frozen=True, slots=True)
class SetupResult:
    """What `setup` found and changed."""

    repository: Path
    """The top folder of the git repository."""
    driver_added: bool
    """True when the driver was registered (or corrected) in the repository's config."""
    attributes: Path
    """The `.gitattributes` file that names the comment files."""
    attributes_added: bool
    """True when the attribute line was added to it (the file is created when missing)."""


def setup(folder: Path, git: str = "git") -> SetupResult:
    """Register the merge driver in the repository holding `folder` and mark its comment files.

    Idempotent: what is already in place is left as it is.
    """
    top = Path(_git(git, folder, "rev-parse", "--show-toplevel").strip())
    driver_added = False
    for key, value in (("merge.marginalia.name", DRIVER_NAME), ("merge.marginalia.driver", DRIVER)):
        try:
            current = _git(git, folder, "config", "--local", "--get", key).strip()
        except GitProblem:
            current = None  # not set: git says so with exit status 1
        if current != value:
            _git(git, folder, "config", "--local", key, value)
            driver_added = True
    attributes = folder / ".gitattributes"
    return SetupResult(top, driver_added, attributes, _add_attribute(attributes))


def _add_attribute(path: Path) -> bool:
    """Add the attribute line to `path` unless a line already says it; True when added."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = ""
    if any(line.split() == ATTRIBUTE.split() for line in text.splitlines()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    data = (text + ATTRIBUTE + "\n").encode("utf-8")
    # Written in place without following a symlink out of the folder.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
    return True


def _git(git: str, folder: Path, *args: str) -> str:
    """Run git in `folder` and return its output, or raise GitProblem."""
    try:
        done = subprocess.run(
            [git, "-C", str(folder), *args],
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitProblem(GitProblemCode.NO_GIT) from None
    except NotADirectoryError:
        raise GitProblem(GitProblemCode.NOT_A_REPOSITORY) from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or [""]
        if args[0] == "rev-parse":
            raise GitProblem(GitProblemCode.NOT_A_REPOSITORY, detail[0])
        raise GitProblem(GitProblemCode.FAILED, detail[0])
    return done.stdout
