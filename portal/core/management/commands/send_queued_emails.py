from django.core.management.base import BaseCommand

from portal.core.outbox import deliver_due


class Command(BaseCommand):
    help = "Send queued e-mails whose (re)try is due. Idempotent; safe to run from cron every minute."

    def handle(self, *args, **options):
        sent = deliver_due()
        if sent or options["verbosity"] > 1:
            self.stdout.write(f"{sent} e-mail(s) sent.")
