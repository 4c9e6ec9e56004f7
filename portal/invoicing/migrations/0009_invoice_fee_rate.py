"""Issued invoices store the cooperative fee rate of their issue date; existing ones get theirs now."""

from django.db import migrations, models

from portal.core import immutability


def backfill_fee_rates(apps, schema_editor):
    """The rate valid on each issued invoice's issue date (a cancellation invoice: its original's rate).

    The issued-invoice trigger would refuse this one-time completion of a new column; it is dropped
    here and installed again with all rules after the migration (``immutability.after_migrate``).
    """
    immutability.drop(schema_editor.connection, "issued_invoice")
    Invoice = apps.get_model("invoicing", "Invoice")
    FeeRate = apps.get_model("entities", "FeeRate")
    rates = list(FeeRate.objects.order_by("entity_id", "valid_from"))
    for index, rate in enumerate(rates):
        later = rates[index + 1] if index + 1 < len(rates) else None
        period = Invoice.objects.filter(entity_id=rate.entity_id, issue_date__gte=rate.valid_from, cancels__isnull=True)
        if later is not None and later.entity_id == rate.entity_id:
            period = period.filter(issue_date__lt=later.valid_from)
        period.update(fee_rate=rate.percent)
    for correction in Invoice.objects.filter(cancels__isnull=False).select_related("cancels"):
        Invoice.objects.filter(pk=correction.pk).update(fee_rate=correction.cancels.fee_rate)


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0001_initial"),
        ("invoicing", "0008_line_unit_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="invoice",
            name="fee_rate",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="fee rate in percent"
            ),
        ),
        migrations.RunPython(backfill_fee_rates, migrations.RunPython.noop),
    ]
