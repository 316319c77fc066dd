"""The committee decision (评审委员会审定): proposed from the ranking, adjusted with reasons,
approved by two different city admins (four-eyes: the kernel's), returned, published for notice.
Its steps are the workflow in innovation.awards.workflow; these services check who may ask and
run them through the kernel.

* `propose` builds the decision from the ranking: grades are given by rank, in grade order,
  each within its quota; items beyond all quotas get no grade. Like the ranking, it and both
  approvals are refused while expert sheets are outstanding, unless the city has closed scoring
  with a reason (innovation.review.closure).
* `adjust` changes one line's grade, with a written reason, only while the decision is a draft,
  never above a grade's quota.
* `approve` twice, by two different city admins, locks it; `publish` opens the notice for the
  campaign's notice days.

A refused attempt changes nothing and is written to the audit trail after its transaction has
rolled back, so the record survives the refusal.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can_act_at, restrict
from innovation.achievements.models import AwardGrade, Campaign, State
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import workflow as kernel
from innovation.funds.models import BudgetLine
from innovation.review import closure

from ..models import Decision, DecisionLine, Objection
from .base import REASON_MAX, audited, lock, require, user_required

# ---------------------------------------------------------------- proposal


def allocate(count: int, grades: Sequence[AwardGrade]) -> list[AwardGrade | None]:
    """Grades for `count` items in rank order: each grade, in grade order, takes as many as
    its quota allows; the rest get none."""
    slots: list[AwardGrade | None] = []
    for grade in grades:
        slots.extend([grade] * grade.quota)
    slots = slots[:count]
    return slots + [None] * (count - len(slots))


def propose(*, campaign: Campaign, actor, now: datetime.datetime | None = None) -> Decision:
    """Build (or, for a draft, rebuild) the campaign's decision from its ranking."""
    now = now or timezone.now()
    existing = Decision.objects.filter(campaign=campaign).first()
    with audited(actor=actor, obj=existing, step="propose"):
        user_required(actor, _("拟定审定方案"))
        if not can_act_at(actor, Action.DECISION_MANAGE, campaign.union):
            raise PermissionDenied(_("您无权为「%(c)s」拟定审定方案。") % {"c": campaign})
        closure.require_complete(campaign, doing=_("拟定审定方案"))
        try:
            decision = _propose_rows(campaign=campaign, actor=actor, now=now, existing=existing)
        except IntegrityError:
            # Two admins proposing the first decision of a campaign at the same moment.
            raise ValidationError(
                _("「%(c)s」的审定方案刚由他人拟定，请刷新页面后再操作。") % {"c": campaign}, code="race"
            ) from None
    return decision


def _propose_rows(*, campaign: Campaign, actor, now, existing: Decision | None) -> Decision:
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update().filter(campaign=campaign).first() if existing else None
        )
        if decision is not None and decision.state != Decision.State.DRAFT:
            raise ValidationError(
                _("「%(c)s」的审定已进入「%(s)s」，不能重新拟定。")
                % {"c": campaign, "s": decision.get_state_display()},
                code="state",
            )
        grades = list(campaign.grades.order_by("order", "id"))
        if not grades:
            raise ValidationError(_("「%(c)s」没有设置奖项，不能拟定。") % {"c": campaign})
        from innovation.review.models import ItemResult

        results = list(
            ItemResult.objects.filter(campaign=campaign, achievement__state=State.UNDER_REVIEW)
            .select_related("achievement")
            .order_by("rank", "-score", "achievement_id")
        )
        if not results:
            raise ValidationError(
                _("「%(c)s」还没有专家评审结果（评分汇总与排名），不能拟定。") % {"c": campaign},
                code="no_results",
            )
        if decision is None:
            decision = Decision.objects.create(
                campaign=campaign,
                proposed_by=actor,
                proposed_at=now,
                scope_path=campaign.union.path,
            )
        else:
            decision.proposed_by = actor
            decision.proposed_at = now
            kernel.save_noted(
                decision, actor=actor, detail=_("重新拟定"), fields=["proposed_by", "proposed_at"]
            )
        _build_lines(decision, results, allocate(len(results), grades))
        counts = ", ".join(
            f"{g.get_code_display()} {sum(1 for r in decision.lines.all() if r.grade_id == g.pk)}/{g.quota}"
            for g in grades
        )
        record(
            action=AuditAction.UPDATE,
            obj=decision,
            actor=actor,
            detail=_("按排名拟定 %(n)d 项：%(c)s") % {"n": len(results), "c": counts},
        )
    return decision


def _build_lines(decision: Decision, results, allocation) -> None:
    """Upsert one line per ranked item. Lines an objection points at are kept (the objection
    must keep its subject); other lines of items no longer ranked are removed."""
    current = {line.achievement_id: line for line in decision.lines.all()}
    new, changed = [], []
    for result, grade in zip(results, allocation, strict=True):
        line = current.pop(result.achievement_id, None)
        if line is None:
            new.append(
                DecisionLine(
                    decision=decision,
                    achievement=result.achievement,
                    rank=result.rank,
                    score=result.score,
                    proposed_grade=grade,
                    grade=grade,
                )
            )
        else:
            line.rank, line.score, line.proposed_grade, line.grade, line.reason = (
                result.rank,
                result.score,
                grade,
                grade,
                "",
            )
            changed.append(line)
    if changed:
        DecisionLine.objects.bulk_update(changed, ["rank", "score", "proposed_grade", "grade", "reason"])
    if new:
        DecisionLine.objects.bulk_create(new)
    gone = [line.pk for line in current.values()]
    if gone:
        kept = set(Objection.objects.filter(line_id__in=gone).values_list("line_id", flat=True).distinct())
        DecisionLine.objects.filter(pk__in=[pk for pk in gone if pk not in kept]).delete()
        DecisionLine.objects.filter(pk__in=kept).update(grade=None, proposed_grade=None)


# ---------------------------------------------------------------- committee work


def adjust(*, line: DecisionLine, grade: AwardGrade | None, reason: str, actor) -> DecisionLine:
    """Change one line's grade (None: no award), with a written reason, only in a draft."""
    decision = line.decision
    with audited(actor=actor, obj=line, step="adjust"):
        user_required(actor, _("调整审定"))
        require(actor, Action.DECISION_MANAGE, decision, _("您无权调整该审定。"))
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise ValidationError({"reason": [_("调整奖项须写明理由。")]})
        if len(reason) > REASON_MAX:
            raise ValidationError({"reason": [_("理由不能超过%(n)d个字。") % {"n": REASON_MAX}]})
        with transaction.atomic():
            locked = lock(decision)
            if locked.state != Decision.State.DRAFT:
                raise ValidationError(
                    _(
                        "审定当前状态为「%(s)s」，只有拟定中的审定可以调整；已审定的方案只能经异议成立退回后调整。"
                    )
                    % {"s": locked.get_state_display()},
                    code="locked",
                )
            row = DecisionLine.objects.select_related("grade").get(pk=line.pk, decision=locked)
            if grade is not None:
                if grade.campaign_id != locked.campaign_id:
                    raise ValidationError({"grade": [_("该奖项不属于本次征集活动。")]})
                if row.grade_id == grade.pk:
                    raise ValidationError({"grade": [_("审定奖项没有变化。")]})
                held = locked.lines.filter(grade=grade).exclude(pk=row.pk).count()
                if held >= grade.quota:
                    raise ValidationError(
                        {
                            "grade": [
                                _("「%(g)s」名额为%(q)d项，已审定%(n)d项，不能再增加。")
                                % {"g": grade.get_code_display(), "q": grade.quota, "n": held}
                            ]
                        },
                        code="quota",
                    )
            elif row.grade_id is None:
                raise ValidationError({"grade": [_("审定奖项没有变化。")]})
            row.grade = grade
            row.reason = reason
            kernel.save_noted(
                row, actor=actor, detail=_("调整奖项：%(r)s") % {"r": reason}, fields=["grade", "reason"]
            )
    line.grade, line.grade_id, line.reason = row.grade, row.grade_id, row.reason
    return line


# The budget line is part of what the two city admins approve: it may be chosen or changed until
# the second approval locks the decision, not after.
BUDGET_LINE_STATES = (Decision.State.DRAFT, Decision.State.APPROVING)


def set_budget_line(*, decision: Decision, line: BudgetLine, actor) -> Decision:
    """Name the budget line the prizes are paid from (until the decision is locked)."""
    with audited(actor=actor, obj=decision, step="budget_line"):
        user_required(actor, _("选择奖金列支科目"))
        require(actor, Action.DECISION_MANAGE, decision, _("您无权修改该审定。"))
        if line is None:
            raise ValidationError({"budget_line": [_("请选择奖金列支科目。")]})
        if not restrict(BudgetLine.objects.filter(pk=line.pk), actor, Action.FUNDS_VIEW).exists():
            raise PermissionDenied(_("该预算科目不在您的权限范围内。"))
        with transaction.atomic():
            locked = lock(decision)
            if locked.state not in BUDGET_LINE_STATES:
                raise ValidationError(
                    _("审定当前状态为「%(s)s」，不能%(d)s。可能已被他人处理，请刷新页面。")
                    % {"s": locked.get_state_display(), "d": _("更换奖金列支科目")},
                    code="state",
                )
            year = locked.campaign.year
            if line.year not in (year, year + 1):
                raise ValidationError(
                    {
                        "budget_line": [
                            _("「%(l)s」是%(y)d年的预算科目，%(c)d年的奖金只能从%(c)d或%(n)d年的科目列支。")
                            % {"l": line, "y": line.year, "c": year, "n": year + 1}
                        ]
                    }
                )
            locked.budget_line = line
            locked.save(update_fields=["budget_line"])
    return refresh(decision, locked)


def refresh(target: Decision, source: Decision) -> Decision:
    """Copy the saved row onto the caller's instance, so it sees the new state."""
    for field in Decision._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


# ---------------------------------------------------------------- steps (innovation.awards.workflow)


def approve(*, decision: Decision, actor, now: datetime.datetime | None = None) -> Decision:
    """First approval: draft → approving. Second, by a DIFFERENT city admin: → locked."""
    with audited(actor=actor, obj=decision, step="approve"):
        user_required(actor, _("审批"))
        require(actor, Action.DECISION_MANAGE, decision, _("您无权审批该审定。"))
        if not actor.has_role(Role.CITY_ADMIN):
            raise PermissionDenied(_("审定须由市总工会管理员审批。"))
    kernel.run(obj=decision, step="approve", actor=actor, now=now)
    return decision


def return_to_draft(*, decision: Decision, actor, reason: str) -> Decision:
    """The second approver disagrees: approving → draft, the first approval is cleared."""
    with audited(actor=actor, obj=decision, step="return"):
        user_required(actor, _("退回拟定"))
        require(actor, Action.DECISION_MANAGE, decision, _("您无权退回该审定。"))
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise ValidationError({"reason": [_("退回须写明理由。")]})
    kernel.run(obj=decision, step="return", actor=actor, reason=reason)
    return decision


def publish(*, decision: Decision, actor, now: datetime.datetime | None = None) -> Decision:
    """locked → notice, for the campaign's notice days from now."""
    with audited(actor=actor, obj=decision, step="publish"):
        user_required(actor, _("发布公示"))
        require(actor, Action.DECISION_MANAGE, decision, _("您无权发布该公示。"))
    kernel.run(obj=decision, step="publish", actor=actor, now=now)
    return decision
