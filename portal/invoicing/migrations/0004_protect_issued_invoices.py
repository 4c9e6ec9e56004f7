"""Issued invoices and their lines are refused UPDATE/DELETE by the database (portal.core.immutability)."""

from django.db import migrations

from portal.core.immutability import ProtectRows


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0003_staff_list_index"),
    ]

    operations = [
        # Issuing updates a draft (number '' → allowed); afterwards only the payment state may change
        # (``Invoice.MUTABLE_AFTER_ISSUE``), and the row can never be deleted.
        ProtectRows(
            name="issued_invoice",
            table="invoicing_invoice",
            condition="{row}.number <> ''",
            mutable=("status", "paid_amount", "paid_at", "reminder_level", "last_reminder_on", "updated_at"),
        ),
        # The lines of an issued invoice: no UPDATE, no DELETE, and no new line either.
        ProtectRows(
            name="issued_invoice_line",
            table="invoicing_invoiceline",
            condition=(
                "EXISTS (SELECT 1 FROM invoicing_invoice WHERE invoicing_invoice.id = {row}.invoice_id"
                " AND invoicing_invoice.number <> '')"
            ),
            refuse_insert=True,
        ),
    ]
