"""Bank statements, moved from ``invoicing`` with their data.

``invoicing.0011`` renamed the tables; here the models enter this app's state only, and the content
types follow so that audit entries about imported statements still find their statement."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor, source="invoicing", target="banking"):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in ("bankstatement", "bankstatementline"):
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="banking", target="invoicing")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("entities", "0002_translated_field_labels"),
        ("invoicing", "0011_bank_statement_tables_to_banking"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="BankStatement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("file_name", models.CharField(max_length=255, verbose_name="file name")),
                        ("sha256", models.CharField(max_length=64, verbose_name="file checksum (SHA-256)")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded")),
                        (
                            "entity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="entities.issuingentity",
                                verbose_name="entity",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="uploaded by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bank statement",
                        "verbose_name_plural": "bank statements",
                        "ordering": ["-created_at", "-id"],
                        "constraints": [
                            models.UniqueConstraint(fields=("entity", "sha256"), name="unique_bank_statement_file")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="BankStatementLine",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("booked_on", models.DateField(verbose_name="booked on")),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount")),
                        ("reference", models.CharField(blank=True, max_length=500, verbose_name="reference")),
                        ("counterparty", models.CharField(blank=True, max_length=200, verbose_name="counterparty")),
                        ("iban", models.CharField(blank=True, max_length=34, verbose_name="IBAN")),
                        ("bank_reference", models.CharField(blank=True, max_length=100, verbose_name="bank reference")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("matched", "Matched"),
                                    ("unmatched", "Unmatched"),
                                    ("booked", "Booked"),
                                    ("ignored", "Ignored"),
                                    ("duplicate", "Already booked"),
                                ],
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "match_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("number", "Invoice number in the reference"),
                                    ("amount", "Amount equals the outstanding amount"),
                                    ("staff", "Chosen by staff"),
                                ],
                                max_length=8,
                                verbose_name="matched by",
                            ),
                        ),
                        (
                            "invoice",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="invoicing.invoice",
                                verbose_name="invoice",
                            ),
                        ),
                        (
                            "payment",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="statement_line",
                                to="invoicing.payment",
                                verbose_name="payment",
                            ),
                        ),
                        (
                            "statement",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="lines",
                                to="banking.bankstatement",
                                verbose_name="bank statement",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bank statement line",
                        "verbose_name_plural": "bank statement lines",
                        "ordering": ["id"],
                        "indexes": [
                            models.Index(fields=["statement", "status"], name="statement_line_status"),
                            models.Index(fields=["booked_on", "status"], name="statement_line_booked_on"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=False),
    ]
