import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from portal.orders import scheduling

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Expire unconfirmed offers, remind before expiry, complete finished orders. Idempotent; run daily. "
        "Every phase runs even when an earlier one had failures; exits non-zero when anything failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="Act as if today were YYYY-MM-DD.")

    def handle(self, *args: Any, today: date | None = None, **options: Any) -> None:
        today = today or timezone.localdate()
        failures: list[str] = []
        phases: list[tuple[str, Callable[..., int]]] = [
            ("expired", scheduling.expire_offers),
            ("reminded", scheduling.remind_expiring_offers),
            ("completed", scheduling.complete_orders),
        ]
        counts: list[str] = []
        for name, phase in phases:
            try:
                done = phase(today, failures=failures)
            except Exception as error:  # a phase that breaks as a whole must not skip the next ones
                logger.exception("process_orders: %s failed", name)
                failures.append(f"{name}: {type(error).__name__}: {error}")
                done = 0
            counts.append(f"{done} {name}")
        if any(not count.startswith("0 ") for count in counts) or failures or options["verbosity"] > 1:
            self.stdout.write(f"{today}: {', '.join(counts)}.")
        if failures:
            for failure in failures:
                self.stderr.write(f"failed: {failure}")
            raise CommandError(f"{len(failures)} failure(s); see the log.")
