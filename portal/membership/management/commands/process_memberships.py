from portal.core.scheduled import Phase, ScheduledCommand
from portal.membership.applications import unconfirmed_expired
from portal.membership.requests import terminations_due


class Command(ScheduledCommand):
    help = (
        "Let accepted terminations take effect on their day: the register entry, and the membership ends "
        "with the last share; applications whose confirmation link has expired are deleted. Idempotent and "
        "safe to run concurrently; run daily."
    )

    def phases(self) -> list[tuple[str, Phase]]:
        return [("terminations", terminations_due), ("unconfirmed applications", unconfirmed_expired)]
