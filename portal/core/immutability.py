"""Rows the database itself refuses to change: issued documents, audit rows, ledger rows.

A migration declares a rule with the ``ProtectRows`` operation; the database then refuses, with
triggers on PostgreSQL and SQLite, to UPDATE or DELETE the rows it covers::

    ProtectRows(name="audit_entry", table="core_auditentry")           # append-only: no UPDATE/DELETE
    ProtectRows(
        name="issued_invoice",
        table="invoicing_invoice",
        condition="{row}.number <> ''",                                 # only issued rows
        mutable=("status", "paid_amount", "paid_at", "updated_at"),    # may still change
    )

``condition`` is an SQL expression valid on both databases in which ``{row}`` stands for the row
(``OLD`` or ``NEW``); without it every row is covered. ``mutable`` names the columns an UPDATE may
still change on a covered row; any other change (or, without ``mutable``, any UPDATE at all) is
refused. With ``refuse_insert`` a row meeting the condition cannot be inserted either, nor can an
UPDATE make a row meet it (the lines of an issued invoice). A refusal surfaces as
``django.db.IntegrityError`` whose message names the rule, e.g.
``immutable: UPDATE of invoicing_invoice refused (rule issued_invoice)``.

Where the triggers come from. The migrations are the declarations: ``installed_rules`` replays the
``ProtectRows`` operations of all applied migrations (a later one with the same name replaces an
earlier rule). After every ``migrate`` a ``post_migrate`` handler drops every trigger of this module
and installs the declared ones, listing the columns as they are now. That is needed because

* on SQLite, Django changes most columns by rebuilding the table (create, copy, drop, rename), which
  silently drops its triggers; worse, a trigger whose body names another table (the lines' trigger
  reads ``invoicing_invoice``) makes the rename of that rebuilt table fail. So on SQLite all triggers
  of this module are dropped before migrating (``pre_migrate``) and installed after it; the operation
  itself installs nothing there. On PostgreSQL the operation installs its triggers at once (columns
  are altered in place, triggers survive), and they stay active while later migrations run;
* a column added later must be covered by the "content may not change" comparison.

Flush. ``manage.py flush`` (and so the teardown of ``TransactionTestCase`` / ``transaction=True``
tests) deletes every row. PostgreSQL flushes with ``TRUNCATE``, which fires no row triggers; SQLite
flushes with ``DELETE``, which the triggers refuse. ``portal/core/management/commands/flush.py``
therefore drops this module's triggers, flushes and re-creates them from the same SQL, all in one
transaction, so a failed flush leaves them in place. No signal or setting can switch the triggers
off: only the ``flush`` command, which erases all data anyway, removes them for its own duration.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

#: Every trigger (and PostgreSQL function) of this module starts with it, so all can be found and dropped.
PREFIX = "immutable_"


@dataclass(frozen=True)
class Rule:
    """One table's protection; see the module docstring."""

    name: str
    table: str
    condition: str = ""
    mutable: tuple[str, ...] = ()
    refuse_insert: bool = False

    def covers(self, row: str) -> str:
        """The condition for ``OLD`` or ``NEW`` (TRUE without one)."""
        return f"({self.condition.replace('{row}', row)})" if self.condition else "TRUE"

    def message(self, statement: str) -> str:
        return f"immutable: {statement} of {self.table} refused (rule {self.name})"


class ProtectRows(Operation):
    """Migration operation declaring a ``Rule`` (see the module docstring); reversible."""

    reversible = True
    reduces_to_sql = False

    def __init__(
        self,
        *,
        name: str,
        table: str,
        condition: str = "",
        mutable: Iterable[str] = (),
        refuse_insert: bool = False,
    ) -> None:
        self.rule = Rule(
            name=name, table=table, condition=condition, mutable=tuple(mutable), refuse_insert=refuse_insert
        )

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs: dict[str, Any] = {"name": self.rule.name, "table": self.rule.table}
        if self.rule.condition:
            kwargs["condition"] = self.rule.condition
        if self.rule.mutable:
            kwargs["mutable"] = self.rule.mutable
        if self.rule.refuse_insert:
            kwargs["refuse_insert"] = True
        return (self.__class__.__qualname__, [], kwargs)

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # triggers are no part of the model state

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            install(schema_editor.connection, self.rule)
        # SQLite: installed by the post_migrate handler, after every table rebuild of this run.

    def database_backwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        drop(schema_editor.connection, self.rule.name)

    def describe(self) -> str:
        return f"Protect rows of {self.rule.table} against UPDATE/DELETE ({self.rule.name})"

    @property
    def migration_name_fragment(self) -> str:
        return f"protect_{self.rule.name}"


# --- declared rules -----------------------------------------------------------------------------


def installed_rules(connection: BaseDatabaseWrapper) -> dict[str, Rule]:
    """The rules declared by the applied migrations, by name, in migration order."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    ordered: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                ordered.append(key)
    rules: dict[str, Rule] = {}
    for key in ordered:
        if key not in loader.applied_migrations:
            continue
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, ProtectRows):
                rules[operation.rule.name] = operation.rule
    return rules


# --- installing ---------------------------------------------------------------------------------


def _columns(connection: BaseDatabaseWrapper, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def _changed(connection: BaseDatabaseWrapper, rule: Rule) -> str:
    """SQL that is true when an UPDATE changes a column that may not change."""
    guarded = [column for column in _columns(connection, rule.table) if column not in rule.mutable]
    if not rule.mutable or not guarded:
        return "TRUE" if not rule.mutable else "FALSE"
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    quote = connection.ops.quote_name
    return "(" + " OR ".join(f"OLD.{quote(c)} {distinct} NEW.{quote(c)}" for c in guarded) + ")"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sqlite_statements(connection: BaseDatabaseWrapper, rule: Rule) -> list[str]:
    table = connection.ops.quote_name(rule.table)
    covered = rule.covers("OLD")
    if rule.refuse_insert:
        covered = f"({covered} OR {rule.covers('NEW')})"
    triggers = {
        "update": ("UPDATE", f"{covered} AND {_changed(connection, rule)}"),
        "delete": ("DELETE", rule.covers("OLD")),
    }
    if rule.refuse_insert:
        triggers["insert"] = ("INSERT", rule.covers("NEW"))
    return [
        f"CREATE TRIGGER IF NOT EXISTS {PREFIX}{rule.name}_{suffix} BEFORE {statement} ON {table} "
        f"FOR EACH ROW WHEN {when} BEGIN SELECT RAISE(ABORT, {_literal(rule.message(statement))}); END"
        for suffix, (statement, when) in triggers.items()
    ]


def _postgresql_statements(connection: BaseDatabaseWrapper, rule: Rule) -> list[str]:
    table = connection.ops.quote_name(rule.table)
    function = f"{PREFIX}{rule.name}"
    covered = rule.covers("OLD")
    if rule.refuse_insert:
        covered = f"({covered} OR {rule.covers('NEW')})"

    def refuse(statement: str) -> str:
        return f"RAISE EXCEPTION {_literal(rule.message(statement))} USING ERRCODE = 'integrity_constraint_violation';"

    insert = (
        f"IF TG_OP = 'INSERT' THEN IF {rule.covers('NEW')} THEN {refuse('INSERT')} END IF; RETURN NEW; END IF;"
        if rule.refuse_insert
        else ""
    )
    events = "UPDATE OR DELETE" + (" OR INSERT" if rule.refuse_insert else "")
    return [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF {rule.covers("OLD")} THEN {refuse("DELETE")} END IF;
    RETURN OLD;
  END IF;
  {insert}
  IF {covered} AND {_changed(connection, rule)} THEN {refuse("UPDATE")} END IF;
  RETURN NEW;
END
$body$""",
        f"DROP TRIGGER IF EXISTS {function} ON {table}",
        f"CREATE TRIGGER {function} BEFORE {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]


def install(connection: BaseDatabaseWrapper, rule: Rule) -> None:
    """Create (or replace) the triggers of one rule; idempotent."""
    if connection.vendor == "postgresql":
        statements = _postgresql_statements(connection, rule)
    elif connection.vendor == "sqlite":
        statements = [*_drop_statements(connection, [rule.name]), *_sqlite_statements(connection, rule)]
    else:  # pragma: no cover - the portal runs on these two only
        raise NotImplementedError(f"No row protection for {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _drop_statements(connection: BaseDatabaseWrapper, names: Iterable[str]) -> list[str]:
    statements = []
    for name in names:
        if connection.vendor == "postgresql":
            statements.append(f"DROP FUNCTION IF EXISTS {PREFIX}{name}() CASCADE")
        else:
            statements += [
                f"DROP TRIGGER IF EXISTS {PREFIX}{name}_{suffix}" for suffix in ("update", "delete", "insert")
            ]
    return statements


def drop(connection: BaseDatabaseWrapper, name: str) -> None:
    with connection.cursor() as cursor:
        for statement in _drop_statements(connection, [name]):
            cursor.execute(statement)


def installed_triggers(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """This module's triggers in the database: name → table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [PREFIX.replace("_", r"\_") + "%"],
            )
        else:
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'",
                [PREFIX.replace("_", r"\_") + "%"],
            )
        return {name: table.strip('"') for name, table in cursor.fetchall()}


def drop_all(connection: BaseDatabaseWrapper) -> None:
    """Drop every trigger (and PostgreSQL function) of this module."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() AND p.proname LIKE %s",
                [PREFIX.replace("_", r"\_") + "%"],
            )
            for (function,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
        else:
            for name in installed_triggers(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def sync(connection: BaseDatabaseWrapper) -> list[str]:
    """Drop this module's triggers and install those the applied migrations declare; their names."""
    rules = installed_rules(connection)
    tables = set(connection.introspection.table_names())
    with transaction.atomic(using=connection.alias):
        drop_all(connection)
        for rule in rules.values():
            if rule.table in tables:
                install(connection, rule)
    return [rule.name for rule in rules.values() if rule.table in tables]


# --- signals and flush ----------------------------------------------------------------------------


def before_migrate(*, using: str, **kwargs: Any) -> None:
    """``pre_migrate``: on SQLite no trigger of this module may exist while tables are rebuilt."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        drop_all(connection)


def after_migrate(*, using: str, **kwargs: Any) -> None:
    """``post_migrate``: (re)install the declared triggers with the columns as they are now."""
    sync(connections[using])


def saved_sqlite_triggers(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """This module's SQLite triggers (name → SQL), to re-create them after a flush."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'",
            [PREFIX.replace("_", r"\_") + "%"],
        )
        return dict(cursor.fetchall())


def restore_sqlite_triggers(connection: BaseDatabaseWrapper, triggers: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        for name, sql in triggers.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(sql)
