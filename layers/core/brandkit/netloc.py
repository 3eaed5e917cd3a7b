"""How a host is written inside a URL or a Host header."""

from __future__ import annotations


def url_host(host: str) -> str:
    """The host as a URL writes it: an IPv6 literal in brackets (RFC 3986 3.2.2), anything else as is."""
    return f"[{host}]" if ":" in host else host
