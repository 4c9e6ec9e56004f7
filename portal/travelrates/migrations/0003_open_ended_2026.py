"""The BMF table of 2026 stays in force until the next one is loaded (``load_travel_rates --replace``):
its rows, first loaded with an end on 31 December 2026, become open-ended as the shipped file now is."""

from datetime import date

from django.db import migrations


def open_end(apps, schema_editor):
    TravelRate = apps.get_model("travelrates", "TravelRate")
    TravelRate.objects.filter(source="de-2026.csv", valid_to=date(2026, 12, 31)).update(valid_to=None)


class Migration(migrations.Migration):
    dependencies = [("travelrates", "0002_load_shipped_tables")]

    operations = [migrations.RunPython(open_end, migrations.RunPython.noop)]
