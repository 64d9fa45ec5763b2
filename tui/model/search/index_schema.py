"""The tables of the folder's index (see `library_index`): what a version of the schema holds."""

from __future__ import annotations

SCHEMA_VERSION = 2
"""Raised whenever the tables or the folding change: an older database is then rebuilt."""
APPLICATION_ID = 0x4D524731
"""Marks the file as ours ("MRG1"), so a stranger's database is never read as an index."""
RANK = "bm25(10.0, 5.0, 3.0, 1.0, 1.0)"
"""Ranking: a word in the title counts ten times one in the text, an author five, a tag three."""

SCHEMA = f"""
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    relpath TEXT NOT NULL UNIQUE,
    id TEXT NOT NULL,
    path_id TEXT NOT NULL,
    wanted_id TEXT,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    title TEXT NOT NULL,
    author TEXT,
    date TEXT,
    tags TEXT NOT NULL,
    summary TEXT,
    lang TEXT,
    extra TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    problem TEXT,
    lines TEXT NOT NULL,
    comment_file TEXT,
    comment_meta TEXT NOT NULL,
    title_key TEXT NOT NULL
);
CREATE INDEX articles_in_list_order ON articles (date IS NULL, date DESC, title_key, relpath);
CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE texts (
    rowid INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    authors TEXT NOT NULL,
    tags TEXT NOT NULL,
    body TEXT NOT NULL,
    comments TEXT NOT NULL
);
CREATE VIRTUAL TABLE search USING fts5(
    title, authors, tags, body, comments,
    content='texts', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='2'
);
INSERT INTO search(search, rank) VALUES ('rank', '{RANK}');
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {SCHEMA_VERSION};
"""

TEXT_COLUMNS = "title, authors, tags, body, comments"
LIST_ORDER = "date IS NULL, date DESC, title_key, relpath"
"""The list's default order (`sort_articles` by date: newest first, then by title), which
`articles_in_list_order` indexes, so the first screenful comes without reading the rest."""
SETTLED = "SELECT 1 FROM state WHERE key = 'ids'"
"""A row when the stored ids are settled (see `LibraryIndex.settle_ids`)."""
SETTLE = "INSERT OR REPLACE INTO state VALUES ('ids', 'settled')"
"""Said when the ids have been settled."""
UNSETTLE = "DELETE FROM state WHERE key = 'ids'"
"""Said by every write that adds or removes an article: the stored ids may clash until settled."""
