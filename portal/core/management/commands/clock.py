import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Development scheduler: runs settings.SCHEDULED_COMMANDS at their intervals. Use cron in production."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every scheduled command once and exit.")

    def handle(self, *args, once=False, **options):
        next_run = {name: 0.0 for name, _interval in settings.SCHEDULED_COMMANDS}
        while True:
            now = time.monotonic()
            for name, interval in settings.SCHEDULED_COMMANDS:
                if now >= next_run[name]:
                    try:
                        call_command(name, stdout=self.stdout, stderr=self.stderr)
                    except Exception as exc:  # one failing job must not stop the clock
                        self.stderr.write(f"{name} failed: {exc}")
                    next_run[name] = now + interval
            if once:
                return
            time.sleep(1)
