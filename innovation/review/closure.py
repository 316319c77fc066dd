"""Whether a campaign's scoring is complete, and the city's explicit end of scoring.

The ranking (innovation.review.services.compute_results) and the committee's decision
(innovation.awards.services.propose / approve) are taken on complete reviews only: while any
assigned sheet of an item still under review is outstanding they are refused, with the count.
The one way past that rule is `close_scoring`: a city admin ends the campaign's scoring with a
written reason. It is audited, recorded as the campaign's ScoringClosure (who, when, why, how
many sheets were outstanding) and shown on the ranking and decision pages and in the API.
After it no expert may save or submit a sheet of that campaign.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at
from innovation.achievements.models import Campaign, State
from innovation.audit.models import AuditAction
from innovation.audit.services import record, refusals_recorded
from innovation.experts.models import Assignment

from .models import ScoringClosure

REASON_MAX = 500


@dataclass(frozen=True)
class SheetCounts:
    """A campaign's score sheets: due (submitted + outstanding), submitted, outstanding.

    A sheet is outstanding while its assignment is active and not submitted and its item is
    still under expert review; an item that left the review (returned, withdrawn) owes none."""

    assigned: int
    submitted: int
    outstanding: int

    @property
    def complete(self) -> bool:
        return self.outstanding == 0


def sheet_counts(campaign: Campaign) -> SheetCounts:
    S = Assignment.State
    data = Assignment.objects.filter(campaign=campaign).aggregate(
        submitted=Count("id", filter=Q(state=S.SUBMITTED)),
        outstanding=Count("id", filter=Q(state=S.ASSIGNED, achievement__state=State.UNDER_REVIEW)),
    )
    return SheetCounts(
        assigned=data["submitted"] + data["outstanding"],
        submitted=data["submitted"],
        outstanding=data["outstanding"],
    )


def closure_of(campaign: Campaign) -> ScoringClosure | None:
    return ScoringClosure.objects.select_related("closed_by").filter(campaign=campaign).first()


def decision_locked(campaign: Campaign) -> bool:
    """Whether the committee has taken up the campaign's award decision (any state after draft).
    Read through the campaign's reverse relation: awards builds on review, so review does not
    import awards."""
    decision = Campaign._meta.get_field("decision").related_model
    return (
        Campaign.objects.filter(pk=campaign.pk, decision__isnull=False)
        .exclude(decision__state=decision.State.DRAFT)
        .exists()
    )


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def closed_message(closure: ScoringClosure) -> str:
    """The closure in one sentence, as the pages and refusals state it."""
    return _("%(w)s 于 %(at)s 结束评分（结束时已提交评分表 %(s)d/%(a)d 份，%(o)d 份未提交），理由：%(r)s") % {
        "w": closure.closed_by,
        "at": _local(closure.closed_at),
        "s": closure.submitted,
        "a": closure.assigned,
        "o": closure.outstanding,
        "r": closure.reason,
    }


def require_complete(campaign: Campaign, *, doing: str) -> None:
    """Refuse `doing` (e.g. "计算评审结果") while sheets are outstanding and scoring is not closed."""
    counts = sheet_counts(campaign)
    if counts.complete or ScoringClosure.objects.filter(campaign=campaign).exists():
        return
    raise ValidationError(
        _(
            "「%(c)s」还有 %(o)d 份专家评分表未提交（已提交 %(s)d/%(a)d 份），不能%(d)s。"
            "请等专家提交全部评分表，或由市总工会写明理由结束评分。"
        )
        % {"c": campaign, "o": counts.outstanding, "s": counts.submitted, "a": counts.assigned, "d": doing},
        code="incomplete",
    )


def close_scoring(
    *, campaign: Campaign, actor, reason: str, now: datetime.datetime | None = None
) -> ScoringClosure:
    """End the campaign's scoring with a reason while sheets are outstanding (city admin).

    Refused, with nothing written but the audit row, when: the actor is not the campaign's city
    admin; the reason is empty or too long; scoring was already closed; every sheet is in;
    the committee has already approved the decision."""
    now = now or timezone.now()
    with refusals_recorded(actor=actor, obj=campaign, step="review.close_scoring"):
        if actor is None or not can_act_at(actor, Action.REVIEW_RESULTS, campaign.union):
            raise PermissionDenied(_("只有市总工会可以结束「%(c)s」的评分。") % {"c": campaign})
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise ValidationError({"reason": [_("结束评分须写明理由。")]}, code="reason")
        if len(reason) > REASON_MAX:
            raise ValidationError(
                {"reason": [_("理由不能超过%(n)d个字。") % {"n": REASON_MAX}]}, code="reason"
            )
        try:
            with transaction.atomic():
                # The campaign's row lock serialises two admins closing at once.
                Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
                existing = closure_of(campaign)
                if existing is not None:
                    raise ValidationError(
                        _("「%(c)s」的评分已经结束：%(m)s") % {"c": campaign, "m": closed_message(existing)},
                        code="closed",
                    )
                if decision_locked(campaign):
                    raise ValidationError(
                        _("评审委员会已审批「%(c)s」的获奖名单，不能再结束评分。") % {"c": campaign},
                        code="locked",
                    )
                counts = sheet_counts(campaign)
                if counts.complete:
                    raise ValidationError(
                        _("「%(c)s」的专家评分表已全部提交（%(n)d 份），无需结束评分。")
                        % {"c": campaign, "n": counts.submitted},
                        code="complete",
                    )
                closure = ScoringClosure.objects.create(
                    campaign=campaign,
                    reason=reason,
                    closed_by=actor,
                    closed_at=now,
                    assigned=counts.assigned,
                    submitted=counts.submitted,
                    scope_path=campaign.union.path,
                )
                record(
                    action=AuditAction.CREATE,
                    actor=actor,
                    obj=closure,
                    changes={
                        "reason": [None, reason],
                        "assigned": [None, counts.assigned],
                        "submitted": [None, counts.submitted],
                        "outstanding": [None, counts.outstanding],
                    },
                    detail=f"review.close_scoring: {counts.outstanding} of {counts.assigned} sheets "
                    f"outstanding; {reason}"[:2000],
                )
        except IntegrityError:
            raise ValidationError(
                _("「%(c)s」的评分刚由他人结束，请刷新页面。") % {"c": campaign}, code="race"
            ) from None
    return closure
