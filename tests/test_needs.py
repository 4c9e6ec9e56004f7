"""Tests needing something outside the repository skip locally with a reason and fail under CI=true."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.needs import missing


def test_missing_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no frobnicator"):
        missing("no frobnicator")


def test_missing_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no frobnicator"):
        missing("no frobnicator")


def run_rule_tests(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "portal/invoicing/tests/test_documents.py",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


def test_einvoice_rule_tests_fail_under_ci_when_the_rules_are_missing(tmp_path):
    nowhere = str(tmp_path / "nowhere")
    local = run_rule_tests(CI="", EINVOICE_RULES_DIR=nowhere)
    assert local.returncode == 0 and " skipped" in local.stdout and "failed" not in local.stdout, local.stdout
    ci = run_rule_tests(CI="true", EINVOICE_RULES_DIR=nowhere)
    summary = ci.stdout.strip().splitlines()[-1]
    assert ci.returncode != 0 and ("1 error" in summary or "1 failed" in summary), ci.stdout
    assert "official e-invoice rules not found" in ci.stdout and "CI=true" in ci.stdout
