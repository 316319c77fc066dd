"""The review assignment's workflow: its steps as data, taken through the workflow kernel.

assigned → submitted (the expert submits the whole score sheet: innovation.review.services)
assigned → declined (the expert gives the item back, with a reason; another expert takes it)
assigned → withdrawn (the city replaces the expert, or a declared conflict ends it)

The score sheet, the replacement and their notices are the review and assignment services'; the
state, its step log and its audit entry are the kernel's.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation.accounts.policy import Action
from innovation.core.workflow import Context, Step, Workflow

from .models import Assignment

State = Assignment.State


def _sheet_submitted(ctx: Context) -> None:
    sheet = getattr(ctx.obj, "sheet", None)
    if sheet is None or sheet.submitted_at is None:
        raise ValidationError(_("评分表尚未填写完整，不能提交。"), code="incomplete")


def _keep_reason(ctx: Context) -> None:
    ctx.set("reason", ctx.reason[:200])


WORKFLOW = Workflow(
    name="assignment",
    label=gettext_lazy("评审任务"),
    model=Assignment,
    steps=[
        Step(
            "submit",
            gettext_lazy("提交评分"),
            (State.ASSIGNED,),
            State.SUBMITTED,
            Action.REVIEW_SCORE,
            check=_sheet_submitted,
            notify=False,
        ),
        Step(
            "decline",
            gettext_lazy("谢绝"),
            (State.ASSIGNED,),
            State.DECLINED,
            Action.REVIEW_SCORE,
            needs_reason=True,
            reason_label=gettext_lazy("谢绝理由"),
            style="warning",
            effect=_keep_reason,
            notify=False,
        ),
        Step(
            "withdraw",
            gettext_lazy("撤回"),
            (State.ASSIGNED,),
            State.WITHDRAWN,
            Action.REVIEW_ASSIGN,
            needs_reason=True,
            manual=False,
            effect=_keep_reason,
            notify=False,
        ),
    ],
    url=lambda a: reverse("review:score", args=[a.pk]),
    title=lambda a: a.achievement.title,
    queue_url=lambda: reverse("review:my"),
    lock_related=("campaign__union", "achievement", "expert"),
)
