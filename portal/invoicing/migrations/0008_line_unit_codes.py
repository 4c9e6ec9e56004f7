"""Line units become UN/ECE Recommendation 20 codes (HUR, DAY, C62 …) instead of words in one language.

Known German and English words become their code; a word we do not know becomes a piece (C62, as the
e-invoice already counted it) and is kept at the end of the line's description, so nothing typed is lost.
Only lines of invoices not yet issued: issued invoices are snapshots (and protected by a trigger); their
words are read through ``portal.core.units.LEGACY_WORDS``.
"""

from django.db import migrations, models

from portal.core.units import Unit, unit_from_text

MAX_DESCRIPTION = 500


def words_to_codes(apps, schema_editor):
    Line = apps.get_model("invoicing", "InvoiceLine")
    lines = Line.objects.all().filter(invoice__number="")
    for stored in lines.exclude(unit__in=Unit.values).values_list("unit", flat=True).distinct():
        unit = unit_from_text(stored)
        if unit is not None:
            lines.filter(unit=stored).update(unit=unit.value)
            continue
        word = " ".join(stored.split())
        for line in lines.filter(unit=stored).only("id", "description"):
            if word and len(line.description) + len(word) + 3 <= MAX_DESCRIPTION:
                line.description = f"{line.description} ({word})"
            line.unit = Unit.PIECE.value
            line.save(update_fields=["unit", "description"])


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0007_invoice_vat_exemption"),
    ]

    operations = [
        migrations.AlterField(
            model_name="invoiceline",
            name="unit",
            field=models.CharField(
                choices=[
                    ("HUR", "hour"),
                    ("DAY", "day"),
                    ("WEE", "week"),
                    ("MON", "month"),
                    ("C62", "piece"),
                    ("LS", "lump sum"),
                    ("KMT", "kilometre"),
                ],
                default="C62",
                max_length=30,
                verbose_name="unit",
            ),
        ),
        migrations.RunPython(words_to_codes, migrations.RunPython.noop),
    ]
