"""The compiled +44 metadata gives exactly phonenumbers' answers (differential tests)."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumber, PhoneNumberType

from saferpractice.detect import gbnumbers
from saferpractice.detect.phones import _judge_uncached, judge_with_phonenumbers

# Ofcom's drama ranges (national significant numbers without the trunk 0), as prefixes.
_DRAMA = [
    "7700900",
    "1134960",
    "1144960",
    "1154960",
    "1164960",
    "1174960",
    "1184960",
    "1214960",
    "1314960",
    "1414960",
    "1514960",
    "1614960",
    "1914980",
    "2079460",
    "2890180",
    "29218",
    "1632960",
    "3069990",
    "8081570909",
    "9098790",
]


def _national_numbers() -> st.SearchStrategy[str]:
    any_prefix = st.tuples(st.sampled_from("0123456789"), st.text("0123456789", max_size=12))
    drama = st.tuples(st.sampled_from(_DRAMA), st.text("0123456789", max_size=6))
    gb_prefix = st.tuples(
        st.sampled_from(
            [
                "1",
                "2",
                "3",
                "5",
                "7",
                "8",
                "9",
                "70",
                "74576",
                "7624",
                "7781",
                "7839",
                "7911",
                "7700",
                "1481",
                "1534",
                "1624",
                "800",
                "845",
                "870",
                "871",
                "909",
                "55",
                "56",
                "76",
                "3",
            ]
        ),
        st.text("0123456789", min_size=2, max_size=10),
    )
    return (
        st.one_of(any_prefix, drama, gb_prefix)
        .map("".join)
        .filter(lambda s: s != "" and s.lstrip("0") != "")
    )


def _number(nsn: str) -> PhoneNumber:
    return PhoneNumber(country_code=44, national_number=int(nsn))


def _assert_same(number: PhoneNumber) -> None:
    assert gbnumbers.handles(number)
    answer = gbnumbers.verdict(number)
    region = phonenumbers.region_code_for_number(number)
    assert answer.region == region
    valid = region is not None and phonenumbers.is_valid_number_for_region(number, region)
    assert answer.valid == valid
    if valid:
        assert answer.number_type == phonenumbers.number_type(number) != PhoneNumberType.UNKNOWN
    else:
        assert answer.number_type == PhoneNumberType.UNKNOWN
    assert answer.possible == phonenumbers.is_possible_number(number)
    for international in (True, False):
        assert _judge_uncached(number, international) == judge_with_phonenumbers(
            number, international
        )


@settings(max_examples=1500, deadline=None)
@given(_national_numbers())
@example("7700900123")  # drama mobile: possible, not valid
@example("7911123456")  # Guernsey mobile shares +44
@example("7624123456")  # Isle of Man, found by leading digits
@example("1614960000")  # drama Manchester
@example("8001111")  # freephone, 7 digits
@example("1234")  # too short
@example("77009001234567")  # too long
def test_compiled_metadata_equals_phonenumbers(nsn: str) -> None:
    _assert_same(_number(nsn))


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["0", "+44 ", "0044 ", "+44 (0)"]), _national_numbers())
def test_parsed_text_gets_the_same_verdict(prefix: str, nsn: str) -> None:
    try:
        number = phonenumbers.parse(prefix + nsn, "GB")
    except phonenumbers.NumberParseException:
        return
    if gbnumbers.handles(number):
        _assert_same(number)


@pytest.mark.parametrize("nsn", [str(n) for n in range(100, 1000, 7)])
def test_every_three_digit_prefix_of_a_ten_digit_number(nsn: str) -> None:
    for tail in ("0000000", "4960000", "9001234", "9999999"):
        _assert_same(_number(nsn + tail))


def test_other_country_codes_and_italian_zeros_are_left_to_phonenumbers() -> None:
    assert not gbnumbers.handles(phonenumbers.parse("+33 6 12 34 56 78", None))
    assert not gbnumbers.handles(
        PhoneNumber(country_code=44, national_number=1234, italian_leading_zero=True)
    )


@settings(max_examples=2000, deadline=None)
@given(_national_numbers())
@example("7624123456")  # Isle of Man: the region found by its leading digits
@example("7700900123")
def test_the_one_scan_walk_equals_the_walk_one_regex_at_a_time(nsn: str) -> None:
    number = _number(nsn)
    assert gbnumbers.verdict(number) == gbnumbers.reference_verdict(number)


def test_without_hyperscan_the_regex_walk_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gbnumbers, "_walk", None)
    monkeypatch.setattr(gbnumbers, "_walk_tried", True)
    for nsn in ("7700900123", "7911123456", "7624123456", "1614960000", "8001111"):
        _assert_same(_number(nsn))


def test_verdicts_from_several_threads_at_once_are_each_their_own() -> None:
    from concurrent.futures import ThreadPoolExecutor

    numbers = [
        f"{prefix}{tail:06d}"
        for prefix in ("7700", "7911", "7624", "1614")
        for tail in range(0, 600000, 1999)
    ]
    alone = [gbnumbers.verdict_nsn(nsn) for nsn in numbers]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(gbnumbers.verdict_nsn, numbers))
    assert together == alone
