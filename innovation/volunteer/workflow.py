"""The service order's steps and the expense's, on the workflow kernel, and the hooks they call.

Order: posted → triaged (the county or the city union) → offered to a team (dispatch) → accepted
(the team) | triaged → accepted (a team claims it) → in service → resolved (with its outcome,
diagnosis and solution) → confirmed and rated by the enterprise → closed (the union verifies the
benefit). posted → returned (for more detail) → posted again; an offer declined goes back to
triaged; a resolution the enterprise disputes goes back to in service; withdrawn by the enterprise
or cancelled by the union with a reason.

Expense: proposed (by the team) → approved (by the city union: committed on the year's
志愿服务经费 line through the ledger) | rejected with a reason. It is paid through the ledger.

Every step is taken by `innovation.core.workflow.run(obj=…, step=…, actor=…)`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.core.money import money_text
from innovation.core.workflow import Context, Step, Workflow

from . import rules
from .models import (
    TEXT_MAX,
    ExpenseState,
    OrderPause,
    OrderState,
    Outcome,
    ServiceExpense,
    ServiceOrder,
    ServiceTeam,
)

S = OrderState


def _actor(ctx: Context):
    return ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None


def _team_of(ctx: Context) -> ServiceTeam:
    team = ctx.payload.get("team")
    if not isinstance(team, ServiceTeam):
        raise ValidationError({"team": [_("请选择服务队。")]})
    return team


def _dispatch_check(ctx: Context) -> None:
    rules.check_team_takes(_team_of(ctx), ctx.obj)


def _dispatch_effect(ctx: Context) -> None:
    team = _team_of(ctx)
    ctx.set("team", team)
    ctx.notes.append(_("派单给%(t)s") % {"t": team.name})


def _claim_check(ctx: Context) -> None:
    team = _team_of(ctx)
    if ctx.actor is not None and not rules.leads(ctx.actor, team):
        raise ValidationError({"team": [_("只有%(t)s的队长可以为本队认领订单。") % {"t": team.name}]})
    rules.check_team_takes(team, ctx.obj)


def _claim_effect(ctx: Context) -> None:
    team = _team_of(ctx)
    ctx.set("team", team)
    ctx.set("responded_at", ctx.now)
    ctx.notes.append(_("%(t)s认领") % {"t": team.name})


def _leader_check(ctx: Context) -> None:
    """A step of the team's: only the leader of the team the order is with."""
    if ctx.actor is not None and ctx.obj.team_id and not rules.leads(ctx.actor, ctx.obj.team):
        raise ValidationError(
            _("只有%(t)s的队长可以办理该订单。") % {"t": ctx.obj.team.name}, code="not_leader"
        )


def _accept_effect(ctx: Context) -> None:
    ctx.set("responded_at", ctx.now)


def _decline_effect(ctx: Context) -> None:
    ctx.notes.append(_("%(t)s婉拒") % {"t": ctx.obj.team.name})
    ctx.set("team", None)


def _end_running_pause(ctx: Context) -> None:
    """The enterprise no longer keeps the team waiting: a running pause ends with the step."""
    OrderPause.objects.filter(order=ctx.obj, ended_at=None).update(ended_at=ctx.now, ended_by=_actor(ctx))


def _resolve_check(ctx: Context) -> None:
    _leader_check(ctx)
    data = ctx.payload
    errors: dict[str, list] = {}
    if data.get("outcome") not in Outcome.values:
        errors["outcome"] = [_("请选择解决情况（已解决、部分解决或无法解决）后再完成服务。")]
    for name, label in (("diagnosis", _("问题诊断")), ("solution", _("解决方案或处理意见"))):
        value = (data.get(name) or "").strip()
        if not value:
            errors[name] = [_("请填写%(l)s。") % {"l": label}]
        elif len(value) > TEXT_MAX:
            errors[name] = [_("不能超过%(n)d个字。") % {"n": TEXT_MAX}]
    if not ctx.obj.visits.exists():
        errors.setdefault("outcome", []).append(_("尚未登记上门服务记录，不能完成服务。"))
    if errors:
        raise ValidationError(errors)


def _resolve_effect(ctx: Context) -> None:
    data = ctx.payload
    ctx.set("outcome", data["outcome"])
    ctx.set("diagnosis", data["diagnosis"].strip())
    ctx.set("solution", data["solution"].strip())
    ctx.set("resolved_at", ctx.now)
    _end_running_pause(ctx)
    ctx.notes.append(str(Outcome(data["outcome"]).label))


def _reopen_effect(ctx: Context) -> None:
    ctx.set("resolved_at", None)
    ctx.set("outcome", "")


def _confirm_check(ctx: Context) -> None:
    data = ctx.payload
    errors: dict[str, list] = {}
    rating = data.get("rating")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        errors["rating"] = [_("请给出1至5分的评价。")]
    comment = (data.get("comment") or "").strip()
    if len(comment) > TEXT_MAX:
        errors["comment"] = [_("不能超过%(n)d个字。") % {"n": TEXT_MAX}]
    claimed = data.get("benefit_claimed_fen")
    if claimed is not None and (isinstance(claimed, bool) or not isinstance(claimed, int) or claimed < 0):
        errors["benefit_claimed_fen"] = [_("效益金额不能为负数。")]
    if errors:
        raise ValidationError(errors)


def _confirm_effect(ctx: Context) -> None:
    data = ctx.payload
    ctx.set("rating", data["rating"])
    ctx.set("rating_comment", (data.get("comment") or "").strip())
    ctx.set("benefit_claimed_fen", data.get("benefit_claimed_fen"))
    ctx.set("rated_by", _actor(ctx))
    ctx.set("rated_at", ctx.now)
    ctx.notes.append(_("评价%(r)d分") % {"r": data["rating"]})


def _close_check(ctx: Context) -> None:
    verified = ctx.payload.get("benefit_verified_fen")
    if verified is None:
        return
    if isinstance(verified, bool) or not isinstance(verified, int) or verified < 0:
        raise ValidationError({"benefit_verified_fen": [_("核实效益不能为负数。")]})
    claimed = ctx.obj.benefit_claimed_fen or 0
    if verified > claimed:
        raise ValidationError(
            {
                "benefit_verified_fen": [
                    _("核实效益（%(v)s）不能超过企业申报的效益（%(c)s）。")
                    % {"v": money_text(verified), "c": money_text(claimed)}
                ]
            }
        )


def _close_effect(ctx: Context) -> None:
    verified = ctx.payload.get("benefit_verified_fen")
    if verified is not None:
        ctx.set("benefit_verified_fen", verified)
        ctx.notes.append(_("核实效益%(v)s") % {"v": money_text(verified)})


def _cancel_effect(ctx: Context) -> None:
    _end_running_pause(ctx)


def _resubmit_effect(ctx: Context) -> None:
    from . import sla

    ctx.set("posted_at", ctx.now)
    sla.set_targets(ctx.obj)
    ctx.set("sla_response_hours", ctx.obj.sla_response_hours)
    ctx.set("sla_resolution_hours", ctx.obj.sla_resolution_hours)
    response_due, resolution_due = sla.compute_dues(ctx.obj)
    ctx.set("response_due", response_due)
    ctx.set("resolution_due", resolution_due)


def _order_people(order: ServiceOrder) -> list:
    from innovation.accounts.models import User

    q = Q(pk=order.posted_by_id)
    if order.team_id:
        q |= Q(pk=order.team.leader.user_id) if order.team.leader.user_id else Q()
    return list(User.objects.filter(q, is_active=True))


# What waits for whom: the steps that move an order on. Withdrawing and cancelling are open to
# the enterprise and the union at many states, but nothing waits for them.
_WAITING = {
    Action.SERVICE_TRIAGE: (S.POSTED, S.TRIAGED, S.CONFIRMED),
    Action.SERVICE_TEAM: (S.TRIAGED, S.OFFERED, S.ACCEPTED, S.IN_SERVICE),
    Action.SERVICE_POST: (S.RETURNED,),
    Action.SERVICE_CONFIRM: (S.RESOLVED,),
}


def _order_todos(user) -> Q:
    from innovation.accounts.scope import scope_q

    waiting = Q(pk__in=[])
    for action, states in _WAITING.items():
        q = scope_q(user, ServiceOrder, action)
        if q is not None:
            waiting |= q & Q(state__in=states)
    return waiting


def _order_url(order: ServiceOrder) -> str:
    return reverse("volunteer:order", args=[order.pk])


ORDER_STEPS = [
    Step("triage", gettext_lazy("受理"), (S.POSTED,), S.TRIAGED, Action.SERVICE_TRIAGE, style="success"),
    Step(
        "return",
        gettext_lazy("退回补充"),
        (S.POSTED,),
        S.RETURNED,
        Action.SERVICE_TRIAGE,
        needs_reason=True,
        reason_label=gettext_lazy("退回原因"),
        style="warning",
    ),
    Step(
        "resubmit",
        gettext_lazy("重新提交"),
        (S.RETURNED,),
        S.POSTED,
        Action.SERVICE_POST,
        effect=_resubmit_effect,
    ),
    Step(
        "dispatch",
        gettext_lazy("派单"),
        (S.TRIAGED,),
        S.OFFERED,
        Action.SERVICE_TRIAGE,
        check=_dispatch_check,
        effect=_dispatch_effect,
        state_message=gettext_lazy("服务订单当前为「%(state)s」，只有已受理待派单的订单可以派单。"),
    ),
    Step(
        "claim",
        gettext_lazy("认领"),
        (S.TRIAGED,),
        S.ACCEPTED,
        Action.SERVICE_TEAM,
        style="success",
        check=_claim_check,
        effect=_claim_effect,
        state_message=gettext_lazy("服务订单当前为「%(state)s」，已由其他服务队承接或尚未受理，不能认领。"),
    ),
    Step(
        "accept",
        gettext_lazy("接单"),
        (S.OFFERED,),
        S.ACCEPTED,
        Action.SERVICE_TEAM,
        style="success",
        check=_leader_check,
        effect=_accept_effect,
    ),
    Step(
        "decline",
        gettext_lazy("婉拒派单"),
        (S.OFFERED,),
        S.TRIAGED,
        Action.SERVICE_TEAM,
        needs_reason=True,
        reason_label=gettext_lazy("婉拒原因"),
        style="warning",
        check=_leader_check,
        effect=_decline_effect,
    ),
    Step(
        "start",
        gettext_lazy("开始服务"),
        (S.ACCEPTED,),
        S.IN_SERVICE,
        Action.SERVICE_TEAM,
        check=_leader_check,
    ),
    Step(
        "resolve",
        gettext_lazy("完成服务"),
        (S.IN_SERVICE,),
        S.RESOLVED,
        Action.SERVICE_TEAM,
        style="success",
        check=_resolve_check,
        effect=_resolve_effect,
        state_message=gettext_lazy("服务订单当前为「%(state)s」，只有服务中的订单可以完成服务。"),
    ),
    Step(
        "reopen",
        gettext_lazy("问题未解决，退回继续服务"),
        (S.RESOLVED,),
        S.IN_SERVICE,
        Action.SERVICE_CONFIRM,
        needs_reason=True,
        reason_label=gettext_lazy("未解决的问题"),
        style="warning",
        effect=_reopen_effect,
    ),
    Step(
        "confirm",
        gettext_lazy("确认并评价"),
        (S.RESOLVED,),
        S.CONFIRMED,
        Action.SERVICE_CONFIRM,
        style="success",
        check=_confirm_check,
        effect=_confirm_effect,
        state_message=gettext_lazy("服务订单当前为「%(state)s」，服务队完成服务后才能确认评价。"),
    ),
    Step(
        "close",
        gettext_lazy("核实效益并办结"),
        (S.CONFIRMED,),
        S.CLOSED,
        Action.SERVICE_TRIAGE,
        style="success",
        check=_close_check,
        effect=_close_effect,
        state_message=gettext_lazy("服务订单当前为「%(state)s」，企业确认评价后才能办结。"),
    ),
    Step(
        "withdraw",
        gettext_lazy("撤回需求"),
        (S.POSTED, S.RETURNED, S.TRIAGED),
        S.CANCELLED,
        Action.SERVICE_POST,
        needs_reason=True,
        reason_label=gettext_lazy("撤回原因"),
        style="danger",
        effect=_cancel_effect,
    ),
    Step(
        "cancel",
        gettext_lazy("取消订单"),
        (S.TRIAGED, S.OFFERED, S.ACCEPTED, S.IN_SERVICE),
        S.CANCELLED,
        Action.SERVICE_TRIAGE,
        needs_reason=True,
        reason_label=gettext_lazy("取消原因"),
        style="danger",
        effect=_cancel_effect,
    ),
]

ORDER_WORKFLOW = Workflow(
    name="service_order",
    label=gettext_lazy("服务订单"),
    model=ServiceOrder,
    steps=ORDER_STEPS,
    url=_order_url,
    title=lambda o: o.title,
    queue_url=lambda: reverse("volunteer:orders") + "?awaiting=me",
    people=_order_people,
    todo_filter=_order_todos,
    lock_related=("enterprise", "team__leader", "district"),
    reason_max=TEXT_MAX,
)


# ---------------------------------------------------------------- expenses


def _approve_effect(ctx: Context) -> None:
    from innovation.funds import services as funds

    expense = ctx.obj
    line = rules.service_line(expense.order)
    commitment = funds.commit(
        line=line,
        amount_fen=expense.amount_fen,
        payee=expense.payee,
        purpose=_("%(k)s：%(o)s") % {"k": expense.get_kind_display(), "o": expense.order.title[:60]},
        source_kind=rules.EXPENSE_SOURCE,
        source_id=expense.pk,
        policy_ref=_("锦州市总工会劳模志愿服务经费使用办法"),
        decision_ref=_("服务经费审批（订单%(c)s）") % {"c": expense.order.code},
        approved_by=ctx.actor,
    )
    ctx.set("commitment", commitment)
    ctx.notes.append(_("列支于%(l)s") % {"l": line})


def _approve_check(ctx: Context) -> None:
    rules.check_expense_fits(ctx.obj, rules.service_line(ctx.obj.order))


EXPENSE_STEPS = [
    Step(
        "approve",
        gettext_lazy("批准并列支"),
        (ExpenseState.PROPOSED,),
        ExpenseState.APPROVED,
        Action.FUNDS_MANAGE,
        style="success",
        check=_approve_check,
        effect=_approve_effect,
    ),
    Step(
        "reject",
        gettext_lazy("不予批准"),
        (ExpenseState.PROPOSED,),
        ExpenseState.REJECTED,
        Action.FUNDS_MANAGE,
        needs_reason=True,
        reason_label=gettext_lazy("不予批准的理由"),
        style="danger",
    ),
]


def _expense_people(expense: ServiceExpense) -> list:
    from innovation.accounts.models import User

    return list(User.objects.filter(pk=expense.proposed_by_id, is_active=True))


EXPENSE_WORKFLOW = Workflow(
    name="service_expense",
    label=gettext_lazy("服务经费"),
    model=ServiceExpense,
    steps=EXPENSE_STEPS,
    url=lambda e: reverse("volunteer:order", args=[e.order_id]) + "#expenses",
    title=lambda e: str(e),
    people=_expense_people,
    lock_related=("order",),
)

WORKFLOWS = (ORDER_WORKFLOW, EXPENSE_WORKFLOW)
