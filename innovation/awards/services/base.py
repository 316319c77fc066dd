"""What the committee's services share: the refusal recorder, the rights checks, the lock."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.scope import restrict
from innovation.audit.services import refusals_recorded

from ..models import Decision

REASON_MAX = 300
OBJECTION_MAX = 5000
ANSWER_MAX = 5000


def local(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def audited(*, actor, obj, step: str):
    """The audit writer's refusal recorder, for the committee's steps."""
    return refusals_recorded(actor=actor, obj=obj, model=Decision, step=f"awards.{step}")


def require(actor, action: str, obj, message: str) -> None:
    """The actor may take `action` on this row (its scope); `actor=None` is the system."""
    if actor is None:
        return
    if not restrict(type(obj).objects.filter(pk=obj.pk), actor, action).exists():
        raise PermissionDenied(message)


def user_required(actor, what: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("%(w)s须由登录的市总工会管理员办理。") % {"w": what})


def lock(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",)).select_related("campaign__union").get(pk=decision.pk)
    )
