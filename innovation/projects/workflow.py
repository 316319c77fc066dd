"""The project's steps on the workflow kernel.

proposed → approved (the county or the city union: 立项) → in progress (the unit or the studio's
lead starts it) → concluded (with its result and the benefit claimed); proposed → stopped (not
approved, with a reason); approved / in progress → stopped (the unit gives up, or the union
terminates it, with a reason). The union verifies a concluded project's benefit
(`services.benefit_verify`), and the concluded project may be filed as a five-smalls achievement
(`services.project_file`).

Every step is taken by `innovation.core.workflow.run(obj=…, step=…, actor=…)`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.core.money import money_text
from innovation.core.workflow import Context, Step, Workflow

from . import rules
from .models import TEXT_MAX, Project, ProjectState

S = ProjectState


def _conclude_check(ctx: Context) -> None:
    data = ctx.payload
    errors: dict[str, list] = {}
    result = (data.get("result") or "").strip() if isinstance(data.get("result"), str) else ""
    if not result:
        errors["result"] = [_("请填写攻关成果。")]
    elif len(result) > TEXT_MAX:
        errors["result"] = [_("不能超过%(n)d个字。") % {"n": TEXT_MAX}]
    try:
        rules.check_fen(data.get("benefit_claimed_fen"), "benefit_claimed_fen", required=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    basis = data.get("benefit_basis") or ""
    if not isinstance(basis, str) or len(basis) > TEXT_MAX:
        errors["benefit_basis"] = [_("不能超过%(n)d个字。") % {"n": TEXT_MAX}]
    on = data.get("concluded_on")
    if on is not None:
        if not rules.is_date(on):
            errors["concluded_on"] = [_("日期格式不正确。")]
        elif on > timezone.localdate(ctx.now):
            errors["concluded_on"] = [_("结题日期不能晚于今天。")]
        elif on < ctx.obj.start_on:
            errors["concluded_on"] = [_("结题日期不能早于项目开始日期。")]
    if errors:
        raise ValidationError(errors)


def _conclude_effect(ctx: Context) -> None:
    data = ctx.payload
    ctx.set("result", data["result"].strip())
    ctx.set("benefit_claimed_fen", data["benefit_claimed_fen"])
    ctx.set("benefit_basis", (data.get("benefit_basis") or "").strip())
    ctx.set("concluded_on", data.get("concluded_on") or timezone.localdate(ctx.now))
    ctx.notes.append(_("申报效益%(v)s") % {"v": money_text(data["benefit_claimed_fen"])})


def _stop_effect(ctx: Context) -> None:
    ctx.set("stop_reason", ctx.reason)


def _project_people(project: Project) -> list:
    from innovation.accounts.models import User

    ids = {project.created_by_id}
    ids.update(project.memberships.filter(role="lead").values_list("worker__user_id", flat=True))
    if project.studio_id:
        ids.add(project.studio.leader.user_id)
    return list(User.objects.filter(pk__in=[i for i in ids if i], is_active=True))


# What waits for whom: stopping is open at two states to both sides, but nothing waits for it.
_WAITING = {
    Action.PROJECT_APPROVE: (S.PROPOSED,),
    Action.PROJECT_MANAGE: (S.APPROVED, S.IN_PROGRESS),
}


def _project_todos(user) -> Q:
    from innovation.accounts.scope import scope_q

    waiting = Q(pk__in=[])
    for action, states in _WAITING.items():
        q = scope_q(user, Project, action)
        if q is not None:
            waiting |= q & Q(state__in=states)
    return waiting


def _unverified_todos(user) -> list[tuple[str, int, str]]:
    """The union's other to-do: concluded projects whose benefit it has not verified yet (not a
    state of the workflow: `services.benefit_verify` records it, audited)."""
    from innovation.accounts.scope import scope_q

    q = scope_q(user, Project, Action.PROJECT_APPROVE)
    if q is None:
        return []
    n = Project.objects.filter(q, state=S.CONCLUDED, benefit_verified_fen__isnull=True).count()
    url = reverse("projects:list") + "?state=concluded&verified=false"
    return [(_("技术攻关项目：效益待核实"), n, url)]


def _project_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


_STOP_SOURCES = (S.APPROVED, S.IN_PROGRESS)

PROJECT_STEPS = [
    Step(
        "approve",
        gettext_lazy("批准立项"),
        (S.PROPOSED,),
        S.APPROVED,
        Action.PROJECT_APPROVE,
        style="success",
    ),
    Step(
        "reject",
        gettext_lazy("不予立项"),
        (S.PROPOSED,),
        S.STOPPED,
        Action.PROJECT_APPROVE,
        needs_reason=True,
        reason_label=gettext_lazy("不予立项的理由"),
        style="danger",
        effect=_stop_effect,
    ),
    Step(
        "start",
        gettext_lazy("开始攻关"),
        (S.APPROVED,),
        S.IN_PROGRESS,
        Action.PROJECT_MANAGE,
        state_message=gettext_lazy("项目当前为「%(state)s」，只有已立项的项目可以开始攻关。"),
    ),
    Step(
        "conclude",
        gettext_lazy("结题"),
        (S.IN_PROGRESS,),
        S.CONCLUDED,
        Action.PROJECT_MANAGE,
        style="success",
        check=_conclude_check,
        effect=_conclude_effect,
        state_message=gettext_lazy("项目当前为「%(state)s」，只有攻关中的项目可以结题。"),
    ),
    Step(
        "stop",
        gettext_lazy("终止项目"),
        _STOP_SOURCES,
        S.STOPPED,
        Action.PROJECT_MANAGE,
        needs_reason=True,
        reason_label=gettext_lazy("终止原因"),
        style="danger",
        effect=_stop_effect,
    ),
    Step(
        "terminate",
        gettext_lazy("责令终止"),
        _STOP_SOURCES,
        S.STOPPED,
        Action.PROJECT_APPROVE,
        needs_reason=True,
        reason_label=gettext_lazy("终止原因"),
        style="danger",
        effect=_stop_effect,
    ),
]

PROJECT_WORKFLOW = Workflow(
    name="project",
    label=gettext_lazy("技术攻关项目"),
    model=Project,
    steps=PROJECT_STEPS,
    url=_project_url,
    title=lambda p: p.title,
    queue_url=lambda: reverse("projects:list") + "?awaiting=me",
    people=_project_people,
    todo_filter=_project_todos,
    extra_todos=_unverified_todos,
    lock_related=("enterprise",),
    reason_max=TEXT_MAX,
)

WORKFLOWS = (PROJECT_WORKFLOW,)
