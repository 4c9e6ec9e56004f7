"""Invoices issued before budgets existed book their income and fee (and cancellations their reversal).

The rows are those the issuing service books (``invoice_postings`` / ``cancellation_postings``), on
the booking date of the invoice's issue date. ``manage.py post_invoices_to_budgets`` does the same
for any invoice still without rows; both skip what is booked already.
"""

from django.db import migrations

from portal.budget.ledger import build_rows
from portal.invoicing.budget_postings import cancellation_postings, invoice_postings


def post_issued_invoices(apps, schema_editor):
    Invoice = apps.get_model("invoicing", "Invoice")
    Budget = apps.get_model("budget", "Budget")
    LedgerEntry = apps.get_model("budget", "LedgerEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    invoice_type, _created = ContentType.objects.get_or_create(app_label="invoicing", model="invoice")
    booked = set(
        LedgerEntry.objects.filter(source_type=invoice_type).values_list("source_id", flat=True).distinct()
    )
    issued = Invoice.objects.exclude(number="").select_related("order").order_by("issued_at", "id")
    for invoice in issued.iterator(chunk_size=500):
        if invoice.pk in booked:
            continue
        if invoice.kind == "cancellation":
            originals = list(LedgerEntry.objects.filter(source_type=invoice_type, source_id=invoice.cancels_id))
            postings = cancellation_postings(invoice_id=invoice.pk, title=invoice.title, originals=originals)
        else:
            order = invoice.order
            if order.budget_id is None:
                order.budget, _created = Budget.objects.get_or_create(
                    kind="personal", owner_id=order.member_id, entity_id=order.entity_id
                )
                order.save(update_fields=["budget"])
            postings = invoice_postings(
                invoice_id=invoice.pk,
                budget_id=order.budget_id,
                title=invoice.title,
                net=invoice.net_total,
                fee_rate=invoice.fee_rate,
            )
        rows = build_rows(
            LedgerEntry,
            postings,
            booking_date=invoice.issue_date,
            source_type_id=invoice_type.pk,
            source_id=invoice.pk,
            source_label=invoice.number,
            user_id=None,
        )
        LedgerEntry.objects.bulk_create(rows)
        booked.add(invoice.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0012_bank_statements_moved"),
        ("orders", "0015_personal_budgets"),
        ("budget", "0002_protect_ledger_rows"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(post_issued_invoices, migrations.RunPython.noop)]
