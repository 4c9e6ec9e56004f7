"""Plain SQL reads for the few hot queries where the ORM costs more than the database.

Building and compiling a queryset costs about a millisecond of Python per query, several times what
PostgreSQL needs to answer the small reads of a page such as the dashboard. A :class:`Select` is written
out in SQL once; each call only sends it with its parameters. Its rows come back as named tuples whose
values the ORM's own converters have turned into what a queryset would give (aware datetimes, dates
and Decimals also on SQLite, which stores them as text and numbers).

Use it only where a benchmark shows the difference (docs/benchmarks.md), keep the SQL portable
(SQLite and PostgreSQL both run it in the test suite), and pass every value as a parameter. A query
that reads member or client data must restrict the rows itself, as ``Scope.rows`` does.

A list or tuple parameter stands for the values of an ``IN (%s)`` list: ``WHERE id IN (%s)`` with
``[[1, 2, 3]]`` sends ``WHERE id IN (%s, %s, %s)`` with ``[1, 2, 3]`` (an empty list matches no row).
"""

from collections import namedtuple
from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model

Converter = Callable[[Any, Any, Any], Any]


def field_of(model: type[Model], name: str) -> Field:
    """The concrete field ``name`` of ``model``: what a column of a :class:`Select` holds."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


class ModelColumns:
    """Every column of ``model`` under a table ``alias`` of a :class:`Select`, and the model instance
    they make: what ``select_related`` gives, for a joined row of a plain query."""

    def __init__(self, model: type[Model], alias: str) -> None:
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if isinstance(field, Field)]
        self.sql = ", ".join(f'{alias}."{field.column}"' for field in self.fields)
        self.pk_index = self.fields.index(model._meta.pk)
        self._attnames = [field.attname for field in self.fields]

    def columns(self, prefix: str) -> dict[str, Field]:
        """The :class:`Select` columns, named ``<prefix>__<attname>``."""
        return {f"{prefix}__{field.attname}": field for field in self.fields}

    def instance(self, values: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS) -> Any:
        """The instance of a row's values (in the order of :attr:`sql`), or ``None`` when an outer join
        found none."""
        if values[self.pk_index] is None:
            return None
        return self.model.from_db(using, self._attnames, list(values))


class Select:
    """One SELECT statement and, in the order of its columns, the model field each column holds
    (``None`` for a column that needs no conversion)."""

    def __init__(self, sql: str, **columns: Field | None) -> None:
        self.sql = sql
        self.fields = tuple(columns.values())
        self.row = namedtuple("Row", columns)  # type: ignore[misc]  # the names are the keywords
        self._converters: dict[str, list[tuple[int, list[Converter], Any]]] = {}
        self._expanded: dict[tuple[int | None, ...], str] = {}

    def rows(self, params: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS) -> list[Any]:
        connection = connections[using]
        converters = self._converters_for(connection)
        sql, params = self._with_lists(params)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        rows = []
        for values in found:
            if converters:
                values = list(values)
                for index, functions, expression in converters:
                    for convert in functions:
                        values[index] = convert(values[index], expression, connection)
            rows.append(self.row(*values))
        return rows

    def _with_lists(self, params: Sequence[Any]) -> tuple[str, list[Any]]:
        """The statement and parameters with each list parameter written out as one placeholder per value."""
        shape = tuple(len(value) if isinstance(value, list | tuple) else None for value in params)
        if all(length is None for length in shape):
            return self.sql, list(params)
        sql = self._expanded.get(shape)
        if sql is None:
            pieces = self.sql.split("%s")
            if len(pieces) != len(params) + 1:
                raise ValueError(f"{len(pieces) - 1} placeholders for {len(params)} parameters")
            written = [pieces[0]]
            for length, piece in zip(shape, pieces[1:], strict=True):
                written.append("%s" if length is None else ", ".join(["%s"] * length) or "NULL")
                written.append(piece)
            sql = "".join(written)
            if len(self._expanded) < 512:  # list lengths are bounded by page sizes; never grow without end
                self._expanded[shape] = sql
        flat: list[Any] = []
        for value in params:
            if isinstance(value, list | tuple):
                flat.extend(value)
            else:
                flat.append(value)
        return sql, flat

    def _converters_for(self, connection: Any) -> list[tuple[int, list[Converter], Any]]:
        """What the ORM would apply to each column (``SQLCompiler.get_converters``), once per backend."""
        if connection.vendor not in self._converters:
            converters = []
            for index, field in enumerate(self.fields):
                if field is None:
                    continue
                column = field.get_col(field.model._meta.db_table)
                functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
                if functions:
                    converters.append((index, functions, column))
            self._converters[connection.vendor] = converters
        return self._converters[connection.vendor]
