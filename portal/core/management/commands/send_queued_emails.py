from typing import Any

from django.core.management.base import BaseCommand

from portal.core.outbox import deliver_due
from portal.core.tasks import recover_stuck_tasks


class Command(BaseCommand):
    help = (
        "Send queued e-mails whose (re)try is due, retry deliveries whose worker died, and give stuck task rows "
        "back to the queue. Idempotent; safe to run from cron every minute."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = recover_stuck_tasks()
        sent = deliver_due()
        if sent or recovered or options["verbosity"] > 1:
            self.stdout.write(f"{sent} e-mail(s) sent, {recovered} stuck task(s) requeued.")
