"""The frame of the scheduled commands: phases that each run even when an earlier one failed."""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

logger = logging.getLogger(__name__)

#: A phase gets the day to act on and a list to append what failed to; it returns how many it did.
Phase = Callable[[date, list[str]], int]


def note_failure(failures: list[str] | None, subject: str, error: BaseException) -> None:
    """One item a scheduled job could not handle: logged with its traceback and listed in ``failures``
    (for the command's report), while the job goes on with the others."""
    logger.exception("%s failed", subject)
    if failures is not None:
        failures.append(f"{subject}: {type(error).__name__}: {error}"[:500])


class ScheduledCommand(BaseCommand):
    """Runs ``phases()`` for ``--today`` (time travel) or today; exits non-zero when anything failed,
    so that cron notices, after every phase has had its turn."""

    def phases(self) -> list[tuple[str, Phase]]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="Act as if today were YYYY-MM-DD.")

    def handle(self, *args: Any, today: date | None = None, **options: Any) -> None:
        today = today or timezone.localdate()
        failures: list[str] = []
        counts: list[str] = []
        for name, phase in self.phases():
            try:
                done = phase(today, failures)
            except Exception as error:  # a phase that breaks as a whole must not skip the next ones
                note_failure(failures, name, error)
                done = 0
            counts.append(f"{done} {name}")
        if any(not count.startswith("0 ") for count in counts) or failures or options["verbosity"] > 1:
            self.stdout.write(f"{today}: {', '.join(counts)}.")
        if failures:
            for failure in failures:
                self.stderr.write(f"failed: {failure}")
            raise CommandError(f"{len(failures)} failure(s); see the log and the back office.")
