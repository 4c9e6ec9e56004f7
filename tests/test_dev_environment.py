"""Settings of the development environment: e-mail output, base URL, and the documented Redis cache."""

import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit

from django.conf import settings

from tests.needs import missing

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def run_with_settings(snippet: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    code = f"import django; django.setup(); from django.conf import settings; {snippet}"
    return subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True)


def test_development_prints_compact_emails():
    result = run_with_settings("print(settings.EMAIL_BACKEND)")
    assert result.stdout.strip() == "portal.core.mail_backends.CompactConsoleBackend", result.stderr


def test_base_url_defaults_to_port_8000_and_follows_the_environment():
    assert run_with_settings("print(settings.PORTAL_BASE_URL)").stdout.strip() == "http://127.0.0.1:8000"
    result = run_with_settings("print(settings.PORTAL_BASE_URL)", PORTAL_BASE_URL="http://127.0.0.1:8123/")
    assert result.stdout.strip() == "http://127.0.0.1:8123"


def redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def test_cache_works_with_redis_url():
    """REDIS_URL (README) selects Django's Redis cache, which needs the ``redis`` package."""
    if not redis_reachable(REDIS_URL):
        missing(f"Redis is not reachable at {REDIS_URL}")
    snippet = (
        "from django.core.cache import cache, caches; "
        "cache.set('portal-test-key', {'n': 1}, 30); "
        "print(type(caches['default']).__name__, cache.get('portal-test-key')); "
        "cache.delete('portal-test-key')"
    )
    result = run_with_settings(snippet, REDIS_URL=REDIS_URL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisCache {'n': 1}"
