"""Sharing comments through git, end to end: the real git, two clones, the command line."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.git_clones import REF, Clones, git_env, make_clones, needs_git
from tui.model.comments.codec import VERSION, encode, parse
from tui.model.comments.comment import Comment, edited, new_comment
from tui.model.comments.gitshare import ATTRIBUTE, DRIVER

pytestmark = needs_git
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def _bodies(where: Path) -> dict[str, str]:
    found = parse((where / ".comments" / "notes.json").read_bytes())
    assert found.problem is None
    return {c.body: c.author for c in found.comments}


def _no_conflict(clones: Clones, where: Path) -> None:
    assert clones.status(where) == ""
    for path in where.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            assert b"<<<<<<<" not in path.read_bytes(), path


def _pull(clones: Clones, where: Path, mode: str) -> None:
    clones.git(where, "pull", "-q", mode, "origin", "main")
    _no_conflict(clones, where)


def test_setup_registers_the_driver_once(tmp_path: Path) -> None:
    """Setup writes the driver to the repository's config and the attribute, and says so once."""
    clones = make_clones(tmp_path)
    config = clones.git(clones.a, "config", "--local", "--get", "merge.marginalia.driver")
    assert config.stdout.strip() == DRIVER == "marginalia comments merge %O %A %B %P"
    assert clones.git(clones.a, "config", "--get", "merge.marginalia.name").stdout.strip()
    again = clones.marginalia(clones.a, "git", "setup", str(clones.a))
    assert again.returncode == 0 and "already" in again.stdout
    assert (clones.a / ".gitattributes").read_text().splitlines() == [ATTRIBUTE]
    check = clones.git(clones.a, "check-attr", "merge", ".comments/notes.json").stdout
    assert check.strip().endswith("merge: marginalia")


def test_setup_extends_an_existing_gitattributes(tmp_path: Path) -> None:
    """Lines already in .gitattributes stay; the comment line is added after them."""
    clones = Clones(tmp_path, tmp_path / "r", tmp_path / "r", git_env(tmp_path / "home"))
    clones.git(tmp_path, "init", "-q", str(clones.a))
    (clones.a / ".gitattributes").write_text("*.md text", "utf-8")
    done = clones.marginalia(clones.a, "git", "setup")
    assert done.returncode == 0 and "Added" in done.stdout
    assert (clones.a / ".gitattributes").read_text() == f"*.md text\n{ATTRIBUTE}\n"


def test_setup_outside_a_repository_says_so(tmp_path: Path) -> None:
    """Outside a git repository, setup explains and exits 2, changing nothing."""
    clones = Clones(tmp_path, tmp_path, tmp_path, git_env(tmp_path / "home"))
    done = clones.marginalia(tmp_path, "git", "setup")
    assert done.returncode == 2 and "not inside a git repository" in done.stderr
    assert not (tmp_path / ".gitattributes").exists()


def test_setup_without_git_says_so(tmp_path: Path) -> None:
    """Without git on the PATH, setup explains and exits 2."""
    env = git_env(tmp_path / "home")
    env["PATH"] = str(tmp_path / "empty")
    marginalia = str(Path(sys.executable).parent / "marginalia")
    done = subprocess.run(
        [marginalia, "git", "setup"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2 and "git was not found" in done.stderr


@pytest.mark.parametrize("mode", ["--no-rebase", "--rebase"])
def test_two_clones_comment_and_pull_both_ways(tmp_path: Path, mode: str) -> None:
    """Add, edit, reply, delete in two clones, pull both ways: the same comments, no conflict."""
    clones = make_clones(tmp_path)
    a, b = clones.store(clones.a), clones.store(clones.b)
    agree = clones.anchor(clones.a, "The first")
    argue = clones.anchor(clones.a, "The second")
    first = new_comment("Anna", "Agreed.", agree, now=T0)
    doomed = new_comment("Anna", "Will go.", argue, now=T0 + timedelta(minutes=1))
    for comment in (first, doomed):
        a.add(REF, comment)
    clones.commit(clones.a, "Anna's first comments")
    clones.git(clones.a, "push", "-q", "origin", "HEAD:main")
    _pull(clones, clones.b, mode)

    # Apart: both edit the first comment, each replies, Anna deletes one that Ben replies to.
    at = T0 + timedelta(hours=1)
    a.update(REF, edited(first, "Agreed, mostly.", at))
    a.add(REF, new_comment("Anna", "Anna adds.", agree, first.id, at))
    a.delete(REF, doomed.id, by="Anna")
    b.update(REF, edited(first, "Ben's rewording.", at + timedelta(minutes=5)))
    b.add(REF, new_comment("Ben", "Ben replies to the doomed one.", argue, doomed.id, at))
    b.add(REF, new_comment("Ben", "Ben on the article.", None, None, at))
    clones.commit(clones.a, "Anna comments")
    clones.commit(clones.b, "Ben comments")

    clones.git(clones.a, "push", "-q", "origin", "HEAD:main")
    _pull(clones, clones.b, mode)
    clones.git(clones.b, "push", "-q", "origin", "HEAD:main")
    _pull(clones, clones.a, mode)

    # And the other way round: Ben pushes first, Anna merges.
    later = at + timedelta(hours=1)
    a.add(REF, new_comment("Anna", "Anna again.", None, None, later))
    b.add(REF, new_comment("Ben", "Ben again.", None, None, later))
    clones.commit(clones.a, "Anna again")
    clones.commit(clones.b, "Ben again")
    clones.git(clones.b, "push", "-q", "origin", "HEAD:main")
    _pull(clones, clones.a, mode)
    clones.git(clones.a, "push", "-q", "origin", "HEAD:main")
    _pull(clones, clones.b, mode)

    path = Path(".comments") / "notes.json"
    assert (clones.a / path).read_bytes() == (clones.b / path).read_bytes()
    assert _bodies(clones.a) == {
        "Ben's rewording.": "Anna",
        "Anna adds.": "Anna",
        "Ben replies to the doomed one.": "Ben",
        "Ben on the article.": "Ben",
        "Anna again.": "Anna",
        "Ben again.": "Ben",
    }
    found = parse((clones.a / path).read_bytes())
    kept = next(c for c in found.comments if c.id == first.id)
    assert [r.body for r in kept.history] == ["Agreed, mostly."]
    assert [g.id for g in found.tombstones] == [doomed.id]


@pytest.mark.parametrize("mode", ["--no-rebase", "--rebase"])
def test_a_corrupt_incoming_file_is_a_conflict_not_a_loss(tmp_path: Path, mode: str) -> None:
    """A damaged comment file from the other clone stops the pull; our comments stay."""
    clones = make_clones(tmp_path)
    clones.store(clones.a).add(REF, new_comment("Anna", "Anna's words.", None, now=T0))
    clones.commit(clones.a, "Anna comments")
    clones.git(clones.a, "push", "-q", "origin", "HEAD:main")
    _pull(clones, clones.b, mode)
    ours = new_comment("Ben", "Ben's words must survive.", None, now=T0 + timedelta(minutes=1))
    clones.store(clones.b).add(REF, ours)
    clones.commit(clones.b, "Ben comments")
    before = (clones.b / ".comments" / "notes.json").read_bytes()
    (clones.a / ".comments" / "notes.json").write_bytes(b'{"format": "marginalia.comments", "ver')
    clones.commit(clones.a, "A torn file")
    clones.git(clones.a, "push", "-q", "origin", "HEAD:main")

    pulled = clones.git(clones.b, "pull", mode, "origin", "main", check=False)
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout + pulled.stderr
    assert "cannot merge .comments/notes.json" in pulled.stderr
    assert clones.status(clones.b).startswith("UU .comments/notes.json")
    abort = ["merge", "--abort"] if mode == "--no-rebase" else ["rebase", "--abort"]
    if mode == "--no-rebase":
        # A merge leaves our version in place: nothing was written over it.
        assert (clones.b / ".comments" / "notes.json").read_bytes() == before
    clones.git(clones.b, *abort)
    assert (clones.b / ".comments" / "notes.json").read_bytes() == before
    assert _bodies(clones.b) == {"Anna's words.": "Anna", "Ben's words must survive.": "Ben"}


def _run_merge(tmp_path: Path, *versions: bytes) -> subprocess.CompletedProcess[str]:
    names = []
    for name, data in zip(("base", "ours", "theirs"), versions, strict=True):
        (tmp_path / name).write_bytes(data)
        names.append(str(tmp_path / name))
    marginalia = str(Path(sys.executable).parent / "marginalia")
    return subprocess.run(
        [marginalia, "comments", "merge", *names, ".comments/x.json"],
        capture_output=True,
        text=True,
        env=git_env(tmp_path / "home"),
    )


def test_merge_command_writes_ours_and_refuses_a_newer_version(tmp_path: Path) -> None:
    """The driver writes the merge into OURS; a newer version exits 1 and leaves OURS alone."""
    one = new_comment("Anna", "one", now=T0)
    two = new_comment("Ben", "two", now=T0 + timedelta(minutes=1))
    base, ours, theirs = encode(REF, []), encode(REF, [one]), encode(REF, [two])
    done = _run_merge(tmp_path, base, ours, theirs)
    assert done.returncode == 0, done.stderr
    assert parse((tmp_path / "ours").read_bytes()).comments == (one, two)
    newer = theirs.replace(f'"version": {VERSION}'.encode(), f'"version": {VERSION + 1}'.encode())
    done = _run_merge(tmp_path, base, ours, newer)
    assert done.returncode == 1 and "newer" in done.stderr
    assert (tmp_path / "ours").read_bytes() == ours


def test_merge_command_never_loads_textual(tmp_path: Path) -> None:
    """The merge driver runs without importing Textual or Rich (git runs it for every file)."""
    one: Comment = new_comment("Anna", "one", now=T0)
    for name, data in (("base", b""), ("ours", encode(REF, [one])), ("theirs", b"")):
        (tmp_path / name).write_bytes(data)
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"status = main(['comments', 'merge', {str(tmp_path / 'base')!r}, "
        f"{str(tmp_path / 'ours')!r}, {str(tmp_path / 'theirs')!r}])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(status, ','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=git_env(tmp_path / "home"),
        timeout=60,
    )
    assert done.stdout.strip() == "0", done.stderr
