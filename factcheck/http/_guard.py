"""The private-address guard: no request reaches a non-public address unless it is allowed.

After DNS resolution (:data:`~factcheck.http.Resolver`, replaceable in tests), private, loopback,
link-local, reserved, multicast, unspecified, CGNAT, IPv4-mapped/embedded private and metadata
addresses are refused unless the origin or a CIDR is in ``http.allow_private``. The client checks
every redirect hop. DNS is resolved here and again by the connection, so a rebinding DNS server
could still race the check: the guard stops user-supplied URLs and redirects into private space,
not a hostile resolver.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import httpx

from factcheck.config import AllowedOrigin
from factcheck.errors import BlockedAddressError, ConnectError
from factcheck.http._models import Resolver, _default_port

__all__ = ["AddressGuard", "is_blocked_address"]

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_METADATA = ipaddress.ip_address("169.254.169.254")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_blocked_address(address: str) -> bool:
    """Return True for an address the guard refuses (anything not globally routable unicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and is_blocked_address(str(inner)):
            return True
    return (
        ip == _METADATA
        or not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT)
    )


def _is_allowed(url: httpx.URL, address: str, allow: list[AllowedOrigin]) -> bool:
    scheme = url.scheme.lower()
    port = url.port or _default_port(scheme) or 0
    return any(entry.allows(scheme, url.host, port, address) for entry in allow)


def _default_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


class AddressGuard:
    """Resolve a URL's host (cached per host) and refuse it when an address is not public.

    ``resolver`` replaces DNS (blocking; run in a thread); ``allow`` lists the origins and CIDRs
    let through anyway.
    """

    def __init__(self, resolver: Resolver | None, allow: list[AllowedOrigin]) -> None:
        self._resolver: Resolver = resolver or _default_resolver
        self._resolved: dict[str, list[str]] = {}
        self._allow = allow

    async def check(self, url: httpx.URL, fetcher: str | None) -> None:
        """Raise :class:`BlockedAddressError` (or :class:`ConnectError` when DNS fails)."""
        host = url.host.lower()
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            addresses = [host]
        except ValueError:
            addresses = self._resolved.get(host, [])
            if not addresses:
                try:
                    addresses = await asyncio.to_thread(self._resolver, host)
                except (OSError, UnicodeError) as exc:
                    raise ConnectError(
                        f"cannot resolve {host}: {exc}", url=str(url), fetcher=fetcher
                    ) from exc
                if not addresses:
                    raise ConnectError(f"{host} resolves to no address", url=str(url)) from None
                self._resolved[host] = addresses
        allow = self._allow
        for address in addresses:
            try:
                blocked = is_blocked_address(address)
            except ValueError as exc:
                raise ConnectError(
                    f"resolver gave a bad address {address!r}", url=str(url)
                ) from exc
            if blocked and not _is_allowed(url, address, allow):
                port = url.port or _default_port(url.scheme)
                raise BlockedAddressError(
                    f"{host} resolves to {address}, a private/loopback/link-local/reserved "
                    f'address (allow it with http.allow_private = ["{host}:{port}"])',
                    url=str(url),
                    fetcher=fetcher,
                )
