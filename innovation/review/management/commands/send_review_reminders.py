"""Remind experts with unfinished score sheets before the review deadline.

Run it hourly or daily from cron / a scheduler; an expert gets at most one reminder a day."""

from django.core.management.base import BaseCommand

from innovation.review.tasks import send_review_reminders


class Command(BaseCommand):
    help = "Notify experts who have unfinished assignments when a review deadline is near."

    def add_arguments(self, parser):
        parser.add_argument(
            "--within-hours",
            type=int,
            default=48,
            help="remind when the deadline is at most this many hours ahead (default 48)",
        )

    def handle(self, *args, within_hours: int, **options):
        sent = send_review_reminders(within_hours=within_hours)
        total = sum(sent.values())
        for campaign_id, n in sent.items():
            if n:
                self.stdout.write(f"campaign {campaign_id}: {n} experts reminded")
        self.stdout.write(self.style.SUCCESS(f"{total} reminders sent"))
