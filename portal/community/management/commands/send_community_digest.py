from datetime import date
from typing import Any

from portal.community import digest
from portal.core.scheduled import Phase, ScheduledCommand


class Command(ScheduledCommand):
    help = (
        "Send the weekly community digest on its weekday (Monday, in each entity's time zone): the posts "
        "published in the week before that match each member's subscription. Idempotent and safe to run "
        "concurrently (one digest per member and ISO week); run hourly."
    )

    def handle(self, *args: Any, today: date | None = None, **options: Any) -> None:
        self.given_today = today  # without --today, each entity's own day counts
        super().handle(*args, today=today, **options)

    def phases(self) -> list[tuple[str, Phase]]:
        return [
            ("community digests sent", lambda _day, failures: digest.send_weekly_digests(self.given_today, failures))
        ]
