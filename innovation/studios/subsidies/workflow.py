"""The subsidy round's steps on the workflow kernel: draft → approving (the first city admin) → approved (a different city admin: every line with money committed to the round's budget line, all or nothing); approving → draft (returned with a reason, the first approval cleared). Four-eyes is the kernel's (Step.approval)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.core.workflow import Step, Workflow
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine
from innovation.funds.services import money

from ..models import Studio
from .models import (
    REASON_MAX,
    SOURCE_KIND,
    SubsidyLine,
    SubsidyRound,
)
from .selectors import policy_ref, round_ref


def _budget_error(budget: BudgetLine, total: int) -> ValidationError:
    return ValidationError(
        _(
            "预算科目「%(l)s」余额不足：本批补助合计%(t)s，可用余额%(a)s，还差%(m)s。"
            "补助未承诺，未作任何变更。"
        )
        % {
            "l": budget,
            "t": money(total),
            "a": money(budget.available_fen),
            "m": money(total - budget.available_fen),
        },
        code="budget",
    )


def _check_lines(round_: SubsidyRound) -> list[SubsidyLine]:
    lines = list(round_.lines.select_related("studio", "policy").order_by("studio__name", "kind", "pk"))
    if not any(line.amount_fen > 0 for line in lines):
        raise ValidationError(_("补助批次没有任何补助，不能审批。"))
    revoked = [
        line.studio.name
        for line in lines
        if line.amount_fen > 0 and line.studio.status == Studio.Status.REVOKED
    ]
    if revoked:
        raise ValidationError(
            _("以下工作室已摘牌，请先将其补助调整为0：%(s)s") % {"s": "、".join(revoked)}, code="revoked"
        )
    return lines


def city_admin_only(ctx) -> None:
    if ctx.actor is not None and not ctx.actor.has_role(Role.CITY_ADMIN):
        raise PermissionDenied(_("工作室补助须由市总工会管理员办理。"))


def _check_approval(ctx) -> None:
    """Both approvals: the lines are sound and the budget line has the money (locked)."""
    city_admin_only(ctx)
    lines = _check_lines(ctx.obj)
    total = sum(line.amount_fen for line in lines)
    budget = BudgetLine.objects.select_for_update().get(pk=ctx.obj.budget_line_id)
    if total > budget.available_fen:
        raise _budget_error(budget, total)
    ctx.payload.update(lines=lines, total=total, budget=budget)


def _first_approved(ctx) -> None:
    ctx.notes.append(
        _("第一人审批：%(n)d条，合计%(t)s")
        % {"n": len(ctx.payload["lines"]), "t": money(ctx.payload["total"])}
    )


def _commit_lines(ctx) -> None:
    """The second approval commits every line with money (innovation.funds.services.commit)."""
    round_, budget = ctx.obj, ctx.payload["budget"]
    paid = [line for line in ctx.payload["lines"] if line.amount_fen > 0]
    ref = round_ref(round_)
    for line in paid:
        purpose = _("%(y)d年%(k)s：%(s)s；使用范围：%(u)s") % {
            "y": round_.year,
            "k": line.get_kind_display(),
            "s": line.studio.name,
            "u": line.use_scope or "—",
        }
        line.commitment = funds.commit(
            line=budget,
            amount_fen=line.amount_fen,
            payee=line.studio.name[:100],
            payee_worker=None,
            purpose=purpose[:200],
            source_kind=SOURCE_KIND,
            source_id=line.pk,
            policy_ref=policy_ref(line.policy),
            decision_ref=ref,
            approved_by=ctx.actor,
        )
        line.save(update_fields=["commitment"])
    ctx.notes.append(
        _("第二人审批，补助已承诺：%(n)d条，合计%(t)s") % {"n": len(paid), "t": money(ctx.payload["total"])}
    )


_APPROVE = gettext_lazy("审批")


_APPROVE_STATE = gettext_lazy("补助批次当前为「%(state)s」，不能审批。可能已被他人处理，请刷新页面。")


def _round_url(round_: SubsidyRound) -> str:
    return reverse("studios:subsidy_round", args=[round_.pk])


WORKFLOW = Workflow(
    name="subsidy_round",
    label=gettext_lazy("补助批次"),
    model=SubsidyRound,
    steps=[
        Step(
            "approve",
            _APPROVE,
            (SubsidyRound.State.DRAFT,),
            SubsidyRound.State.APPROVING,
            Action.SUBSIDY_MANAGE,
            approval="first",
            style="success",
            check=_check_approval,
            effect=_first_approved,
            state_message=_APPROVE_STATE,
            notice_title=lambda ctx: _("%(r)s待您第二人审批") % {"r": ctx.obj},
        ),
        Step(
            "approve",
            _APPROVE,
            (SubsidyRound.State.APPROVING,),
            SubsidyRound.State.APPROVED,
            Action.SUBSIDY_MANAGE,
            approval="second",
            style="success",
            check=_check_approval,
            effect=_commit_lines,
            state_message=_APPROVE_STATE,
        ),
        Step(
            "return",
            gettext_lazy("退回拟定"),
            (SubsidyRound.State.APPROVING,),
            SubsidyRound.State.DRAFT,
            Action.SUBSIDY_MANAGE,
            needs_reason=True,
            reason_label=gettext_lazy("退回理由"),
            clears_approvals=True,
            style="warning",
            check=city_admin_only,
            state_message=gettext_lazy(
                "补助批次当前为「%(state)s」，不能退回拟定。可能已被他人处理，请刷新页面。"
            ),
        ),
    ],
    url=_round_url,
    title=str,
    queue_url=lambda: reverse("studios:subsidy_rounds"),
    lock_related=("union", "first_approver"),
    reason_max=REASON_MAX,
    # The refusals keep the names the audit trail has always used (studios.round_approve, …).
    audit_prefix="studios.round_",
)
