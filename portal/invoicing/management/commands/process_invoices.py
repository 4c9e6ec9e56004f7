from portal.core.scheduled import Phase, ScheduledCommand
from portal.invoicing import services


class Command(ScheduledCommand):
    help = (
        "Create invoice drafts 7 days ahead, issue drafts on their date, remind overdue clients. Idempotent. "
        "Every phase runs even when an earlier one had failures; exits non-zero when anything failed."
    )

    def phases(self) -> list[tuple[str, Phase]]:
        return [
            ("drafts", lambda today, failures: services.invoice_drafts_create_due(today=today, failures=failures)),
            ("issued", lambda today, failures: services.invoice_issue_due(today=today, failures=failures)),
            ("reminders", lambda today, failures: services.invoice_reminders_send(today=today, failures=failures)),
        ]
