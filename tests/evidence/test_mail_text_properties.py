"""Property tests for the parts of the mail reader that decide what is checked: the MIME walk
against the stdlib on generated trees, the body assembly, the HTML-versus-plain comparison and
the address-list splitter."""

from __future__ import annotations

import re
from email.message import EmailMessage

from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.evidence.mail_headers import parse_addresses, split_address_list
from saferpractice.evidence.mail_html import html_to_text
from saferpractice.evidence.mail_mime import MailLimits, parse_message
from saferpractice.evidence.mail_text import TextPart, assemble_body, uncovered_lines

WORD = st.text(
    st.characters(whitelist_categories=("Ll",), max_codepoint=0x7F), min_size=2, max_size=8
)
SENTENCE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)


@st.composite
def mime_tree(draw: st.DrawFn, depth: int = 0) -> tuple[EmailMessage, list[str]]:
    """A message of nested multiparts, alternatives and attached messages, and every sentence
    a mail client could show in it."""
    message = EmailMessage()
    kind = draw(
        st.sampled_from(["plain", "alternative", "mixed", "attached"] if depth < 3 else ["plain"])
    )
    if kind == "plain":
        text = draw(SENTENCE)
        message.set_content(text)
        return message, [text]
    if kind == "alternative":
        plain, extra = draw(SENTENCE), draw(SENTENCE)
        message.set_content(plain)
        message.add_alternative(f"<p>{plain}</p><p>{extra}</p>", subtype="html")
        return message, [plain, extra]
    if kind == "attached":
        inner, shown = draw(mime_tree(depth + 1))
        inner["Subject"] = draw(WORD)
        outer_text = draw(SENTENCE)
        message.set_content(outer_text)
        message.add_attachment(inner)
        return message, [outer_text, *shown]
    message.make_mixed()
    shown = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        child, child_shown = draw(mime_tree(depth + 1))
        if child.get_content_type() == "message/rfc822" or child.is_multipart():
            message.attach(child)
        else:
            message.attach(child)
        shown.extend(child_shown)
    return message, shown


def _words(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=150, deadline=None)
@given(mime_tree())
def test_every_sentence_a_client_could_show_is_in_the_body(
    tree: tuple[EmailMessage, list[str]],
) -> None:
    message, shown = tree
    message["From"] = "a@b.c"
    record = parse_message(bytes(message), source="x.eml", offset=0)
    body = _words(record.body)
    for sentence in shown:
        assert sentence in body, (sentence, record.body)
    for segment in record.segments:
        assert 0 <= segment.start <= segment.end <= len(record.body)
    assert [s.start for s in record.segments] == sorted(s.start for s in record.segments)


@settings(max_examples=200, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=6), st.lists(SENTENCE, max_size=3))
def test_html_lines_already_in_the_plain_text_are_never_repeated(
    lines: list[str], new: list[str]
) -> None:
    reference = "\n".join(lines)
    # Re-wrapped and with different case and punctuation, the same words are covered.
    same = " ".join(lines).upper().replace(" ", ",  ")
    assert uncovered_lines(same, reference) == ""
    extra = "\n".join([*lines, *new])
    kept = [line for line in uncovered_lines(extra, reference).split("\n") if line]
    for line in kept:
        assert line in new
    for line in new:
        if f" {line} " not in f" {' '.join(lines)} ":
            assert line in kept


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.binary(max_size=80),
            st.sampled_from(["", "utf-8", "gb2312", "x"]),
            st.integers(0, 3),
        ),
        max_size=6,
    ),
    st.integers(min_value=1, max_value=200),
)
def test_body_assembly_never_raises_and_segments_tile_the_body(
    parts: list[tuple[bool, bytes, str, int]], max_chars: int
) -> None:
    texts = [
        TextPart(html, data, charset, "", container) for html, data, charset, container in parts
    ]
    containers = ["", "one", "two", "three"]
    body = assemble_body(texts, containers, max_chars, [])
    assert len(body.text) <= max_chars
    previous = 0
    for segment in body.segments:
        assert previous <= segment.start <= segment.end <= len(body.text)
        previous = segment.end
    for span in body.quoted:
        assert 0 <= span.start <= span.end <= len(body.text)


NAME = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters='"\\<>'), max_size=20
)
LOCAL = st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)
DOMAIN = st.from_regex(r"[a-z]{1,8}\.(org|sch\.uk)", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(NAME, LOCAL, DOMAIN), min_size=1, max_size=5))
def test_quoted_names_with_commas_stay_one_address_each(people: list[tuple[str, str, str]]) -> None:
    value = ", ".join(f'"{name}" <{local}@{domain}>' for name, local, domain in people)
    assert len(split_address_list(value)) == len(people)
    found = parse_addresses([value], [])
    assert [a.email for a in found] == [f"{local}@{domain}" for _, local, domain in people]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_address_parsing_never_raises(value: str) -> None:
    warnings: list[str] = []
    for address in parse_addresses([value], warnings):
        assert address.email == address.email.casefold()


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=40))
def test_nesting_depth_costs_one_pass(depth: int, parts: int) -> None:
    """However deep the multiparts, the innermost text is read while the parts bound allows."""
    raw = b"From: a@b.c\nContent-Type: multipart/mixed; boundary=b0\n\n"
    raw += b"".join(
        b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1) for i in range(depth)
    )
    raw += b"--b%d\nContent-Type: text/plain\n\ninnermost\n--b%d--\n" % (depth, depth)
    record = parse_message(raw, source="x", offset=0, limits=MailLimits(max_parts=parts))
    if depth + 2 <= parts:
        assert record.body == "innermost"
    else:
        assert any("MIME parts" in w for w in record.warnings)


# The faster comparison and HTML conversion (case-folding and link removal once per text,
# str.translate for white space) against their plain definitions, on texts that mix links,
# cid: references, odd white space, case and entities. Pieces are joined by a space: a link
# glued to a word ("awww.example") is the one place where the two may differ, harmlessly.
_PIECE = st.sampled_from(
    [
        "Word", "word", "WORD", "Straße", "STRASSE", " ", "  ", "\t", "\u00a0", "\n", "\n\n\n",
        "http://x.example/a?b=1", "HTTPS://Y.example", "mailto:a@b.example", "[cid:img.png@1]",
        "[cid:broken", "www.site.example", "<", ">", "ftp:", "cid:x", ":", "-",
        "&amp;", "&nbsp;", "<p>", "</div>", "<br>", "<blockquote>", "</blockquote>", "<li>",
    ]
)  # fmt: skip
_MIXED = st.lists(_PIECE, max_size=40).map(" ".join)
_PLAIN_LINK = re.compile(
    r"<?\b(?:https?|ftp|mailto|cid):[^\s<>\]]*>?|\[cid:[^\]\n]*\]|\bwww\.[^\s<>]+", re.I
)


def _plain_uncovered(extra: str, reference: str) -> str:
    """uncovered_lines by its definition: line by line, on texts of a few lines."""

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", _PLAIN_LINK.sub(" ", text.casefold()))

    joined = " " + " ".join(words(reference)) + " "
    lines = [(line, words(line)) for line in extra.split("\n")]
    kept = [line for line, found in lines if found and f" {' '.join(found)} " not in joined]
    return "\n".join(kept).strip("\n")


@settings(max_examples=400, deadline=None)
@given(_MIXED, _MIXED)
def test_the_fast_comparison_keeps_what_its_definition_keeps(extra: str, reference: str) -> None:
    assert uncovered_lines(extra, reference) == _plain_uncovered(extra, reference)


@settings(max_examples=400, deadline=None)
@given(_MIXED)
def test_html_white_space_is_collapsed_to_single_spaces_and_lines(markup: str) -> None:
    text = html_to_text(markup)
    assert "  " not in text and "\t" not in text and "\u00a0" not in text
    assert "\n\n\n" not in text
    assert all(line == line.strip() for line in text.split("\n"))
    assert text == text.strip()


def _split_one_character_at_a_time(value: str) -> list[str]:
    """The splitter as first written, looking at every character: the reference for the one
    that jumps between the characters that matter."""
    items: list[str] = []
    depth_angle = depth_paren = 0
    quoted = escaped = False
    start = 0
    for index, char in enumerate(value):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == "(":
            depth_paren += 1
        elif char == ")":
            depth_paren = max(0, depth_paren - 1)
        elif char == "<":
            depth_angle += 1
        elif char == ">":
            depth_angle = max(0, depth_angle - 1)
        elif char == "," and not depth_angle and not depth_paren:
            items.append(value[start:index])
            start = index + 1
    items.append(value[start:])
    return [item for item in items if item.strip()]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from('ab @,"\\()<>\n\u00e9'), max_size=60) | st.text(max_size=120))
def test_the_address_splitter_agrees_with_the_one_character_at_a_time_reference(
    value: str,
) -> None:
    assert split_address_list(value) == _split_one_character_at_a_time(value)
