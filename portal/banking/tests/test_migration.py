"""Moving the statement models out of ``invoicing`` keeps the statements already imported."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("invoicing", "0010_translated_field_labels")]


def _migrate(targets=None):
    """Migrate to ``targets`` (all the way when not given) and return the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_statements_and_their_audit_type_survive_the_move(entities):
    entity = entities["SC"]
    old = _migrate(BEFORE)
    statement = old.get_model("invoicing", "BankStatement").objects.create(
        entity_id=entity.pk, file_name="auszug.csv", sha256="a" * 64
    )
    old.get_model("invoicing", "BankStatementLine").objects.create(
        statement=statement, booked_on="2026-12-01", amount=Decimal("-12.50"), status="ignored"
    )
    content_type = old.get_model("contenttypes", "ContentType")
    content_type.objects.get_or_create(app_label="invoicing", model="bankstatement")

    new = _migrate()

    moved = new.get_model("banking", "BankStatement").objects.get(pk=statement.pk)
    assert moved.file_name == "auszug.csv"
    line = new.get_model("banking", "BankStatementLine").objects.get(statement=moved)
    assert line.amount == Decimal("-12.50")
    assert (
        new.get_model("contenttypes", "ContentType").objects.filter(app_label="banking", model="bankstatement").exists()
    )
    assert (
        not new.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="invoicing", model="bankstatement")
        .exists()
    )
