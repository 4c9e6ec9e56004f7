from portal.core.scheduled import Phase, ScheduledCommand
from portal.employment import costs, services


class Command(ScheduledCommand):
    help = (
        "Start signed employments on their first day, book each month's employment cost once, end finished "
        "employments. Idempotent and safe to run concurrently; run daily (at least on the first of each month)."
    )

    def phases(self) -> list[tuple[str, Phase]]:
        return [
            ("started", services.activate_due),
            ("monthly costs booked", costs.book_month_costs),
            ("ended", services.end_finished),
        ]
