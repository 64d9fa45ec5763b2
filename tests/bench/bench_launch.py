"""Whole-process launch in a real terminal: ours beside the previous ours and the peers, one run.

Run by hand from the repository root: `python tests/bench/bench_launch.py [--runs N]
[--previous REV] [--hike COMMAND] [--folders 10000,100000]`.

Each case starts a fresh process in its own tmux session at 120x40 cells and polls the pane
every few milliseconds until what the reader waits for is on screen; the time runs from just
before tmux is asked to start the process. Median of `--runs`.

- article: `marginalia ARTICLE` on the typical article of `gen_docs` until its first words show.
  Beside it: the same for the source at `--previous` (a git revision, unpacked into a temporary
  folder), a minimal Textual app showing the file in a `Markdown` widget, and `hike` when given.
- folder: `marginalia FOLDER` on a generated folder until the list title counts articles
  (first start: an empty cache; again: the index left by the first start), and until it counts
  all of them. The previous version is measured beside it.

Generated files live in a temporary folder, never in the repository.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gen_docs import MARKER, generate
from gen_folder import write_folder
from report import print_table

SIZE = (120, 40)
"""Terminal size of every case."""
POLL = 0.005
"""Seconds between two looks at the pane."""
TIMEOUT = 120.0
"""Longest wait for one milestone."""
SOCKET = f"marginalia-bench-{os.getpid()}"
"""The tmux server the cases run on: this run's own, so that no one's sessions are touched and
a second run at the same time cannot end this one's (each run ends its server when done)."""
REPOSITORY = Path(__file__).resolve().parents[2]

_PEER = """
import sys
from pathlib import Path
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

class Peer(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(Path(sys.argv[1]).read_text(encoding="utf-8"))

Peer().run()
"""

_COUNT = re.compile(r"Articles \(([\d,]+)\)")


def _tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False
    )


def _launch(
    command: list[str], env: dict[str, str], done: list[Callable[[str], bool]]
) -> list[float | None]:
    """Start `command` in tmux; return when each `done` test first held for the pane's text."""
    name = f"case{time.monotonic_ns()}"
    shell = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    line = f"env {shell} {shlex.join(command)}"
    times: list[float | None] = [None] * len(done)
    started = time.perf_counter()
    _tmux("new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]), line)
    try:
        while time.perf_counter() - started < TIMEOUT and None in times:
            captured = _tmux("capture-pane", "-p", "-t", name)
            if captured.returncode != 0:
                break  # the process ended (or failed) before showing what was waited for
            pane = captured.stdout
            now = time.perf_counter() - started
            for index, test in enumerate(done):
                if times[index] is None and test(pane):
                    times[index] = now
            time.sleep(POLL)
    finally:
        _tmux("kill-session", "-t", name)
    return times


def _wait_at_most(seconds: float) -> None:
    """Make every milestone wait up to `seconds`."""
    global TIMEOUT
    TIMEOUT = seconds


def _counted(least: int) -> Callable[[str], bool]:
    """A test: the list title counts at least `least` articles."""

    def test(pane: str) -> bool:
        match = _COUNT.search(pane)
        return match is not None and int(match[1].replace(",", "")) >= least

    return test


def _median(values: list[float | None]) -> float | None:
    numbers = [value for value in values if value is not None]
    return statistics.median(numbers) if len(numbers) == len(values) and numbers else None


def _ms(value: float | None) -> str:
    return "timed out" if value is None else f"{value * 1000:,.0f} ms"


def _environment(home: Path) -> dict[str, str]:
    """A user environment of its own: no settings, caches or positions leak in or out."""
    env = {"HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLORTERM": "truecolor"}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env["PATH"] = os.environ.get("PATH", "")
    return env


def _ours(source: Path | None) -> list[str]:
    """The command that starts our reader from `source` (None: the installed, current one)."""
    if source is None:
        return [sys.executable, "-m", "tui"]
    starter = f"import sys; sys.path.insert(0, {str(source)!r}); from tui.cli import main"
    return [sys.executable, "-c", f"{starter}; sys.exit(main())"]


def _compile(source: Path | None) -> None:
    """Bring the bytecode of `source` up to date, as an installed copy has it.

    Started with PYTHONDONTWRITEBYTECODE set, each case would otherwise compile every module
    changed since the last compile, at every start, which an installed copy never does.
    """
    if source is not None:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=True)


def _unpack(revision: str, into: Path) -> Path:
    """Unpack the package at a git revision into a folder of its own."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPOSITORY), "archive", revision, "tui"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    """Run every case and print the tables."""
    parser = argparse.ArgumentParser(description="Launch times in tmux, ours beside the peers.")
    parser.add_argument("--runs", type=int, default=5, help="runs of each case (median)")
    parser.add_argument("--previous", help="a git revision of ours to measure beside")
    parser.add_argument("--hike", help="the command that starts hike, to measure beside")
    parser.add_argument("--folders", default="10000", help="folder sizes, comma separated")
    parser.add_argument("--keep", type=Path, help="generate folders here and keep them")
    parser.add_argument("--timeout", type=float, help="longest wait for one milestone, seconds")
    args = parser.parse_args(argv)
    if args.timeout:
        _wait_at_most(args.timeout)
    if shutil.which("tmux") is None:
        print("tmux is needed")
        return 0
    # Each case ends its session; a server that exited with its last session could take the
    # next case's new session down with it (the case then read as timed out).
    _tmux("start-server", ";", "set-option", "-g", "exit-empty", "off")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average before: {load}")
    with tempfile.TemporaryDirectory(prefix="marginalia-launch-") as tmp:
        base = Path(tmp)
        data = args.keep or base
        previous = _unpack(args.previous, base / "previous") if args.previous else None
        for source in (REPOSITORY / "tui", previous):
            _compile(source)
        article = base / "article" / "typical.md"
        article.parent.mkdir()
        article.write_text(generate("typical"), encoding="utf-8")
        peer = base / "peer.py"
        peer.write_text(_PEER, encoding="utf-8")
        shows = [lambda pane: MARKER in pane]
        commands: list[tuple[str, list[str]]] = [("ours", [*_ours(None), str(article)])]
        if previous is not None:
            commands.append((f"ours at {args.previous}", [*_ours(previous), str(article)]))
        commands.append(
            ("Textual Markdown, minimal app", [sys.executable, str(peer), str(article)])
        )
        if args.hike:
            commands.append(("hike", [*shlex.split(args.hike), str(article)]))
        rows: list[list[str]] = [["Launch -> a typical article's text (1,500 words)", "", ""]]
        for label, command in commands:
            runs = [
                _launch(command, _environment(base / f"home{n}"), shows)[0]
                for n in range(args.runs)
            ]
            rows.append([f"  {label}", _ms(_median(runs)), " / ".join(_ms(r) for r in runs)])
        for size in (int(part) for part in args.folders.split(",") if part):
            folder = data / f"folder-{size}"
            if not folder.is_dir():
                started = time.perf_counter()
                write_folder(folder, size)
                print(f"Generated {size:,} articles in {time.perf_counter() - started:.0f} s")
            tests = [_counted(1), _counted(size)]
            versions: list[tuple[str, Path | None]] = [("ours", None)]
            if previous is not None:
                versions.append((f"ours at {args.previous}", previous))
            rows.append([f"Launch -> {size:,}-article list painted / complete", "", ""])
            for label, source in versions:
                first: list[list[float | None]] = []
                again: list[list[float | None]] = []
                for n in range(args.runs):
                    home = base / f"folder-home-{label}-{size}-{n}"
                    env = _environment(home)
                    first.append(_launch([*_ours(source), str(folder)], env, tests))
                    again.append(_launch([*_ours(source), str(folder)], env, tests))
                for name, runs in (("first start", first), ("from the index", again)):
                    painted = _median([run[0] for run in runs])
                    complete = _median([run[1] for run in runs])
                    rows.append(
                        [
                            f"  {label}, {name}",
                            f"{_ms(painted)} / {_ms(complete)}",
                            " / ".join(_ms(run[0]) for run in runs),
                        ]
                    )
        _tmux("kill-server")
    print_table(["case (median)", "figure", "each run"], rows)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average after: {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
