"""Tests for front matter splitting, parsing and coercion."""

from __future__ import annotations

import datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.articles.frontmatter import (
    EMPTY,
    parse_date,
    parse_front_matter,
    split_front_matter,
)
from tui.model.articles.yaml_front import load_simple, text_scalar_loader


def test_no_front_matter() -> None:
    """Text without an opening `---` is all body."""
    split = split_front_matter("# Title\n\nText\n")
    assert (split.meta, split.body, split.body_line, split.problem) == (
        EMPTY,
        "# Title\n\nText\n",
        0,
        None,
    )


def test_basic_fields_and_body_line() -> None:
    """Known keys are read and the body starts on the line after the closing `---`."""
    split = split_front_matter(
        "---\ntitle: Hello\nauthor: Anna\nsummary: Short\nlang: de\ndate: 2020-03-04\n---\nBody\n"
    )
    meta = split.meta
    assert (meta.title, meta.author, meta.summary, meta.lang) == ("Hello", "Anna", "Short", "de")
    assert meta.date == datetime.date(2020, 3, 4)
    assert (split.body, split.body_line) == ("Body\n", 7)


def test_dots_close_the_block() -> None:
    """`...` closes front matter like `---`."""
    split = split_front_matter("---\ntitle: x\n...\nbody")
    assert (split.meta.title, split.body) == ("x", "body")


def test_bom_and_crlf() -> None:
    """A BOM and CRLF line ends are tolerated."""
    split = split_front_matter("\ufeff---\r\ntitle: x\r\n---\r\nbody\r\n")
    assert (split.meta.title, split.body, split.body_line) == ("x", "body\r\n", 3)


def test_unclosed_block_is_body() -> None:
    """Without a closing line the opening `---` is just text."""
    split = split_front_matter("---\ntitle: x\nno end\n")
    assert (split.meta, split.body, split.problem) == (EMPTY, "---\ntitle: x\nno end\n", None)


@pytest.mark.parametrize(
    ("source", "expected"),
    [("no", "no"), ("yes", "yes"), ("off", "off"), ("1.0", "1.0"), ("010", "010"), ("'x'", "x")],
)
def test_scalars_keep_their_text(source: str, expected: str) -> None:
    """Booleans and numbers in YAML stay the text that was written (`title: no` is "no")."""
    assert split_front_matter(f"---\ntitle: {source}\n---\n").meta.title == expected


def test_scalars_keep_their_text_through_yaml() -> None:
    """The full loader (a block the fast path refuses) also keeps `no` and `1.10` as text."""
    meta = split_front_matter("---\ntitle: no\nversion: 1.10\nlist:\n  - a\n---\n").meta
    assert (meta.title, dict(meta.extra)["version"]) == ("no", "1.10")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-05-06", datetime.date(2013, 5, 6)),
        ('"2013-05-06 12:00:00 -0500"', datetime.date(2013, 5, 6)),
        ("2016-01-20 10:00:00 +0100", datetime.date(2016, 1, 20)),
        ("2001-12-14t21:59:43.10-05:00", datetime.date(2001, 12, 14)),
        ("2024-02-30", None),
        ("yesterday", None),
        ("[2020-01-01]", None),
    ],
)
def test_dates(value: str, expected: datetime.date | None) -> None:
    """ISO dates with or without time and zone are read; impossible dates become None."""
    assert split_front_matter(f"---\ndate: {value}\n---\n").meta.date == expected


def test_bad_date_keeps_other_fields() -> None:
    """An impossible date does not cost the title."""
    split = split_front_matter("---\ntitle: Kept\ndate: 2024-02-30\nx: [a]\n---\n")
    assert (split.meta.title, split.meta.date, split.problem) == ("Kept", None, None)


def test_explicit_timestamp_tag() -> None:
    """An explicit `!!timestamp` still yields its date, and a bad one is just text."""
    assert parse_front_matter("date: !!timestamp 2020-01-02\n")[0].date == datetime.date(2020, 1, 2)
    assert parse_front_matter("date: !!timestamp 2020-02-31\n")[0].date is None


def test_parse_date_accepts_date_objects() -> None:
    """Dates and datetimes from YAML are taken as they are."""
    assert parse_date(datetime.datetime(2020, 1, 2, 3, 4)) == datetime.date(2020, 1, 2)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("tags: [a, b]", ("a", "b")),
        ("tags: a, b,, c ", ("a", "b", "c")),
        ("tags:\n  - x\n  - ''\n  - 3", ("x", "3")),
        ("tags: single", ("single",)),
        ("tags: [a, a]", ("a",)),
    ],
)
def test_tags(source: str, expected: tuple[str, ...]) -> None:
    """Tags come from a list or a comma string, empties and duplicates dropped."""
    assert split_front_matter(f"---\n{source}\n---\n").meta.tags == expected


def test_categories_become_tags_when_no_tags() -> None:
    """Jekyll categories stand in for tags and are not repeated among the extra keys."""
    meta = split_front_matter("---\ncategories: [release]\ncategory: news\nv: 1\n---\n").meta
    assert (meta.tags, meta.extra) == (("release", "news"), (("v", "1"),))


def test_categories_stay_extra_when_tags_given() -> None:
    """With explicit tags, categories are just an unknown key."""
    meta = split_front_matter("---\ntags: [t]\ncategories: [c]\n---\n").meta
    assert (meta.tags, meta.extra) == (("t",), (("categories", "[c]"),))


def test_unknown_keys_kept_as_display_strings() -> None:
    """Unknown keys keep file order and show nested values on one line."""
    meta = split_front_matter("---\nb: {x: 1, y: [2, 3]}\na: plain\n---\n").meta
    assert meta.extra == (("b", "{x: 1, y: [2, 3]}"), ("a", "plain"))


def test_values_are_sanitised() -> None:
    """Escape sequences in values never survive."""
    meta = split_front_matter('---\ntitle: "Hi \\e[31mred"\nauthor: "a\\tb"\n---\n').meta
    assert (meta.title, meta.author) == ("Hi red", "a b")


def test_list_author_joined() -> None:
    """Several authors are joined with commas."""
    assert split_front_matter("---\nauthor: [Ann, Bo]\n---\n").meta.author == "Ann, Bo"


def test_bad_lang_dropped() -> None:
    """A lang value that is not a language tag is dropped."""
    assert split_front_matter("---\nlang: 'not a tag!'\n---\n").meta.lang is None


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        ("title: [unclosed\n", "yaml_error"),
        ("a: " + "[" * 2000 + "]" * 2000 + "\n", "too_deep"),
        ("x: !!python/object/apply:os.system ['true']\n", "yaml_error"),
    ],
)
def test_broken_blocks(block: str, problem: str) -> None:
    """A broken block gives empty front matter, a problem code, and the body after it."""
    split = split_front_matter(f"---\n{block}---\nBody\n")
    assert (split.meta, split.problem, split.body) == (EMPTY, problem, "Body\n")


@pytest.mark.parametrize(
    "block",
    ["just a line of text\n", "- a\n- b\n", "Some text, [with a bracket\n", "------\n"],
)
def test_a_leading_rule_before_prose_is_markdown(block: str) -> None:
    """`---`, text that is no mapping, `---` is Markdown (a rule, then text): nothing is eaten."""
    text = f"---\n{block}---\nBody\n"
    split = split_front_matter(text)
    assert (split.meta, split.problem, split.body, split.body_line) == (EMPTY, None, text, 0)


def test_too_large() -> None:
    """A block above the cap is not parsed at all."""
    split = split_front_matter("---\n" + "a: b\n" * 20000 + "---\nBody")
    assert (split.meta, split.problem, split.body) == (EMPTY, "too_large", "Body")


def test_deep_nesting_flattened() -> None:
    """A value nested deeper than the limit is cut off and flagged, the rest is kept."""
    deep = "{a: " * 12 + "1" + "}" * 12
    split = split_front_matter(f"---\ntitle: Kept\nd: {deep}\n---\n")
    assert (split.meta.title, split.problem) == ("Kept", "too_deep")
    assert "…" in dict(split.meta.extra)["d"]


def test_self_referencing_alias() -> None:
    """An alias that contains itself neither hangs nor crashes."""
    split = split_front_matter("---\ntitle: T\nx: &a [*a]\n---\n")
    assert (split.meta.title, split.problem) == ("T", "too_deep")


def test_alias_bomb_stays_small() -> None:
    """Aliases that multiply a list are bounded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    meta, problem = parse_front_matter("\n".join(lines) + "\ntitle: T\n")
    assert (meta.title, problem) == ("T", "too_large")
    assert all(len(value) <= 200 for _, value in meta.extra)


def _closing_line(text: str) -> tuple[int, int] | None:
    """Find the closing line the slow way: (line index, offset of its start), or None."""
    lines = text.removeprefix("\ufeff").split("\n")
    offset = len(lines[0]) + 1
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return index, offset
        offset += len(line) + 1
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["---", "...", "-- -", "x: y", "\n", " ", "\x0b", "\x85", "\r"])))
def test_closing_line_is_the_first_line_that_reads_as_one(pieces: list[str]) -> None:
    """The block ends at the first later line that is `---` or `...` after trailing spaces."""
    text = "---\n" + "".join(pieces)
    split = split_front_matter(text)
    found = _closing_line(text) if "\n" in text else None
    if found is not None and split.body == text:
        # Not front matter at all: the block between the rules does not read as a mapping.
        block = text[4 : found[1]]
        assert parse_front_matter(block)[1] in ("not_a_mapping", "yaml_error")
        assert split.problem is None
    elif found is None:
        assert (split.body, split.body_line) == (text, 0)
    else:
        line, offset = found
        end = text.find("\n", offset)
        assert split.body == ("" if end < 0 else text[end + 1 :])
        assert split.body_line == (line if end < 0 else line + 1)


_YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}#&*!|>'\"%@`,? \n\t.0123456789~\\\x00\x85\u2028é")),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    """Any text splits without raising."""
    split = split_front_matter(text)
    assert split.body_line >= 0


@settings(max_examples=400, deadline=None)
@given(_YAMLISH)
def test_never_raises_on_yamlish_blocks(block: str) -> None:
    """Any YAML-like block parses or reports a problem, without raising."""
    split = split_front_matter(f"---\n{block}\n---\nBody")
    assert split.body.endswith("Body")
    assert split.problem in (None, "yaml_error", "not_a_mapping", "too_deep", "too_large")


def test_fast_path_takes_common_blocks() -> None:
    """A typical blog post header is read without PyYAML, with the loader's values."""
    block = "title: 'Hi'\ndate: 2013-05-06 02:12:52 -0500\nauthor: parkr\ncategories: [a, b]\n"
    assert load_simple(block) == {
        "title": "Hi",
        "date": "2013-05-06 02:12:52 -0500",
        "author": "parkr",
        "categories": ["a", "b"],
    }


_SIMPLE_VALUES = st.sampled_from(
    [
        "",
        "~",
        "null",
        "x",
        "no",
        "1.10",
        "2013-05-06 02:12:52 -0500",
        "'q'",
        '"d d"',
        "a: b",
        "a #c",
        "[a, b]",
        "[]",
        "[a, ]",
        "[null]",
        "'it''s'",
        "=",
        "<<",
        "-x",
        "x:",
        "Ünï",
        "a\u2028b",
        "C#",
        "{a}",
        "a, b",
        "*x",
        "&x y",
        "|",
        "\x85",
        "'a",
        '"\\t"',
        "a\x01",
    ]
)
_SIMPLE_KEYS = st.sampled_from(["title", "null", "a-b", "_x", "Tags", "x y", "<<", "1"])
_WORDISH = st.text(alphabet=st.sampled_from(list("aZ9ßüé²ª _.-/+")), max_size=5)
_ODD = st.sampled_from([*":#,'\"[]{}!&*?~=<>|%@`\\\u00a0\u3000", " #", ": ", "''"])
# Mostly word characters with at most one odd piece, so the fast path is tried, not just refused.
_TRICKY = _WORDISH | st.builds(lambda a, odd, b: a + odd + b, _WORDISH, _ODD, _WORDISH)
_QUOTES = st.lists(st.sampled_from(["'", "''", '"', "a", "é"]), max_size=4).map("".join)
_QUOTED = st.builds(
    lambda quote, inner: quote + inner + quote, st.sampled_from("'\""), _TRICKY | _QUOTES
)
_FLOW = st.lists(_TRICKY, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
_GENERATED_VALUES = _SIMPLE_VALUES | _QUOTED | _FLOW | _TRICKY


def test_fast_path_takes_quotes_and_words_of_any_script() -> None:
    """Quoted titles, doubled single quotes and non-ASCII tags are read without PyYAML."""
    block = "title: \"Grüße: 'hi'\"\nsummary: 'it''s'\ntags: [gespräch, Straße, café]\n"
    assert load_simple(block) == {
        "title": "Grüße: 'hi'",
        "summary": "it's",
        "tags": ["gespräch", "Straße", "café"],
    }


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_SIMPLE_KEYS, _GENERATED_VALUES), max_size=6))
def test_fast_path_agrees_with_yaml(pairs: list[tuple[str, str]]) -> None:
    """Whenever the fast reader accepts a block, PyYAML's safe loader reads the same values."""
    block = "".join(f"{key}: {value}\n" for key, value in pairs)
    fast = load_simple(block)
    if fast is not None:
        assert fast == (yaml.load(block, Loader=text_scalar_loader()) or {})


@settings(max_examples=500, deadline=None)
@given(_QUOTED | _FLOW | _TRICKY)
def test_fast_path_reads_quotes_and_lists_like_yaml(value: str) -> None:
    """A quoted, flow list or plain value that the fast reader accepts reads as PyYAML reads it."""
    block = f"title: {value}\n"
    fast = load_simple(block)
    if fast is not None:
        assert fast == yaml.load(block, Loader=text_scalar_loader())


def test_front_matter_loader_is_the_safe_one() -> None:
    """The loader builds only plain data: a Python-object tag is refused, nothing runs."""

    assert issubclass(text_scalar_loader(), yaml.constructor.SafeConstructor)
    assert not issubclass(text_scalar_loader(), yaml.constructor.FullConstructor)
    split = split_front_matter(
        "---\ntitle: !!python/object/apply:os.system ['echo owned']\n---\nBody\n"
    )
    assert split.meta.title is None
    assert split.problem is not None
    assert split.body.strip() == "Body"


def test_toml_front_matter_is_read_like_yaml() -> None:
    """`+++` TOML gives title, authors, a datetime's day, tags and the description as summary."""
    split = split_front_matter(
        '\ufeff+++\r\ntitle = "Hugo page"\r\nauthors = ["Ada", "Bo"]\r\n'
        'date = 2024-03-05T09:30:00+01:00\r\ncategories = ["web"]\r\n'
        'description = "Short."\r\nweight = 3\r\n+++\r\n# Body\r\n'
    )
    meta = split.meta
    assert (meta.title, meta.author, meta.summary) == ("Hugo page", "Ada, Bo", "Short.")
    assert meta.date == datetime.date(2024, 3, 5)
    assert meta.tags == ("web",)
    assert meta.extra == (("weight", "3"),)
    assert split.problem is None
    assert split.body.startswith("# Body")
    assert split.body_line == 8


def test_broken_toml_front_matter_is_reported_and_skipped() -> None:
    """A `+++` block that is not TOML is left out of the body and reported, never shown."""
    split = split_front_matter("+++\ntitle = \n+++\nText.\n")
    assert split.problem == "toml_error"
    assert split.meta == EMPTY
    assert (split.body, split.body_line) == ("Text.\n", 3)


def test_unclosed_plus_line_is_text() -> None:
    """A `+++` line without a closing one is not front matter."""
    split = split_front_matter('+++\ntitle = "x"\n\nText.\n')
    assert split.meta == EMPTY and split.body.startswith("+++")
