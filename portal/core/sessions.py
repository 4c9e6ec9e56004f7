"""Database sessions, read with one plain query.

Every signed-in request reads its session; through the ORM, building that query cost more than a
whole simple page's own query. This store is Django's database store (same table, same expiry, same
signed and encoded data, writes unchanged) with only the read written out.
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608 (the table name)
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's store: a new key when the session is saved
            return {}
        return self.decode(row[0])
