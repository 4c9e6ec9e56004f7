"""A trigram index for searching orders by title on PostgreSQL (``title__icontains`` is
``UPPER(title::text) LIKE UPPER('%…%')``, which no B-tree serves); SQLite has no such index."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS order_title_trgm ON orders_order USING gin ((UPPER((title)::text)) gin_trgm_ops);
"""
DROP = "DROP INDEX IF EXISTS order_title_trgm;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("orders", "0017_order_order_client_offers")]

    operations = [migrations.RunPython(create, drop)]
