"""Where a reading session keeps things: the content folder, comment files, drafts, settings."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tui.model.drafts import DraftStore
from tui.model.store import CommentStore, resolve_comments_folder
from tui.model.text import sanitize_line

APP_NAME = "marginalia"
"""Name of the per-user folders."""


@dataclass(frozen=True, slots=True)
class UserDirs:
    """The user's config, data and state folders for Marginalia."""

    config: Path
    """Holds config.toml."""
    data: Path
    """Holds comments of folders that cannot be written."""
    state: Path
    """Holds drafts and reading positions."""

    @classmethod
    def default(cls) -> UserDirs:
        """The platform's folders (XDG on Linux)."""
        return cls(
            config=platformdirs.user_config_path(APP_NAME),
            data=platformdirs.user_data_path(APP_NAME),
            state=platformdirs.user_state_path(APP_NAME),
        )

    @property
    def config_file(self) -> Path:
        """The settings file."""
        return self.config / "config.toml"


@dataclass(frozen=True, slots=True)
class Workspace:
    """Everything a reading session writes to, resolved once at start."""

    root: Path
    """The content folder."""
    comments: CommentStore
    """The comment files."""
    drafts: DraftStore
    """Unsent comment text."""
    dirs: UserDirs
    """The user's folders."""
    comments_fell_back: bool = False
    """True when the content folder is not writable and comments go to the user data folder."""

    @classmethod
    def open(
        cls, root: Path, *, comments_dir: Path | None = None, dirs: UserDirs | None = None
    ) -> Workspace:
        """Resolve the folders for reading `root`."""
        dirs = dirs or UserDirs.default()
        folder, fell_back = resolve_comments_folder(root, comments_dir, dirs.data)
        return cls(
            root=root,
            comments=CommentStore(folder),
            drafts=DraftStore(dirs.state / "drafts"),
            dirs=dirs,
            comments_fell_back=fell_back,
        )


def account_name() -> str:
    """The login name, offered as the author of a first comment."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = os.environ.get("USER", "")
    # The login name comes from the environment, which anyone starting the app can set.
    return sanitize_line(name).strip() or "reader"
