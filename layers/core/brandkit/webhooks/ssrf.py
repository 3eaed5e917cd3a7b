"""SSRF guard for webhook targets: parse strictly, resolve once, refuse internal addresses, pin the IP.

The caller connects to `PinnedTarget.ip` and sends the original host in the Host header and
as TLS SNI, so a DNS answer that changes between check and connect (rebinding) cannot steer
the request elsewhere.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from brandkit.netloc import url_host

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., Sequence[tuple[Any, ...]]]  # socket.getaddrinfo's signature

_SHARED_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_DEFAULT_PORTS = {"https": 443, "http": 80}
# A DNS name as it may appear in a URL: LDH labels, optional trailing dot.
_HOSTNAME = re.compile(
    r"^(?=.{1,253}\.?$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$"
)
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x20\\\x7f]")


class TargetRefused(ValueError):
    """The URL may not receive webhooks; the message says why (safe to show to the endpoint's owner)."""


@dataclass(frozen=True)
class PinnedTarget:
    scheme: str
    host: str  # the name from the URL: Host header and SNI
    port: int
    ip: str  # the one address the connection must go to
    path: str  # path and query, never empty

    @property
    def connect_url(self) -> str:
        return f"{self.scheme}://{url_host(self.ip)}:{self.port}{self.path}"

    @property
    def host_header(self) -> str:
        name = url_host(self.host)
        return name if self.port == _DEFAULT_PORTS[self.scheme] else f"{name}:{self.port}"


def refusal(ip: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why `ip` may not receive webhooks, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        for embedded, form in _embedded_ipv4(ip):
            reason = refusal(embedded, allow_loopback=allow_loopback)
            if reason:
                return f"{form} of {embedded}: {reason}"
    if ip.is_loopback:
        return None if allow_loopback else "loopback address"
    checks = (
        (ip.is_unspecified, "unspecified address"),
        (ip.is_link_local, "link-local address"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_CGNAT, "carrier-grade NAT address"),
        (isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("fc00::/7"), "IPv6 unique-local address"),
        (ip.is_private, "private address"),
        (ip.is_multicast, "multicast address"),
        (ip.is_reserved, "reserved address"),
        (not ip.is_global, "non-global address"),
    )
    return next((reason for hit, reason in checks if hit), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[ipaddress.IPv4Address, str]]:
    found = []
    if ip.ipv4_mapped:
        found.append((ip.ipv4_mapped, "IPv4-mapped form"))
    if ip.sixtofour:
        found.append((ip.sixtofour, "6to4 form"))
    if ip.teredo:
        found.extend((v4, "Teredo form") for v4 in ip.teredo)
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        found.append((ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "IPv4-embedding form"))
    return found


def _literal(host: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        if getattr(address, "scope_id", None):
            raise TargetRefused("IPv6 zone ids are not allowed")
        return address
    try:  # decimal, octal, hex and short IPv4 forms that resolvers (inet_aton) would accept
        packed = socket.inet_aton(host)
    except OSError:
        return None
    raise TargetRefused(
        f"ambiguous IPv4 form {host!r} (means {ipaddress.IPv4Address(packed)}); write the address plainly"
    )


def resolve_target(
    url: str, allow_insecure_local: bool = False, *, resolver: Resolver = socket.getaddrinfo
) -> PinnedTarget:
    """Check `url` and resolve its host once; raise TargetRefused unless every address is acceptable.

    allow_insecure_local (development only) admits loopback receivers and plain http to them.
    """
    if _FORBIDDEN_CHARS.search(url):
        raise TargetRefused("whitespace, control characters and backslashes are not allowed in URLs")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise TargetRefused("only https URLs can receive webhooks")
    if scheme == "http" and not allow_insecure_local:
        raise TargetRefused("only https URLs can receive webhooks (http only to loopback in local development)")
    if "@" in parts.netloc:
        raise TargetRefused("credentials (userinfo) are not allowed in webhook URLs")
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError as exc:
        raise TargetRefused(f"bad port: {exc}") from None
    host = (parts.hostname or "").rstrip(".")  # urlsplit lowercases and strips IPv6 brackets
    if not host:
        raise TargetRefused("the URL has no host")
    literal = _literal(host)
    if literal is None:
        host = _idna(host)
        if not _HOSTNAME.match(host) or host.rsplit(".", 1)[-1].isdigit():
            raise TargetRefused(f"{host!r} is not a valid host name")
    addresses = [literal] if literal is not None else _resolve(host, port, resolver)
    for address in addresses:
        reason = refusal(address, allow_loopback=allow_insecure_local)
        if reason:
            raise TargetRefused(f"{address}: {reason}" if literal is not None else f"{host} -> {address}: {reason}")
    pinned = addresses[0]
    if scheme == "http" and not pinned.is_loopback:
        raise TargetRefused("plain http is allowed only to loopback receivers")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return PinnedTarget(scheme=scheme, host=host, port=port, ip=str(pinned), path=path)


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise TargetRefused(f"{host!r} is not a valid host name") from None


def _resolve(host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    try:
        infos = resolver(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise TargetRefused(f"{host} does not resolve: {exc}") from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])  # drop an IPv6 zone id
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise TargetRefused(f"{host} does not resolve")
    return addresses
