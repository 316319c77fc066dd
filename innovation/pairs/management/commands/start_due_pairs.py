"""Approved agreements whose start date has come begin (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from innovation.pairs import services


class Command(BaseCommand):
    help = "Start the approved master-apprentice agreements whose start date has come."

    def handle(self, *args, **options):
        started = services.start_due()
        self.stdout.write(f"started {started}")
