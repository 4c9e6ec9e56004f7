from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.orders import scheduling


class Command(BaseCommand):
    help = "Expire unconfirmed offers, remind before expiry, complete finished orders. Idempotent; run daily."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Act as if today were YYYY-MM-DD.")

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        expired = scheduling.expire_offers(today)
        reminded = scheduling.remind_expiring_offers(today)
        completed = scheduling.complete_orders(today)
        if expired or reminded or completed or options["verbosity"] > 1:
            self.stdout.write(f"{today}: {expired} expired, {reminded} reminded, {completed} completed.")
