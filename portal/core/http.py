"""Facts about the HTTP request that depend on how the portal is deployed."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port


def _address(value: str) -> str | None:
    """``value`` as a normalised IP address (a port a proxy added is dropped), or ``None``."""
    value = value.strip()
    host, port = split_domain_port(value)
    if host and port:
        value = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client, not of the TLS proxy in front of the portal.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it received the request from to
    ``X-Forwarded-For``, so the client is that many entries from the right; anything further left was
    sent by the client itself and is ignored. Without trusted proxies (development, or a portal that
    faces the internet directly), it is the address of the connection.
    """
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    count: int = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded.strip():
        return remote
    hops = forwarded.split(",")
    # Fewer entries than proxies: the request skipped a proxy; the leftmost entry is still one a proxy wrote.
    return _address(hops[-count] if len(hops) >= count else hops[0]) or remote
