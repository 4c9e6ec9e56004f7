from portal.core.scheduled import Phase, ScheduledCommand
from portal.invoicing import services


class Command(ScheduledCommand):
    help = (
        "Create invoice drafts 7 days ahead, issue drafts on their date, remind overdue clients. Idempotent. "
        "Every phase runs even when an earlier one had failures; exits non-zero when anything failed."
    )

    def phases(self) -> list[tuple[str, Phase]]:
        return [
            ("drafts", lambda today, failures: services.create_due_drafts(today=today, failures=failures)),
            ("issued", lambda today, failures: services.issue_due(today=today, failures=failures)),
            ("reminders", lambda today, failures: services.send_payment_reminders(today=today, failures=failures)),
        ]
