"""What a Python user expects of a command-line program: version, licence, help, clean wheel."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.test_cli import run
from tui import __version__
from tui.cli_args import reader_parser, serve_parser
from tui.cli_start import build_app
from tui.model.session.settings import load_settings
from tui.model.session.workspace import UserDirs

REPO = Path(__file__).resolve().parents[1]


def test_version_prints_the_package_version() -> None:
    """`marginalia --version` prints the name and the version and exits 0."""
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"marginalia {__version__}"
    metadata = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert metadata["project"]["version"] == __version__


def test_help_names_the_content_variable_in_both_languages() -> None:
    """--help tells about MARGINALIA_CONTENT, in English and in German."""
    english = run("--help").stdout
    german = run("--help", "--lang", "de").stdout
    assert "MARGINALIA_CONTENT" in english and "bundled articles" in english
    assert "MARGINALIA_CONTENT" in german and "mitgelieferten" in german


def test_author_option_is_remembered(tmp_path: Path, content_dir: Path) -> None:
    """`--author NAME` signs this session's comments and is written to the settings file."""
    dirs = UserDirs.default()
    app = build_app(content_dir, dirs=dirs, author="Anna Beispiel")
    assert app._author == "Anna Beispiel"
    settings, problems = load_settings(dirs.config_file)
    assert not problems
    assert settings.author == "Anna Beispiel"
    again = build_app(content_dir, dirs=dirs)
    assert again._author == "Anna Beispiel"


def test_licence_file_is_mit_and_named_in_the_metadata() -> None:
    """The repository carries the MIT licence its metadata claims."""
    text = (REPO / "LICENSE").read_text("utf-8")
    assert text.startswith("MIT License")
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]


def test_textual_and_rich_have_upper_bounds() -> None:
    """A new major textual or rich cannot install silently: the bounds the snapshots hold for."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = {re.split(r"[<>=!]", dep)[0]: dep for dep in project["dependencies"]}
    assert "<9" in requirements["textual"]
    assert "<16" in requirements["rich"]


def test_wheel_has_licence_and_articles_but_no_comments_or_locks(tmp_path: Path) -> None:
    """A wheel built from a checkout with comments and lock files in content/ packs the
    articles and the licence, and none of the comments, lock or temporary files."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling is not installed (pip install -e '.[dev]')")
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "tui", source / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "content", source / "content")
    comments = source / "content" / ".comments"
    comments.mkdir(exist_ok=True)
    (comments / "willkommen.json").write_text("{}", "utf-8")
    (comments / "willkommen.json.lock").write_text("", "utf-8")
    (comments / ".gitignore").write_text("*.lock\n", "utf-8")
    (source / "content" / "stray.lock").write_text("", "utf-8")
    build = ["pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    result = subprocess.run(
        [sys.executable, "-m", *build, "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = (tmp_path / "dist").glob("marginalia-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tui/content/willkommen.md" in names
    assert "tui/app.tcss" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert not [name for name in names if ".comments" in name or name.endswith(".lock")]


def readme_commands() -> list[str]:
    """Every `marginalia …` or `python -m tui …` line of the README's examples."""
    text = (REPO / "README.md").read_text("utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command.startswith(("marginalia", "python -m tui")):
                commands.append(command)
    return commands


@pytest.mark.parametrize("command", readme_commands())
def test_readme_examples_run_as_written(command: str, tmp_path: Path) -> None:
    """Each example works from the repository root: printing ones exit 0 with output; those
    that open the reader find their folder and article and build the app; `git setup` sets up
    a new repository (run here, it would change this checkout's git config)."""
    words = shlex.split(command)
    args = words[1:] if words[0] == "marginalia" else words[3:]
    if args[:1] == ["serve"]:
        # A server runs until stopped: its arguments and folder are checked here, the server
        # itself in tests/test_serve.py and tests/test_serve_browser.py.
        served = serve_parser().parse_args(args[1:])
        assert (REPO / served.folder).is_dir() and 0 < served.port < 65536
        return
    if args[:2] == ["git", "setup"]:
        if shutil.which("git") is None:
            pytest.skip("git is not installed: sharing comments needs it")
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 0 and "Added" in result.stdout, result.stderr
        assert (tmp_path / ".gitattributes").read_text() == ".comments/*.json merge=marginalia\n"
        return
    prints = args[:1] in (["cat"], ["comments"]) or {"--help", "--version"} & set(args)
    if prints:
        result = run(*args, cwd=REPO)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip()
        return
    parsed = reader_parser().parse_args(args)
    app = build_app(parsed.path and REPO / parsed.path, dirs=UserDirs.default(), **_options(parsed))
    assert app.articles


def _options(parsed: object) -> dict[str, str | None]:
    """The reader options of parsed arguments, as `build_app` takes them."""
    return {"lang": getattr(parsed, "lang", None), "author": getattr(parsed, "author", None)}
