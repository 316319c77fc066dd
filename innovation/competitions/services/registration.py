"""Registration by the unit admins (one worker, or an Excel batch: see importer.py), within the
window, the unit's quota and the occupation's eligibility; the organiser's confirmation gives
the card and the anonymous numbers (innovation.competitions.workflow)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.core import workflow as kernel
from innovation.org.models import Worker

from .. import rules
from ..models import (
    LIVE_REGISTRATION_STATES,
    Competition,
    CompetitionState,
    Occupation,
    Registration,
)
from .common import guarded, require_user


def check_registrable(
    *, actor, occupation: Occupation, worker: Worker, today: datetime.date, pending: int = 0
) -> None:
    """Every rule of one registration, without writing (the Excel batch runs it row by row;
    `pending` counts the batch's earlier rows of the same unit and occupation)."""
    competition = occupation.competition
    enterprise = worker.enterprise
    if not can_act_at(actor, Action.COMPETITION_REGISTER, enterprise.union):
        raise PermissionDenied(_("您无权为%(e)s报名。") % {"e": enterprise})
    if competition.state != CompetitionState.REGISTRATION_OPEN:
        raise ValidationError(
            {
                "occupation": [
                    _("赛事当前为「%(s)s」，不在报名期内。") % {"s": competition.get_state_display()}
                ]
            },
            code="window",
        )
    if not competition.registration_opens_on <= today <= competition.registration_closes_on:
        raise ValidationError(
            {
                "occupation": [
                    _("报名时间为%(a)s至%(b)s，今天（%(t)s）不能报名。")
                    % {
                        "a": competition.registration_opens_on,
                        "b": competition.registration_closes_on,
                        "t": today,
                    }
                ]
            },
            code="window",
        )
    rules.check_eligible(occupation, worker)
    live = Registration.objects.filter(occupation=occupation, state__in=LIVE_REGISTRATION_STATES)
    if live.filter(worker=worker).exists():
        raise ValidationError(
            {
                "worker": [
                    _("%(n)s已报名「%(o)s」，同一职工不能重复报名同一工种。")
                    % {"n": worker.name, "o": occupation}
                ]
            },
            code="duplicate",
        )
    used = live.filter(enterprise=enterprise).count() + pending
    if used >= occupation.quota_per_unit:
        raise ValidationError(
            {
                "worker": [
                    _("%(e)s「%(o)s」限报%(q)d人，已报%(u)d人，名额已满。")
                    % {"e": enterprise, "o": occupation, "q": occupation.quota_per_unit, "u": used}
                ]
            },
            code="quota",
        )


def register(
    *, actor, occupation: Occupation, worker: Worker, today: datetime.date | None = None
) -> Registration:
    """A unit admin enters one of its workers for an occupation."""
    today = today or timezone.localdate()
    with guarded(actor=actor, step="register", model=Registration), transaction.atomic():
        require_user(actor)
        # The occupation's row is locked: two registrations of one unit cannot both take its
        # last place of the quota.
        occupation = Occupation.objects.select_for_update().get(pk=occupation.pk)
        occupation.competition = Competition.objects.select_related("union").get(pk=occupation.competition_id)
        worker = Worker.objects.select_related("enterprise__union").get(pk=worker.pk)
        check_registrable(actor=actor, occupation=occupation, worker=worker, today=today)
        return Registration.objects.create(
            occupation=occupation, worker=worker, enterprise=worker.enterprise, registered_by=actor
        )


def registration_step(
    *, actor, registration: Registration, step: str, reason: str = "", now=None
) -> Registration:
    """confirm / return (the organiser), resubmit / withdraw (the unit)."""
    return kernel.run(obj=registration, step=step, actor=actor, reason=reason, now=now)
