"""Comment files under real concurrency: writers killed mid-save, and two writers at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tui.model.comments.store import CommentStore

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "blog/crash-test"

WRITER = """
import sys
from pathlib import Path
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore

folder, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
if sys.argv[4] == "no-fsync":
    # Only the locking is under test here; fsync would just make the run slow.
    import os
    os.fsync = lambda fd: None
go = folder.parent / "go"
while not go.exists():
    pass
store = CommentStore(folder)
ref = ArticleRef("blog/crash-test", "blog/crash-test.md", "Crash test")
for i in range(count):
    comment = new_comment(name, f"{name} comment {i} " + "x" * (i % 50))
    store.add(ref, comment)
    sys.stdout.write(comment.id + "\\n")
    sys.stdout.flush()
"""


def _spawn(folder: Path, name: str, count: int, fsync: bool = True) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            WRITER,
            str(folder),
            name,
            str(count),
            "fsync" if fsync else "no-fsync",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def _printed_ids(output: str) -> set[str]:
    # A line cut short by the kill was never a finished add.
    return {line for line in output.split("\n")[:-1] if len(line) == 32}


def test_killed_writers_never_lose_a_saved_comment(tmp_path: Path) -> None:
    """Writers killed with SIGKILL at random moments leave a readable file with every saved id."""
    folder = tmp_path / ".comments"
    rng = random.Random(1234)
    (tmp_path / "go").touch()
    saved: set[str] = set()
    kills = 0
    for _ in range(10):
        writers = [_spawn(folder, f"w{n}", 10_000) for n in range(3)]
        # Wait for each writer's first save, so that every kill lands in the middle of work.
        firsts = [writer.stdout.readline() if writer.stdout else "" for writer in writers]
        for writer in writers:
            time.sleep(rng.uniform(0.0, 0.1))
            writer.send_signal(signal.SIGKILL)
            kills += 1
        for writer, first in zip(writers, firsts, strict=True):
            out, _ = writer.communicate(timeout=30)
            assert writer.returncode == -signal.SIGKILL
            saved |= _printed_ids(first + out)
        loaded = CommentStore(folder).load(ARTICLE)
        assert loaded.problem is None
        assert saved <= {c.id for c in loaded.comments}
    assert kills == 30 and len(saved) > 30
    print(f"\ncrash test: {kills} kills, {len(saved)} comments confirmed, all present")


def test_two_processes_adding_at_once_keep_all_comments(tmp_path: Path) -> None:
    """Two processes adding 200 comments each to one article end with all 400 in the file."""
    folder = tmp_path / ".comments"
    writers = [_spawn(folder, name, 200, fsync=False) for name in ("left", "right")]
    time.sleep(0.3)
    (tmp_path / "go").touch()
    printed: set[str] = set()
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        assert writer.returncode == 0
        printed |= _printed_ids(out)
    loaded = CommentStore(folder).load(ARTICLE)
    assert loaded.problem is None
    assert len(printed) == 400 and {c.id for c in loaded.comments} == printed
    assert {c.author for c in loaded.comments} == {"left", "right"}
