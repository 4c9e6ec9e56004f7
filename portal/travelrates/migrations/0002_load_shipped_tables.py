"""Load the rate tables and rule files shipped in ``portal/travelrates/data`` (see PROVENANCE.md there).

Later tables are loaded with ``manage.py load_travel_rates <file>`` (or a new data migration listing them).
"""

from django.db import migrations

#: The files this migration loads; the tests count their rows in the database.
SHIPPED = (
    "de-2025.csv",
    "de-2026.csv",
    "de-rules-2025.csv",
    "at-2024.csv",
    "at-2025.csv",
    "at-rules-2024.csv",
    "at-rules-2025.csv",
)


def load(apps, schema_editor):
    from portal.travelrates.tables import DATA_DIR, read_table

    TravelRate = apps.get_model("travelrates", "TravelRate")
    TravelRule = apps.get_model("travelrates", "TravelRule")
    for name in SHIPPED:
        table = read_table(DATA_DIR / name)
        TravelRate.objects.bulk_create(
            TravelRate(
                jurisdiction=rate.jurisdiction,
                country=rate.country,
                city=rate.city,
                valid_from=rate.valid_from,
                valid_to=rate.valid_to,
                full_day=rate.full_day,
                partial_day=rate.partial_day,
                overnight=rate.overnight,
                label=rate.label,
                source=name,
            )
            for rate in table.rates
        )
        TravelRule.objects.bulk_create(
            TravelRule(
                jurisdiction=rule.jurisdiction,
                rule=rule.rule,
                value=rule.value,
                valid_from=rule.valid_from,
                valid_to=rule.valid_to,
                label=rule.label,
                source=name,
            )
            for rule in table.rules
        )


def unload(apps, schema_editor):
    apps.get_model("travelrates", "TravelRate").objects.filter(source__in=SHIPPED).delete()
    apps.get_model("travelrates", "TravelRule").objects.filter(source__in=SHIPPED).delete()


class Migration(migrations.Migration):
    dependencies = [("travelrates", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
