"""Scheduled work of the review (run by `manage.py send_review_reminders`, e.g. from cron)."""

import datetime

from django.utils import timezone

from innovation.achievements.models import Campaign
from innovation.audit.context import acting_as

from .services import remind_unfinished


def send_review_reminders(*, now: datetime.datetime | None = None, within_hours: int = 48) -> dict[int, int]:
    """Remind experts of every campaign whose review deadline is still ahead.
    Returns {campaign id: experts reminded}."""
    now = now or timezone.now()
    sent: dict[int, int] = {}
    campaigns = Campaign.objects.filter(review_deadline__gt=now).order_by("review_deadline", "pk")
    with acting_as(None):
        for campaign in campaigns:
            sent[campaign.pk] = remind_unfinished(campaign=campaign, now=now, within_hours=within_hours)
    return sent
