"""A fast launch: what the first screen does not need is not imported before it paints.

Each check runs in a fresh interpreter, so modules loaded by other tests cannot hide a regression.
"""

from __future__ import annotations

from pathlib import Path

from tests.fresh_python import run_fresh

LATER = (
    "yaml",
    "pygments",
    "rich.syntax",
    "tui.commands",
    "tui.keymap",
    "tui.screens.help",
    "tui.screens.editor",
    "textual.widgets._text_area",
    "tui.screens.search",
    "tui.screens.outline",
    "tui.screens.info",
    "tui.screens.tags",
    "tui.screens.confirm",
    "tui.model.articles.yaml_front",
    "tui.model.articles.page_meta",
    "tui.model.articles.toml_front",
    "tomllib",
    "tui.model.articles.plaintext",
    "secrets",
    "tui.model.comments.anchoring",
    "tui.model.comments.anchor_match",
    "tui.screens.live",
    "watchfiles",
    "tui.model.search.library_index",
    "tui.model.search.catch_up",
    "sqlite3",
    "tui.model.articles.html",
    "html.parser",
    "tui.model.articles.links",
    "tui.model.articles.changes",
    "tui.model.search.find",
    "tui.model.comments.drafts",
    "getpass",
    "webbrowser",
    "shlex",
)
"""Loaded on first use only: front matter PyYAML must read, a code block, the help, rebound keys,
the comment editor, the global search and the other dialogs; the YAML and TOML front matter
readers, the settings file's TOML reader, plain-text articles, a web page's tag reader and what
names temporary files (secrets, with hashlib and hmac) for the first write; anchoring, with the
first comments to place; the folder watch, the folder's index and SQLite (after the first
paint); the HTML reader, with the first HTML in a Markdown article; links, with the first one
followed; the search in the article, with the first search or filter; the drafts, with the first
comment written; the login name, the browser and the shell-word splitter, when asked for.

The comment store is not among them: the first screen reads the open article's comments with
its text."""


def _loaded(code: str, cwd: Path | None = None) -> dict[str, bool]:
    """Run `code` in a fresh interpreter; it prints a JSON object of module -> loaded."""
    answer: dict[str, bool] = run_fresh(code, cwd)
    return answer


def test_importing_the_app_loads_nothing_the_first_screen_does_not_need() -> None:
    """`import tui.app` leaves PyYAML, Pygments, the editor, the search and the dialogs out."""
    loaded = _loaded(
        f"""
        import json, sys
        import tui.app
        print(json.dumps({{name: name in sys.modules for name in {LATER!r}}}))
        """
    )
    assert loaded == dict.fromkeys(LATER, False)


def test_they_load_when_first_used_and_not_when_the_reader_paints(tmp_path: Path) -> None:
    """The reader shows an article without them; `?`, ctrl+f, `c` and a code block load them."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "plain.md").write_text("# Plain\n\nJust words, no code.\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "code.md").write_text(
        "---\ntitle: Code\ntags:\n  - a\n  - b\n---\n\n```python\nprint(1)\n```\n",
        encoding="utf-8",
    )
    loaded = _loaded(
        f"""
        import asyncio, json, sys
        from pathlib import Path
        from tui.app import MarginaliaApp
        from tui.model.articles.library import scan_folder
        from tui.model.session.workspace import UserDirs, Workspace
        from tui.widgets.article_view import ArticleView

        LATER = {LATER!r}
        found = {{}}
        render_lines = ArticleView.render_lines

        def painting(view, crop):
            # The first frame that paints the article view: what is loaded now was loaded
            # before the reader first painted.
            first = not found
            if first:
                found.update({{f"painted:{{m}}": m in sys.modules for m in LATER}})
            lines = render_lines(view, crop)
            if first:
                found["first paint:text"] = any("Just words" in line.text for line in lines)
            return lines

        ArticleView.render_lines = painting

        async def main() -> dict[str, bool]:
            root = Path({str(folder)!r})
            home = Path({str(tmp_path)!r})
            dirs = UserDirs(home / "config", home / "data", home / "state")
            workspace = Workspace.open(root, dirs=dirs)
            app = MarginaliaApp(workspace, scan_folder(root), open_id="plain")
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause(0.5)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert "Just words" in "\\n".join(app.screen.query_one("#article").text_lines())
                for module in ("tui.screens.live", "watchfiles"):
                    found[f"watching:{{module}}"] = module in sys.modules
                found["shown:yaml_front"] = "tui.model.articles.yaml_front" in sys.modules
                await pilot.press("question_mark")
                await pilot.pause()
                found["help:tui.screens.help"] = "tui.screens.help" in sys.modules
                await pilot.press("escape", "ctrl+f")
                await pilot.pause()
                found["ctrl+f:tui.screens.search"] = "tui.screens.search" in sys.modules
                await pilot.press("escape", "slash", "w")
                await pilot.pause()
                found["/:find"] = "tui.model.search.find" in sys.modules
                await pilot.press("escape", "c")
                await pilot.pause()
                found["c:tui.screens.editor"] = "tui.screens.editor" in sys.modules
                found["c:drafts"] = "tui.model.comments.drafts" in sys.modules
            import tui.model.articles.library as library
            other = Path({str(other)!r})
            (code,) = scan_folder(other)
            document = library.load_article(other, code).document
            found["front matter:yaml"] = "yaml" in sys.modules
            found["front matter:yaml_front"] = "tui.model.articles.yaml_front" in sys.modules
            found["no html yet:html"] = "tui.model.articles.html" in sys.modules
            (other / "kbd.md").write_text("Press <kbd>q</kbd>.\\n", encoding="utf-8")
            library.load_article(other, library.article_for_path(other / "kbd.md")[1])
            found["inline html:html"] = "tui.model.articles.html" in sys.modules
            (other / "page.html").write_text(
                "<html><head><title>Seite</title></head><body><p>Text</p></body></html>",
                encoding="utf-8",
            )
            (other / "notes.txt").write_text("Notizen\\n\\nvon Anna\\n\\nText.\\n", "utf-8")
            (other / "toml.md").write_text('+++\\ntitle = "T"\\n+++\\n\\nText.\\n', "utf-8")
            scan_folder(other)
            found["web page:page_meta"] = "tui.model.articles.page_meta" in sys.modules
            found["text:plaintext"] = "tui.model.articles.plaintext" in sys.modules
            found["toml front matter:toml_front"] = "tui.model.articles.toml_front" in sys.modules
            from tui.model.session.settings import load_settings, remember
            settings_file = home / "settings.toml"
            settings_file.write_text('author = "Anna"\\n', encoding="utf-8")
            load_settings(settings_file)
            found["settings:tomllib"] = "tomllib" in sys.modules
            remember(settings_file, "author", "Berta")
            found["first write:secrets"] = "secrets" in sys.modules
            from tui.model.comments.comment import new_comment
            from tui.model.comments.discussion import Discussion
            Discussion.build(document, [new_comment("Anna", "Gut.", None)])
            found["comments:anchoring"] = "tui.model.comments.anchoring" in sys.modules
            from tui.model.search.corpus import SessionIndex
            SessionIndex(home / "index.sqlite").search("code")
            found["index:library_index"] = "tui.model.search.library_index" in sys.modules
            found["index:sqlite3"] = "sqlite3" in sys.modules
            from tui.render.code import render_code
            from tui.render.styles import RenderStyles
            render_code(document.blocks[0].text, "python", 60, RenderStyles.default())
            found["code:pygments"] = "pygments" in sys.modules
            return found

        print(json.dumps(asyncio.run(main())))
        """,
        cwd=tmp_path,
    )
    assert {key: value for key, value in loaded.items() if key.startswith("painted:")} == {
        f"painted:{module}": False for module in LATER
    }
    assert loaded["first paint:text"]  # the article is in the reader's first frame
    assert loaded["help:tui.screens.help"]
    assert loaded["ctrl+f:tui.screens.search"]
    assert loaded["c:tui.screens.editor"] and loaded["c:drafts"]
    assert loaded["/:find"]
    assert not loaded["no html yet:html"] and loaded["inline html:html"]
    assert loaded["front matter:yaml"]
    assert not loaded["shown:yaml_front"]  # the article shown has no front matter
    assert loaded["front matter:yaml_front"]
    assert loaded["web page:page_meta"]
    assert loaded["text:plaintext"] and loaded["toml front matter:toml_front"]
    assert loaded["settings:tomllib"] and loaded["first write:secrets"]
    assert loaded["comments:anchoring"]
    assert loaded["watching:tui.screens.live"] and loaded["watching:watchfiles"]
    assert loaded["index:library_index"] and loaded["index:sqlite3"]
    assert loaded["code:pygments"]
