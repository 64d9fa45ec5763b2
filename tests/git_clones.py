"""Two clones of one content repository, with the real git and the installed command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.codec import ArticleRef
from tui.model.comments.comment import Anchor
from tui.model.comments.store import CommentStore

needs_git = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed: sharing comments needs it"
)
"""Marks a test that runs the real git (skipped, with this reason, where there is none)."""

ARTICLE = """\
---
title: Shared notes
date: 2026-11-20
---

# Shared notes

The first paragraph, where people agree.

The second paragraph, where people argue.

The third paragraph, which nobody reads.
"""

REF = ArticleRef("notes", "notes.md", "Shared notes")
"""The article both clones comment on."""


def git_env(home: Path) -> dict[str, str]:
    """An environment with no user or system git config, a known identity and our command."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Tester",
        GIT_AUTHOR_EMAIL="tester@example.org",
        GIT_COMMITTER_NAME="Tester",
        GIT_COMMITTER_EMAIL="tester@example.org",
        LC_ALL="C",
        # The merge driver is the `marginalia` of the environment running the tests.
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


@dataclass
class Clones:
    """An origin repository and two clones of it, "a" and "b"."""

    origin: Path
    a: Path
    b: Path
    env: dict[str, str]

    def git(self, where: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run git in `where`."""
        done = subprocess.run(
            ["git", "-c", "init.defaultBranch=main", *args],
            cwd=where,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def marginalia(self, where: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the installed command line in `where`."""
        return subprocess.run(
            ["marginalia", *args],
            cwd=where,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def commit(self, where: Path, message: str) -> None:
        """Commit everything in `where`."""
        self.git(where, "add", "-A")
        self.git(where, "commit", "-q", "-m", message)

    def store(self, where: Path) -> CommentStore:
        """The comment store of a clone, as the reader opens it."""
        return CommentStore(where / ".comments")

    def anchor(self, where: Path, startswith: str) -> Anchor:
        """An anchor on the paragraph that starts with `startswith`."""
        article = next(a for a in scan_folder(where) if a.id == REF.id)
        document = load_article(where, article).document
        index = next(i for i, b in enumerate(document.blocks) if b.text.startswith(startswith))
        return make_anchor(document, index)

    def status(self, where: Path) -> str:
        """`git status --porcelain` in `where`."""
        return self.git(where, "status", "--porcelain").stdout


def make_clones(tmp_path: Path) -> Clones:
    """An origin with one article and the merge driver's attribute, cloned twice, both set up."""
    origin, a, b = tmp_path / "origin.git", tmp_path / "a", tmp_path / "b"
    clones = Clones(origin, a, b, git_env(tmp_path / "home"))
    clones.git(tmp_path, "init", "-q", "--bare", str(origin))
    clones.git(tmp_path, "clone", "-q", str(origin), str(a))
    (a / "notes.md").write_text(ARTICLE, "utf-8")
    done = clones.marginalia(a, "git", "setup")
    assert done.returncode == 0, done.stderr
    clones.commit(a, "An article to talk about")
    clones.git(a, "push", "-q", "origin", "HEAD:main")
    clones.git(tmp_path, "clone", "-q", str(origin), str(b))
    done = clones.marginalia(b, "git", "setup")
    assert done.returncode == 0, done.stderr
    return clones
