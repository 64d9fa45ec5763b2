"""The folder's SQLite index: built, kept up to date, rebuilt when damaged, searched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import new_comment
from tui.model.comments.store import ArticleRef, CommentStore
from tui.model.search import catch_up as catch_up_module
from tui.model.search import index_query
from tui.model.search.catch_up import catch_up, read_indexed
from tui.model.search.hits import match_expression
from tui.model.search.index import HitField
from tui.model.search.index_schema import APPLICATION_ID, SCHEMA_VERSION
from tui.model.search.library_index import LibraryIndex


def write(root: Path, relpath: str, text: str) -> Path:
    """Write one article file."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small folder: German and English articles, one in a subfolder, one plain text."""
    folder = tmp_path / "content"
    write(
        folder,
        "kontakte.md",
        """
        ---
        title: Kontakte mit Mehrwert
        author: Christian Müller
        date: 2013-05-06
        tags: [netz, medien]
        ---
        Herr Müller erklärt, warum Netzwerke nützen.

        ## Unterwegs

        Am Ende der Straße wartet ein Café.
        """,
    )
    write(
        folder,
        "blog/notiz.md",
        """
        # Eine kurze Notiz

        Ein Text über Kontakte und *Gespräche*, mit einem [Link](https://example.org).
        """,
    )
    write(folder, "brief.txt", "Ein Brief\nvon Anna Schäfer\n\nLiebe Grüße aus der Hauptstrasse.\n")
    return folder


@pytest.fixture
def index(tmp_path: Path, root: Path) -> LibraryIndex:
    """The folder's index, built."""
    library = LibraryIndex(tmp_path / "cache" / "index.sqlite3")
    assert catch_up(library, root, CommentStore(root / ".comments")) is not None
    return library


def found_ids(library: LibraryIndex, query: str) -> list[str]:
    """The ids of the articles a query finds, best first, each once."""
    return list(dict.fromkeys(hit.article_id for hit in library.search(query)))


def test_the_index_lists_what_a_scan_of_the_folder_lists(index: LibraryIndex, root: Path) -> None:
    """Every article comes back from the index exactly as reading the folder describes it."""
    assert index.articles() == scan_folder(root)


def test_a_second_pass_reads_nothing_when_nothing_changed(index: LibraryIndex, root: Path) -> None:
    """Size and mtime are compared: unchanged files are not read again, nor the list rebuilt."""
    result = catch_up(index, root, CommentStore(root / ".comments"))
    assert result is not None
    assert not result.change
    assert result.articles is None  # the list painted from the index is the folder's
    assert index.articles() == scan_folder(root)


def test_edits_additions_and_removals_are_caught_up(index: LibraryIndex, root: Path) -> None:
    """The pass reports exactly the changed files, and the search sees their new text."""
    path = write(root, "blog/notiz.md", "# Eine kurze Notiz\n\nJetzt über Zwiebelkuchen.\n")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    write(root, "neu.md", "# Neu\n\nEin Rezept für Pflaumenkuchen.\n")
    (root / "brief.txt").unlink()
    result = catch_up(index, root, CommentStore(root / ".comments"))
    assert result is not None
    assert result.change.articles == {"blog/notiz.md", "neu.md", "brief.txt"}
    assert found_ids(index, "zwiebelkuchen") == ["blog/notiz"]
    assert found_ids(index, "gespräche") == []
    assert found_ids(index, "pflaumen") == ["neu"]
    assert found_ids(index, "hauptstrasse") == []
    assert index.articles() == scan_folder(root)


def test_same_size_but_a_new_mtime_is_read_again(index: LibraryIndex, root: Path) -> None:
    """An edit that keeps the file's size is still seen by its modification time."""
    path = root / "blog" / "notiz.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Kontakte", "Kontrakt"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    result = catch_up(index, root, CommentStore(root / ".comments"))
    assert result is not None
    assert result.change.articles == {"blog/notiz.md"}
    assert found_ids(index, "kontrakt") == ["blog/notiz"]


@pytest.mark.parametrize("query", ["Müller", "Mueller", "muller", "MÜLLER"])
def test_every_german_spelling_of_mueller_finds_the_author_and_the_text(
    index: LibraryIndex, query: str
) -> None:
    """Müller = Mueller = Muller: the author and the sentence naming him, highlighted as written."""
    hits = index.search(query)
    assert [(hit.article_id, hit.field) for hit in hits] == [
        ("kontakte", HitField.AUTHOR),
        ("kontakte", HitField.BODY),
    ]
    author, body = hits
    assert author.snippet[author.span[0] : author.span[1]] == "Müller"
    assert body.snippet[body.span[0] : body.span[1]] == "Müller"


@pytest.mark.parametrize(("query", "written"), [("strasse", "Straße"), ("Straße", "Straße")])
def test_sharp_s_and_ss_find_each_other(index: LibraryIndex, query: str, written: str) -> None:
    """Straße = Strasse, in both directions, and the match is shown as the text spells it."""
    hits = [hit for hit in index.search(query) if hit.article_id == "kontakte"]
    assert [hit.snippet[hit.span[0] : hit.span[1]] for hit in hits] == [written]
    assert found_ids(index, "hauptstraße") == ["brief"]


def test_a_body_hit_names_the_line_its_paragraph_starts_on(index: LibraryIndex, root: Path) -> None:
    """The reader can put the cursor on the paragraph: the line is the block's first line."""
    (hit,) = index.search("café")
    document = load_article(root, scan_folder(root)[0]).document
    block = next(b for b in document.blocks if "Café" in b.text)
    assert hit.line == block.lines[0]
    assert hit.snippet == "Am Ende der Straße wartet ein Café."
    assert hit.snippet[hit.span[0] : hit.span[1]] == "Café"


def test_a_word_in_a_title_ranks_above_the_same_word_in_a_text(index: LibraryIndex) -> None:
    """bm25 with the title weighted: the article titled "Kontakte…" comes before the mention."""
    assert found_ids(index, "kontakte") == ["kontakte", "blog/notiz"]


def test_the_word_being_typed_already_finds(index: LibraryIndex) -> None:
    """Every word is a prefix while typing: "gespr" finds "Gespräche", with the word marked."""
    (hit,) = index.search("gespr")
    assert hit.snippet[hit.span[0] : hit.span[1]] == "Gespräche"
    assert "*" not in hit.snippet and "](" not in hit.snippet


def test_all_words_must_be_found(index: LibraryIndex) -> None:
    """Two words find the articles holding both."""
    assert found_ids(index, "müller café") == ["kontakte"]
    assert found_ids(index, "müller pflaumen") == []


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(a b)", "*", "a OR", "title:x", "(", "-"])
def test_search_syntax_in_a_query_is_read_as_words(index: LibraryIndex, query: str) -> None:
    """FTS5 operators typed by the reader never raise and never reach the query language."""
    index.search(query)


def test_comments_are_searched_with_their_comment_and_block(
    index: LibraryIndex, root: Path
) -> None:
    """A comment's words find it, with its id and the block it is on."""
    store = CommentStore(root / ".comments")
    article = next(a for a in scan_folder(root) if a.id == "kontakte")
    document = load_article(root, article).document
    comment = new_comment("Anna", "Ich bringe Zwiebelkuchen mit.", anchor=make_anchor(document, 1))
    store.add(ArticleRef(article.id, article.relpath, article.title), comment)
    result = catch_up(index, root, store)
    assert result is not None
    assert result.change.comment_files == {"kontakte.json"}
    (hit,) = index.search("zwiebelkuchen")
    assert (hit.field, hit.block, hit.comment_id) == (HitField.COMMENT, 1, comment.id)
    again = catch_up(index, root, store)
    assert again is not None and not again.change


def test_comments_of_several_articles_are_each_found_on_their_own(
    index: LibraryIndex, root: Path
) -> None:
    """One pass indexes every changed comment file; a removed file takes its words along."""
    store = CommentStore(root / ".comments")
    words = {"kontakte": "Zwiebelkuchen", "blog/notiz": "Pflaumenmus", "brief": "Quarkstrudel"}
    articles = {article.id: article for article in scan_folder(root)}
    for article_id, word in words.items():
        article = articles[article_id]
        ref = ArticleRef(article.id, article.relpath, article.title)
        store.add(ref, new_comment("Anna", f"Ich bringe {word} mit."))
    result = catch_up(index, root, store)
    assert result is not None and len(result.change.comment_files) == 3
    for article_id, word in words.items():
        assert found_ids(index, word.lower()) == [article_id]
    store.path_for("brief").unlink()
    assert catch_up(index, root, store) is not None
    assert found_ids(index, "quarkstrudel") == []
    assert found_ids(index, "pflaumenmus") == ["blog/notiz"]


def test_garbage_written_into_the_file_is_rebuilt_silently(tmp_path: Path, root: Path) -> None:
    """A damaged database is replaced by a fresh one, which the next pass fills."""
    database = tmp_path / "cache" / "index.sqlite3"
    LibraryIndex(database).close()
    database.write_bytes(b"this is not a database at all " * 200)
    library = LibraryIndex(database)
    assert library.rebuilt
    assert catch_up(library, root, CommentStore(root / ".comments")) is not None
    assert found_ids(library, "mueller") == ["kontakte"]
    assert library.database == database


def test_reading_only_opens_what_is_there_and_changes_nothing(tmp_path: Path, root: Path) -> None:
    """The look before the first paint: no file is made, and a damaged one is left alone."""
    missing = tmp_path / "cache" / "none.sqlite3"
    assert LibraryIndex.for_reading(missing) is None
    assert not missing.parent.exists()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database at all " * 200)
    assert LibraryIndex.for_reading(garbage) is None
    assert garbage.read_bytes() == b"this is not a database at all " * 200
    older = tmp_path / "older.sqlite3"
    with sqlite3.connect(older) as connection:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    connection.close()
    assert LibraryIndex.for_reading(older) is None


def test_reading_only_leaves_the_write_ahead_log_to_the_writer(
    index: LibraryIndex, tmp_path: Path
) -> None:
    """A reader that closes last does not checkpoint: an index whose writer stopped without
    closing (its log still full) is listed, and the log is still there for the next writer."""
    left = tmp_path / "left"
    left.mkdir()
    for suffix in ("", "-wal", "-shm"):
        # A copy while the writer is open: the files as a killed reader leaves them.
        source = Path(f"{index.database}{suffix}")
        (left / f"index.sqlite3{suffix}").write_bytes(source.read_bytes())
    log = left / "index.sqlite3-wal"
    assert log.stat().st_size > 0
    reading = LibraryIndex.for_reading(left / "index.sqlite3")
    assert reading is not None
    assert sorted(a.id for a in reading.articles()) == sorted(a.id for a in index.articles())
    # A write is refused, and the refusal is not taken for damage: nothing is started afresh.
    reading.remove(["kontakte.md"])
    assert "kontakte" in {article.id for article in reading.articles()}
    assert not reading.rebuilt
    reading.close()
    assert log.exists() and log.stat().st_size > 0


def test_damage_found_while_searching_starts_afresh(index: LibraryIndex, root: Path) -> None:
    """Pages overwritten behind the index's back: the search finds nothing, then it rebuilds."""
    index.close()
    data = bytearray(index.database.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)
    index.database.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{index.database}{suffix}").unlink(missing_ok=True)
    library = LibraryIndex(index.database)
    assert library.search("mueller") == [] or library.rebuilt
    assert catch_up(library, root, CommentStore(root / ".comments")) is not None
    assert found_ids(library, "mueller") == ["kontakte"]


def test_an_older_schema_is_replaced(tmp_path: Path, root: Path) -> None:
    """A database of an earlier version (other tables) is started afresh, not misread."""
    database = tmp_path / "cache" / "index.sqlite3"
    database.parent.mkdir(parents=True)
    old = sqlite3.connect(database)
    old.execute("CREATE TABLE articles (path TEXT, title TEXT)")
    old.execute("INSERT INTO articles VALUES ('x.md', 'Old')")
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    old.commit()
    old.close()
    library = LibraryIndex(database)
    assert library.rebuilt
    assert len(library) == 0
    assert catch_up(library, root, CommentStore(root / ".comments")) is not None
    assert library.articles() == scan_folder(root)


def test_a_stranger_database_is_never_read_as_an_index(tmp_path: Path) -> None:
    """Another program's SQLite file in the index's place is replaced, not queried."""
    database = tmp_path / "index.sqlite3"
    other = sqlite3.connect(database)
    other.execute("CREATE TABLE articles (x)")
    other.commit()
    other.close()
    library = LibraryIndex(database)
    assert library.rebuilt
    assert library.search("x") == []


def test_a_locked_database_leaves_a_working_private_index(tmp_path: Path, root: Path) -> None:
    """While another program holds the file locked for good, this session indexes on its own."""
    database = tmp_path / "index.sqlite3"
    LibraryIndex(database).close()
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        library = LibraryIndex(database, busy_seconds=0.2)
        assert catch_up(library, root, CommentStore(root / ".comments")) is not None
        assert found_ids(library, "mueller") == ["kontakte"]
        assert library.database != database
        library.close()
    finally:
        holder.rollback()
        holder.close()
    assert database.exists()
    assert not LibraryIndex(database).rebuilt


_WRITER = """
import sys
from pathlib import Path
from tui.model.search import catch_up as catch_up_module
from tui.model.search.catch_up import catch_up, read_indexed
from tui.model.search.library_index import LibraryIndex
from tui.model.comments.store import CommentStore
root = Path(sys.argv[2])
library = LibraryIndex(Path(sys.argv[1]))
for _ in range(3):
    result = catch_up(library, root, CommentStore(root / ".comments"))
    assert result is not None
print(len(library.articles()))
"""


def test_two_processes_writing_at_once_share_the_index(tmp_path: Path, root: Path) -> None:
    """Two instances catching up the same folder at the same time both succeed, nothing lost."""
    for number in range(150):
        write(root, f"many/{number:03}.md", f"# Artikel {number}\n\nWort{number} steht hier.\n")
    database = tmp_path / "shared.sqlite3"
    command = [sys.executable, "-c", _WRITER, str(database), str(root)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0], outputs
    assert [out.strip() for out, _err in outputs] == ["153", "153"]
    library = LibraryIndex(database)
    assert not library.rebuilt
    assert library.articles() == scan_folder(root)
    assert found_ids(library, "wort149") == ["many/149"]
    assert len(library.search("artikel", limit=1000)) == 150


@pytest.fixture
def crowded(tmp_path: Path) -> Path:
    """Articles that sort only by their later keys: equal dates, titles in two cases, no dates,
    clashing ids (a front matter id taken by a path, two files with one stem)."""
    folder = tmp_path / "crowded"
    for number, (name, title, date) in enumerate(
        [
            ("b.md", "beta", "2020-01-02"),
            ("a.md", "Beta", "2020-01-02"),
            ("c.md", "Äpfel", "2020-01-02"),
            ("d.md", "zebra", None),
            ("e.md", "Apfel", None),
            ("old.md", "Alt", "0999-12-31"),
            ("x/a.md", "alpha", "2021-06-30"),
        ]
    ):
        front = f"date: {date}\n" if date else ""
        write(folder, name, f"---\ntitle: {title}\n{front}---\nText {number}.\n")
    write(folder, "a.txt", "Same stem as a.md\n\nplain text.\n")
    write(folder, "wants.md", "---\nid: b\ntitle: Wants the id b\n---\nTaken by b.md.\n")
    write(folder, "2019-03-04-dated.md", "# Dated by its name\n")
    return folder


def test_the_list_order_and_ids_come_from_the_database_as_a_scan_gives_them(
    tmp_path: Path, crowded: Path
) -> None:
    """Sorted by SQL (date, then title ignoring case, then path) and with ids settled as a scan
    settles them: the same list, entry for entry."""
    library = LibraryIndex(tmp_path / "crowded.sqlite3")
    assert catch_up(library, crowded, CommentStore(crowded / ".comments")) is not None
    scanned = scan_folder(crowded)
    assert library.listing() == scanned
    assert {article.id for article in scanned} >= {"a", "a.txt", "b", "wants"}
    assert library.listing(limit=3) == scanned[:3]


def test_the_first_page_brings_the_article_asked_for_last(tmp_path: Path, crowded: Path) -> None:
    """The article to reopen comes after the first page when it is not on it, and only once."""
    library = LibraryIndex(tmp_path / "crowded.sqlite3")
    assert catch_up(library, crowded, CommentStore(crowded / ".comments")) is not None
    scanned = scan_folder(crowded)
    last = scanned[-1]
    assert library.listing(limit=2, also=last.id) == [*scanned[:2], last]
    assert library.listing(limit=2, also=scanned[1].id) == scanned[:2]
    assert library.listing(limit=2, also="no-such-id") == scanned[:2]


def test_a_write_unsettles_the_ids_until_they_are_settled_again(
    index: LibraryIndex, root: Path
) -> None:
    """Between a write and the settling of ids the stored ids may clash: no list comes from them."""
    assert index.settled
    write(root, "kontakte.txt", "Same stem as kontakte.md\n")
    index.put([read_indexed(str(root / "kontakte.txt"), "kontakte.txt", False, root)])
    assert not index.settled
    assert index.listing() is None
    assert index.articles() == scan_folder(root)  # worked out from the rows instead
    index.settle_ids()
    assert index.settled
    assert index.listing() == scan_folder(root)


def test_prefixes_are_spelled_out_to_mark_matches_with_the_same_hits(
    index: LibraryIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marking matches with the indexed words a prefix stands for finds what the prefix finds."""
    connection = sqlite3.connect(index.database)
    spelled = index_query.exact_expression(connection, match_expression("kont gespr") or "")
    assert spelled == '("kontakte") AND ("gesprache")'
    assert index_query.exact_expression(connection, '"zzq"*') == '"zzq"*'  # no such word
    queries = ["kont", "Müller", "strasse", "ein", "gr"]
    spelled_hits = [index.search(query) for query in queries]
    monkeypatch.setattr(index_query, "exact_expression", lambda _c, expression: expression)
    assert [index.search(query) for query in queries] == spelled_hits
    assert all(spelled_hits)


def test_listing_as_it_reads_costs_at_most_a_fifth_of_the_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first start lists what it read now and then; when a list takes long to make (a large
    folder), the lists come further apart, so reading the folder is not slowed down much."""
    folder = tmp_path / "many"
    for n in range(40):
        write(folder, f"n{n:02}.md", f"# Notiz {n}\n")
    slow_read, slow_list = catch_up_module.read_indexed, catch_up_module._listed

    def read_slowly(*args: Any) -> Any:
        time.sleep(0.01)
        return slow_read(*args)

    def list_slowly(index: LibraryIndex) -> Any:
        time.sleep(0.05)
        return slow_list(index)

    monkeypatch.setattr(catch_up_module, "read_indexed", read_slowly)
    monkeypatch.setattr(catch_up_module, "_listed", list_slowly)
    monkeypatch.setattr(catch_up_module, "HEAD_START", 0)
    monkeypatch.setattr(catch_up_module, "REPORT_SECONDS", 0.001)
    monkeypatch.setattr(catch_up_module, "REPORT_MAX_SECONDS", 0.001)
    lists: list[int] = []

    def report(progress: catch_up_module.Progress) -> None:
        if progress.articles is not None:
            lists.append(len(progress.articles))

    library = LibraryIndex(tmp_path / "many.sqlite3")
    result = catch_up(
        library, folder, CommentStore(folder / ".comments"), report=report, list_as_you_go=True
    )
    assert result is not None and result.articles is not None and len(result.articles) == 40
    # 0.4 s of reading, a list costs 0.05 s: one every 0.2 s at most, not one every file.
    assert 1 <= len(lists) <= 3
    assert lists == sorted(lists)
