"""Tests for the content folder scanner and article loading."""

from __future__ import annotations

import datetime
import os
import threading
from pathlib import Path

import pytest

from tui.model.articles.blocks import BlockKind
from tui.model.articles.files import FolderProblem, FolderProblemCode
from tui.model.articles.ids import safe_id_filename
from tui.model.articles.library import (
    Article,
    article_for_path,
    load_article,
    scan_folder,
    sort_articles,
)

JEKYLL = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "jekyll-posts"


def _write(root: Path, relpath: str, content: str | bytes) -> Path:
    """Write a file below `root`, creating folders."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _by_relpath(root: Path) -> dict[str, Article]:
    """Scan `root` and index the articles by relative path."""
    return {a.relpath: a for a in scan_folder(root)}


def test_collects_article_extensions(tmp_path: Path) -> None:
    """Markdown, text and web page files are found in any case; other files are not."""
    for name in ["a.md", "b.markdown", "c.txt", "D.MD", "e.html", "E.HTM", "f.md.bak", "g.pdf"]:
        _write(tmp_path, name, "x")
    expected = ["D.MD", "E.HTM", "a.md", "b.markdown", "c.txt", "e.html"]
    assert sorted(_by_relpath(tmp_path)) == expected


def test_nested_ids_and_relpaths(tmp_path: Path) -> None:
    """A nested file's id is its relative path without extension."""
    _write(tmp_path, "blog/first-post.md", "# First\n")
    article = scan_folder(tmp_path)[0]
    assert (article.id, article.relpath, article.path) == (
        "blog/first-post",
        "blog/first-post.md",
        tmp_path / "blog" / "first-post.md",
    )


def test_safe_front_matter_id_used(tmp_path: Path) -> None:
    """A safe front matter id replaces the path id."""
    _write(tmp_path, "x/y.md", "---\nid: social-media-kontakte\n---\n")
    assert scan_folder(tmp_path)[0].id == "social-media-kontakte"


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/b", "a..b", "-x", "'x y'"])
def test_unsafe_front_matter_id_ignored(tmp_path: Path, bad: str) -> None:
    """An unsafe front matter id falls back to the path id."""
    _write(tmp_path, "post.md", f"---\nid: {bad}\n---\n")
    assert scan_folder(tmp_path)[0].id == "post"


def test_duplicate_front_matter_ids(tmp_path: Path) -> None:
    """Two files asking for one id: the first keeps it, the second gets its path id."""
    _write(tmp_path, "a.md", "---\nid: same\n---\n")
    _write(tmp_path, "b.md", "---\nid: same\n---\n")
    assert {a.relpath: a.id for a in scan_folder(tmp_path)} == {"a.md": "same", "b.md": "b"}


def test_front_matter_id_cannot_take_a_path_id(tmp_path: Path) -> None:
    """A front matter id equal to another file's path id never takes that file's comments."""
    _write(tmp_path, "a.md", "---\nid: b\n---\n")
    _write(tmp_path, "b.md", "plain")
    assert {a.relpath: a.id for a in scan_folder(tmp_path)} == {"a.md": "a", "b.md": "b"}


def test_same_stem_different_extension(tmp_path: Path) -> None:
    """`a.md` and `a.txt` get distinct ids."""
    _write(tmp_path, "a.md", "x")
    _write(tmp_path, "a.txt", "x")
    ids = [a.id for a in scan_folder(tmp_path)]
    assert len(set(ids)) == 2
    assert "a" in ids


def test_dotdot_in_file_name_not_in_id(tmp_path: Path) -> None:
    """A file name with `..` in it gives an id without `..`."""
    _write(tmp_path, "a..b.md", "x")
    assert ".." not in scan_folder(tmp_path)[0].id


@pytest.mark.parametrize(
    ("article_id", "name"),
    [
        ("plain-id.1", "plain-id.1"),
        ("blog/first-post", "blog__first-post"),
        ("a_b", "a_b"),
        ("a__b", "a%5F%5Fb"),
        ("a/_b", "a__%5Fb"),
        ("über", "%C3%BCber"),
        (".hidden", "%2Ehidden"),
        ("..", "%2E."),
        ("", "%"),
    ],
)
def test_safe_id_filename(article_id: str, name: str) -> None:
    """Ids map to one file name component, `/` as `__`, the rest percent-escaped."""
    assert safe_id_filename(article_id) == name


def test_safe_id_filename_distinct_and_bounded() -> None:
    """Different ids never share a file name, and long ids stay short."""
    ids = ["a/b", "a__b", "a_/b", "a/_b", "a%2Fb", "a___b", "a//b", "x" * 300, "x" * 301]
    names = [safe_id_filename(i) for i in ids]
    assert len(set(names)) == len(ids)
    assert all("/" not in n and len(n) <= 200 for n in names)


def test_title_fallbacks(tmp_path: Path) -> None:
    """Title comes from front matter, else a `# ` heading that is the first block, else the name."""
    _write(tmp_path, "fm.md", "---\ntitle: From FM\n---\n# Heading\n")
    _write(tmp_path, "h.md", "\n<!-- draft -->\n# From Heading #\n\nText\n")
    _write(tmp_path, "later.md", "```py\n# not\n```\n\nText\n\n# Later Heading\n")
    _write(tmp_path, "none.md", "Just text.\n\n## Level two\n")
    _write(tmp_path, "docs/setup/_index.md", "+++\ndate = 2024-01-02\n+++\nText.\n")
    titles = {k: a.title for k, a in _by_relpath(tmp_path).items()}
    assert titles == {
        "fm.md": "From FM",
        "h.md": "From Heading",
        "later.md": "later",
        "none.md": "none",
        "docs/setup/_index.md": "setup",
    }


def test_text_file_title_and_author(tmp_path: Path) -> None:
    """A .txt article takes title and author from its first lines."""
    _write(tmp_path, "page.txt", "Mein Titel\n\nvon Anna Beispiel (Kommentare: 2)\n\nText hier.\n")
    article = scan_folder(tmp_path)[0]
    assert (article.format, article.title, article.author) == (
        "text",
        "Mein Titel",
        "Anna Beispiel",
    )


def test_bom_and_crlf(tmp_path: Path) -> None:
    """A BOM and CRLF line ends do not hide the front matter."""
    _write(tmp_path, "a.md", b"\xef\xbb\xbf---\r\ntitle: Bom\r\n---\r\nBody text\r\n")
    article = scan_folder(tmp_path)[0]
    assert (article.title, article.word_count, article.problem) == ("Bom", 2, None)


def test_cp1252_file(tmp_path: Path) -> None:
    """A cp1252 file is read with its accents and curly quotes."""
    _write(tmp_path, "a.md", b"# Caf\xe9 \x93quoted\x94\n")
    assert scan_folder(tmp_path)[0].title == "Café “quoted”"


def test_broken_front_matter_still_listed(tmp_path: Path) -> None:
    """Broken front matter flags the article but its body still loads."""
    _write(tmp_path, "a.md", "---\ntitle: [oops\n---\n# Real title\n\nBody.\n")
    article = scan_folder(tmp_path)[0]
    assert article.problem is not None
    assert (article.problem.code, article.title) == ("front_matter", "Real title")
    loaded = load_article(tmp_path, article)
    assert [b.text for b in loaded.document.blocks] == ["Body."]
    assert loaded.problem == article.problem


def test_title_no_and_impossible_date(tmp_path: Path) -> None:
    """`title: no` is the text "no" and `date: 2024-02-30` is no date, without a problem."""
    _write(tmp_path, "a.md", "---\ntitle: no\ndate: 2024-02-30\n---\n")
    article = scan_folder(tmp_path)[0]
    assert (article.title, article.date, article.problem) == ("no", None, None)


def test_deep_nesting_flagged(tmp_path: Path) -> None:
    """Deeply nested front matter keeps the title and flags the article."""
    _write(tmp_path, "a.md", "---\ntitle: T\nx: " + "[" * 50 + "]" * 50 + "\n---\n")
    article = scan_folder(tmp_path)[0]
    assert article.problem is not None
    assert (article.title, article.problem.detail) == ("T", "too_deep")


def test_symlink_outside_listed_not_read(tmp_path: Path) -> None:
    """A symlink leading out of the folder is listed with a problem and never read."""
    root = tmp_path / "root"
    root.mkdir()
    _write(tmp_path, "secret.md", "---\ntitle: Secret\n---\nsecret words here\n")
    (root / "link.md").symlink_to(tmp_path / "secret.md")
    article = scan_folder(root)[0]
    assert article.problem is not None
    assert (article.problem.code, article.title, article.word_count) == (
        "outside_folder",
        "link",
        0,
    )
    loaded = load_article(root, article)
    assert (loaded.source, loaded.document.blocks) == ("", ())


def test_directory_symlink_not_followed(tmp_path: Path) -> None:
    """A symlinked folder is not descended into."""
    _write(tmp_path, "elsewhere/a.md", "x")
    root = tmp_path / "root"
    root.mkdir()
    (root / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert scan_folder(root) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_does_not_block_scan(tmp_path: Path) -> None:
    """A FIFO named like an article is listed with a problem and the scan finishes."""
    os.mkfifo(tmp_path / "pipe.md")
    _write(tmp_path, "ok.md", "# Fine\n")
    result: list[list[Article]] = []
    worker = threading.Thread(target=lambda: result.append(scan_folder(tmp_path)), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert result, "scan blocked on a FIFO"
    problems = {a.relpath: a.problem.code if a.problem else None for a in result[0]}
    assert problems == {"pipe.md": "not_regular", "ok.md": None}


def test_hidden_entries_skipped(tmp_path: Path) -> None:
    """Hidden files and folders such as `.comments` and `.git` are skipped."""
    _write(tmp_path, ".comments/x.md", "x")
    _write(tmp_path, ".git/y.md", "x")
    _write(tmp_path, ".draft.md", "x")
    _write(tmp_path, "visible.md", "x")
    assert list(_by_relpath(tmp_path)) == ["visible.md"]


def test_root_problems(tmp_path: Path) -> None:
    """A missing root and a file as root raise FolderProblem with their codes."""
    with pytest.raises(FolderProblem) as missing:
        scan_folder(tmp_path / "nope")
    _write(tmp_path, "file.md", "x")
    with pytest.raises(FolderProblem) as not_folder:
        scan_folder(tmp_path / "file.md")
    assert (missing.value.code, not_folder.value.code) == (
        FolderProblemCode.MISSING,
        FolderProblemCode.NOT_A_FOLDER,
    )


def test_default_sort(tmp_path: Path) -> None:
    """Newest first, same dates by title, undated last."""
    _write(tmp_path, "old.md", "---\ntitle: Old\ndate: 2001-01-01\n---\n")
    _write(tmp_path, "new-b.md", "---\ntitle: beta\ndate: 2020-01-01\n---\n")
    _write(tmp_path, "new-a.md", "---\ntitle: Alpha\ndate: 2020-01-01\n---\n")
    _write(tmp_path, "undated.md", "---\ntitle: Aardvark\n---\n")
    assert [a.title for a in scan_folder(tmp_path)] == ["Alpha", "beta", "Old", "Aardvark"]


def test_sort_by_title_and_comments(tmp_path: Path) -> None:
    """Title sort ignores case; comment sort puts the most discussed first."""
    _write(tmp_path, "a.md", "# zeta\n")
    _write(tmp_path, "b.md", "# Alpha\n")
    articles = scan_folder(tmp_path)
    assert [a.title for a in sort_articles(articles, "title")] == ["Alpha", "zeta"]
    by_count = sort_articles(articles, "comments", counts={"a": 3})
    assert [a.title for a in by_count] == ["zeta", "Alpha"]


def test_date_from_jekyll_file_name(tmp_path: Path) -> None:
    """Without a front matter date, a `YYYY-MM-DD-` file name prefix gives the date."""
    _write(tmp_path, "2014-05-06-post.md", "# P\n")
    assert scan_folder(tmp_path)[0].date == datetime.date(2014, 5, 6)


def test_load_markdown_drops_title_heading(tmp_path: Path) -> None:
    """Loading drops a leading H1 equal to the title and keeps source line numbers."""
    _write(tmp_path, "a.md", "---\ntitle: Hello\n---\n# Hello\n\nFirst paragraph.\n")
    loaded = load_article(tmp_path, scan_folder(tmp_path)[0])
    blocks = loaded.document.blocks
    assert [(b.kind, b.text, b.lines[0]) for b in blocks] == [
        (BlockKind.PARAGRAPH, "First paragraph.", 5)
    ]
    assert blocks[0].heading_path == ()
    assert loaded.source.startswith("---\ntitle: Hello")


def test_load_keeps_other_heading(tmp_path: Path) -> None:
    """A leading H1 that differs from the title stays."""
    _write(tmp_path, "a.md", "---\ntitle: Hello\n---\n# Other\n\nText.\n")
    blocks = load_article(tmp_path, scan_folder(tmp_path)[0]).document.blocks
    assert blocks[0].text == "Other"


def test_load_text_article(tmp_path: Path) -> None:
    """A .txt article loads through the plain-text reader."""
    _write(tmp_path, "a.txt", "Titel\n\nvon Anna Beispiel\n\nErster Absatz.\n")
    loaded = load_article(tmp_path, scan_folder(tmp_path)[0])
    assert ([b.text for b in loaded.document.blocks], loaded.problem) == (["Erster Absatz."], None)


def test_load_vanished_file(tmp_path: Path) -> None:
    """A file deleted after the scan loads as an empty document with a problem."""
    path = _write(tmp_path, "a.md", "x")
    article = scan_folder(tmp_path)[0]
    path.unlink()
    loaded = load_article(tmp_path, article)
    assert loaded.problem is not None
    assert (loaded.problem.code, loaded.document.blocks) == ("not_found", ())


def test_article_for_path(tmp_path: Path) -> None:
    """Opening one file uses its folder as the root."""
    path = _write(tmp_path, "notes/page.md", "---\ntitle: One\n---\nText.\n")
    root, article = article_for_path(path)
    assert (root, article.id, article.title) == (path.parent.resolve(), "page", "One")
    assert load_article(root, article).document.blocks[0].text == "Text."


def test_scan_of_many_articles_in_many_folders(tmp_path: Path) -> None:
    """Three thousand articles in thirty folders are all listed (speed is the benchmark's job)."""
    for i in range(3000):
        _write(
            tmp_path,
            f"d{i % 30}/post-{i}.md",
            f"---\ntitle: 'Post {i}'\ndate: 2020-01-{i % 28 + 1:02d} 10:00:00 +0100\n"
            f"author: someone\ntags: [a, b]\n---\n\nSome words in post {i}.\n",
        )
    articles = scan_folder(tmp_path)
    assert len(articles) == 3000
    assert len({a.id for a in articles}) == 3000


def test_jekyll_corpus() -> None:
    """The real Jekyll posts all list with title and date and no problem."""
    if not JEKYLL.is_dir():
        pytest.skip("jekyll corpus not available")
    articles = scan_folder(JEKYLL)
    assert len(articles) == 102
    assert all(a.title and a.date and a.problem is None for a in articles)
    assert articles[-1].id == "2013-05-06-jekyll-1-0-0-released"
    assert articles[-1].date == datetime.date(2013, 5, 6)
    assert len({a.id for a in articles}) == 102
