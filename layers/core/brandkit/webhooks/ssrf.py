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

from brandkit.i18n import N_
from brandkit.i18n.said import Said
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
    """The URL may not receive webhooks; the message says why (safe to show to the endpoint's owner):
    str() in English (the dispatcher's log), `said.say(t)` in the reader's language (the API)."""

    def __init__(self, said: Said) -> None:
        super().__init__(str(said))
        self.said = said


def _said(message: tuple[str, str], **values: object) -> Said:
    return Said(message, values)


_KINDS = {  # what kind of address may not receive webhooks
    "loopback": N_("webhook URL", "loopback address"),
    "unspecified": N_("webhook URL", "unspecified address"),
    "link-local": N_("webhook URL", "link-local address"),
    "cgnat": N_("webhook URL", "carrier-grade NAT address"),
    "unique-local": N_("webhook URL", "IPv6 unique-local address"),
    "private": N_("webhook URL", "private address"),
    "multicast": N_("webhook URL", "multicast address"),
    "reserved": N_("webhook URL", "reserved address"),
    "non-global": N_("webhook URL", "non-global address"),
}
_INVALID_HOST = N_("webhook URL", "{host} is not a valid host name")
_FORMS = {  # how an IPv6 address embeds an IPv4 one
    "mapped": N_("webhook URL", "IPv4-mapped form"),
    "6to4": N_("webhook URL", "6to4 form"),
    "teredo": N_("webhook URL", "Teredo form"),
    "embedding": N_("webhook URL", "IPv4-embedding form"),
}


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


def refusal(ip: IPAddress, *, allow_loopback: bool = False) -> Said | None:
    """Why `ip` may not receive webhooks, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        for embedded, form in _embedded_ipv4(ip):
            reason = refusal(embedded, allow_loopback=allow_loopback)
            if reason:
                return _said(N_("webhook URL", "{form} of {address}: {reason}"), form=_said(_FORMS[form]),
                             address=embedded, reason=reason)
    if ip.is_loopback:
        return None if allow_loopback else _said(_KINDS["loopback"])
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_link_local, "link-local"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_CGNAT, "cgnat"),
        (isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("fc00::/7"), "unique-local"),
        (ip.is_private, "private"),
        (ip.is_multicast, "multicast"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "non-global"),
    )
    return next((_said(_KINDS[kind]) for hit, kind in checks if hit), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[ipaddress.IPv4Address, str]]:
    found = []
    if ip.ipv4_mapped:
        found.append((ip.ipv4_mapped, "mapped"))
    if ip.sixtofour:
        found.append((ip.sixtofour, "6to4"))
    if ip.teredo:
        found.extend((v4, "teredo") for v4 in ip.teredo)
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        found.append((ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "embedding"))
    return found


def _literal(host: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        if getattr(address, "scope_id", None):
            raise TargetRefused(_said(N_("webhook URL", "IPv6 zone ids are not allowed")))
        return address
    try:  # decimal, octal, hex and short IPv4 forms that resolvers (inet_aton) would accept
        packed = socket.inet_aton(host)
    except OSError:
        return None
    raise TargetRefused(_said(
        N_("webhook URL", "ambiguous IPv4 form {host} (means {address}); write the address plainly"),
        host=repr(host), address=ipaddress.IPv4Address(packed)))


def resolve_target(
    url: str, allow_insecure_local: bool = False, *, resolver: Resolver = socket.getaddrinfo
) -> PinnedTarget:
    """Check `url` and resolve its host once; raise TargetRefused unless every address is acceptable.

    allow_insecure_local (development only) admits loopback receivers and plain http to them.
    """
    if _FORBIDDEN_CHARS.search(url):
        raise TargetRefused(_said(
            N_("webhook URL", "whitespace, control characters and backslashes are not allowed in URLs")))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise TargetRefused(_said(N_("webhook URL", "only https URLs can receive webhooks")))
    if scheme == "http" and not allow_insecure_local:
        raise TargetRefused(_said(
            N_("webhook URL", "only https URLs can receive webhooks (http only to loopback in local development)")))
    if "@" in parts.netloc:
        raise TargetRefused(_said(N_("webhook URL", "credentials (userinfo) are not allowed in webhook URLs")))
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError:  # urllib's own words are English: say it ourselves
        raise TargetRefused(_said(N_("webhook URL", "the port must be a number from 0 to 65535"))) from None
    host = (parts.hostname or "").rstrip(".")  # urlsplit lowercases and strips IPv6 brackets
    if not host:
        raise TargetRefused(_said(N_("webhook URL", "the URL has no host")))
    literal = _literal(host)
    if literal is None:
        host = _idna(host)
        if not _HOSTNAME.match(host) or host.rsplit(".", 1)[-1].isdigit():
            raise TargetRefused(_said(_INVALID_HOST, host=repr(host)))
    addresses = [literal] if literal is not None else _resolve(host, port, resolver)
    for address in addresses:
        reason = refusal(address, allow_loopback=allow_insecure_local)
        if reason:
            if literal is not None:
                raise TargetRefused(_said(N_("webhook URL", "{address}: {reason}"), address=address, reason=reason))
            raise TargetRefused(_said(N_("webhook URL", "{host} -> {address}: {reason}"), host=host, address=address,
                                      reason=reason))
    pinned = addresses[0]
    if scheme == "http" and not pinned.is_loopback:
        raise TargetRefused(_said(N_("webhook URL", "plain http is allowed only to loopback receivers")))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return PinnedTarget(scheme=scheme, host=host, port=port, ip=str(pinned), path=path)


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise TargetRefused(_said(_INVALID_HOST, host=repr(host))) from None


def _resolve(host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    try:
        infos = resolver(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise TargetRefused(_said(N_("webhook URL", "{host} does not resolve: {detail}"), host=host,
                                  detail=exc)) from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])  # drop an IPv6 zone id
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise TargetRefused(_said(N_("webhook URL", "{host} does not resolve"), host=host))
    return addresses
