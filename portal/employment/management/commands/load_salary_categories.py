"""Load an entity's salary category table (CSV) into the database; safe to run again."""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.employment.categories import DATA_DIR, CategoryFileError, salary_categories_load


class Command(BaseCommand):
    help = (
        "Load a salary category table <ENTITY>-<YEAR>.csv (columns in portal/employment/data/README.md). It is "
        "valid from 1 January of the year (or --valid-from) until the entity's next table; loading a new table "
        "ends the previous one. Rows already loaded are left alone; a loaded table with other values is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", help="CSV files; a bare file name is also looked for in the shipped data"
        )
        parser.add_argument("--valid-from", type=date.fromisoformat, help="first day of the table (YYYY-MM-DD)")

    def handle(self, *args: object, **options: Any) -> None:
        for name in options["files"]:
            path = Path(name)
            if not path.exists() and path.name == name and (DATA_DIR / name).exists():
                path = DATA_DIR / name
            if not path.exists():
                raise CommandError(f"{name}: no such file")
            try:
                result = salary_categories_load(path=path, valid_from=options["valid_from"])
            except CategoryFileError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                f"{result.entity} from {result.valid_from}: {result.created} new, {result.unchanged} unchanged, "
                f"{result.closed} of the previous table ended."
            )
