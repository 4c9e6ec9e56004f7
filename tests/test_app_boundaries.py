"""Domain apps keep to their own state-machine vocabulary (ENGINEERING.md, "One state-machine kit").

A domain app may use another app's models and services, but never its transition table, events or
statuses: cross-app reactions go through the signals and hooks listed in docs/decisions.md. UI apps
(back office, dashboard, client portal) and the demo data may use every app's vocabulary.
"""

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parent.parent / "portal"
DOMAIN_APPS = ["accounts", "banking", "core", "customers", "entities", "invoicing", "orders"]
#: What a state machine's vocabulary is made of, per app.
VOCABULARY = {
    "orders": {"OrderStatus", "Event", "TRANSITIONS", "REVIEW_STATUSES"},
    "invoicing": {"InvoiceStatus", "Event", "TRANSITIONS", "UNISSUED", "OPEN"},
}


def _sources(app: str) -> list[Path]:
    return [
        path for path in (PORTAL / app).rglob("*.py") if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _borrowed(path: Path, app: str) -> list[str]:
    """``module.name`` of every other app's state-machine word that ``path`` imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] != "portal" or len(parts) < 2 or parts[1] == app or parts[1] not in VOCABULARY:
            continue
        if parts[-1] == "transitions":
            found.append(node.module)
            continue
        found += [f"{node.module}.{alias.name}" for alias in node.names if alias.name in VOCABULARY[parts[1]]]
    return found


@pytest.mark.parametrize("app", [app for app in DOMAIN_APPS if (PORTAL / app).is_dir()])
def test_no_domain_app_imports_another_domain_s_state_machine_vocabulary(app):
    borrowed = {str(path.relative_to(PORTAL)): words for path in _sources(app) if (words := _borrowed(path, app))}
    assert borrowed == {}


def test_the_check_sees_a_borrowed_word(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from portal.orders.models import Order, OrderStatus\nfrom portal.orders.transitions import Event\n"
    )
    assert _borrowed(sample, "invoicing") == ["portal.orders.models.OrderStatus", "portal.orders.transitions"]
