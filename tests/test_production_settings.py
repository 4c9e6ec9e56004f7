import os
import subprocess
import sys

from django.conf import settings

SNIPPET = "import django; from django.conf import settings; settings.SECRET_KEY; print(settings.DEBUG)"


def load_settings(**env):
    base = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    return subprocess.run([sys.executable, "-c", SNIPPET], env={**base, **env}, capture_output=True, text=True)


def test_development_needs_no_configuration():
    result = load_settings()
    assert result.returncode == 0 and result.stdout.strip() == "True"


def test_production_refuses_a_missing_or_weak_secret_key():
    result = load_settings(PORTAL_ENV="production", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    result = load_settings(PORTAL_ENV="production", ALLOWED_HOSTS="portal.example.org", SECRET_KEY="short")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_debug_and_missing_hosts():
    key = "k" * 60
    result = load_settings(PORTAL_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="x.example.org", DEBUG="true")
    assert result.returncode != 0 and "DEBUG" in result.stderr
    result = load_settings(PORTAL_ENV="production", SECRET_KEY=key)
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_with_proper_values_starts_without_debug():
    result = load_settings(PORTAL_ENV="production", SECRET_KEY="k" * 60, ALLOWED_HOSTS="portal.example.org")
    assert result.returncode == 0 and result.stdout.strip() == "False"
