"""Textual's and Rich's private names still mean what tui/private_api.py relies on.

When an upgrade renames or reshapes one, this fails first and says which; fix it in that module.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.widgets import Footer, OptionList

from tui import private_api


class _Probe(App[None]):
    BINDINGS = [Binding("x", "bell", "Ring", id="ring")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield OptionList("a", "b")
        yield Footer()


async def test_every_private_name_is_there_with_its_shape() -> None:
    """Bindings, merged class bindings, keymap, notifications, compositor, footer keys, cache."""
    app = _Probe()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        keys = [w for w in app.query("*") if private_api.footer_key_action(w) is not None]
        assert keys and all(isinstance(private_api.footer_key_action(w), str) for w in keys)
        assert private_api.footer_key_action(app.query_one(OptionList)) is None
        bindings = private_api.bindings_of(app)
        assert isinstance(bindings, BindingsMap)
        assert any(b.id == "ring" for _key, b in bindings)
        private_api.set_bindings(app, BindingsMap.from_keys({}))
        assert not list(private_api.bindings_of(app))
        merged = private_api.class_bindings(_Probe)
        assert merged is not None and any(b.id == "ring" for _key, b in merged)
        app.set_keymap({"ring": "y"})
        assert private_api.app_keymap(app) == {"ring": "y"}
        app.notify("hello")
        await pilot.pause()
        assert [n.message for n in private_api.notifications(app)] == ["hello"]
        lines = private_api.screen_lines(app.screen)
        assert len(lines) == 10 and all(isinstance(line, str) for line in lines)
        assert isinstance(private_api.option_render_cache(app.query_one(OptionList)), object)


def test_a_text_given_its_characters_directly_behaves_like_one_built_normally() -> None:
    """set_plain_text leaves a Text that measures, slices and renders like Text(plain)."""
    text = Text("", end="")
    private_api.set_plain_text(text, "Grüße")
    built = Text("Grüße", end="")
    assert (text.plain, len(text), text.cell_len) == (built.plain, len(built), built.cell_len)
    text.stylize("bold", 0, 2)
    assert text[1:3].plain == "rü"
