"""The achievement workflow: the steps as data, and the one function that moves an item.

draft → submitted (unit, with its pledge, inside the campaign window)
submitted → recommended | returned | district_rejected (county / industry union)
recommended → ready_for_review | returned | city_rejected (city formal check)
returned → submitted (the unit revises and submits again, through the same path)
ready_for_review → under_review (experts assigned: innovation.experts.services)
under_review → awarded | not_awarded (the final decision: innovation.awards.services)

`transition()` is the only code that writes `Achievement.state`. Pages, bulk actions,
the Excel import and the API all call it.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.models import RoleGrant
from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import restrict
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.notifications.services import notify

from .models import Achievement, State, Transition, percent


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[State, ...]
    target: State
    action: Action
    needs_reason: bool = False
    style: str = "primary"
    # False for steps taken by the review and award services, never by a button on the item.
    manual: bool = True


STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step(
            "submit",
            gettext_lazy("提交"),
            (State.DRAFT, State.RETURNED),
            State.SUBMITTED,
            Action.ACHIEVEMENT_SUBMIT,
        ),
        Step(
            "recommend",
            gettext_lazy("推荐"),
            (State.SUBMITTED,),
            State.RECOMMENDED,
            Action.ACHIEVEMENT_PREREVIEW,
            style="success",
        ),
        Step(
            "district_return",
            gettext_lazy("退回修改"),
            (State.SUBMITTED,),
            State.RETURNED,
            Action.ACHIEVEMENT_PREREVIEW,
            True,
            "warning",
        ),
        Step(
            "district_reject",
            gettext_lazy("不推荐"),
            (State.SUBMITTED,),
            State.DISTRICT_REJECTED,
            Action.ACHIEVEMENT_PREREVIEW,
            True,
            "danger",
        ),
        Step(
            "pass",
            gettext_lazy("形式审查通过"),
            (State.RECOMMENDED,),
            State.READY_FOR_REVIEW,
            Action.ACHIEVEMENT_FORMAL_CHECK,
            style="success",
        ),
        Step(
            "city_return",
            gettext_lazy("退回修改"),
            (State.RECOMMENDED,),
            State.RETURNED,
            Action.ACHIEVEMENT_FORMAL_CHECK,
            True,
            "warning",
        ),
        Step(
            "fail",
            gettext_lazy("形式审查不通过"),
            (State.RECOMMENDED,),
            State.CITY_REJECTED,
            Action.ACHIEVEMENT_FORMAL_CHECK,
            True,
            "danger",
        ),
        Step(
            "assign",
            gettext_lazy("分配评审专家"),
            (State.READY_FOR_REVIEW,),
            State.UNDER_REVIEW,
            Action.REVIEW_ASSIGN,
            manual=False,
        ),
        Step(
            "award",
            gettext_lazy("授奖"),
            (State.UNDER_REVIEW,),
            State.AWARDED,
            Action.DECISION_MANAGE,
            manual=False,
        ),
        Step(
            "not_award",
            gettext_lazy("未获奖"),
            (State.UNDER_REVIEW,),
            State.NOT_AWARDED,
            Action.DECISION_MANAGE,
            manual=False,
        ),
    )
}

# Which queue an item waits in, and whose action it awaits.
QUEUE_OF_ACTION = {
    Action.ACHIEVEMENT_SUBMIT: (State.DRAFT, State.RETURNED),
    Action.ACHIEVEMENT_PREREVIEW: (State.SUBMITTED,),
    Action.ACHIEVEMENT_FORMAL_CHECK: (State.RECOMMENDED,),
}


def steps_for(achievement: Achievement, user) -> list[Step]:
    """The steps this user may take on this item now (for buttons)."""
    allowed = []
    for step in STEPS.values():
        if (
            step.manual
            and achievement.state in step.sources
            and restrict(Achievement.objects.filter(pk=achievement.pk), user, step.action).exists()
        ):
            allowed.append(step)
    return allowed


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _admins_over(achievement: Achievement, roles: tuple[str, ...]):
    from innovation.accounts.models import User

    ids = RoleGrant.objects.filter(
        role__in=roles, node__path__in=_ancestor_paths(achievement.scope_path)
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def _people_of(achievement: Achievement):
    from innovation.accounts.models import User

    author_users = achievement.authors.filter(worker__user__isnull=False).values("worker__user_id")
    return User.objects.filter(pk__in=author_users) | User.objects.filter(pk=achievement.created_by_id)


def _recipients(achievement: Achievement, step: Step):
    if step.name == "submit":
        return _admins_over(achievement, (Role.DISTRICT_ADMIN,))
    if step.name == "recommend":
        return _admins_over(achievement, (Role.CITY_ADMIN,))
    if step.name == "assign":
        return []
    return list(_admins_over(achievement, (Role.UNIT_ADMIN,))) + list(_people_of(achievement))


def check_submittable(achievement: Achievement, now=None) -> None:
    """Everything a unit must have in order before an item leaves it."""
    now = now or timezone.now()
    campaign = achievement.campaign
    errors: dict[str, list[str]] = {}
    if not campaign.is_open(now):
        raise ValidationError(
            _("不在申报期内：%(c)s 的申报时间为 %(a)s 至 %(b)s。")
            % {
                "c": campaign.title,
                "a": timezone.localtime(campaign.opens_at).strftime("%Y-%m-%d %H:%M"),
                "b": timezone.localtime(campaign.closes_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="window",
        )
    for field in ("title", "post", "problem", "solution", "effect"):
        if not (getattr(achievement, field) or "").strip():
            errors.setdefault(field, []).append(_("提交前须填写此项。"))
    if achievement.kind not in campaign.kinds:
        errors.setdefault("kind", []).append(_("本次活动不征集该类别的成果。"))
    if achievement.field not in campaign.fields:
        errors.setdefault("field", []).append(_("本次活动不征集该领域的成果。"))
    authors = list(achievement.authors.select_related("worker"))
    if not authors:
        errors.setdefault("authors", []).append(_("至少须有一名完成人。"))
    else:
        first = authors[0]
        if not first.worker_id or first.worker.enterprise_id != achievement.enterprise_id:
            errors.setdefault("authors", []).append(_("第一完成人须是本单位职工。"))
        total = sum(a.share for a in authors)
        if total != 100:
            errors.setdefault("authors", []).append(
                _("完成人贡献份额合计须为100%%，现为%(t)s%%。") % {"t": percent(total)}
            )
    if achievement.benefit_claimed:
        if not achievement.benefit_type:
            errors.setdefault("benefit_type", []).append(_("申报经济效益须注明是创造还是节约。"))
        if not achievement.benefit_basis.strip():
            errors.setdefault("benefit_basis", []).append(_("申报经济效益须写明计算依据。"))
    if errors:
        raise ValidationError(errors)


def _name_demonstration_posts(achievement: Achievement) -> int:
    from .models import DemonstrationPost

    named = 0
    year = achievement.campaign.year
    for author in achievement.authors.select_related("worker__enterprise"):
        worker = author.worker
        if worker is None or not worker.post.strip():
            continue
        post, created = DemonstrationPost.objects.get_or_create(
            enterprise=worker.enterprise,
            post=worker.post.strip(),
            year=year,
            defaults={"first_achievement": achievement, "scope_path": worker.enterprise.scope_path},
        )
        post.workers.add(worker)
        if created:
            named += 1
            record(action=AuditAction.CREATE, obj=post, detail=_("申报成果自动命名"))
    return named


def transition(
    *,
    achievement: Achievement,
    step: str,
    actor,
    reason: str = "",
    pledge: bool = False,
    now=None,
    notify_people: bool = True,
    by_service: bool = False,
) -> Achievement:
    """Move one achievement one step. Checks the rule and the actor's scope, saves, records the
    step and the audit entry, names demonstration posts on submission and notifies, all in one
    transaction. A second click on the same button finds the state already moved and is refused."""
    spec = STEPS.get(step)
    if spec is None:
        raise ValidationError({"step": _("未知的操作。")})
    if not spec.manual and not by_service:
        raise ValidationError({"step": _("「%(s)s」由评审流程完成，不能直接操作。") % {"s": spec.label}})
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        item = (
            Achievement.objects.select_for_update()
            .select_related("campaign", "enterprise")
            .get(pk=achievement.pk)
        )
        if (
            actor is not None
            and not restrict(Achievement.objects.filter(pk=item.pk), actor, spec.action).exists()
        ):
            raise PermissionDenied(_("您无权对该成果执行「%(s)s」。") % {"s": spec.label})
        if item.state not in spec.sources:
            raise ValidationError(
                _("该成果当前状态为「%(state)s」，不能执行「%(step)s」。可能已被他人处理，请刷新页面。")
                % {"state": item.get_state_display(), "step": spec.label},
                code="state",
            )
        if spec.needs_reason and not reason:
            raise ValidationError({"reason": [_("请填写理由，告知申报单位需要修改或不予通过的原因。")]})
        fields = ["state", "updated_at"]
        if spec.name == "submit":
            check_submittable(item, now)
            if not pledge:
                raise ValidationError({"pledge": [_("提交前须由基层工会确认真实性承诺。")]})
            item.pledge_confirmed_by = actor
            item.pledge_confirmed_at = now
            item.submitted_at = now
            fields += ["pledge_confirmed_by", "pledge_confirmed_at", "submitted_at"]
        old = item.state
        item.state = spec.target
        item._audit_detail = f"{spec.name}: {reason}" if reason else spec.name
        item.save(update_fields=fields)
        Transition.objects.create(
            achievement=item,
            action=spec.name,
            from_state=old,
            to_state=spec.target,
            actor=actor,
            actor_name=getattr(actor, "username", "") if actor else "system",
            reason=reason,
            at=now,
        )
        if spec.name == "submit":
            _name_demonstration_posts(item)
        if notify_people:
            url = reverse("achievements:detail", args=[item.pk])
            notify(
                users=_recipients(item, spec),
                title=_("成果「%(t)s」：%(s)s") % {"t": item.title[:60], "s": spec.label},
                body=reason,
                url=url,
            )
    achievement.state = item.state
    achievement.submitted_at = item.submitted_at
    return item
