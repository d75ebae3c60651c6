"""Whatever a detector emits equals what `identity` makes of the same text.

The detectors (detect/links.py, detect/handles.py, detect/phones.py) and the school folder
(school/registers.py, through identity's `normalise_*`) must agree on one canonical form per
identifier, or a recorded account never matches its mention in evidence (issue 11 item 1).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.detect import ContactDetector, ContactMatch
from saferpractice.detect.handles import CUE_WORDS
from saferpractice.identity import (
    PLATFORM_ALIASES,
    canonical_email,
    canonical_handle,
    canonical_phone,
    canonical_url,
    normalise_email,
    normalise_phone,
    normalise_website,
    parse_social,
)

DETECTOR = ContactDetector()

_word = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8
)
_handle = st.from_regex(r"[A-Za-z][A-Za-z0-9_.]{1,12}[A-Za-z0-9]", fullmatch=True)
_tld = st.sampled_from(["com", "org", "co.uk", "sch.uk", "net", "io", "uk"])
_domain = st.builds(lambda a, t: f"{a}.{t}", _word, _tld)
_path = st.lists(st.from_regex(r"[A-Za-z0-9_\-]{1,8}", fullmatch=True), max_size=3)
_url = st.builds(
    lambda scheme, www, dom, path, slash: (
        f"{scheme}{www}{dom}" + "".join(f"/{p}" for p in path) + ("/" if slash else "")
    ),
    st.sampled_from(["", "http://", "https://", "HTTPS://"]),
    st.sampled_from(["", "www.", "WWW."]),
    _domain,
    _path,
    st.booleans(),
)
_email = st.builds(lambda local, dom: f"{local}@{dom}", _handle, _domain)
_obfuscated_email = st.builds(
    lambda local, provider, tld: f"{local} at {provider} dot {tld}",
    _handle,
    st.sampled_from(["gmail", "Hotmail", "outlook"]),
    st.sampled_from(["com", "co dot uk"]),
)
_phone = st.sampled_from(
    [
        "07700 900123",
        "07700900456",
        "+44 7700 900789",
        "+44 (0)7700 900321",
        "0161 496 0123",
        "(0161) 496 0999",
        "020 7946 0123",
        "07911 123456",
        "0800 123 4567",
        "+1 650 253 0000",
        "0 7 7 0 0 9 0 0 1 2 3",
        "oh seven seven oh oh nine oh oh one two three",
    ]
)
_cue = st.sampled_from(CUE_WORDS).map(lambda w: w.upper() if len(w) < 4 else w.title())
_handle_phrase = st.builds(
    lambda form, cue, at, handle: form.format(cue=cue, at=at, handle=handle),
    st.sampled_from(
        ["my {cue} is {at}{handle}.", "add me on {cue} {at}{handle}", "{cue}: {at}{handle}"]
    ),
    _cue,
    st.sampled_from(["", "@"]),
    _handle,
)
_piece = st.one_of(_url, _email, _obfuscated_email, _phone, _handle_phrase, _word)
_texts = st.lists(_piece, min_size=1, max_size=5).map(" ... ".join)


def _check(match: ContactMatch) -> None:
    if match.kind == "email":
        source = match.value if match.obfuscated else match.text
        assert match.value == canonical_email(source)
        assert normalise_email(match.value) in (None, match.value)
    elif match.kind == "url":
        assert match.value == canonical_url(match.text)
        assert normalise_website(match.value) in (None, match.value)
    elif match.kind == "phone":
        source = match.value if match.obfuscated else match.text
        assert match.value == canonical_phone(source)
        assert normalise_phone(match.value) in (None, match.value)
    else:
        platform, _, handle = match.value.partition(":")
        assert match.value == canonical_handle(platform, match.text)
        assert match.value == canonical_handle(platform, handle)


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_every_detected_value_is_identitys_canonical_form(text: str) -> None:
    for match in DETECTOR.find(text):
        _check(match)


@pytest.mark.parametrize(
    ("text", "recorded"),
    [
        ("my sc is jess_x", "snapchat:jess_x"),
        ("add me on gram @Jess.Bakes", "instagram:jess.bakes"),
        ("my twitter is @PatSmith_", "x:patsmith_"),
        ("my tik tok is jess99", "tiktok:jess99"),
    ],
)
def test_a_detected_handle_matches_the_register_cell(text: str, recorded: str) -> None:
    """The drifts of issue 11: `sc:jess_x` in accounts.csv never matched a detected
    `snapchat:jess_x`, and a detected twitter handle never matched a recorded `x:` one."""
    (match,) = [m for m in DETECTOR.find(text) if m.kind == "handle"]
    assert match.value == recorded
    platform, handle = parse_social(recorded.replace("snapchat", "sc").replace("x:", "twitter:"))
    assert f"{platform}:{handle}" == match.value


def test_a_recorded_website_path_matches_its_mention_in_any_case() -> None:
    (match,) = DETECTOR.find("see www.example.org/PatSmith for my cakes")
    assert match.value == normalise_website("https://www.example.org/PatSmith/")


def test_every_cue_word_is_a_platform_alias() -> None:
    assert set(CUE_WORDS) <= set(PLATFORM_ALIASES)
