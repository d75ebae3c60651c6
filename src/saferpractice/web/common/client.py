"""The visitor's address, believing `X-Forwarded-For` only from the office's own proxies.

Behind a reverse proxy (or a school's NAT gateway with a proxy in front of the office) every
request arrives from the proxy's address, so keying a rate limit on REMOTE_ADDR would put
every visitor in one bucket. But the header is written by the client unless a proxy
replaces it, so it is believed only when the request came from a proxy named in
settings.TRUSTED_PROXIES (SAFERPRACTICE_TRUSTED_PROXIES). The header is then read from the
right: each hop a trusted proxy added is skipped, and the first address not of a trusted
proxy is the client. Anything the client wrote further left is never used.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    from django.core.exceptions import ImproperlyConfigured

    found: list[Network] = []
    for entry in entries:
        try:
            found.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"SAFERPRACTICE_TRUSTED_PROXIES: {entry!r} is not an address or network"
            ) from error
    return tuple(found)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    if address is None:
        return False
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The client's address as the office may believe it (an empty string if unknown)."""
    peer = _address(str(request.META.get("REMOTE_ADDR", "")))
    if not _trusted(peer):
        return str(peer) if peer is not None else ""
    hops = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))[:2000].split(",")
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a garbled hop: stop at the last proxy we trust
        client = address
        if not _trusted(address):
            break
    return str(client) if client is not None else ""
