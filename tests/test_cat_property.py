"""Property: `marginalia cat` prints any file without a traceback and without a control byte."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cat import print_article
from tui.model.articles.library import scan_folder

_PIECES = st.sampled_from(
    [
        "---\n",
        "+++\n",
        "title: x\n",
        'title = "x"\n',
        "# H\n",
        "> [!NOTE]\n",
        "> q\n",
        "- [ ] t\n",
        "1. i\n",
        "```\n",
        "| a | b |\n|---|---|\n",
        "<div>",
        "</div>",
        "<!-- c -->",
        "[^1]\n\n[^1]: n\n",
        "[r]: http://x\n",
        "\x1b]0;t\x07",
        "\x1b[2J",
        "\x9d",
        "\u202e",
        "\ud800",
        "&#x1b;",
        "\t",
        "\n",
        "\n\n",
        " ",
        "text ",
        "**b**",
        "_i_",
        "<kbd>C</kbd>",
        "term\n: def\n",
        "\r\n",
        "\x00",
    ]
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.binary(max_size=40), st.sampled_from([".md", ".txt"]))
def test_cat_prints_anything_plainly(pieces: list[str], noise: bytes, suffix: str) -> None:
    """Whatever the bytes, cat returns a status and writes no control character but newlines."""
    data = "".join(pieces).encode("utf-8", "surrogatepass") + noise
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / f"a{suffix}").write_bytes(data)
        [article] = scan_folder(root)
        out = io.StringIO()
        status = print_article(root, article, width=40, color="never", out=out)
        assert status in (0, 1)
        assert not _CONTROL.search(out.getvalue())
        if b"\x00" not in data:
            assert status == 0
