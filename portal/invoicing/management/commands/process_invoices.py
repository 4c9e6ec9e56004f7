from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.invoicing import services


class Command(BaseCommand):
    help = "Create invoice drafts 7 days ahead, issue drafts on their date, remind overdue clients. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Act as if today were YYYY-MM-DD.")

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        drafted = services.create_due_drafts(today=today)
        issued = services.issue_due(today=today)
        reminded = services.send_payment_reminders(today=today)
        if drafted or issued or reminded or options["verbosity"] > 1:
            self.stdout.write(f"{today}: {drafted} drafts, {issued} issued, {reminded} reminders.")
