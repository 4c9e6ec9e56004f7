"""Django's ``flush``, able to empty tables whose rows the database protects (``portal.core.immutability``).

SQLite flushes with ``DELETE``, which the row protection triggers refuse. This command drops them,
flushes and re-creates them from their stored SQL in one transaction (a failed flush leaves them in
place). PostgreSQL flushes with ``TRUNCATE``, which fires no row triggers; nothing changes there.
Only this command, which erases every row anyway, ever removes the triggers outside a migration.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

from portal.core import immutability


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            triggers = immutability.saved_sqlite_triggers(connection)
            immutability.drop_all(connection)
            super().handle(**options)
            immutability.restore_sqlite_triggers(connection, triggers)
        return None
