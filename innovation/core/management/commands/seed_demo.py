"""Load the Jinzhou demo. Idempotent: running it again changes nothing.

The parts and their order are settings.DEMO_SEEDERS (config names the apps; core names none)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the Jinzhou demo organisation, people and accounts (safe to run repeatedly)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name, seed in settings.DEMO_SEEDERS:
                self.stdout.write(f"seeding {name} …")
                import_string(seed)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(import_string(settings.DEMO_SUMMARY)()))
