"""In-app notifications, and e-mail when a mail server is configured."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


def notify(*, users: Iterable, title: str, body: str = "", url: str = "") -> int:
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if not recipients:
        return 0
    Notification.objects.bulk_create(
        [Notification(user_id=pk, title=title[:200], body=body, url=url[:300]) for pk in recipients]
    )
    if settings.EMAIL_HOST:
        messages = [
            (title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email])
            for u in recipients.values()
            if u.email
        ]

        def _send():
            try:
                send_mass_mail(messages, fail_silently=False)
            except OSError:  # a mail outage must never undo the change it reports
                log.exception("notification e-mail failed")

        transaction.on_commit(_send)
    return len(recipients)


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
