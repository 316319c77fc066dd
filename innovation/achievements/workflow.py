"""The achievement workflow: its steps as data, and the hooks the workflow kernel calls.

draft → submitted (unit, with its pledge, inside the campaign window)
submitted → recommended | returned | district_rejected (county / industry union)
recommended → ready_for_review | returned | city_rejected (city formal check)
returned → submitted (the unit revises and submits again, through the same path)
ready_for_review → under_review (experts assigned: innovation.experts.services)
under_review → awarded | not_awarded (the final decision: innovation.awards.services)

Every step is taken by `innovation.core.workflow.run(obj=achievement, step=…, actor=…)`: pages,
bulk actions, the Excel import, the API and the review and award services alike.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import users_over
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core.workflow import Context, Step, Workflow

from .duplicates.services import check_quietly as check_duplicates
from .models import Achievement, State, percent


def _submit_check(ctx: Context) -> None:
    check_submittable(ctx.obj, ctx.now)
    if not ctx.payload.get("pledge"):
        raise ValidationError({"pledge": [_("提交前须由基层工会确认真实性承诺。")]})


def _submit_effect(ctx: Context) -> None:
    ctx.set("pledge_confirmed_by", ctx.actor)
    ctx.set("pledge_confirmed_at", ctx.now)
    ctx.set("submitted_at", ctx.now)
    _name_demonstration_posts(ctx.obj)
    # The near-duplicate check (查重): the unit is warned, never blocked (a failure is only logged).
    if ctx.payload.get("duplicate_check", True):
        check_duplicates(ctx.obj)


def _people_of(achievement: Achievement) -> list:
    """The authors who have accounts, and whoever drafted the item."""
    from innovation.accounts.models import User

    author_users = achievement.authors.filter(worker__user__isnull=False).values("worker__user_id")
    return list(User.objects.filter(pk__in=author_users) | User.objects.filter(pk=achievement.created_by_id))


def _to_unit(ctx: Context) -> list:
    """A step that ends a stage (nobody acts next by a button): the unit union and the people
    the item is about are told. Other steps tell whoever acts next (the kernel's default)."""
    return list(users_over(ctx.obj.scope_path, roles=(Role.UNIT_ADMIN,))) + _people_of(ctx.obj)


STEPS = [
    Step(
        "submit",
        gettext_lazy("提交"),
        (State.DRAFT, State.RETURNED),
        State.SUBMITTED,
        Action.ACHIEVEMENT_SUBMIT,
        check=_submit_check,
        effect=_submit_effect,
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
        needs_reason=True,
        reason_label=gettext_lazy("退回理由"),
        style="warning",
    ),
    Step(
        "district_reject",
        gettext_lazy("不推荐"),
        (State.SUBMITTED,),
        State.DISTRICT_REJECTED,
        Action.ACHIEVEMENT_PREREVIEW,
        needs_reason=True,
        reason_label=gettext_lazy("不推荐理由"),
        style="danger",
        recipients=_to_unit,
    ),
    Step(
        "pass",
        gettext_lazy("形式审查通过"),
        (State.RECOMMENDED,),
        State.READY_FOR_REVIEW,
        Action.ACHIEVEMENT_FORMAL_CHECK,
        style="success",
        recipients=_to_unit,
    ),
    Step(
        "city_return",
        gettext_lazy("退回修改"),
        (State.RECOMMENDED,),
        State.RETURNED,
        Action.ACHIEVEMENT_FORMAL_CHECK,
        needs_reason=True,
        reason_label=gettext_lazy("退回理由"),
        style="warning",
    ),
    Step(
        "fail",
        gettext_lazy("形式审查不通过"),
        (State.RECOMMENDED,),
        State.CITY_REJECTED,
        Action.ACHIEVEMENT_FORMAL_CHECK,
        needs_reason=True,
        reason_label=gettext_lazy("不通过理由"),
        style="danger",
        recipients=_to_unit,
    ),
    Step(
        "assign",
        gettext_lazy("分配评审专家"),
        (State.READY_FOR_REVIEW,),
        State.UNDER_REVIEW,
        Action.REVIEW_ASSIGN,
        manual=False,
        notify=False,
    ),
    Step(
        "award",
        gettext_lazy("授奖"),
        (State.UNDER_REVIEW,),
        State.AWARDED,
        Action.DECISION_MANAGE,
        manual=False,
        recipients=_to_unit,
    ),
    Step(
        "not_award",
        gettext_lazy("未获奖"),
        (State.UNDER_REVIEW,),
        State.NOT_AWARDED,
        Action.DECISION_MANAGE,
        manual=False,
        recipients=_to_unit,
    ),
]

WORKFLOW = Workflow(
    name="achievement",
    label=gettext_lazy("成果"),
    model=Achievement,
    steps=STEPS,
    url=lambda a: reverse("achievements:detail", args=[a.pk]),
    title=lambda a: a.title,
    queue_url=lambda: reverse("achievements:list") + "?awaiting=me",
    people=_people_of,
    lock_related=("campaign", "enterprise"),
)


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
