"""plaingb gives exactly libphonenumber's matcher's answer wherever it answers (differential)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from phonenumbers import Leniency, PhoneNumber, PhoneNumberMatcher

from saferpractice.detect import phones, plaingb


def _matcher(segment: str) -> list[tuple[int, str, object]]:
    found = PhoneNumberMatcher(segment, "GB", leniency=Leniency.POSSIBLE)
    return [(m.start, m.raw_string, m.number) for m in found]


def _same(segment: str) -> None:
    fast = plaingb.match(segment)
    if fast is not None:
        offset, raw, nsn = fast
        number = PhoneNumber(country_code=44, national_number=int(nsn))
        assert str(number.national_number) == nsn
        assert _matcher(segment) == [(offset, raw, number)], segment
        for international in (True, False):
            assert phones.judge_gb(nsn, international) == phones.judge(number, international)
        assert phones.e164(number) == "+44" + nsn
    assert phones._segment_matches(segment, 7) == phones._matches(segment, 7), segment


@pytest.mark.parametrize(
    "segment",
    [
        "07700 900123",
        "07700900123",
        " on 07700 900123",
        "e on 07700-900-123.",
        "0161 496 0000",
        "0161.496.0000",
        "(0161) 496 0000",
        "(01632)960123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)161 496 0000",
        "+44(0)20 7946 0000",
        "+44 07700 900123",
        "0044 7700 900123",
        "00 44 7700 900123",
        "020 7946 0018 ext",
        "tel: 01632 960 123;",
    ],
)
def test_the_common_ways_of_writing_a_gb_number_take_the_fast_path(segment: str) -> None:
    assert plaingb.match(segment) is not None
    _same(segment)


@pytest.mark.parametrize(
    "segment",
    [
        "2024-01-15 0161 496 0000",  # digits before the number
        "07700 900123 or 07700 900124",  # two numbers
        "07700 900123 x12",  # an extension
        "07700 900 12",  # last group of two digits (time-stamp shape)
        "0207 946 0000/1",  # a slash
        "+33 6 12 34 56 78",  # not +44
        "+44 1800201234",  # GB's other national prefix for parsing
        "0123",  # too short
        "077009001234",  # national number of eleven digits
        "\uff10\uff17\uff17\uff10\uff10 900123",  # full-width digits
        "07700\u00a0900123",  # a no-break space
        "[07700 900123]",
        "(+44) 7700 900123",
    ],
)
def test_anything_else_is_left_to_the_matcher(segment: str) -> None:
    assert plaingb.match(segment) is None
    _same(segment)


_NATIONAL = st.one_of(
    st.tuples(
        st.sampled_from(["7700900", "1614960", "2079460", "1632960", "7911", "7624", "800", "1"]),
        st.text("0123456789", max_size=6),
    ).map("".join),
    st.text("0123456789", min_size=1, max_size=13),
)
_PREFIX = st.sampled_from(
    [
        *["0", "+44 ", "+44", "+44 (0)", "+44(0)", "+44 (0) ", "0044 ", "0044", "00 44 ", "00"],
        *["+44 0", "(0", "+33 ", "", "+", "＋44 ", "(+44) ", "+44-", "+4 4", "0 "],
        *["+44 (0 )", "０"],
    ]
)
_SEPARATORS = st.sampled_from(
    [" ", " ", "-", ".", "", "", "  ", "\u00a0", "/", "\u2013", ",", "x", " - ", ". ", "\t", ")"]
)
_NOISE = st.lists(
    st.sampled_from(
        [*"abcdeflnotx :;.,-()[]+#/\n'\"", "ext", "\u00a0", "\u0663", "\uff10", "7", "0"]
    ),
    max_size=6,
).map("".join)


@st.composite
def _written_numbers(
    draw: st.DrawFn,
    prefixes: st.SearchStrategy[str] = _PREFIX,
    nationals: st.SearchStrategy[str] = _NATIONAL,
    separators: st.SearchStrategy[str] = _SEPARATORS,
) -> str:
    prefix = draw(prefixes)
    digits = draw(nationals)
    out = prefix
    position = 0
    while position < len(digits):
        step = draw(st.integers(1, 5))
        out += digits[position : position + step]
        position += step
        if position < len(digits):
            out += draw(separators)
    if prefix == "(0" and draw(st.booleans()):
        out = out.replace(" ", ") ", 1)
    return out


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOISE, _written_numbers(), _NOISE)
@example("on ", "07700 900123", ".")
@example("", "+44 (0)161 496 0000", "")
@example("", "(01632) 960123", " ext")
@example("", "0044 20 7946 0000", "")
@example("", "+44 1800 201 234", "")
def test_plaingb_equals_the_matcher_on_written_numbers(
    before: str, number: str, after: str
) -> None:
    _same(before + number + after)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.sampled_from(list("0123456789 +-.()[]/x#,\u00a0\uff10\u0663")), max_size=30)
)
def test_plaingb_equals_the_matcher_on_digit_soup(segment: str) -> None:
    _same(segment)


@pytest.mark.parametrize(
    "segment",
    [
        "0" * 40,
        "0" + "7" * 200,
        "(" * 50 + "07700 900123",
        "07700 900123" + ")" * 50,
        "\x00 07700 900123 \x00",
        "+" * 30 + "44 7700 900123",
        " ".join("07700") + " 900123",
        "0" + "-1" * 40,
    ],
)
def test_hostile_segments(segment: str) -> None:
    _same(segment)


# Numbers written the plain ways, with letters and punctuation around them: most of these
# take the fast path, so its answers are compared many times.
_PLAIN = _written_numbers(
    st.sampled_from(["0", "+44 ", "+44", "+44 (0)", "+44(0)", "0044 ", "(0", "+44 0", "00 44 "]),
    st.one_of(
        _NATIONAL,
        *[
            st.tuples(
                st.sampled_from("123456789"), st.text("0123456789", min_size=8, max_size=9)
            ).map("".join)
        ]
        * 3,
    ),
    st.sampled_from([" ", "-", ".", "", ""]),
)
_TEXT_AROUND = st.text(
    alphabet=st.sampled_from(list("abcdefxt :;.,-)]/#\n'\"\u00e9\u00a0")), max_size=5
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT_AROUND, _PLAIN, _TEXT_AROUND)
def test_plaingb_equals_the_matcher_on_plainly_written_numbers(
    before: str, number: str, after: str
) -> None:
    _same(before + number + after)
