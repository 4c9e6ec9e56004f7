"""Book every issued invoice that has no budget rows yet (idempotent; safe to run again)."""

from django.core.management.base import BaseCommand

from portal.invoicing.budget_postings import post_unposted


class Command(BaseCommand):
    help = "Book the income and fee of issued invoices (and the reversal of cancellations) not yet on a budget."

    def handle(self, *args, **options):
        posted = post_unposted()
        self.stdout.write(f"{posted} invoice(s) booked.")
