"""Drafts of unsent comment text, kept on disk so that quitting or a crash never loses them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tui.model.articles.ids import safe_id_filename
from tui.model.comments.atomicfile import atomic_write, open_folder, temp_name
from tui.model.comments.comment import CommentFormatError, decode_json, encode_json
from tui.model.text import sanitize

DRAFT_FORMAT = "marginalia.draft"
"""The `format` value of a draft file."""
MAX_DRAFT_BYTES = 4 * 1024 * 1024
"""Larger draft files are ignored."""


@dataclass(frozen=True, slots=True)
class DraftKey:
    """What a draft is for: an article and a target within it."""

    article_id: str
    """Article id."""
    target: str
    """"article", "block:<hash>", "reply:<comment id>" or "edit:<comment id>"."""


@dataclass(frozen=True, slots=True)
class Draft:
    """Unsent text for one target."""

    key: DraftKey
    """What the text was being written for."""
    text: str
    """The text as typed."""
    saved: datetime
    """When it was last saved (aware, UTC)."""
    context: str = ""
    """What the target looked like (a quote, the comment being edited), to show when offered."""


class DraftStore:
    """Drafts in `folder`: one sub-folder per article, one file per target."""

    def __init__(self, folder: Path, legacy: Path | None = None) -> None:
        self.folder = folder
        """Where drafts of one content folder are kept (in the user state folder)."""
        self.legacy = legacy
        """Where drafts were kept before they were kept per content folder: still offered."""

    def _article_folder(self, article_id: str, folder: Path | None = None) -> Path:
        return (folder or self.folder) / safe_id_filename(article_id)

    def path_for(self, key: DraftKey, folder: Path | None = None) -> Path:
        """Return the file a draft is kept in (in `folder`, by default this store's)."""
        name = f"{safe_id_filename(key.target)}.json"
        return self._article_folder(key.article_id, folder) / name

    def _folders(self) -> list[Path]:
        return [self.folder] if self.legacy is None else [self.folder, self.legacy]

    def save(
        self, key: DraftKey, text: str, *, context: str = "", now: datetime | None = None
    ) -> Draft:
        """Write the draft atomically (raises OSError when that is impossible) and return it."""
        saved = (now or datetime.now(UTC)).astimezone(UTC)
        # Kept in the form it reads back in, so a draft offered again is exactly what was saved.
        text, context = sanitize(text), sanitize(context)
        draft = Draft(key, text, saved, context)
        data = encode_json(
            {
                "format": DRAFT_FORMAT,
                "version": 1,
                "article": key.article_id,
                "target": key.target,
                "text": text,
                "context": context,
                "saved": saved.isoformat(),
            }
        )
        path = self.path_for(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        dir_fd = open_folder(path.parent, create=True)
        try:
            atomic_write(dir_fd, path.name, data, temp_name(path.name))
        finally:
            os.close(dir_fd)
        return draft

    def load(self, key: DraftKey) -> Draft | None:
        """Return the draft for `key`, or None when there is none or it cannot be read."""
        for folder in self._folders():
            draft = _read(self.path_for(key, folder))
            if draft is not None and draft.key == key:
                return draft
        return None

    def discard(self, key: DraftKey) -> None:
        """Remove the draft for `key`, if any (also where drafts used to be kept)."""
        for folder in self._folders():
            path = self.path_for(key, folder)
            try:
                dir_fd = open_folder(path.parent, create=False)
            except OSError:
                continue
            try:
                os.unlink(path.name, dir_fd=dir_fd)
            except FileNotFoundError:
                pass
            finally:
                os.close(dir_fd)

    def list_for(self, article_id: str) -> list[Draft]:
        """Return all drafts of an article, oldest first (one per target)."""
        found: dict[str, Draft] = {}
        for folder in self._folders():
            article_folder = self._article_folder(article_id, folder)
            try:
                names = sorted(n for n in os.listdir(article_folder) if n.endswith(".json"))
            except OSError:
                continue
            for name in names:
                draft = _read(article_folder / name)
                if draft is not None and draft.key.article_id == article_id:
                    found.setdefault(draft.key.target, draft)
        return sorted(found.values(), key=lambda d: d.saved)


def _read(path: Path) -> Draft | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        data = os.read(fd, MAX_DRAFT_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_DRAFT_BYTES:
        return None
    try:
        value = decode_json(data)
    except CommentFormatError:
        return None
    if not isinstance(value, dict) or value.get("format") != DRAFT_FORMAT:
        return None
    fields = [value.get(k) for k in ("article", "target", "text", "context", "saved")]
    if not all(isinstance(f, str) for f in fields):
        return None
    # Draft files live outside the content folder but can be edited by anything: they are
    # untrusted text like the rest, and an editor is filled with them.
    article, target, text, context, saved = (sanitize(str(f)) for f in fields)
    try:
        moment = datetime.fromisoformat(saved)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return Draft(DraftKey(article, target), text, moment.astimezone(UTC), context)
