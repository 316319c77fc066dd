"""Reads of the committee's work, for pages, the API and the services: a decision's grade tally
and prize total, whether its notice is open, and who sees which notices and objections."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict

from .models import Decision, Objection


def grade_tally(decision: Decision) -> list[dict]:
    """Each grade of the campaign with its quota and how many lines hold it now."""
    counts = dict(
        decision.lines.filter(grade__isnull=False)
        .values_list("grade_id")
        .annotate(n=Count("id"))
        .values_list("grade_id", "n")
    )
    return [
        {
            "grade": g,
            "quota": g.quota,
            "count": counts.get(g.pk, 0),
            "over": counts.get(g.pk, 0) > g.quota,
            "prize_fen": g.prize_fen,
            "total_fen": g.prize_fen * counts.get(g.pk, 0),
        }
        for g in decision.campaign.grades.order_by("order", "id")
    ]


def prize_total_fen(decision: Decision) -> int:
    return sum(
        line.grade.prize_fen for line in decision.lines.filter(grade__isnull=False).select_related("grade")
    )


def notice_is_open(decision: Decision, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        decision.state == Decision.State.NOTICE
        and decision.notice_starts is not None
        and decision.notice_starts <= now < decision.notice_ends
    )


def notices_visible_to(user):
    """Decisions on notice or final: public to every signed-in user (NOTICE_VIEW)."""
    return restrict(
        Decision.objects.filter(state__in=(Decision.State.NOTICE, Decision.State.FINAL)),
        user,
        Action.NOTICE_VIEW,
    )


def objections_for(user):
    """A city admin's objections to answer (their scope), or everybody's own objections."""
    qs = Objection.objects.all()
    answerable = restrict(qs, user, Action.OBJECTION_ANSWER)
    if can(user, Action.OBJECTION_ANSWER):
        return qs.filter(Q(pk__in=answerable.values("pk")) | Q(raised_by=user))
    return qs.filter(raised_by=user) if getattr(user, "is_authenticated", False) else qs.none()
