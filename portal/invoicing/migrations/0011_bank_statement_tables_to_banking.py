"""Bank statements move to the ``banking`` app: first their tables get the new app's names.

The models themselves are handed over in ``banking.0001_initial`` and ``0012_bank_statements_moved``
without touching the data."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0010_translated_field_labels"),
    ]

    operations = [
        migrations.AlterModelTable(name="bankstatement", table="banking_bankstatement"),
        migrations.AlterModelTable(name="bankstatementline", table="banking_bankstatementline"),
    ]
