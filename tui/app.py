"""The Marginalia app: a coordinator that owns the language, the folder and the screens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme, ThemeProvider
from textual.worker import Worker

from tui import collect_rarely, i18n, resume_collection
from tui.i18n import t
from tui.messages import RememberSetting
from tui.model.articles.library import Article
from tui.model.session.settings import Settings, remember
from tui.model.session.workspace import Workspace
from tui.private_api import app_keymap
from tui.screens.reader import ReaderScreen
from tui.widgets.bindings import translate_bindings
from tui.workers import report_failure


class MarginaliaApp(App[None]):
    """Reads a folder of articles.

    | Key(s) | Description |
    | :- | :- |
    | ? | Show every key. |
    | q | Quit. |
    """

    CSS_PATH = "app.tcss"
    TITLE = "Marginalia"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "bind.quit", id="quit"),
        Binding("question_mark", "show_help", "bind.help", id="show_help"),
        # Textual's own ctrl+q and ctrl+p, again with ids and catalogue words: help lists them.
        Binding("ctrl+q", "quit", "bind.quit", show=False, priority=True, id="quit_now"),
        Binding(
            "ctrl+p",
            "command_palette",
            "bind.palette",
            show=False,
            priority=True,
            id="command_palette",
        ),
    ]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed background job is reported and logged; the reader carries on."""
        report_failure(self, event)

    def __init__(
        self,
        workspace: Workspace,
        articles: list[Article],
        *,
        total: int | None = None,
        lang: str = "en",
        author: str | None = None,
        open_id: str | None = None,
        settings: Settings | None = None,
        problems: list[str] | None = None,
    ) -> None:
        i18n.use(lang)
        collect_rarely()  # as the command line does, for a reader started otherwise
        super().__init__()
        translate_bindings(self)
        self.workspace = workspace
        """The content folder and where comments, drafts and settings live."""
        self.articles = articles
        """The folder's articles, sorted (the first of them, when `total` counts more)."""
        self.total = len(articles) if total is None else max(total, len(articles))
        """How many articles the folder has (the rest of the list is read after the first paint)."""
        self._author = author
        self._open_id = open_id
        self._settings = settings or Settings()
        self._problems = problems or []
        if self._settings.keys:
            # The keymap knows every screen's bindings: imported only when keys were rebound.
            from tui.keymap import keymap_from

            self.set_keymap(keymap_from(self._settings.keys))

    def on_mount(self) -> None:
        theme = self._settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            self._problems.append(i18n.t("settings.unknown_theme", subject=theme))
        for problem in self._problems:
            self.notify(problem, severity="warning", timeout=12, markup=False)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.call_after_refresh(resume_collection)

    def _remember_theme(self, theme: Theme) -> None:
        """Keep a theme chosen in the command palette for the next start."""
        if theme.name != self._settings.theme:
            self._write_setting("theme", theme.name)

    @on(RememberSetting)
    def _remember_setting(self, message: RememberSetting) -> None:
        self._write_setting(message.key, message.value)

    def _write_setting(self, key: str, value: str) -> None:
        """Keep one setting for the next start, unless this session may not write settings."""
        # A served visitor's choices apply to the session only: the settings are the server's.
        if self.workspace.policy.writes_settings:
            self._write_setting_file(key, value)

    @work(thread=True, group="settings", exit_on_error=False)
    def _write_setting_file(self, key: str, value: str) -> None:
        """Write one setting to the settings file off the event loop."""
        try:
            written = remember(self.workspace.dirs.config_file, key, value)
        except OSError:
            written = False
        if not written:
            path = str(self.workspace.dirs.config_file)
            self.call_from_thread(
                self.notify, i18n.t("settings.not_saved", path=path), markup=False
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands and every binding of the app, the screen and its panes."""
        from tui.commands import binding_commands, binding_sources, system_commands

        yield from system_commands(self, screen)
        sources = binding_sources(self, screen, app_keymap(self))
        yield from binding_commands(self, sources, self.get_key_display)

    def action_command_palette(self) -> None:
        """Show the command palette, its prompt in the UI language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = t("palette.placeholder")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def search_themes(self) -> None:
        """Show the theme picker, its prompt in the UI language."""
        palette = CommandPalette(providers=[ThemeProvider], placeholder=t("palette.themes"))
        self.push_screen(palette)

    def action_help_quit(self) -> None:
        """Tell a reader who pressed ctrl+c how to quit (ctrl+c copies)."""
        self.notify(t("app.quit_how"), title=t("app.quit_title"), markup=False)

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(
            self.workspace,
            self.articles,
            total=self.total,
            author=self._author,
            open_id=self._open_id,
            code_wrap=self._settings.code_wrap is not False,
            text_width=self._settings.text_width,
            list_width=self._settings.list_width,
        )

    def action_show_help(self) -> None:
        """Show every binding."""
        # The help and the commands behind it know every screen: loaded on first use.
        from tui.commands import help_sections
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        config = str(self.workspace.dirs.config_file)
        sections = help_sections(self, self.screen, app_keymap(self))
        self.push_screen(HelpScreen(sections, config_path=config))
