"""Deterministic benchmark folders: 10,000 short articles, and one article with 1,000 comments."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from gen_docs import _inline, _phrase, generate

from tui.model.articles.library import load_article, scan_folder
from tui.model.comments.anchoring import make_anchor
from tui.model.comments.comment import Comment, new_comment
from tui.model.comments.store import ArticleRef, CommentStore

FOLDER_ARTICLES = 10_000
"""Articles in the generated folder."""
COMMENTED_EVERY = 20
"""Every this many articles of the folder gets comments."""
COMMENTS_EACH = 3
"""Comments on each commented article of the folder."""
THREAD_COMMENTS = 1_000
"""Comments on the article of the comment benchmark."""
THREAD_FILE = "thread.md"
"""The comment benchmark's article, in both the bare and the commented folder."""

AUTHORS = (
    "Christian Müller",
    "Anna Schäfer",
    "Jürgen Weiß",
    "Lena Groß",
    "Tom Baker",
    "Maria Jäger",
    "Sam O'Neill",
    "Zoë Brandt",
)
TAGS = ("netz", "leser", "medien", "kultur", "technik", "gespräch", "notizen", "reisen")
_BODIES = (
    "Sehr wahr, das sehe ich genauso.",
    "Danke für die Grüße aus der Hauptstraße!",
    "I am not sure about this paragraph; the argument skips a step.",
    "Gibt es dazu eine Quelle? Ich finde die These etwas steil.",
    "Nice point about trust and noise in the network.",
)


def _article_text(rng: random.Random, number: int, day: date) -> str:
    """One ~300-word article with front matter: title, author, date and tags."""
    title = f"{_phrase(rng, rng.randint(3, 6)).capitalize()} {number}"
    tags = ", ".join(sorted(rng.sample(TAGS, rng.randint(1, 3))))
    head = (
        f'---\ntitle: "{title}"\nauthor: {rng.choice(AUTHORS)}\n'
        f"date: {day.isoformat()}\ntags: [{tags}]\n---\n"
    )
    parts = [_inline(rng, 90), f"## {_phrase(rng, 3).capitalize()}", _inline(rng, 110)]
    parts.append(_inline(rng, 90))
    return head + "\n" + "\n\n".join(parts) + "\n"


def write_folder(root: Path, count: int = FOLDER_ARTICLES, seed: int = 2026) -> int:
    """Write `count` articles below `root` (a folder per year), comment every 20th; return files."""
    rng = random.Random(seed)
    newest = date(2026, 11, 26)
    for number in range(count):
        # Several articles share a day, so the list's secondary sort (title) is used too.
        day = newest - timedelta(days=number // 3)
        folder = root / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{day.isoformat()}-article-{number:05d}.md"
        path.write_text(_article_text(rng, number, day), "utf-8")
    store = CommentStore(root / ".comments")
    articles = scan_folder(root)
    for article in articles[::COMMENTED_EVERY]:
        document = load_article(root, article).document
        comments: list[Comment] = []
        for n in range(COMMENTS_EACH):
            block = rng.randrange(len(document.blocks)) if document.blocks else None
            anchor = make_anchor(document, block) if block is not None else None
            parent = comments[0].id if n == 2 and comments else None
            body = rng.choice(_BODIES)
            comments.append(new_comment(rng.choice(AUTHORS), body, anchor=anchor, parent=parent))
        ref = ArticleRef(article.id, article.relpath, article.title)
        store.restore(ref, comments)
    return len(articles)


def thread_comments(root: Path, count: int = THREAD_COMMENTS) -> list[Comment]:
    """Return `count` comments on the thread article: most on paragraphs, some replies."""
    articles = scan_folder(root)
    document = load_article(root, articles[0]).document
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    comments: list[Comment] = []
    for n in range(count):
        now = start + timedelta(minutes=n)
        author, body = AUTHORS[n % len(AUTHORS)], rng.choice(_BODIES)
        if n % 10 == 9:
            previous = comments[-1]
            reply = new_comment(author, body, previous.anchor, parent=previous.id, now=now)
            comments.append(reply)
        elif n % 25 == 0:
            comments.append(new_comment(author, body, None, now=now))
        else:
            anchor = make_anchor(document, (n * 7) % len(document.blocks))
            comments.append(new_comment(author, body, anchor, now=now))
    return comments


def write_thread(bare: Path, commented: Path) -> ArticleRef:
    """Write the typical article into both folders, with 1,000 comments in `commented` only."""
    source = "---\ntitle: Benchmark\nauthor: Bench\n---\n\n" + generate("typical")
    for folder in (bare, commented):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / THREAD_FILE).write_text(source, "utf-8")
    article = scan_folder(commented)[0]
    ref = ArticleRef(article.id, article.relpath, article.title)
    CommentStore(commented / ".comments").restore(ref, thread_comments(commented))
    return ref
