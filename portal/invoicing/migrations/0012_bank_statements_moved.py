"""The bank statement models now live in ``banking``; only the migration state forgets them here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0011_bank_statement_tables_to_banking"),
        ("banking", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="BankStatementLine"),
                migrations.DeleteModel(name="BankStatement"),
            ],
            database_operations=[],
        ),
    ]
