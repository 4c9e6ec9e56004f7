from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import data


class Command(BaseCommand):
    help = "Create the demo data (idempotent): entities, one login per role, and optionally N generated members."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="Make sure N generated members exist.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, scale=0, quiet_logins=False, **options):
        with transaction.atomic():
            entities = data.seed_entities()
            logins = data.seed_logins(entities)
        if scale:
            added = data.seed_generated_members(scale, entities)
            self.stdout.write(f"Generated members: {added} added, {scale} requested.")
        if not quiet_logins:
            self.print_logins(logins)

    def print_logins(self, logins):
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS(f"Smart Portal: {settings.PORTAL_BASE_URL}/"))
        write(f"Demo logins (password for all: {data.DEMO_PASSWORD}):")
        for role, email in logins:
            write(f"  {role:<40} {email}")
        write("")
