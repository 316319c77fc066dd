"""The yearly report's steps on the workflow kernel: draft → submitted → verified; submitted →
draft (returned by the city with a reason)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.core.workflow import Step, Workflow

from ..models import Studio
from .models import NOTE_MAX, YearReport
from .selectors import missing_reports


def _check_submit(ctx) -> None:
    studio, report = ctx.obj.studio, ctx.obj
    if studio.status != Studio.Status.ACTIVE:
        raise ValidationError(_("「%(s)s」已摘牌，不能再提交年度报告。") % {"s": studio})
    if not report.summary.strip():
        raise ValidationError({"summary": [_("提交前请填写年度工作总结。")]})
    ctx.set("submitted_by", ctx.actor)


def _verify(ctx) -> None:
    ctx.set("verified_by", ctx.actor)
    ctx.set("verified_at", ctx.now)
    ctx.set("verify_note", ctx.reason)


def _return(ctx) -> None:
    ctx.set("verify_note", ctx.reason)


def _lead(ctx) -> list:
    leader = ctx.obj.studio.leader
    return [leader.user if leader.user_id else None]


def _lead_and_submitter(ctx) -> list:
    return [*_lead(ctx), ctx.obj.submitted_by]


WORKFLOW = Workflow(
    name="year_report",
    label=gettext_lazy("年度报告"),
    model=YearReport,
    steps=[
        Step(
            "submit",
            gettext_lazy("提交年度报告"),
            (YearReport.State.DRAFT,),
            YearReport.State.SUBMITTED,
            Action.STUDIO_REPORT,
            check=_check_submit,
            state_message=gettext_lazy("年度报告当前为「%(state)s」，不能提交。"),
            notice_title=lambda ctx: (
                _("「%(s)s」提交了%(y)d年度报告，请核实") % {"s": ctx.obj.studio, "y": ctx.obj.year}
            ),
        ),
        Step(
            "verify",
            gettext_lazy("核实"),
            (YearReport.State.SUBMITTED,),
            YearReport.State.VERIFIED,
            Action.STUDIO_MANAGE,
            reason_label=gettext_lazy("核实意见"),
            style="success",
            effect=_verify,
            recipients=_lead,
            state_message=gettext_lazy("年度报告当前为「%(state)s」，只有已提交的报告可以核实。"),
            notice_title=lambda ctx: _("%(y)d年度报告已核实") % {"y": ctx.obj.year},
        ),
        Step(
            "return",
            gettext_lazy("退回修改"),
            (YearReport.State.SUBMITTED,),
            YearReport.State.DRAFT,
            Action.STUDIO_MANAGE,
            needs_reason=True,
            reason_label=gettext_lazy("退回理由"),
            style="warning",
            effect=_return,
            recipients=_lead_and_submitter,
            state_message=gettext_lazy("年度报告当前为「%(state)s」，只有已提交的报告可以退回。"),
            notice_title=lambda ctx: _("%(y)d年度报告被退回修改") % {"y": ctx.obj.year},
        ),
    ],
    url=lambda r: reverse("studios:report_detail", args=[r.pk]),
    title=lambda r: f"{r.studio} {r.year}",
    queue_url=lambda: reverse("studios:reports") + "?awaiting=me",
    lock_related=("studio__leader", "studio__enterprise__union"),
    reason_max=NOTE_MAX,
    extra_todos=missing_reports,
)
