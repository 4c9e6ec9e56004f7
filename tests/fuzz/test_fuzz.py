"""Zero server errors: hostile input to every form and every filter of the portal, as the persona who
may use it, never answers 500 and never stores a row that cannot be read back (DESIGN: input rules).

``FUZZ_EXAMPLES=2000 bin/test tests/fuzz`` runs a long hunt, ``FUZZ_ONLY=orders:`` only the targets
whose name contains that text, ``FUZZ_TRACE=1`` prints the time each target took (with ``-s``).
Under ``CI=true`` the examples are derandomized, so a failure in CI reproduces locally.
"""

import fnmatch
import os
import sys
import time
import traceback
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.fuzz.engine import fuzz
from tests.fuzz.targets import EXCLUDED, all_targets
from tests.fuzz.world import build_world


def url_patterns(patterns: list[Any] | None = None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(name with namespace, route) of every URL pattern of the portal."""
    found: list[tuple[str, str]] = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            found += url_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            found.append((f"{namespace}:{pattern.name}".strip(":") if pattern.name else "", route))
    return found


def test_every_url_pattern_is_fuzzed_or_excluded_with_a_reason() -> None:
    fuzzed = {target.name for target in all_targets()}
    forgotten = [
        name or route
        for name, route in url_patterns()
        if name not in fuzzed and not any(fnmatch.fnmatchcase(name or route, pattern) for pattern in EXCLUDED)
    ]
    assert not forgotten, f"add these URL patterns to tests/fuzz/targets.py (or to EXCLUDED with a reason): {forgotten}"
    assert all(EXCLUDED.values())


@pytest.mark.django_db
def test_hostile_input_never_causes_a_server_error_or_an_unreadable_row() -> None:
    world = build_world()
    failures = []
    only, trace = os.environ.get("FUZZ_ONLY", ""), os.environ.get("FUZZ_TRACE", "")
    for target in all_targets():
        if only not in target.id:
            continue
        started = time.monotonic()
        try:
            fuzz(world, target)
        except Exception as error:  # collected: one broken view must not hide the others
            failures.append(f"== {target.id}\n" + "".join(traceback.format_exception(error))[-4000:])
        if trace:
            failed = " FAILED" if failures and failures[-1].startswith(f"== {target.id}\n") else ""
            print(f"{time.monotonic() - started:6.1f}s {target.id}{failed}", file=sys.stderr)
    assert not failures, f"{len(failures)} targets failed:\n\n" + "\n\n".join(failures)
