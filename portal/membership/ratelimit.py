"""How often the public application form may be sent: per address of the sender and per e-mail address
applied with, counted in the cache for an hour. Robots that get through still reach no one: the
application stays invisible until the link in the e-mail is clicked."""

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 3600
#: Applications per hour from one network address, and per e-mail address.
PER_ADDRESS, PER_EMAIL = 10, 3


def _key(kind: str, value: str) -> str:
    return "membership-apply:" + kind + ":" + hashlib.sha256(value.encode()).hexdigest()


def _count(key: str) -> int:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def allow_application(address: str | None, email: str) -> bool:
    """Count an attempt; ``False`` once one of the limits is passed."""
    by_address = _count(_key("ip", address or "unknown")) <= PER_ADDRESS
    by_email = _count(_key("email", email.strip().lower())) <= PER_EMAIL
    return by_address and by_email
