"""The command line: opening folders, `cat` and `comments export`, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tui.cli import main
from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore

ARTICLE = "gespraech-statt-sendung"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m tui ARGS` in a subprocess with standard output piped."""
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        check=False,
    )


def add_comments(folder: Path) -> None:
    """A comment on the second paragraph, one on the whole article, one on vanished text."""
    article = next(a for a in scan_folder(folder) if a.id == ARTICLE)
    document = load_article(folder, article).document
    ref = ArticleRef(article.id, article.relpath, article.title)
    store = CommentStore(folder / ".comments")
    store.add(ref, new_comment("Anna", "Genau so!", anchor=make_anchor(document, 2)))
    store.add(ref, new_comment("Ben", "Schöner Text insgesamt."))
    gone = make_anchor(document, 2)
    gone = type(gone)(99, ("Weg",), "Ein Absatz, den es nicht mehr gibt", "", "", "0" * 40)
    store.add(ref, new_comment("Cleo", "Wo ist das hin?", anchor=gone))


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing", "no such folder"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "holds no articles"),
        (lambda p: (p / "file.pdf").write_text("x") and p / "file.pdf", "not an article"),
    ],
)
def test_bad_folder_ends_with_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, words: str
) -> None:
    """A missing or empty folder, or a file that is no article, gives one line and exit 2."""
    target = make(tmp_path)  # type: ignore[operator]
    assert main([str(target)]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.count("\n") == 1


def test_cat_pipes_plain_text_with_underlines_and_quote_bars(content_dir: Path) -> None:
    """Piped, `cat` prints plain text: underlined headings, quote bars, no escape codes."""
    result = run("cat", ARTICLE, "--content", str(content_dir), "--width", "50")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Gespräch statt Sendung"
    assert set(lines[1]) == {"═"}
    heading = lines.index("Zuhören lohnt sich")
    assert set(lines[heading + 1]) == {"─"}
    assert any(line.startswith("▌ „Seit wir antworten") for line in lines)
    assert "\x1b" not in result.stdout
    assert max(len(line) for line in lines) <= 50


def test_cat_prints_comments_under_their_paragraph_and_orphans_last(content_dir: Path) -> None:
    """Each comment follows its paragraph; article comments and orphans come at the end."""
    add_comments(content_dir)
    result = run("cat", ARTICLE, "--content", str(content_dir))
    text = result.stdout
    assert "3 comments" in text
    paragraph = text.index("Die Fragen der Leute")
    assert paragraph < text.index("✎ Anna") < text.index("Genau so!") < text.index("▌ „Seit")
    assert text.index("On the whole article") < text.index("Schöner Text insgesamt.")
    assert text.index("Comments on changed text") < text.index("Wo ist das hin?")
    assert "Ein Absatz, den es nicht mehr gibt" in text


def test_cat_in_colour_when_asked(content_dir: Path) -> None:
    """--color always adds styling escape codes but never a hyperlink."""
    result = run("cat", ARTICLE, "--content", str(content_dir), "--color", "always")
    assert "\x1b[" in result.stdout
    assert "\x1b]8;" not in result.stdout


def test_cat_unknown_article_says_what_to_do(content_dir: Path) -> None:
    """An id that is not in the folder ends with status 2 and a hint."""
    result = run("cat", "nope", "--content", str(content_dir))
    assert result.returncode == 2
    assert "no such article" in result.stderr


def test_export_markdown_and_json(content_dir: Path) -> None:
    """`comments export` writes every comment, as Markdown and as JSON."""
    add_comments(content_dir)
    markdown = run("comments", "export", ARTICLE, "--content", str(content_dir)).stdout
    assert "> Die Fragen der Leute" in markdown
    assert "**Anna**" in markdown and "Genau so!" in markdown
    assert "## Comments on changed text" in markdown
    exported = json.loads(
        run("comments", "export", ARTICLE, "--content", str(content_dir), "--format", "json").stdout
    )
    groups = {c["body"]: c["placement"]["group"] for c in exported["comments"]}
    assert groups == {
        "Genau so!": "block",
        "Schöner Text insgesamt.": "article",
        "Wo ist das hin?": "orphan",
    }


def test_cat_german_interface(content_dir: Path) -> None:
    """With --lang de the byline is German."""
    result = run("cat", ARTICLE, "--content", str(content_dir), "--lang", "de")
    assert "von Testredaktion · 14.03.2025 · 1 Min. · Kommentare: 0" in result.stdout


def test_cat_the_saved_seed_page() -> None:
    """The saved web page reads as an article: title, author, two headings, the quote."""
    seed = SHARED / "seed" / "social-media-article.txt"
    if not seed.exists():
        pytest.skip("the seed page is not beside the repository")
    result = run("cat", str(seed), "--width", "100")
    lines = result.stdout.splitlines()
    assert lines[0] == "Nutzen von Social Media: Kontakte mit Mehrwert"
    assert lines[2].startswith("by Christian Müller")
    for heading in (
        "Nutzen hängt von Erwartungen ab",
        "Social Media: Chance für Kontakte und Beziehungsaufbau",
    ):
        assert set(lines[lines.index(heading) + 1]) == {"─"}
    assert any(line.startswith('▌ "In Facebook und Twitter') for line in lines)
    assert [line for line in lines if line][-2:] == ["Zurück", "Einen Kommentar schreiben"]


def test_help_documents_every_option() -> None:
    """--help names the options and the subcommands."""
    result = run("--help")
    for option in ("--lang", "--author", "--comments", "marginalia cat", "comments export"):
        assert option in result.stdout


def test_cat_into_a_pipe_that_closes_early(content_dir: Path) -> None:
    """`marginalia cat … | head -1` ends quietly, without a traceback."""
    # Far more than a pipe holds, so the writer is still writing when `head` goes away.
    paragraphs = "\n\n".join(f"Absatz {n} " + "mit Text " * 30 for n in range(3000))
    (content_dir / "lang.md").write_text(f"# Lang\n\n{paragraphs}\n", "utf-8")
    command = (
        f"{sys.executable} -m tui cat lang --content {content_dir} | head -1; "
        "exit ${PIPESTATUS[0]}"
    )
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout == "Lang\n"
    assert "Traceback" not in result.stderr
    assert result.returncode == 0


def _comment_file_with(body: str, article_id: str, relpath: str) -> str:
    """A version-1 comment file, written by hand, with one comment whose JSON body is `body`."""
    return (
        '{"format": "marginalia.comments", "version": 1,'
        f' "article": {{"id": "{article_id}", "path": "{relpath}", "title": "T"}},'
        ' "comments": [{"id": "c1", "parent": null, "author": "Eve\\ud800",'
        f' "body": "{body}", "created": "2026-11-26T08:00:00+00:00", "updated": null,'
        ' "anchor": null}]}\n'
    )


def test_cat_and_export_show_a_lone_surrogate_as_a_replacement_character(
    tmp_path: Path,
) -> None:
    """A comment body that is valid JSON but holds a lone surrogate prints, never a traceback."""
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    (tmp_path / ".comments").mkdir()
    (tmp_path / ".comments" / "a.json").write_text(
        _comment_file_with("lone \\ud800 and \\u001b]0;title\\u0007 end", "a", "a.md"),
        encoding="utf-8",
    )
    for args in (
        ("cat", "a"),
        ("comments", "export", "a"),
        ("comments", "export", "a", "--format", "json"),
    ):
        result = run(*args, "--content", str(tmp_path))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        shown = (
            json.loads(result.stdout)["comments"][0]["body"] if "json" in args else result.stdout
        )
        assert "lone \ufffd and  end" in shown
        assert "\x1b" not in result.stdout


def test_cat_prints_an_article_with_broken_front_matter(tmp_path: Path) -> None:
    """Broken front matter is reported on standard error; the article prints, status 0."""
    (tmp_path / "b.md").write_text(
        "---\ntitle: [unclosed\n---\nThe body is still here.\n", encoding="utf-8"
    )
    result = run("cat", "b", "--content", str(tmp_path))
    assert result.returncode == 0
    assert "The body is still here." in result.stdout
    assert "front matter is broken" in result.stderr


def test_cat_keeps_text_between_two_rules(tmp_path: Path) -> None:
    """A document that starts with `---`, a line and `---` is Markdown, all of it shown."""
    (tmp_path / "r.md").write_text(
        "---\nA line between two rules\n---\n\nAnd a paragraph.\n", encoding="utf-8"
    )
    result = run("cat", "r", "--content", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "A line between two rules" in result.stdout
    assert "And a paragraph." in result.stdout


@pytest.mark.parametrize(
    ("plain", "parsed"),
    [
        ([], ["--lang", "en"]),
        (["notes.md"], ["notes.md", "--lang", "de"]),
        (["a folder/with spaces"], ["--author", "Anna", "a folder/with spaces"]),
    ],
)
def test_the_reader_gets_the_same_arguments_with_and_without_a_parser(
    monkeypatch: pytest.MonkeyPatch, plain: list[str], parsed: list[str]
) -> None:
    """`marginalia [PATH]` skips argparse; with an option, the parser reads the same PATH."""
    import tui.cli

    seen: list[tui.cli.ReaderArgs] = []

    def read(args: tui.cli.ReaderArgs, dirs: object, loaded: object) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(tui.cli, "_read", read)
    assert main(plain) == 0
    assert main(parsed) == 0
    fast, slow = seen
    assert isinstance(fast, tui.cli.ReaderArgs) and isinstance(slow, tui.cli.ReaderArgs)
    assert fast.path == slow.path
    assert fast._replace(path=None) == tui.cli.ReaderArgs()
    assert slow.lang or slow.author


def test_opening_the_reader_does_not_load_argparse(tmp_path: Path) -> None:
    article = tmp_path / "note.md"
    article.write_text("# Note\n\nWords.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from tui import cli\n"
        "cli._read = lambda args, dirs, loaded: print('argparse' in sys.modules, args.path.name)\n"
        f"cli.main([{str(article)!r}])\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split() == ["False", "note.md"]


@pytest.mark.parametrize("command", ["serve", "save", "cat"])
def test_a_command_alone_is_that_command_not_a_folder_of_its_name(
    monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """`marginalia serve` serves the bundled articles; `save` and `cat` alone say what they need."""
    import tui.cli
    import tui.cli_commands

    def not_the_reader(*args: object) -> int:
        raise AssertionError("the reader was started")

    served: list[object] = []
    monkeypatch.setattr(tui.cli, "_read", not_the_reader)
    monkeypatch.setattr(tui.cli_commands, "run_serve", lambda args: served.append(args.folder) or 0)
    if command == "serve":
        assert main([command]) == 0
        assert served == [None]
    else:
        with pytest.raises(SystemExit) as ended:
            main([command])
        assert ended.value.code == 2
