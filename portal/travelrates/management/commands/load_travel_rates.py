"""Load a travel allowance rate table or rule file (CSV) into the database; safe to run again."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.travelrates.services import rate_table_load
from portal.travelrates.tables import DATA_DIR, TableError


class Command(BaseCommand):
    help = (
        "Load a travel allowance rate table or rule file (CSV as described in portal/travelrates/data/"
        "PROVENANCE.md). Rows already loaded are left alone; overlapping periods are refused unless --replace. "
        "A table stays in force until the next one is loaded: load a new year's table with --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file; a bare file name is also looked for in the shipped data")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="shorten loaded rows that start earlier and remove those starting later, where periods overlap; "
            "a new year's table also ends the rows of the previous one it no longer lists",
        )

    def handle(self, *args: object, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists() and path.name == options["file"] and (DATA_DIR / path.name).exists():
            path = DATA_DIR / path.name
        try:
            result = rate_table_load(path=path, replace=options["replace"])
        except TableError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.name}: {result.created} row(s) new, {result.unchanged} unchanged, {result.replaced} replaced."
        )
