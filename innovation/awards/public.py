"""The public notice (公示) for everyone, signed in or not, and the objections the public raises
from it. A notice is public by nature: it shows each awarded item's title, unit, authors' names
and grade, nothing else about anyone. An objection from the public carries the objector's real
name and phone (实名), the phone stored as all personal data is (innovation.core.pii); it meets
the same rules as a signed-in user's (services.check_objection) and is answered the same way.

Reads here do not start from restrict(): there is no user to scope by, and what they return is
exactly what a notice publishes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.achievements.models import Author
from innovation.audit.services import refusals_recorded
from innovation.core import pii
from innovation.core.validators import validate_phone

from . import services
from .models import Decision, DecisionLine, Objection

PUBLISHED = (Decision.State.NOTICE, Decision.State.FINAL)
NAME_MAX = 30


def published_notices():
    """Decisions on notice or final, newest campaign first, with the number of awarded items."""
    return (
        Decision.objects.filter(state__in=PUBLISHED)
        .select_related("campaign__union")
        .annotate(awarded_count=Count("lines", filter=Q(lines__grade__isnull=False)))
        .order_by("-campaign__year", "-id")
    )


def notice_lines(decision: Decision):
    """The published list: awarded lines by grade and rank, authors' names only."""
    return (
        decision.lines.filter(grade__isnull=False)
        .select_related("achievement__enterprise", "grade")
        .prefetch_related(
            Prefetch(
                "achievement__authors",
                queryset=Author.objects.select_related("worker").only(
                    "id", "achievement_id", "order", "outside_name", "worker__id", "worker__name"
                ),
            )
        )
        .order_by("grade__order", "rank", "id")
    )


def raise_public_objection(
    *, line: DecisionLine, name: str, phone: str, reason: str, now: datetime.datetime | None = None
) -> Objection:
    """A member of the public objects, with real name and phone, to one line of a notice
    while the notice is open. Refusals are audited (with the phone masked)."""
    now = now or timezone.now()
    decision = line.decision
    with refusals_recorded(actor=None, obj=decision, step="awards.public_objection"):
        errors: dict[str, list] = {}
        name = (name or "").strip() if isinstance(name, str) else ""
        if len(name) < 2:
            errors["name"] = [_("请填写您的真实姓名。")]
        elif len(name) > NAME_MAX:
            errors["name"] = [_("姓名不能超过%(n)d个字。") % {"n": NAME_MAX}]
        try:
            phone = validate_phone(phone if isinstance(phone, str) else "")
        except ValidationError as exc:
            errors["phone"] = exc.messages
        try:
            reason = services.check_objection(decision=decision, line=line, reason=reason, now=now)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        objection = Objection(
            public_name=name,
            phone=phone,
            phone_hash=pii.keyed_hash(phone),
            phone_masked=pii.mask_phone(phone),
        )
        return services.file_objection(
            decision=decision, line=line, reason=reason, now=now, objection=objection
        )
