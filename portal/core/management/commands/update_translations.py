from django.core.management import call_command
from django.core.management.base import BaseCommand

IGNORED = [".venv", "staticfiles", "var", "node_modules"]


class Command(BaseCommand):
    help = "Extract the portal's messages into locale/de (needs GNU gettext); then translate the new entries."

    def handle(self, *args, **options):
        call_command("makemessages", locale=["de"], ignore_patterns=IGNORED, no_obsolete=True, verbosity=0)
