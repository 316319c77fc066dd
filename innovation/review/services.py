"""Writes (and the few reads shared by pages, exports and the API) for expert scoring.

save_sheet()       an expert saves a draft or submits their scores for one assignment
remind_unfinished() reminds experts with unfinished items before the deadline
compute_results()  aggregates the submitted sheets into ItemResult rows (scores and ranks), only
                   once every assigned sheet is in or the city has closed scoring (closure.py)

A refused attempt changes nothing and leaves an audit row (written after the rollback of the
attempt, so it stays).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, restrict
from innovation.achievements.models import Campaign, RubricCriterion, State
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import workflow as kernel
from innovation.experts.models import Assignment
from innovation.notifications.models import Notification
from innovation.notifications.services import notify

from . import aggregation, closure
from .models import ItemResult, Score, ScoreSheet, ScoringClosure

MAX_COMMENT = 5000
TWO_PLACES = Decimal("0.01")


class _Refused(Exception):
    """Internal: carries the error out of the rolled-back transaction to be audited."""

    def __init__(self, error: Exception, code: str):
        super().__init__(str(error))
        self.error = error
        self.code = code


def _refuse_validation(message, code: str):
    raise _Refused(ValidationError(message, code=code), code)


def _audit_refusal(*, actor, obj, refusal: _Refused, what: str, detail: str = "") -> None:
    error = refusal.error
    text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
    # Someone else's sheet is an access attempt; a bad value or a late save is a refused rule.
    record(
        action=AuditAction.ACCESS_DENIED if isinstance(error, PermissionDenied) else AuditAction.REFUSED,
        actor=actor,
        obj=obj,
        detail=f"{what} refused ({refusal.code}): {text}{('; ' + detail) if detail else ''}"[:2000],
    )


def criteria_of(campaign: Campaign) -> list[aggregation.Criterion]:
    return [
        aggregation.Criterion(id=c.pk, weight=c.weight, max_score=c.max_score)
        for c in RubricCriterion.objects.filter(campaign=campaign)
    ]


# ---------------------------------------------------------------- scoring


def sheet_editable(assignment: Assignment, now=None) -> tuple[bool, str]:
    """Whether the expert may still change this sheet, and if not, why (for the page)."""
    now = now or timezone.now()
    sheet = getattr(assignment, "sheet", None)
    if assignment.state in (Assignment.State.DECLINED, Assignment.State.WITHDRAWN):
        return False, _("该评审任务%(s)s，不能评分。") % {"s": assignment.get_state_display()}
    if assignment.state == Assignment.State.SUBMITTED or (sheet and sheet.submitted_at):
        return False, _("评分已提交，不能再修改。")
    if assignment.achievement.state != State.UNDER_REVIEW:
        return False, _("该成果已不在专家评审阶段（%(s)s），不能评分。") % {
            "s": assignment.achievement.get_state_display()
        }
    ended = ScoringClosure.objects.filter(campaign_id=assignment.campaign_id).first()
    if ended is not None:
        return False, _("市总工会已于 %(d)s 结束本次活动的评分，不能再保存或提交。") % {
            "d": timezone.localtime(ended.closed_at).strftime("%Y-%m-%d %H:%M")
        }
    deadline = assignment.campaign.review_deadline
    if deadline is not None and now > deadline:
        return False, _("评分已于 %(d)s 截止，不能再保存或提交。") % {
            "d": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
        }
    return True, ""


def _clean_values(
    campaign: Campaign, values: dict, submit: bool
) -> tuple[dict[int, Decimal], list[RubricCriterion]]:
    criteria = list(RubricCriterion.objects.filter(campaign=campaign))
    by_id = {c.pk: c for c in criteria}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, Decimal] = {}
    for raw_key, raw_value in (values or {}).items():
        try:
            key = int(raw_key)
        except (TypeError, ValueError):
            errors.setdefault("scores", []).append(_("评分项编号「%(k)s」无效。") % {"k": raw_key})
            continue
        criterion = by_id.get(key)
        if criterion is None:
            other = RubricCriterion.objects.filter(pk=key).first()
            errors.setdefault("scores", []).append(
                _("评分项「%(n)s」不属于本次征集活动，不能评分。") % {"n": other.name if other else key}
            )
            continue
        if raw_value is None or (isinstance(raw_value, str) and not raw_value.strip()):
            continue  # left blank: allowed in a draft, caught below on submit
        try:
            value = Decimal(str(raw_value).strip())
        except (InvalidOperation, ValueError):
            errors[f"c{key}"] = [_("「%(n)s」请填写数字。") % {"n": criterion.name}]
            continue
        if not value.is_finite():
            errors[f"c{key}"] = [_("「%(n)s」请填写数字。") % {"n": criterion.name}]
        elif value < 0:
            errors[f"c{key}"] = [_("「%(n)s」的得分不能低于0。") % {"n": criterion.name}]
        elif value > criterion.max_score:
            errors[f"c{key}"] = [
                _("「%(n)s」的得分不能超过满分%(m)d分。") % {"n": criterion.name, "m": criterion.max_score}
            ]
        elif value != value.quantize(TWO_PLACES):
            errors[f"c{key}"] = [_("「%(n)s」的得分最多保留两位小数。") % {"n": criterion.name}]
        else:
            cleaned[key] = value.quantize(TWO_PLACES)
    if submit and not errors:
        missing = [c.name for c in criteria if c.pk not in cleaned]
        if missing:
            errors.setdefault("scores", []).append(
                _("提交前须为每个评分项打分，尚缺：%(m)s。") % {"m": "、".join(f"「{m}」" for m in missing)}
            )
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned, criteria


def save_sheet(
    *,
    assignment: Assignment,
    actor,
    values: dict[int, Decimal],
    comment: str,
    submit: bool,
    now=None,
) -> ScoreSheet:
    """Save the expert's scores as a draft, or submit them (then they are final).

    `values` is the whole sheet: criteria left out (or blank) have no score afterwards.
    Refused, with a Chinese message and nothing saved, when: the assignment is not the
    actor's; it was declined or withdrawn; the sheet was already submitted; the item has left
    expert review; the deadline has passed; a value is not a number, below 0, above the
    criterion's maximum or has more than 2 decimals; a criterion belongs to another campaign;
    on submit, a criterion has no score."""
    now = now or timezone.now()
    comment = (comment or "").strip()
    try:
        with transaction.atomic():
            # Lock the assignment only (not its campaign): experts save side by side.
            item = (
                Assignment.objects.select_for_update(of=("self",))
                .select_related("campaign", "achievement", "expert")
                .get(pk=assignment.pk)
            )
            if actor is not None and not (
                item.expert.user_id == actor.pk
                and restrict(Assignment.objects.filter(pk=item.pk), actor, Action.REVIEW_SCORE).exists()
            ):
                raise _Refused(PermissionDenied(_("这不是分配给您的评审任务，不能评分。")), "not_yours")
            ok, why = sheet_editable(item, now)
            if not ok:
                _refuse_validation(why, "state")
            if len(comment) > MAX_COMMENT:
                raise _Refused(
                    ValidationError(
                        {"comment": [_("评审意见不能超过%(n)d字。") % {"n": MAX_COMMENT}]}, code="comment"
                    ),
                    "comment",
                )
            try:
                cleaned, criteria = _clean_values(item.campaign, values, submit)
            except ValidationError as exc:
                raise _Refused(exc, "values") from None
            sheet, created = ScoreSheet.objects.get_or_create(assignment=item)
            existing = {s.criterion_id: s for s in sheet.scores.all()}
            before = {str(k): str(s.value) for k, s in existing.items()}
            sheet.scores.exclude(criterion_id__in=list(cleaned)).delete()
            for criterion_id, value in cleaned.items():
                score = existing.get(criterion_id)
                if score is None:
                    Score.objects.create(sheet=sheet, criterion_id=criterion_id, value=value)
                elif score.value != value:
                    score.value = value
                    score.save(update_fields=["value"])
            old_comment = sheet.comment
            sheet.comment = comment
            fields = ["comment", "updated_at"]
            if submit:
                sheet.total = aggregation.weighted_total(
                    cleaned,
                    [
                        aggregation.Criterion(id=c.pk, weight=c.weight, max_score=c.max_score)
                        for c in criteria
                    ],
                )
                sheet.submitted_at = now
                fields += ["total", "submitted_at"]
            sheet.save(update_fields=fields)
            after = {str(k): str(v) for k, v in cleaned.items()}
            changes = {}
            if before != after:
                changes["scores"] = [before, after]
            if old_comment != comment:
                changes["comment"] = [old_comment, comment]
            if submit:
                changes["total"] = [None, str(sheet.total)]
                kernel.run(obj=item, step="submit", actor=actor, now=now)
            record(
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                actor=actor,
                obj=sheet,
                changes=changes,
                detail="review.submit" if submit else "review.save_draft",
            )
    except _Refused as refusal:
        _audit_refusal(
            actor=actor,
            obj=assignment,
            refusal=refusal,
            what="review.submit" if submit else "review.save_draft",
            detail=f"values={ {str(k): str(v) for k, v in (values or {}).items()} }",
        )
        raise refusal.error from None
    assignment.refresh_from_db(fields=["state"])
    return sheet


# ---------------------------------------------------------------- reminders


def reminder_url(day: datetime.date) -> str:
    """The reminder's link; the day in it is how a second reminder on that day is recognised."""
    return f"{reverse('review:my')}?reminder={day.isoformat()}"


def remind_unfinished(*, campaign: Campaign, now=None, within_hours: int = 48) -> int:
    """Notify experts who have unfinished items of `campaign` when its deadline is within
    `within_hours`; at most one reminder per expert per (local) day. Returns how many."""
    now = now or timezone.now()
    deadline = campaign.review_deadline
    if deadline is None or not (now < deadline <= now + datetime.timedelta(hours=within_hours)):
        return 0
    pending = dict(
        Assignment.objects.filter(
            campaign=campaign,
            state=Assignment.State.ASSIGNED,
            achievement__state=State.UNDER_REVIEW,
            expert__user__is_active=True,
        )
        .values_list("expert__user_id")
        .annotate(n=Count("id"))
        .values_list("expert__user_id", "n")
    )
    if not pending:
        return 0
    day = timezone.localtime(now).date()
    url = reminder_url(day)
    already = set(
        Notification.objects.filter(user_id__in=list(pending), url=url).values_list("user_id", flat=True)
    )
    from innovation.accounts.models import User

    sent = 0
    due = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
    with transaction.atomic():
        for user in User.objects.filter(pk__in=[u for u in pending if u not in already]).order_by("pk"):
            sent += notify(
                users=[user],
                title=_("评审提醒：您还有%(n)d项成果未提交评分") % {"n": pending[user.pk]},
                body=_("%(c)s 的专家评分将于 %(d)s 截止，请及时完成并提交。")
                % {"c": campaign.title, "d": due},
                url=url,
            )
        if sent:
            record(
                action=AuditAction.CREATE,
                object_type="notifications.notification",
                object_repr=f"review reminders · {campaign}"[:255],
                detail=f"review reminders for campaign {campaign.pk}: {sent} experts, deadline {due}",
            )
    return sent


# ---------------------------------------------------------------- results


def compute_results(*, campaign: Campaign, actor, now=None) -> int:
    """Aggregate the campaign's submitted sheets into ItemResult rows, replacing earlier ones
    in one transaction. Returns the number of ranked items."""
    now = now or timezone.now()
    try:
        if actor is not None and not can_act_at(actor, Action.REVIEW_RESULTS, campaign.union):
            raise _Refused(PermissionDenied(_("只有市总工会可以计算评审结果。")), "not_allowed")
        if closure.decision_locked(campaign):
            raise _Refused(
                ValidationError(
                    _("评审委员会已审批该活动的获奖名单，不能再重新计算评审结果。"), code="locked"
                ),
                "locked",
            )
        try:
            closure.require_complete(campaign, doing=_("计算评审结果（排名）"))
        except ValidationError as exc:
            raise _Refused(exc, "incomplete") from None
    except _Refused as refusal:
        _audit_refusal(actor=actor, obj=campaign, refusal=refusal, what="review.compute_results")
        raise refusal.error from None
    rows = list(
        ScoreSheet.objects.filter(
            assignment__campaign=campaign,
            assignment__state=Assignment.State.SUBMITTED,
            submitted_at__isnull=False,
            total__isnull=False,
        ).values_list(
            "assignment__achievement_id",
            "assignment__expert_id",
            "total",
            "assignment__achievement__field",
            "assignment__achievement__scope_path",
        )
    )
    fields = {r[0]: r[3] for r in rows}
    paths = {r[0]: r[4] for r in rows}
    scores = aggregation.aggregate(
        [aggregation.ExpertTotal(item=r[0], expert=r[1], total=r[2]) for r in rows],
        fields=fields,
        method=campaign.scoring_method,
        normalise_scores=campaign.normalise_scores,
        threshold=campaign.disagreement_threshold,
    )
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        removed = ItemResult.objects.filter(campaign=campaign).delete()[0]
        ItemResult.objects.bulk_create(
            [
                ItemResult(
                    achievement_id=s.item,
                    campaign=campaign,
                    score=s.score,
                    raw_mean=s.raw_mean,
                    n_scores=s.n_scores,
                    spread=s.spread,
                    disagreement=s.disagreement,
                    rank=s.rank,
                    field_rank=s.field_rank,
                    computed_at=now,
                    scope_path=paths[s.item],
                )
                for s in scores
            ]
        )
        # The campaign's results are recomputed (修改), not a campaign created.
        record(
            action=AuditAction.UPDATE,
            actor=actor,
            obj=campaign,
            changes={
                "items": [removed, len(scores)],
                "sheets": [None, len(rows)],
                "method": [None, campaign.scoring_method],
                "normalise": [None, campaign.normalise_scores],
                "threshold": [None, str(campaign.disagreement_threshold)],
            },
            detail=f"review.compute_results: {len(scores)} items from {len(rows)} sheets",
        )
    return len(scores)


# ---------------------------------------------------------------- reads


def my_assignments(user):
    """The user's own active assignments (expert), newest campaign first."""
    from .anonymity import assignment_related

    select, prefetch = assignment_related()
    return (
        restrict(Assignment.objects.all(), user, Action.REVIEW_SCORE)
        .filter(state__in=Assignment.ACTIVE_STATES)
        .select_related("campaign", "achievement", "sheet", *select)
        .prefetch_related(*prefetch)
        .order_by("-campaign__year", "state", "achievement_id")
    )


def sheet_status(assignment: Assignment) -> str:
    """'submitted', 'draft' or 'pending' (not started)."""
    if assignment.state == Assignment.State.SUBMITTED:
        return "submitted"
    return "draft" if getattr(assignment, "sheet", None) is not None else "pending"


SHEET_STATUS_LABELS = {
    "pending": gettext_lazy("未开始"),
    "draft": gettext_lazy("草稿"),
    "submitted": gettext_lazy("已提交"),
}


@dataclass
class ProgressRow:
    expert_id: int
    name: str
    employer: str
    assigned: int
    submitted: int
    drafts: int
    not_started: int
    declined: int
    withdrawn: int
    last_activity: datetime.datetime | None

    @property
    def percent(self) -> int:
        return int(self.submitted * 100 / self.assigned) if self.assigned else 0

    @property
    def unfinished(self) -> int:
        return self.assigned - self.submitted


def expert_progress(*, campaign: Campaign, user, q: str = "", unfinished_only: bool = False):
    """Per expert of the campaign: assigned (active), submitted, drafts, not started,
    declined, withdrawn and last activity, within the user's REVIEW_ASSIGN scope."""
    S = Assignment.State
    qs = restrict(Assignment.objects.filter(campaign=campaign), user, Action.REVIEW_ASSIGN)
    if q.strip():
        qs = qs.filter(expert__name__icontains=q.strip())
    rows = (
        qs.values("expert_id", "expert__name", "expert__employer__name", "expert__employer_outside")
        .annotate(
            assigned=Count("id", filter=Q(state__in=Assignment.ACTIVE_STATES)),
            submitted=Count("id", filter=Q(state=S.SUBMITTED)),
            drafts=Count("id", filter=Q(state=S.ASSIGNED, sheet__isnull=False)),
            declined=Count("id", filter=Q(state=S.DECLINED)),
            withdrawn=Count("id", filter=Q(state=S.WITHDRAWN)),
            # The expert's own doings: submitting or declining, and working on a sheet.
            last_assignment=Max("updated_at", filter=Q(state__in=(S.SUBMITTED, S.DECLINED))),
            last_sheet=Max("sheet__updated_at"),
        )
        .order_by("expert__name", "expert_id")
    )
    result = []
    for r in rows:
        stamps = [s for s in (r["last_assignment"], r["last_sheet"]) if s is not None]
        row = ProgressRow(
            expert_id=r["expert_id"],
            name=r["expert__name"],
            employer=r["expert__employer__name"] or r["expert__employer_outside"] or "",
            assigned=r["assigned"],
            submitted=r["submitted"],
            drafts=r["drafts"],
            not_started=r["assigned"] - r["submitted"] - r["drafts"],
            declined=r["declined"],
            withdrawn=r["withdrawn"],
            last_activity=max(stamps) if stamps else None,
        )
        if unfinished_only and not row.unfinished:
            continue
        result.append(row)
    return result
