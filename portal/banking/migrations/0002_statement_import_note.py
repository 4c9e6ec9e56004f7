from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("banking", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="bankstatement",
            name="import_note",
            field=models.TextField(blank=True, verbose_name="import note"),
        ),
    ]
