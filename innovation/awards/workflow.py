"""The committee decision's and the objections' workflows: their steps as data, and the hooks
the workflow kernel (innovation.core.workflow) calls.

Decision: draft → approving (the first city admin) → locked (a DIFFERENT city admin: four-eyes,
the kernel's); approving → draft (returned with a reason); locked → notice (published; every listed author is told);
notice → final (finalised: the awards and their money, innovation.awards.services.payout);
approving | locked | notice → draft (an objection upheld: version + 1, approvals and notice
cleared; service-only). Both approvals wait for complete reviews (innovation.review.closure).

Objection: open → upheld | dismissed (answered by the city admin; the objector is told).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import users_over
from innovation.core.workflow import Context, Step, Workflow
from innovation.review import closure

from .models import Decision, Objection
from .selectors import grade_tally, listed_authors
from .services import objections, payout

D = Decision.State


def _city_admin(ctx: Context) -> None:
    if ctx.actor is not None and not ctx.actor.has_role(Role.CITY_ADMIN):
        raise PermissionDenied(_("审定须由市总工会管理员审批。"))


def _check_first(ctx: Context) -> None:
    _city_admin(ctx)
    closure.require_complete(ctx.obj.campaign, doing=_("审批审定"))
    if not ctx.obj.lines.exists():
        raise ValidationError(_("审定方案没有任何成果，不能审批。"))
    over = [t for t in grade_tally(ctx.obj) if t["over"]]
    if over:
        raise ValidationError(
            "；".join(
                _("「%(g)s」名额为%(q)d项，现审定%(n)d项")
                % {"g": t["grade"].get_code_display(), "q": t["quota"], "n": t["count"]}
                for t in over
            )
        )
    ctx.notes.append(_("第一人审批"))


def _check_second(ctx: Context) -> None:
    _city_admin(ctx)
    closure.require_complete(ctx.obj.campaign, doing=_("审批审定"))
    ctx.notes.append(_("第二人审批，审定锁定"))


def _publish(ctx: Context) -> None:
    ctx.set("notice_starts", ctx.now)
    ctx.set("notice_ends", ctx.now + datetime.timedelta(days=ctx.obj.campaign.notice_days))
    ctx.notes.append(_("发布公示（第%(v)d版）") % {"v": ctx.obj.version})


def _reopen(ctx: Context) -> None:
    ctx.set("version", ctx.obj.version + 1)
    ctx.set("notice_starts", None)
    ctx.set("notice_ends", None)
    ctx.notes.append(_("异议成立，退回拟定（第%(v)d版）") % {"v": ctx.obj.version})


def _listed_title(ctx: Context) -> str:
    return _("您的成果已列入「%(c)s」获奖名单公示，公示期至%(d)s") % {
        "c": ctx.obj.campaign,
        "d": timezone.localtime(ctx.obj.notice_ends).strftime("%Y-%m-%d"),
    }


def _second_approvers(ctx: Context) -> list:
    """The first approval: every other city admin over the campaign may approve second."""
    return [u for u in users_over(ctx.obj.scope_path, roles=(Role.CITY_ADMIN,)) if u.pk != ctx.actor.pk]


def _decision_title(decision: Decision) -> str:
    return str(decision.campaign)


_APPROVE = gettext_lazy("审批")
_APPROVE_STATE = gettext_lazy("审定当前状态为「%(state)s」，不能审批。可能已被他人处理，请刷新页面。")

DECISION = Workflow(
    name="decision",
    label=gettext_lazy("审定"),
    model=Decision,
    steps=[
        Step(
            "approve",
            _APPROVE,
            (D.DRAFT,),
            D.APPROVING,
            Action.DECISION_MANAGE,
            approval="first",
            style="success",
            check=_check_first,
            recipients=_second_approvers,
            state_message=_APPROVE_STATE,
            notice_title=lambda ctx: _("审定「%(c)s」待您第二人审批") % {"c": ctx.obj.campaign},
        ),
        Step(
            "approve",
            _APPROVE,
            (D.APPROVING,),
            D.LOCKED,
            Action.DECISION_MANAGE,
            approval="second",
            style="success",
            check=_check_second,
            state_message=_APPROVE_STATE,
        ),
        Step(
            "return",
            gettext_lazy("退回拟定"),
            (D.APPROVING,),
            D.DRAFT,
            Action.DECISION_MANAGE,
            needs_reason=True,
            reason_label=gettext_lazy("退回理由"),
            clears_approvals=True,
            style="warning",
            state_message=gettext_lazy(
                "审定当前状态为「%(state)s」，不能退回拟定。可能已被他人处理，请刷新页面。"
            ),
        ),
        Step(
            "publish",
            gettext_lazy("发布公示"),
            (D.LOCKED,),
            D.NOTICE,
            Action.DECISION_MANAGE,
            effect=_publish,
            recipients=lambda ctx: listed_authors(ctx.obj),
            notice_title=_listed_title,
            notice_url=lambda ctx: reverse("awards:notice", args=[ctx.obj.pk]),
            state_message=gettext_lazy(
                "审定当前状态为「%(state)s」，不能发布公示（须先经两位管理员审批锁定）。"
                "可能已被他人处理，请刷新页面。"
            ),
        ),
        Step(
            "finalise",
            gettext_lazy("审定生效"),
            (D.NOTICE,),
            D.FINAL,
            Action.DECISION_MANAGE,
            check=payout.check_finalise,
            effect=payout.pay_out,
            notify=False,  # each author is told of the award and the amount by the effect
            state_message=gettext_lazy(
                "审定当前状态为「%(state)s」，不能生效（须先公示）。可能已被他人处理，请刷新页面。"
            ),
        ),
        Step(
            "reopen",
            gettext_lazy("异议成立，退回拟定"),
            (D.APPROVING, D.LOCKED, D.NOTICE),
            D.DRAFT,
            Action.OBJECTION_ANSWER,
            needs_reason=True,
            clears_approvals=True,
            manual=False,
            notify=False,  # the objection's answer tells the objector
            effect=_reopen,
        ),
    ],
    url=lambda d: reverse("awards:decision", args=[d.pk]),
    title=_decision_title,
    lock_related=("campaign__union", "first_approver"),
    # The refusals keep the names the audit trail has always used (awards.approve, …).
    audit_prefix="awards.",
)

_ANSWERED = gettext_lazy("该异议已答复（%(state)s），不能重复答复。")

OBJECTION = Workflow(
    name="objection",
    label=gettext_lazy("公示异议"),
    model=Objection,
    steps=[
        Step(
            "answer_upheld",
            gettext_lazy("异议成立"),
            (Objection.State.OPEN,),
            Objection.State.UPHELD,
            Action.OBJECTION_ANSWER,
            needs_reason=True,
            reason_label=gettext_lazy("答复内容"),
            style="warning",
            check=objections.check_answer,
            effect=objections.uphold,
            recipients=objections.objector,
            state_message=_ANSWERED,
            notice_title=objections.answered_title,
        ),
        Step(
            "answer_dismissed",
            gettext_lazy("异议不成立"),
            (Objection.State.OPEN,),
            Objection.State.DISMISSED,
            Action.OBJECTION_ANSWER,
            needs_reason=True,
            reason_label=gettext_lazy("答复内容"),
            check=objections.check_answer,
            effect=objections.record_answer,
            recipients=objections.objector,
            state_message=_ANSWERED,
            notice_title=objections.answered_title,
        ),
    ],
    url=objections.notice_url,
    title=lambda o: o.line.achievement.title,
    queue_url=lambda: reverse("awards:objections"),
    lock_related=("decision", "line__achievement"),
    reason_max=5000,
    audit_prefix="awards.",
)
