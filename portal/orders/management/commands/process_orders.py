from portal.core.scheduled import Phase, ScheduledCommand
from portal.orders import scheduling


class Command(ScheduledCommand):
    help = (
        "Expire unconfirmed offers, remind before expiry, complete finished orders. Idempotent; run daily. "
        "Every phase runs even when an earlier one had failures; exits non-zero when anything failed."
    )

    def phases(self) -> list[tuple[str, Phase]]:
        return [
            ("expired", lambda today, failures: scheduling.expire_offers(today, failures=failures)),
            ("reminded", lambda today, failures: scheduling.remind_expiring_offers(today, failures=failures)),
            ("completed", lambda today, failures: scheduling.complete_orders(today, failures=failures)),
        ]
