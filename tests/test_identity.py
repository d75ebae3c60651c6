"""The shared normalisers: examples from real UK usage, and hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferpractice.identity import (
    DRAMA_PREFIXES,
    canonical_handle,
    is_drama_number,
    normalise_email,
    normalise_handle,
    normalise_phone,
    normalise_platform,
    normalise_url_host,
    normalise_website,
    parse_social,
    split_multi,
    website_keys,
)

# -- phone numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07911 123456", "+447911123456"),
        ("07911123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("+44 (0)7911 123456", "+447911123456"),
        ("07911.123.456", "+447911123456"),
        ("(0161) 234 5678", "+441612345678"),
        ("0161-234-5678", "+441612345678"),
        ("020 7946 0123", "+442079460123"),
        ("tel:+441612345678", "+441612345678"),
        ("+1 650 253 0000", "+16502530000"),
        ("0800 123 4567", "+448001234567"),
    ],
)
def test_phone_formats_normalise_to_e164(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900456", "+447700900456"),
        ("01632 960123", "+441632960123"),
        ("0161 496 0000", "+441614960000"),
    ],
)
def test_drama_ranges_are_accepted_deliberately(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected
    assert is_drama_number(expected)


@pytest.mark.parametrize(
    "text",
    ["", "999", "12345", "07700 90012", "0800 FLOWERS", "07911123456789", "call me", "+", "++44"],
)
def test_not_phone_numbers(text: str) -> None:
    assert normalise_phone(text) is None


def test_other_regions_need_a_plus_but_region_can_be_chosen() -> None:
    assert normalise_phone("650 253 0000") is None
    assert normalise_phone("650 253 0000", region="US") == "+16502530000"


drama_numbers = st.builds(
    lambda prefix, tail: "+44" + prefix + f"{tail:03d}",
    st.sampled_from(DRAMA_PREFIXES),
    st.integers(0, 999),
)


def _national_forms(e164: str) -> list[str]:
    national = "0" + e164[3:]
    return [
        national,
        f"{national[:5]} {national[5:]}",
        f"+44 {e164[3:]}",
        f"+44 (0){e164[3:]}",
        ".".join([national[:5], national[5:8], national[8:]]),
        f"({national[:5]}) {national[5:]}",
        f"  {national}  ",
    ]


@given(drama_numbers)
def test_every_written_form_of_a_number_gives_the_same_e164(e164: str) -> None:
    assert {normalise_phone(form) for form in _national_forms(e164)} == {e164}


@given(st.text(max_size=60))
def test_phone_normalisation_never_raises_and_is_idempotent(text: str) -> None:
    result = normalise_phone(text)
    if result is not None:
        assert result.startswith("+")
        assert normalise_phone(result) == result


# -- email addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pat.Smith@Example.COM", "pat.smith@example.com"),
        ("  pat@heatonlane.sch.uk ", "pat@heatonlane.sch.uk"),
        ("<pat@example.org>", "pat@example.org"),
        ("mailto:Pat@Example.org", "pat@example.org"),
        ("pat+school@example.co.uk", "pat+school@example.co.uk"),
    ],
)
def test_emails_are_case_folded(text: str, expected: str) -> None:
    assert normalise_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "pat",
        "pat@",
        "@example.com",
        "pat@example",
        "pat@@example.com",
        "pat smith@x.com",
        "pat@-x.com",
        ".pat@example.com",
        "pa..t@example.com",
        "pat@1.2.3.4",
    ],
)
def test_not_emails(text: str) -> None:
    assert normalise_email(text) is None


@given(st.text(max_size=60))
def test_email_normalisation_never_raises_and_is_idempotent(text: str) -> None:
    result = normalise_email(text)
    if result is not None:
        assert normalise_email(result) == result
        assert result == result.casefold()


@given(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,20}", fullmatch=True),
    st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}[A-Za-z0-9]\.(sch\.uk|com|org)", fullmatch=True),
)
def test_generated_addresses_fold_to_lower_case(local: str, domain: str) -> None:
    if ".." in local or local.endswith("."):
        return
    assert normalise_email(f"{local}@{domain}") == f"{local}@{domain}".casefold()


# -- social handles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("instagram:@Pat.Smith", ("instagram", "pat.smith")),
        ("insta:pat.smith", ("instagram", "pat.smith")),
        ("IG: @pat.smith ", ("instagram", "pat.smith")),
        ("twitter:@HeatonLane_DSL", ("x", "heatonlane_dsl")),
        ("x:heatonlane_dsl", ("x", "heatonlane_dsl")),
        ("fb:Sarah.Clarke.77", ("facebook", "sarah.clarke.77")),
        ("facebook:https://www.facebook.com/sarah.clarke.77", ("facebook", "sarah.clarke.77")),
        ("facebook:https://facebook.com/profile.php?id=100012345", ("facebook", "100012345")),
        ("snap:Jess-X", ("snapchat", "jess-x")),
        ("tiktok:@Isla.B", ("tiktok", "isla.b")),
        ("https://www.instagram.com/pat.smith/", ("instagram", "pat.smith")),
        ("https://twitter.com/HeatonLane", ("x", "heatonlane")),
        ("discord:Pat Smith#1234", ("discord", "patsmith#1234")),
    ],
)
def test_parse_social(value: str, expected: tuple[str, str]) -> None:
    assert parse_social(value) == expected


@pytest.mark.parametrize("value", ["pat.smith", "instagram:", "instagram:@", ":pat", "in sta:pat"])
def test_parse_social_rejects_cells_without_platform_or_handle(value: str) -> None:
    with pytest.raises(ValueError):
        parse_social(value)


def test_canonical_handle_and_aliases() -> None:
    assert canonical_handle("insta", "@Pat.Smith") == "instagram:pat.smith"
    assert canonical_handle("Twitter", "@Pat") == canonical_handle("x", "pat")
    assert normalise_platform("Snap") == "snapchat"
    assert normalise_handle("instagram", "instagram.com/pat.smith") == "pat.smith"


handles = st.from_regex(r"[A-Za-z0-9._]{1,20}", fullmatch=True)
platforms = st.sampled_from(["instagram", "insta", "ig", "x", "twitter", "tiktok", "snap", "fb"])


@given(platforms, handles, st.booleans())
def test_social_cells_round_trip_through_the_canonical_form(
    platform: str, handle: str, at: bool
) -> None:
    try:
        parsed = parse_social(f"{platform}:{'@' if at else ''}{handle}")
    except ValueError:
        return  # nothing usable for that platform (e.g. only dots on X)
    assert parse_social(f"{parsed[0]}:{parsed[1]}") == parsed
    assert canonical_handle(platform, handle) == f"{parsed[0]}:{parsed[1]}"


@given(st.text(max_size=40), st.text(max_size=40))
def test_handle_normalisation_never_raises_and_is_idempotent(platform: str, handle: str) -> None:
    once = normalise_handle(platform, handle)
    assert normalise_handle(platform, once) == once


# -- web addresses and cells -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "host", "site"),
    [
        ("https://WWW.Example.org:8080/x/", "example.org", "example.org/x"),
        ("www.heatonlane.sch.uk", "heatonlane.sch.uk", "heatonlane.sch.uk"),
        (
            "http://sites.google.com/view/pat?x=1#top",
            "sites.google.com",
            "sites.google.com/view/pat",
        ),
    ],
)
def test_url_host_and_website(url: str, host: str, site: str) -> None:
    assert normalise_url_host(url) == host
    assert normalise_website(url) == site


def test_not_websites() -> None:
    assert normalise_website("not a site") is None
    assert normalise_website("") is None
    assert normalise_url_host("") == ""


def test_website_keys_go_from_most_to_least_specific() -> None:
    assert website_keys("https://blog.pat.example.org/a/b?q=1") == [
        "blog.pat.example.org/a/b",
        "blog.pat.example.org/a",
        "blog.pat.example.org",
        "pat.example.org",
        "example.org",
    ]


@given(st.text(max_size=80))
def test_website_normalisation_never_raises_and_is_idempotent(url: str) -> None:
    site = normalise_website(url)
    if site is not None:
        assert normalise_website(site) == site


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=";"), min_size=1), max_size=6))
def test_split_multi_inverts_joining(items: list[str]) -> None:
    expected = [item.strip() for item in items if item.strip()]
    assert split_multi(";".join(items)) == expected
