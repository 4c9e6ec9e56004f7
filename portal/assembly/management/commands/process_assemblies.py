from portal.assembly import voting
from portal.core.scheduled import Phase, ScheduledCommand


class Command(ScheduledCommand):
    help = (
        "Freeze the voter list of every assembly vote that has opened. Idempotent and safe to run "
        "concurrently; run every few minutes (a ballot freezes its vote's list too)."
    )

    def phases(self) -> list[tuple[str, Phase]]:
        return [("voter lists frozen", voting.freeze_due)]
