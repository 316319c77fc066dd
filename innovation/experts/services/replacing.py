"""Replacing experts: `decline` (an expert gives an item back and another eligible expert takes
it), `withdraw_and_replace`, and `override` (a city admin replaces an expert, with a reason),
with the eligibility rules they share."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import restrict, users_over
from innovation.achievements.models import Achievement, Campaign, Field
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core import workflow as kernel
from innovation.notifications.services import notify

from .. import assignment as solver
from ..models import Assignment, Availability, ExpertProfile
from .assigning import (
    ACTIVE,
    REVIEW_STATES,
    Pool,
    _check_deadline,
    _my_url,
    _refuse,
    _with_caps,
    item_of,
    run_cap,
)


@dataclass
class Replacement:
    """What happened to an item when one of its experts left it."""

    old: Assignment
    new: list[Assignment] = field(default_factory=list)
    shortfall: solver.Shortfall | None = None

    @property
    def message(self) -> str:
        if self.new:
            return _("已改由专家%(e)s评审。") % {"e": "、".join(a.expert.name for a in self.new)}
        if self.shortfall is not None:
            return _("未能自动补派专家：%(m)s") % {"m": self.shortfall.message}
        return _("未补派专家。")


def _fill_item(achievement: Achievement, campaign: Campaign, *, origin, reason, actor, now) -> tuple:
    """Give one item the experts it lacks (the solver on one item). Returns (created, shortfall)."""
    rows = Assignment.objects.filter(achievement=achievement)
    taken = frozenset(rows.values_list("expert_id", flat=True))
    have = rows.filter(state__in=ACTIVE).count()
    need = max(0, campaign.experts_per_item - have)
    if not need:
        return [], None
    experts = Pool.load(Pool.experts_for(campaign), campaign)
    item = item_of(achievement.pk, taken, need)
    cap, _target = run_cap(campaign, [item], experts)
    solution = solver.solve([item], _with_caps(experts, cap), n=need, default_cap=cap)
    created = []
    for _item, expert_id in solution.pairs:
        created.append(
            Assignment.objects.create(
                campaign=campaign,
                achievement=achievement,
                expert_id=expert_id,
                origin=origin,
                reason=reason[:200],
                assigned_by=actor,
                scope_path=achievement.scope_path,
            )
        )
    for a in created:
        notify(
            users=[a.expert.user],
            title=_("%(c)s：新分配给您1项成果评审") % {"c": campaign.title[:60]},
            body=reason,
            url=_my_url(),
        )
    return created, (solution.shortfalls[0] if solution.shortfalls else None)


def withdraw_and_replace(row: Assignment, *, state, reason: str, actor, now=None) -> Replacement:
    """Inside the caller's transaction: end `row` and find its successor when the deadline allows."""
    now = now or timezone.now()
    step = "decline" if state == Assignment.State.DECLINED else "withdraw"
    kernel.run(obj=row, step=step, actor=actor, reason=reason, now=now, by_service=True)
    outcome = Replacement(old=row)
    campaign = row.campaign
    deadline_passed = campaign.review_deadline and now >= campaign.review_deadline
    if not deadline_passed and row.achievement.state in REVIEW_STATES:
        outcome.new, outcome.shortfall = _fill_item(
            row.achievement,
            campaign,
            origin=Assignment.Origin.REASSIGN,
            reason=_("接替%(e)s") % {"e": row.expert.name},
            actor=None,
            now=now,
        )
    notify(
        users=users_over(row.scope_path, roles=(Role.CITY_ADMIN,)),
        title=_("评审专家变动：%(t)s") % {"t": row.achievement.title[:60]},
        body=_("%(e)s（%(s)s）：%(r)s。%(o)s")
        % {"e": row.expert.name, "s": row.get_state_display(), "r": reason, "o": outcome.message},
        url=reverse("experts:assignments") + f"?campaign={campaign.pk}",
    )
    return outcome


def decline(*, assignment: Assignment, actor, reason: str, now=None) -> Replacement:
    """The expert gives an assigned item back, with a reason; another eligible expert takes it."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    expert_user = assignment.expert.user_id
    if actor is not None and expert_user != actor.pk:
        record(
            action=AuditAction.ACCESS_DENIED,
            obj=assignment,
            actor=actor,
            detail="refused: decline of another expert's assignment",
        )
        raise PermissionDenied(_("只能谢绝分配给您本人的评审任务。"))
    if not reason:
        raise ValidationError({"reason": [_("请填写谢绝理由（如回避关系、专业不符或时间冲突）。")]})
    _check_deadline(assignment.campaign, now)
    with transaction.atomic():
        row = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("campaign__union", "achievement", "expert")
            .get(pk=assignment.pk)
        )
        if row.state != Assignment.State.ASSIGNED:
            raise ValidationError(
                _("该评审任务当前为「%(s)s」，不能谢绝。") % {"s": row.get_state_display()}, code="state"
            )
        outcome = withdraw_and_replace(
            row, state=Assignment.State.DECLINED, reason=reason, actor=actor, now=now
        )
    assignment.refresh_from_db(fields=["state", "reason"])
    return outcome


def eligibility_problems(*, achievement: Achievement, expert: ExpertProfile, campaign: Campaign) -> list[str]:
    """Why this expert may not take this item (empty: they may)."""
    problems = []
    if not expert.is_active or not expert.user.is_active:
        problems.append(_("该专家已不在库。"))
    if Availability.objects.filter(campaign=campaign, expert=expert, available=False).exists():
        problems.append(_("该专家不参加本次评审。"))
    if not expert.scope_path.startswith(campaign.union.path):
        problems.append(_("该专家不在本次活动的专家库中。"))
    if achievement.field not in (expert.fields or []):
        problems.append(
            _("专家的专业领域（%(f)s）不含该成果的领域「%(a)s」。")
            % {
                "f": "、".join(Field(f).label for f in expert.fields if f in Field.values) or "—",
                "a": achievement.get_field_display(),
            }
        )
    if Assignment.objects.filter(achievement=achievement, expert=expert).exists():
        problems.append(_("该专家已分配过或谢绝过该成果。"))
    for clash in solver.clashes(item_of(achievement.pk), Pool.load_one(expert)):
        problems.append(_("须回避：%(c)s。") % {"c": solver.CLASH_LABELS[clash]})
    return problems


def eligible_experts(*, achievement: Achievement, campaign: Campaign) -> QuerySet:
    """The pool's experts who may take this item now, each with their load in the campaign."""
    pool = Pool.load(Pool.experts_for(campaign), campaign)
    taken = frozenset(Assignment.objects.filter(achievement=achievement).values_list("expert_id", flat=True))
    item = item_of(achievement.pk, taken)
    ids = [e.id for e in pool.values() if solver.eligible(item, e)]
    return (
        ExpertProfile.objects.filter(pk__in=ids)
        .select_related("employer")
        .annotate(
            load=Count("assignments", filter=Q(assignments__campaign=campaign, assignments__state__in=ACTIVE))
        )
        .order_by("load", "name", "id")
    )


def override(
    *, assignment: Assignment, new_expert: ExpertProfile, actor, reason: str, now=None
) -> Assignment:
    """A city admin replaces an assignment's expert, with a reason. Conflict rules still hold."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if (
        actor is not None
        and not restrict(Assignment.objects.filter(pk=assignment.pk), actor, Action.REVIEW_ASSIGN).exists()
    ):
        raise PermissionDenied(_("只有市总工会可以调整评审专家。"))
    if not reason:
        raise ValidationError({"reason": [_("请填写调整理由。")]})
    campaign = assignment.campaign
    _check_deadline(campaign, now)
    achievement = assignment.achievement
    if assignment.state != Assignment.State.ASSIGNED:
        _refuse(
            actor,
            assignment,
            _("该评审任务当前为「%(s)s」，不能更换专家。") % {"s": assignment.get_state_display()},
        )
    problems = eligibility_problems(achievement=achievement, expert=new_expert, campaign=campaign)
    if problems:
        _refuse(
            actor,
            assignment,
            _("不能改派给%(e)s：%(p)s") % {"e": new_expert.name, "p": "".join(problems)},
            field_name="expert",
        )
    with transaction.atomic():
        row = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("expert__user")
            .get(pk=assignment.pk)
        )
        if row.state != Assignment.State.ASSIGNED:
            raise ValidationError(_("该评审任务已被他人处理，请刷新页面。"), code="state")
        old_expert = row.expert
        kernel.run(obj=row, step="withdraw", actor=actor, reason=reason, now=now, by_service=True)
        new = Assignment.objects.create(
            campaign=campaign,
            achievement=achievement,
            expert=new_expert,
            origin=Assignment.Origin.MANUAL,
            reason=reason[:200],
            assigned_by=actor,
            scope_path=achievement.scope_path,
        )
        record(
            action=AuditAction.UPDATE,
            obj=achievement,
            actor=actor,
            detail=f"override: expert {old_expert.pk} {old_expert.name} → {new_expert.pk} {new_expert.name}: {reason}",
        )
        notify(
            users=[old_expert.user],
            title=_("评审任务已调整：%(t)s") % {"t": achievement.title[:60]},
            body=reason,
            url=_my_url(),
        )
        notify(
            users=[new_expert.user],
            title=_("%(c)s：新分配给您1项成果评审") % {"c": campaign.title[:60]},
            body=reason,
            url=_my_url(),
        )
    assignment.refresh_from_db(fields=["state", "reason"])
    return new


# ---------------------------------------------------------------- reads
