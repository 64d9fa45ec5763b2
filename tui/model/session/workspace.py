"""Where a reading session keeps things: the content folder, comment files, drafts, settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from tui.model.comments.store import CommentStore, folder_hash, resolve_comments_folder
from tui.model.session.policy import SessionPolicy
from tui.model.text import sanitize_line

if TYPE_CHECKING:
    from tui.model.comments.drafts import DraftStore

APP_NAME = "marginalia"
"""Name of the per-user folders."""
PACKAGE = Path(__file__).resolve().parents[2]
"""The installed package; an installed copy carries the bundled articles in its `content/`."""


@dataclass(frozen=True, slots=True)
class UserDirs:
    """The user's config, data and state folders for Marginalia."""

    config: Path
    """Holds config.toml."""
    data: Path
    """Holds comments of folders that cannot be written."""
    state: Path
    """Holds drafts and reading positions."""
    cache: Path | None = None
    """Holds the folder indexes, which can always be rebuilt (None: a folder in `state`)."""

    @classmethod
    def default(cls) -> UserDirs:
        """The platform's folders (XDG on Linux)."""
        return cls(
            config=platformdirs.user_config_path(APP_NAME),
            data=platformdirs.user_data_path(APP_NAME),
            state=platformdirs.user_state_path(APP_NAME),
            cache=platformdirs.user_cache_path(APP_NAME),
        )

    @property
    def config_file(self) -> Path:
        """The settings file."""
        return self.config / "config.toml"

    def reading_file(self, root: Path) -> Path:
        """Where reading positions and read marks of the content folder `root` are kept."""
        return self.state / "reading" / f"{folder_key(root)}.json"

    def index_file(self, root: Path) -> Path:
        """Where the SQLite index of the content folder `root` is kept."""
        cache = self.cache if self.cache is not None else self.state / "cache"
        return cache / "index" / f"{folder_key(root)}.sqlite3"

    def drafts_folder(self, root: Path) -> Path:
        """Where unsent comment text on the articles of `root` is kept."""
        return self.state / "drafts" / folder_key(root)


def folder_key(root: Path) -> str:
    """A short stable name for a content folder: two folders never share positions or drafts.

    The bundled articles of an installed copy get a fixed name, so an upgrade, which may move
    the package, keeps their comments, positions and drafts.
    """
    return "bundled" if is_installed_content(root) else folder_hash(root)


def is_installed_content(root: Path) -> bool:
    """Whether `root` is the copy of the bundled articles inside the installed package."""
    return root.resolve() == PACKAGE / "content"


@dataclass(frozen=True, slots=True)
class Workspace:
    """Everything a reading session writes to, resolved once at start."""

    root: Path
    """The content folder."""
    comments: CommentStore
    """The comment files."""
    dirs: UserDirs
    """The user's folders."""
    comments_fell_back: bool = False
    """True when the content folder is not writable and comments go to the user data folder."""
    policy: SessionPolicy = field(default_factory=SessionPolicy)
    """What this session may write and where links open (a served session keeps to itself)."""
    files: tuple[str, ...] = ()
    """When the reader was opened on a file: its path in `root` (the rest is not listed)."""

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        comments_dir: Path | None = None,
        dirs: UserDirs | None = None,
        policy: SessionPolicy | None = None,
        files: tuple[str, ...] = (),
    ) -> Workspace:
        """Resolve the folders for reading `root` under `policy` (the terminal's by default)."""
        policy = policy or SessionPolicy()
        dirs = dirs or UserDirs.default()
        if comments_dir is None and is_installed_content(root):
            # Never write into the installed package: an uninstall would leave them behind.
            comments_dir = dirs.data / "comments" / folder_key(root)
        folder, fell_back = resolve_comments_folder(root, comments_dir, dirs.data)
        return cls(
            root=root,
            comments=policy.comment_store(folder),
            dirs=dirs,
            comments_fell_back=fell_back,
            policy=policy,
            files=files,
        )

    @property
    def drafts(self) -> DraftStore:
        """Unsent comment text (the drafts load with the first comment written)."""
        from tui.model.comments.drafts import DraftStore

        return DraftStore(self.dirs.drafts_folder(self.root), legacy=self.dirs.state / "drafts")

    @property
    def index_file(self) -> Path:
        """The SQLite index of what is read: the folder, or the file the reader was opened on."""
        return self.dirs.index_file(self.root / self.files[0] if self.files else self.root)


def account_name() -> str:
    """The login name, offered as the author of a first comment."""
    import getpass  # asked once, when the first comment is written

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = os.environ.get("USER", "")
    # The login name comes from the environment, which anyone starting the app can set.
    return sanitize_line(name).strip() or "reader"
