"""Inline runs: text with marks and links, collected from Markdown inline tokens or HTML tags."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from tui.model.articles.blocks import Mark, Span
from tui.model.text import sanitize, sanitize_line

IMAGE_PREFIX = "🖼 "
"""What an image's alt text is shown after (the image itself cannot be shown)."""

_RawSpan = tuple[str, frozenset[Mark], str | None, int | None]

_OPENING = {"em_open": Mark.EMPHASIS, "strong_open": Mark.STRONG, "s_open": Mark.STRIKE}
_CLOSING = {"em_close": Mark.EMPHASIS, "strong_close": Mark.STRONG, "s_close": Mark.STRIKE}

HTML_MARKS: dict[str, Mark] = {
    "b": Mark.STRONG,
    "strong": Mark.STRONG,
    "i": Mark.EMPHASIS,
    "em": Mark.EMPHASIS,
    "cite": Mark.EMPHASIS,
    "var": Mark.EMPHASIS,
    "dfn": Mark.EMPHASIS,
    "code": Mark.CODE,
    "tt": Mark.CODE,
    "samp": Mark.CODE,
    "kbd": Mark.KBD,
    "s": Mark.STRIKE,
    "del": Mark.STRIKE,
    "strike": Mark.STRIKE,
    "u": Mark.UNDERLINE,
    "ins": Mark.UNDERLINE,
    "mark": Mark.HIGHLIGHT,
    "sup": Mark.SUPERSCRIPT,
    "sub": Mark.SUBSCRIPT,
}
"""Inline HTML elements and the mark their text carries."""

SEPARATING = frozenset(
    {
        *("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table"),
        *("blockquote", "section", "article", "header", "footer", "figure", "figcaption"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "pre", "details", "summary", "center", "address"),
    }
)
"""Block elements that, written inline (in a table cell), at least keep words apart."""

SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "title"})
"""HTML elements whose content is never shown."""


class InlineRuns:
    """Runs of one block (or one table cell) as they are collected, with the marks in force."""

    __slots__ = ("_marks", "anchors", "depth", "href", "link", "links", "raw", "skip", "squeeze")

    def __init__(self, links: list[int]) -> None:
        self.raw: list[_RawSpan] = []
        self.depth: dict[Mark, int] = {}
        self.href: str | None = None
        self.link: int | None = None
        self.links = links
        """A shared counter (one element) of the links of the block."""
        self.skip = 0
        """How many skipped elements (`script`, `style`) are open: their text is dropped."""
        self.anchors: list[bool] = []
        """Open HTML `a` elements: whether each opened a link (`</a>` closes only those)."""
        self._marks: frozenset[Mark] | None = frozenset()
        self.squeeze = False
        """Drop the next text's leading space if one ends the text before (after a comment)."""

    def marks(self) -> frozenset[Mark]:
        """The marks in force now (kept until a mark or link opens or closes: text is common)."""
        if self._marks is None:
            marks = {mark for mark, count in self.depth.items() if count > 0}
            if self.link is not None:
                marks.add(Mark.LINK)
            self._marks = frozenset(marks)
        return self._marks

    def text(self, text: str, extra: frozenset[Mark] = frozenset()) -> None:
        """Append `text` with the marks in force (and `extra`)."""
        if self.squeeze:
            self.squeeze = False
            if text.startswith(" ") and self.raw and self.raw[-1][0].endswith(" "):
                text = text[1:]
        if text and not self.skip:
            self.raw.append((text, self.marks() | extra, self.href, self.link))

    def toggle(self, mark: Mark, opening: bool) -> None:
        """Open or close one level of `mark`."""
        self.depth[mark] = max(0, self.depth.get(mark, 0) + (1 if opening else -1))
        self._marks = None

    def open_link(self, href: str) -> None:
        """Start a link to `href` (a link inside a link keeps the outer one)."""
        if self.link is None:
            self.href = sanitize_line(href)
            self.link = self.links[0]
            self.links[0] += 1
            self._marks = None

    def close_link(self) -> None:
        """End the open link."""
        self.href = self.link = None
        self._marks = None

    def image(self, alt: str, src: str) -> None:
        """Append an image as a followable link to its source, or to the enclosing link."""
        if self.skip:
            return
        if self.link is None:
            self.open_link(src)
            self.text(IMAGE_PREFIX + alt)
            self.close_link()
        else:
            self.text(IMAGE_PREFIX + alt)

    def tag(self, kind: str, name: str, attrs: dict[str, str]) -> None:
        """Apply one inline HTML tag: `kind` is "start", "end" or "startend"."""
        if name in SKIPPED:
            if kind != "startend":
                self.skip = max(0, self.skip + (1 if kind == "start" else -1))
            return
        mark = HTML_MARKS.get(name)
        if mark is not None and kind != "startend":
            self.toggle(mark, kind == "start")
        elif name in ("br", "hr"):
            self.text("\n")
        elif name in SEPARATING:
            if self.raw and not self.raw[-1][0][-1:].isspace():
                self.text(" ")
        elif name == "img":
            self.image(attrs.get("alt", ""), attrs.get("src", ""))
        elif name == "a" and kind == "start":
            opens = "href" in attrs and self.link is None
            self.anchors.append(opens)
            if opens:
                self.open_link(attrs["href"])
        elif name == "a" and kind == "end" and self.anchors and self.anchors.pop():
            self.close_link()

    def tokens(self, children: Sequence[Token]) -> None:
        """Append the runs of a block's inline Markdown tokens."""
        for token in children:
            kind = token.type
            if kind == "text":
                self.text(token.content)
            elif kind == "softbreak":
                self.text(" ")
            elif kind == "hardbreak":
                self.text("\n")
            elif kind == "code_inline":
                self.text(token.content, frozenset({Mark.CODE}))
            elif kind in _OPENING:
                self.toggle(_OPENING[kind], True)
            elif kind in _CLOSING:
                self.toggle(_CLOSING[kind], False)
            elif kind == "link_open":
                target = token.attrs.get("href", "")
                self.open_link(target if isinstance(target, str) else "")
            elif kind == "link_close":
                self.close_link()
            elif kind == "image":
                source = token.attrs.get("src", "")
                self.image(_alt(token), source if isinstance(source, str) else "")
            elif kind == "html_inline":
                from tui.model.articles.html import tag_events  # loaded with the first tag

                events = tag_events(token.content)
                for event in events:
                    self.tag(*event)
                # A comment or script between two spaces leaves one space, not two.
                self.squeeze = all(name in SKIPPED for _, name, _ in events)
            elif kind == "footnote_ref":
                self.footnote(token)
            elif token.content:
                self.text(token.content)

    def footnote(self, token: Token) -> None:
        """Append a footnote mark `[n]`: a link to the note `fn-n`."""
        number = int(token.meta.get("id", 0)) + 1
        href, link = self.href, self.link
        self.href, self.link = None, None
        self.open_link(f"#fn-{number}")
        self.text(f"[{number}]", frozenset({Mark.FOOTNOTE}))
        self.close_link()
        self.href, self.link = href, link
        self._marks = None

    def spans(self) -> tuple[Span, ...]:
        """The runs collected so far, merged and sanitised."""
        return merge(self.raw)


def spans_of(children: Sequence[Token], links: list[int]) -> tuple[Span, ...]:
    """Turn a block's inline tokens into merged, sanitised spans; `links` counts link indexes."""
    runs = InlineRuns(links)
    runs.tokens(children)
    return runs.spans()


def _alt(token: Token) -> str:
    """The alt text of an image token."""
    return "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in token.children or []
    )


def merge(raw: Sequence[_RawSpan]) -> tuple[Span, ...]:
    """Join neighbouring runs with the same formatting, then sanitise each run."""
    groups: list[tuple[list[str], frozenset[Mark], str | None, int | None]] = []
    for text, marks, href, link in raw:
        if groups and groups[-1][1:] == (marks, href, link):
            groups[-1][0].append(text)
        else:
            groups.append(([text], marks, href, link))
    spans: list[Span] = []
    for parts, marks, href, link in groups:
        # Sanitised after joining so an escape sequence split over two tokens still goes whole.
        text = sanitize("".join(parts)).replace("\t", " ")
        if not text:
            continue
        last = spans[-1] if spans else None
        if last is not None and (last.marks, last.href, last.link) == (marks, href, link):
            # A run that sanitised away can leave two like runs side by side.
            spans[-1] = Span(last.text + text, marks, href, link)
        else:
            spans.append(Span(text, marks, href, link))
    return tuple(spans)


def plain(spans: Sequence[Span]) -> str:
    """The plain text of `spans` on one line with whitespace collapsed."""
    return " ".join("".join(span.text for span in spans).split())


def plain_span(text: str) -> tuple[Span, ...]:
    """`text` as unformatted spans."""
    return merge([(text, frozenset(), None, None)])
