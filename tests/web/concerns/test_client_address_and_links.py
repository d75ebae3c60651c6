"""The council page behind a reverse proxy (X-Forwarded-For believed only from configured
proxies), and its resources shown as safe links."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.web.common.client import client_address
from saferpractice.web.concerns.models import Concern
from saferpractice.web.concerns.templatetags.council_links import resource_link, safe_href

PROXY = ["10.0.0.5", "192.0.2.0/28"]


def _address(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert _address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_from_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client() -> None:
    assert _address("10.0.0.5", "198.51.100.7") == "198.51.100.7"
    # the client wrote a fake address first; proxies appended the real hops after it
    assert _address("10.0.0.5", "1.2.3.4, 198.51.100.7, 192.0.2.3") == "198.51.100.7"
    assert _address("10.0.0.5", "[2001:db8::7]:4711") == "2001:db8::7"
    assert _address("::ffff:10.0.0.5", "198.51.100.8:80") == "198.51.100.8"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_a_header_from_anyone_else_or_a_garbled_one_is_not_believed() -> None:
    assert _address("203.0.113.9", "198.51.100.1") == "203.0.113.9"  # not our proxy
    assert _address("10.0.0.5", "not-an-address") == "10.0.0.5"
    assert _address("10.0.0.5", "") == "10.0.0.5"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["10.0.0.5", "203.0.113.9", "", "junk"]))
def test_any_header_gives_an_address_or_nothing_and_never_raises(header: str, peer: str) -> None:
    with override_settings(TRUSTED_PROXIES=PROXY):
        found = _address(peer, header)
    assert found == "" or ":" in found or found.count(".") == 3


def _council(school: Any) -> str:
    return reverse("concerns:council", kwargs={"school": school.slug})


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_proxy_each_visitor_has_their_own_limit(school: Any) -> None:
    data = {"reporter_kind": "pupil", "text": "worry"}
    first = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    codes = [first.post(_council(school), data).status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    assert second.post(_council(school), data).status_code == 302  # not blocked by the first
    assert Concern.objects.count() == 6


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[])
def test_without_a_trusted_proxy_a_forged_header_does_not_dodge_the_limit(school: Any) -> None:
    data = {"reporter_kind": "pupil", "text": "worry"}
    codes = [
        Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").post(_council(school), data).status_code
        for n in range(6)
    ]
    assert codes == [302] * 5 + [429]


@pytest.mark.django_db
def test_the_council_resources_are_links_that_cannot_reach_back(school: Any) -> None:
    html = Client().get(_council(school)).content.decode()
    assert 'rel="noopener noreferrer"' in html
    assert '<a href="http://www.ico.gov.uk/Global/Search.aspx?collection=ico&amp;' in html
    assert "(www.ico.gov.uk)" in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "https://user:pass@evil.example/",
        "https://exa\u202emple.com/",
        "https://example.com/ x",
        "http:/\\evil.example",
        "vbscript:x",
        "",
    ],
)
def test_unsafe_addresses_are_never_links(url: str) -> None:
    assert safe_href(url) is None
    shown = str(resource_link(SimpleNamespace(title="<b>Help</b>", url=url)))
    assert "<a " not in shown and "<b>" not in shown and "\u202e" not in shown


def test_a_safe_address_is_an_escaped_link() -> None:
    shown = str(
        resource_link(SimpleNamespace(title="A & B", url='https://example.org/a?b=1&c="x"'))
    )
    assert shown.startswith('<a href="https://example.org/a?b=1&amp;c=&quot;x&quot;"')
    assert 'rel="noopener noreferrer">A &amp; B</a>' in shown
