"""Remind the team leader and the county union of every overdue service order, once a day per
order (run hourly or daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from innovation.volunteer import services


class Command(BaseCommand):
    help = "Remind the team leaders and the county unions of the overdue service orders."

    def handle(self, *args, **options):
        reminded = services.send_reminders()
        self.stdout.write(f"reminded {reminded}")
