"""Tests for the JSON comment store."""

from __future__ import annotations

import errno
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.articles.ids import safe_id_filename
from tui.model.comments import codec
from tui.model.comments import store as store_module
from tui.model.comments.atomicfile import place_new
from tui.model.comments.comment import Anchor, Comment, edited, new_comment
from tui.model.comments.store import (
    ArticleRef,
    CommentStore,
    ErrorCode,
    Problem,
    StoreError,
    StoreReadOnly,
    resolve_comments_folder,
)
from tui.model.comments.tombstone import Tombstone
from tui.model.text import sanitize

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
REF = ArticleRef("blog/first-post", "blog/first-post.md", "First post")
ANCHOR = Anchor(3, ("Heading",), "quote", "pre", "suf", "0" * 40)


def _new(body: str = "text", parent: str | None = None, minutes: int = 0) -> Comment:
    return new_comment("Anna", body, ANCHOR, parent, T0 + timedelta(minutes=minutes))


@pytest.fixture
def store(tmp_path: Path) -> CommentStore:
    return CommentStore(tmp_path / ".comments")


def test_missing_file_loads_empty(store: CommentStore) -> None:
    """An article without a comment file has no comments and no problem."""
    loaded = store.load("nothing")
    assert loaded.comments == () and loaded.problem is None and not loaded.read_only


def test_add_then_load(store: CommentStore) -> None:
    """An added comment is there when the file is read again by a new store."""
    comment = _new()
    store.add(REF, comment)
    assert CommentStore(store.folder).load(REF.id).comments == (comment,)


def test_file_is_version_2_format(store: CommentStore) -> None:
    """The file has the format, version, article header and tombstones of DESIGN.md §2."""
    comment, gone = _new(), _new("gone", minutes=1)
    store.add(REF, comment)
    store.add(REF, gone)
    store.delete(REF, gone.id, by="Ben")
    data = store.path_for(REF.id).read_bytes()
    value = json.loads(data)
    assert value["format"] == "marginalia.comments" and value["version"] == 2
    assert value["article"] == {"id": REF.id, "path": REF.path, "title": REF.title}
    assert value["comments"] == [comment.to_json()]
    [grave] = value["tombstones"]
    assert (grave["id"], grave["by"], set(grave)) == (gone.id, "Ben", {"id", "by", "deleted"})
    lines = data.decode().split("\n")
    assert data.endswith(b"\n") and json.loads(lines[3]) == comment.to_json()
    assert json.loads(lines[7]) == grave


def test_path_for_maps_slash_and_stays_in_folder(store: CommentStore) -> None:
    """Ids with slashes map to one file inside the comments folder; no lock file stays behind."""
    store.add(REF, _new())
    assert store.path_for(REF.id) == store.folder / "blog__first-post.json"
    assert sorted(p.name for p in store.folder.iterdir()) == [".gitignore", "blog__first-post.json"]


def test_the_comments_folder_ignores_what_is_not_comments(store: CommentStore) -> None:
    """The first write leaves a .gitignore for lock, temporary and quarantined files."""
    store.add(REF, _new())
    ignored = (store.folder / ".gitignore").read_text("utf-8").splitlines()
    assert {"*.lock", "*.tmp", "*.corrupt-*"} <= set(ignored)


def test_a_gitignore_of_the_users_is_left_alone(store: CommentStore) -> None:
    """A .gitignore that is already there is never overwritten."""
    store.folder.mkdir(parents=True)
    (store.folder / ".gitignore").write_text("mine\n", "utf-8")
    store.add(REF, _new())
    assert (store.folder / ".gitignore").read_text("utf-8") == "mine\n"


@pytest.mark.parametrize(
    "article_id",
    [
        "../../etc/passwd",
        "/abs",
        ".hidden",
        "..",
        "a\\b",
        "a\x00b",
        "über",
        "\ud800",
        "",
        "x" * 999,
    ],
)
def test_comment_file_name_is_a_plain_name(article_id: str) -> None:
    """Any id maps to one plain, short file name: no separators, no leading dot, no NUL."""
    name = safe_id_filename(article_id)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and len(name) <= 200
    name.encode("ascii")


def test_comment_file_name_is_one_to_one() -> None:
    """Ids that differ only around slashes and underscores get different file names."""
    ids = ["a/b", "a__b", "a_/b", "a/_b", "a//b", "a___b", "a_b", "a%5Fb", "a%b"]
    names = [safe_id_filename(i) for i in ids]
    assert len(set(names)) == len(ids)
    assert safe_id_filename("2013-05-06-jekyll_1") == "2013-05-06-jekyll_1"
    # The plain ids that skip the escaping loop name files exactly as the loop would.
    assert safe_id_filename("2026/2026-06-13-article-00499") == "2026__2026-06-13-article-00499"
    assert safe_id_filename("blog/v1.2/a-b") == "blog__v1.2__a-b"
    assert safe_id_filename(".a/b") == "%2Ea__b"
    assert safe_id_filename("a/.b") == "a__.b"
    assert len(safe_id_filename("x/" * 120)) <= 200


def test_update_merges_by_later_updated(store: CommentStore) -> None:
    """An edit replaces the stored comment; an older copy arriving later does not undo it."""
    comment = _new("old")
    store.add(REF, comment)
    newer = edited(comment, "new", T0 + timedelta(hours=1))
    store.update(REF, newer)
    store.update(REF, comment)
    assert store.load(REF.id).comments == (newer,)


def test_add_keeps_other_writers_comments(store: CommentStore) -> None:
    """Two store instances adding to the same article both keep each other's comments."""
    other = CommentStore(store.folder)
    first, second = _new("one"), _new("two", minutes=1)
    store.add(REF, first)
    other.add(REF, second)
    assert store.load(REF.id).comments == (first, second)


def test_delete_removes_replies_and_restore_brings_them_back(store: CommentStore) -> None:
    """Deleting a comment removes its replies too; restore undoes it exactly."""
    root, keep = _new("root"), _new("keep")
    reply = _new("reply", parent=root.id, minutes=1)
    deeper = _new("deeper", parent=reply.id, minutes=2)
    for comment in (root, keep, reply, deeper):
        store.add(REF, comment)
    removed = store.delete(REF, root.id, by="Ben")
    assert {c.id for c in removed} == {root.id, reply.id, deeper.id}
    loaded = store.load(REF.id)
    assert loaded.comments == (keep,)
    assert {(g.id, g.by) for g in loaded.tombstones} == {(c.id, "Ben") for c in removed}
    store.restore(REF, removed)
    loaded = CommentStore(store.folder).load(REF.id)
    assert set(loaded.comments) == {root, keep, reply, deeper} and loaded.tombstones == ()


def test_delete_unknown_id_changes_nothing(store: CommentStore) -> None:
    """Deleting an id that is not there returns nothing and keeps the rest."""
    comment = _new()
    store.add(REF, comment)
    assert store.delete(REF, "nope") == ()
    assert store.load(REF.id).comments == (comment,)


@pytest.mark.parametrize(
    "body",
    [
        "\ud800",
        "\udfff lone low",
        "\x1b[31mred\x1b[0m",
        "[/] [@click=app.quit]x[/]",
        "😀👍🏽",
        "שלום עולם",
    ],
)
def test_any_text_round_trips_through_the_file(store: CommentStore, body: str) -> None:
    """Any text can be written and reads back exactly as stored (sanitised when typed)."""
    comment = new_comment(body, body, None, None, T0)
    assert comment.body == sanitize(body)
    store.add(REF, comment)
    assert CommentStore(store.folder).load(REF.id).comments == (comment,)
    store.path_for(REF.id).read_bytes().decode("utf-8")


CORRUPT = {
    "torn": b'{"format": "marginalia.comments", "version": 1, "comm',
    "nul": b'{"format": "marginalia.comments", "version": 1, "comments": []}\x00',
    "utf8": b'{"format": "marginalia.comments", "version": 1, "comments": [], "x": "\xc3("}',
    "huge-number": b'{"format": "marginalia.comments", "version": ' + b"1" * 5000 + b"}",
    "list": b"[1, 2, 3]",
    "wrong-format": b'{"format": "other", "version": 1, "comments": []}',
    "no-comments": b'{"format": "marginalia.comments", "version": 1}',
    "bad-version": b'{"format": "marginalia.comments", "version": "1", "comments": []}',
    "bad-comment": b'{"format": "marginalia.comments", "version": 1, "comments": [{"id": 3}]}',
    "empty": b"",
}


@pytest.mark.parametrize("kind", sorted(CORRUPT))
def test_corrupt_file_is_moved_aside_on_load(store: CommentStore, kind: str) -> None:
    """A file that does not parse is moved aside with its bytes intact and the reader told."""
    store.folder.mkdir()
    path = store.path_for(REF.id)
    path.write_bytes(CORRUPT[kind])
    loaded = store.load(REF.id)
    assert loaded.problem is Problem.CORRUPT and loaded.comments == ()
    assert loaded.moved_to is not None and loaded.moved_to.parent == store.folder
    assert loaded.moved_to.name.startswith(path.name + ".corrupt-")
    assert loaded.moved_to.read_bytes() == CORRUPT[kind]
    assert not path.exists()


@pytest.mark.parametrize("kind", sorted(CORRUPT))
def test_corrupt_file_is_moved_aside_on_add(store: CommentStore, kind: str) -> None:
    """Adding to a corrupt file moves it aside, never overwrites it, and writes a new file."""
    store.folder.mkdir()
    store.path_for(REF.id).write_bytes(CORRUPT[kind])
    comment = _new()
    written = store.add(REF, comment)
    assert written.moved_to is not None and written.moved_to.read_bytes() == CORRUPT[kind]
    assert written.problem is Problem.CORRUPT
    assert store.load(REF.id).comments == (comment,)


def test_second_corrupt_file_gets_its_own_name(store: CommentStore) -> None:
    """Two corrupt files moved aside in a row both survive under different names."""
    store.folder.mkdir()
    path = store.path_for(REF.id)
    path.write_bytes(b"first")
    first = store.load(REF.id).moved_to
    path.write_bytes(b"second")
    second = store.load(REF.id).moved_to
    assert first and second and first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")


def _newer_file(store: CommentStore, comment: Comment) -> bytes:
    store.folder.mkdir()
    data = json.dumps(
        {
            "format": "marginalia.comments",
            "version": 3,
            "article": {"id": REF.id},
            "comments": [comment.to_json(), {"id": 1, "future": True}],
            "reactions": {"x": 1},
        }
    ).encode()
    store.path_for(REF.id).write_bytes(data)
    return data


def test_newer_version_is_shown_read_only(store: CommentStore) -> None:
    """A file from a newer version shows the comments it can read and is marked read-only."""
    comment = _new()
    _newer_file(store, comment)
    loaded = store.load(REF.id)
    assert loaded.read_only and loaded.problem is Problem.NEWER_VERSION
    assert loaded.comments == (comment,) and loaded.moved_to is None


def test_newer_version_is_never_written(store: CommentStore) -> None:
    """Every mutation refuses a newer-version file and leaves its bytes as they were."""
    comment = _new()
    data = _newer_file(store, comment)
    for attempt in (
        lambda: store.add(REF, _new()),
        lambda: store.update(REF, edited(comment, "x", T0 + timedelta(days=1))),
        lambda: store.delete(REF, comment.id),
        lambda: store.restore(REF, [_new()]),
    ):
        with pytest.raises(StoreReadOnly):
            attempt()
    assert store.path_for(REF.id).read_bytes() == data


def test_symlinked_comment_file_is_never_written(store: CommentStore, tmp_path: Path) -> None:
    """A comment file that is a symlink is refused and the file it points to stays untouched."""
    store.folder.mkdir()
    target = tmp_path / "target.txt"
    target.write_bytes(b"precious")
    store.path_for(REF.id).symlink_to(target)
    with pytest.raises(StoreError) as info:
        store.add(REF, _new())
    assert info.value.code is ErrorCode.SYMLINK
    assert target.read_bytes() == b"precious" and store.path_for(REF.id).is_symlink()
    assert store.load(REF.id).problem is Problem.SYMLINK


def test_symlinked_lock_file_is_refused(store: CommentStore, tmp_path: Path) -> None:
    """A lock file planted as a symlink is not followed, created through or written."""
    store.folder.mkdir()
    target = tmp_path / "elsewhere"
    (store.folder / (store.path_for(REF.id).name + ".lock")).symlink_to(target)
    with pytest.raises(StoreError) as info:
        store.add(REF, _new())
    assert info.value.code is ErrorCode.SYMLINK and not target.exists()


def test_symlinked_comments_folder_is_refused(tmp_path: Path) -> None:
    """A comments folder that is a symlink is neither written to nor read through."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / ".comments").symlink_to(real)
    store = CommentStore(tmp_path / ".comments")
    with pytest.raises(StoreError) as info:
        store.add(REF, _new())
    assert info.value.code is ErrorCode.SYMLINK and list(real.iterdir()) == []
    assert store.load(REF.id).problem is Problem.SYMLINK


def test_directory_in_place_of_file_is_read_only(store: CommentStore) -> None:
    """A folder where the comment file should be is reported, not written over."""
    store.path_for(REF.id).mkdir(parents=True)
    assert store.load(REF.id).problem is Problem.NOT_A_FILE
    with pytest.raises(StoreReadOnly):
        store.add(REF, _new())


@pytest.mark.parametrize(
    ("number", "code"),
    [(errno.ENOSPC, ErrorCode.NO_SPACE), (errno.EACCES, ErrorCode.PERMISSION)],
)
def test_failed_write_raises_store_error_and_keeps_old_file(
    store: CommentStore, monkeypatch: pytest.MonkeyPatch, number: int, code: ErrorCode
) -> None:
    """A disk-full or permission failure raises a coded StoreError; the old file is intact."""
    first = _new("first")
    store.add(REF, first)
    before = store.path_for(REF.id).read_bytes()
    real_write = os.write

    def failing_write(fd: int, data: object) -> int:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(store_module.os, "write", failing_write)
    with pytest.raises(StoreError) as info:
        store.add(REF, _new("second"))
    monkeypatch.setattr(store_module.os, "write", real_write)
    assert info.value.code is code
    assert store.path_for(REF.id).read_bytes() == before
    assert sorted(p.name for p in store.folder.iterdir()) == [
        ".gitignore",
        "blog__first-post.json",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_raises_permission_error(tmp_path: Path) -> None:
    """Writing into a folder without write permission fails with a permission code."""
    folder = tmp_path / ".comments"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError) as info:
            CommentStore(folder).add(REF, _new())
        assert info.value.code is ErrorCode.PERMISSION
    finally:
        folder.chmod(0o755)


def test_stale_temp_file_from_a_crash_is_replaced(store: CommentStore) -> None:
    """A temp file left by a killed writer does not block the next save."""
    store.folder.mkdir()
    stale = store.folder / (store.path_for(REF.id).name + ".tmp")
    stale.write_bytes(b"half a file")
    comment = _new()
    store.add(REF, comment)
    assert store.load(REF.id).comments == (comment,) and not stale.exists()


def test_comment_counts(store: CommentStore) -> None:
    """Counts include replies, and articles without (readable) files count zero."""
    root = _new()
    store.add(REF, root)
    store.add(REF, _new(parent=root.id))
    other = ArticleRef("other", "other.md", "Other")
    store.add(other, _new())
    store.path_for("broken").write_bytes(b"{")
    counts = store.comment_counts([REF.id, "other", "none", "broken"])
    assert counts == {REF.id: 2, "other": 1, "none": 0, "broken": 0}
    store.add(other, _new())
    assert store.comment_counts(["other"]) == {"other": 2}


def test_comment_counts_without_folder(tmp_path: Path) -> None:
    """A store whose folder does not exist yet counts zero everywhere."""
    assert CommentStore(tmp_path / "none").comment_counts(["a"]) == {"a": 0}


def test_stat_key_changes_when_another_instance_writes(store: CommentStore) -> None:
    """Polling sees a write by another store instance."""
    assert store.stat_key(REF.id) is None
    store.add(REF, _new())
    key = store.stat_key(REF.id)
    assert key is not None and not store.changed_since(REF.id, key)
    CommentStore(store.folder).add(REF, _new())
    assert store.changed_since(REF.id, key)


def test_resolve_uses_content_folder_when_writable(tmp_path: Path) -> None:
    """A writable content folder keeps comments in its .comments folder."""
    folder, fell_back = resolve_comments_folder(tmp_path, None, tmp_path / "data")
    assert (folder, fell_back) == (tmp_path / ".comments", False)


def test_resolve_prefers_override(tmp_path: Path) -> None:
    """An explicit comments folder wins."""
    assert resolve_comments_folder(tmp_path, tmp_path / "x", tmp_path / "d") == (
        tmp_path / "x",
        False,
    )


def test_resolve_falls_back_when_content_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only content folder sends comments to a per-folder place in the data folder."""
    monkeypatch.setattr(store_module.os, "access", lambda path, mode: False)
    data = tmp_path / "data"
    one, fell_back = resolve_comments_folder(tmp_path / "a", None, data)
    two, _ = resolve_comments_folder(tmp_path / "b", None, data)
    assert fell_back and one.parent == data / "comments" and len(one.name) == 16
    assert one != two
    monkeypatch.undo()
    CommentStore(one).add(REF, _new())
    assert len(CommentStore(one).load(REF.id).comments) == 1


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(), min_size=0, max_size=4),
    title=st.text(),
)
def test_file_is_the_json_value_one_comment_a_line(texts: list[str], title: str) -> None:
    """The encoder writes the file's JSON value, comments sorted, each on a line of its own."""
    comments = [new_comment(t, t, ANCHOR if i % 2 else None, None, T0) for i, t in enumerate(texts)]
    graves = [Tombstone(t + "x", T0, t) for t in texts]
    ref = ArticleRef("id", "p.md", title)
    ordered = sorted(comments, key=lambda c: (c.created, c.id))
    value = {
        "format": "marginalia.comments",
        "version": 2,
        "article": {"id": "id", "path": "p.md", "title": title},
        "comments": [c.to_json() for c in ordered],
        "tombstones": [g.to_json() for g in sorted(graves, key=lambda g: (g.deleted, g.id))],
    }
    data = codec.encode(ref, comments, graves)
    assert json.loads(data) == value and data.endswith(b"\n")
    lines = data.decode("utf-8").split("\n")
    for comment in ordered:
        assert (
            json.dumps(comment.to_json(), sort_keys=True, ensure_ascii=False)
            in lines[lines.index('  "comments": [') + 1 + ordered.index(comment)]
        )


def test_corrupt_file_in_unwritable_folder_is_kept_and_read_only(
    store: CommentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a corrupt file cannot be moved aside, it is reported read-only and left alone."""
    store.folder.mkdir()
    store.path_for(REF.id).write_bytes(b"{torn")

    def refuse(*args: object) -> None:
        raise PermissionError(errno.EACCES, "read-only folder")

    monkeypatch.setattr(store_module.FolderLock, "__enter__", refuse)
    loaded = store.load(REF.id)
    assert loaded.problem is Problem.CORRUPT and loaded.read_only and loaded.moved_to is None
    assert store.path_for(REF.id).read_bytes() == b"{torn"


def test_newer_version_with_other_shape_is_not_moved(store: CommentStore) -> None:
    """A newer version whose comments look different is shown empty, read-only, left in place."""
    store.folder.mkdir()
    data = b'{"format": "marginalia.comments", "version": 7, "comments": {"new": "shape"}}'
    store.path_for(REF.id).write_bytes(data)
    loaded = store.load(REF.id)
    assert loaded.problem is Problem.NEWER_VERSION and loaded.read_only
    assert loaded.moved_to is None and store.path_for(REF.id).read_bytes() == data


def test_file_in_place_of_comments_folder(tmp_path: Path) -> None:
    """A plain file where the comments folder should be is reported and never replaced."""
    (tmp_path / ".comments").write_bytes(b"not a folder")
    store = CommentStore(tmp_path / ".comments")
    assert store.load(REF.id).problem is Problem.NOT_A_FILE
    with pytest.raises(StoreError) as info:
        store.add(REF, _new())
    assert info.value.code is ErrorCode.IO
    assert (tmp_path / ".comments").read_bytes() == b"not a folder"


@pytest.mark.parametrize("hard_links", [True, False], ids=["link", "rename"])
def test_place_new_never_replaces_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    """A file gets its new name whole, or not at all when the name is taken (with or without
    hard links, as on some network and FAT file systems)."""
    if not hard_links:

        def no_link(*args: object, **kwargs: object) -> None:
            raise PermissionError(errno.EPERM, "no hard links here")

        monkeypatch.setattr(os, "link", no_link)
    (tmp_path / "new").write_text("fresh")
    (tmp_path / "taken").write_text("keep me")
    dir_fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with pytest.raises(FileExistsError):
            place_new(dir_fd, "new", "taken")
        assert place_new(dir_fd, "new", "placed") is hard_links
    finally:
        os.close(dir_fd)
    assert (tmp_path / "taken").read_text() == "keep me"
    assert (tmp_path / "placed").read_text() == "fresh"
    assert (tmp_path / "new").exists() is hard_links
