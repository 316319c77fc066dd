"""The agreement's steps on the workflow kernel, and the hooks it calls.

draft → approved (the unit union, or the industry union of a pair across units; every party
has signed; the rules hold again) → active (the start date reached: started by the unit, or by
`services.start_due`) → completed (出师, with the assessment) | ended (early, with a reason).
approved / active → superseded (only by a service: a new version was approved).

Every step is taken by `innovation.core.workflow.run(obj=agreement, step=…, actor=…)`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.core.workflow import Context, Step, Workflow

from . import rules
from .models import Agreement, Graduation, Side, State
from .models.agreements import REASON_MAX, TEXT_MAX


def _parties(agreement: Agreement) -> tuple[list, list]:
    parties = list(agreement.parties.select_related("worker__enterprise"))
    return (
        [p.worker for p in parties if p.side == Side.MASTER],
        [p.worker for p in parties if p.side == Side.APPRENTICE],
    )


def _approve_check(ctx: Context) -> None:
    agreement = ctx.obj
    if ctx.actor is not None and not rules.may_approve(ctx.actor, agreement):
        raise PermissionDenied(
            _("师徒协议由%(u)s审批，您不能审批。") % {"u": rules.approving_union(agreement)}
        )
    masters, apprentices = _parties(agreement)
    rules.check_dates(agreement.start_on, agreement.end_on)
    rules.check_parties(
        enterprise=agreement.enterprise,
        industry_union=agreement.industry_union,
        masters=masters,
        apprentices=apprentices,
    )
    unsigned = [p.worker.name for p in agreement.parties.select_related("worker") if p.signed_on is None]
    if unsigned:
        raise ValidationError(
            _("师徒双方签署后才能审批：%(n)s尚未签署。") % {"n": "、".join(unsigned)}, code="unsigned"
        )
    if not agreement.targets.exists():
        raise ValidationError(_("审批前须至少填写一项带徒目标。"), code="targets")
    rules.check_targets_within(agreement)
    rules.check_cap(
        start_on=agreement.start_on,
        masters=masters,
        apprentices=apprentices,
        series_id=agreement.series_id if agreement.parent_id else None,
    )
    if agreement.parent_id:
        parent = Agreement.objects.get(pk=agreement.parent_id)
        if parent.state not in (State.APPROVED, State.ACTIVE):
            raise ValidationError(
                _("上一版本当前为「%(s)s」，不能再以新版本取代。") % {"s": parent.get_state_display()},
                code="parent_state",
            )


def _approve_effect(ctx: Context) -> None:
    from innovation.core import workflow as kernel

    ctx.set("approved_by", ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None)
    ctx.set("approved_at", ctx.now)
    if ctx.obj.parent_id:
        parent = Agreement.objects.get(pk=ctx.obj.parent_id)
        kernel.run(
            obj=parent,
            step="supersede",
            actor=ctx.actor,
            reason=_("第%(v)d版已审批：%(r)s") % {"v": ctx.obj.version, "r": ctx.obj.change_reason},
            now=ctx.now,
            by_service=True,
        )
        ctx.notes.append(_("取代第%(v)d版") % {"v": parent.version})


def _today(ctx: Context) -> datetime.date:
    return timezone.localdate(ctx.now)


def _start_check(ctx: Context) -> None:
    if ctx.obj.start_on > _today(ctx):
        raise ValidationError(
            _("协议开始日期（%(d)s）尚未到，不能开始履行。") % {"d": ctx.obj.start_on}, code="not_yet"
        )


def _start_effect(ctx: Context) -> None:
    ctx.set("started_on", _today(ctx))


def _complete_check(ctx: Context) -> None:
    data = ctx.payload
    errors: dict[str, list] = {}
    result = data.get("result") or ""
    on = data.get("on")
    notes = (data.get("notes") or "").strip()
    if result not in Graduation.Result.values:
        errors["result"] = [_("请选择出师考核结果（优秀或合格）；考核不合格的不能出师。")]
    if not isinstance(on, datetime.date):
        errors["on"] = [_("请填写考核日期。")]
    elif on < ctx.obj.start_on:
        errors["on"] = [_("考核日期不能早于协议开始日期（%(d)s）。") % {"d": ctx.obj.start_on}]
    elif on > _today(ctx):
        errors["on"] = [_("考核日期不能晚于今天。")]
    if len(notes) > TEXT_MAX:
        errors["notes"] = [_("不能超过%(n)d个字。") % {"n": TEXT_MAX}]
    if errors:
        raise ValidationError(errors)


def _complete_effect(ctx: Context) -> None:
    data = ctx.payload
    Graduation.objects.create(
        agreement=ctx.obj,
        result=data["result"],
        on=data["on"],
        notes=(data.get("notes") or "").strip(),
        recorded_by=ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None,
    )
    ctx.set("ended_on", data["on"])
    ctx.notes.append(_("出师考核：%(r)s") % {"r": Graduation.Result(data["result"]).label})


def _end_effect(ctx: Context) -> None:
    ctx.set("ended_on", _today(ctx))
    ctx.set("end_reason", ctx.reason)


def _people(agreement: Agreement) -> list:
    from innovation.accounts.models import User

    return list(
        User.objects.filter(
            Q(pk__in=agreement.parties.filter(worker__user__isnull=False).values("worker__user_id"))
            | Q(pk=agreement.created_by_id)
        )
    )


def _todo_filter(user) -> Q:
    """What waits for someone: a draft to approve, an approved agreement whose start has come, an
    active one past its end (出师 or end). A county union that is not also a unit's only acts on
    the pairs across units of its industry unions."""
    today = timezone.localdate()
    waiting = (
        Q(state=State.DRAFT)
        | Q(state=State.APPROVED, start_on__lte=today)
        | Q(state=State.ACTIVE, end_on__lte=today)
    )
    if not user.has_role(Role.UNIT_ADMIN):
        waiting &= Q(industry_union__isnull=False)
    return waiting


STEPS = [
    Step(
        "approve",
        gettext_lazy("审批通过"),
        (State.DRAFT,),
        State.APPROVED,
        Action.PAIR_APPROVE,
        reason_label=gettext_lazy("审批意见"),
        style="success",
        check=_approve_check,
        effect=_approve_effect,
        state_message=gettext_lazy("师徒协议当前为「%(state)s」，只有草拟中的协议可以审批。"),
    ),
    Step(
        "start",
        gettext_lazy("开始履行"),
        (State.APPROVED,),
        State.ACTIVE,
        Action.PAIR_MANAGE,
        check=_start_check,
        effect=_start_effect,
        state_message=gettext_lazy("师徒协议当前为「%(state)s」，只有已审批的协议可以开始履行。"),
    ),
    Step(
        "complete",
        gettext_lazy("出师"),
        (State.ACTIVE,),
        State.COMPLETED,
        Action.PAIR_MANAGE,
        reason_label=gettext_lazy("出师意见"),
        style="success",
        check=_complete_check,
        effect=_complete_effect,
        state_message=gettext_lazy("师徒协议当前为「%(state)s」，只有履行中的协议可以出师。"),
    ),
    Step(
        "end",
        gettext_lazy("提前终止"),
        (State.APPROVED, State.ACTIVE),
        State.ENDED,
        Action.PAIR_MANAGE,
        needs_reason=True,
        reason_label=gettext_lazy("终止原因"),
        style="danger",
        effect=_end_effect,
        state_message=gettext_lazy("师徒协议当前为「%(state)s」，不能提前终止。"),
    ),
    Step(
        "supersede",
        gettext_lazy("被新版本取代"),
        (State.APPROVED, State.ACTIVE),
        State.SUPERSEDED,
        Action.PAIR_APPROVE,
        manual=False,
    ),
]

WORKFLOW = Workflow(
    name="pair_agreement",
    label=gettext_lazy("师徒协议"),
    model=Agreement,
    steps=STEPS,
    url=lambda a: reverse("pairs:detail", args=[a.pk]),
    title=lambda a: str(a),
    queue_url=lambda: reverse("pairs:list") + "?awaiting=me",
    people=_people,
    lock_related=("enterprise__union", "industry_union"),
    reason_max=REASON_MAX,
    todo_filter=_todo_filter,
)
