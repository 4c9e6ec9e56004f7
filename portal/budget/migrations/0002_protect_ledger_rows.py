"""Ledger rows are append-only: the database refuses UPDATE and DELETE (portal.core.immutability)."""

from django.db import migrations

from portal.core.immutability import ProtectRows


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0001_initial"),
    ]

    operations = [
        ProtectRows(name="ledger_row", table="budget_ledgerentry"),
    ]
