"""Objections (异议) to a decision on notice: raised by a signed-in user here, or from the public
notice (innovation.awards.public) under the same rules; answered by the city admin through the
objection's workflow (innovation.awards.workflow). An upheld objection sends the decision back to
draft (version + 1, approvals and notice cleared), so it changes through the same path: adjust →
two approvals → publish again."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can, users_over
from innovation.achievements.models import Campaign
from innovation.achievements.uploads import check_upload
from innovation.core import workflow as kernel
from innovation.notifications.services import notify

from ..models import Decision, DecisionLine, Objection
from ..selectors import notice_is_open
from .base import ANSWER_MAX, OBJECTION_MAX, REASON_MAX, audited, local, lock, require, user_required


def _city_admins(campaign: Campaign):
    return users_over(campaign.union.path, roles=(Role.CITY_ADMIN,))


def check_objection(*, decision: Decision, line: DecisionLine, reason, now: datetime.datetime) -> str:
    """The rules every objection meets, signed in or from the public notice: the decision is on
    notice and the notice open, the line is on the published list, a reason is given. Returns
    the reason, stripped."""
    if decision.state != Decision.State.NOTICE or decision.notice_starts is None:
        raise ValidationError(
            _("该审定不在公示期（当前：%(s)s），不能提出异议。") % {"s": decision.get_state_display()},
            code="closed",
        )
    if now < decision.notice_starts:
        raise ValidationError(
            _("公示期自%(a)s开始，尚不能提出异议。") % {"a": local(decision.notice_starts)},
            code="closed",
        )
    if now >= decision.notice_ends:
        raise ValidationError(
            _("公示期为%(a)s至%(b)s，现已结束，不能再提出异议。")
            % {"a": local(decision.notice_starts), "b": local(decision.notice_ends)},
            code="closed",
        )
    if line.decision_id != decision.pk or line.grade_id is None:
        raise ValidationError({"line": [_("只能对公示名单中的成果提出异议。")]})
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError({"reason": [_("请写明异议理由。")]})
    if len(reason) > OBJECTION_MAX:
        raise ValidationError({"reason": [_("异议理由不能超过%(n)d个字。") % {"n": OBJECTION_MAX}]})
    return reason


def file_objection(
    *, decision: Decision, line: DecisionLine, reason: str, now: datetime.datetime, objection: Objection
) -> Objection:
    """Save a checked objection (`objection`: who objects, and an attachment if any) under the
    decision's lock, while the notice is still open; the city admins are told."""
    with transaction.atomic():
        fresh = lock(decision)
        if not notice_is_open(fresh, now):
            raise ValidationError(_("公示期已结束，不能再提出异议。"), code="closed")
        objection.decision = fresh
        objection.line = line
        objection.reason = reason
        objection.scope_path = fresh.campaign.union.path
        objection.save()
        notify(
            users=_city_admins(fresh.campaign),
            title=_("公示异议：「%(t)s」") % {"t": line.achievement.title[:60]},
            body=reason[:500],
            url=reverse("awards:objections"),
        )
    return objection


def raise_objection(
    *,
    line: DecisionLine,
    actor,
    reason: str,
    attachment=None,
    now: datetime.datetime | None = None,
) -> Objection:
    """A signed-in user objects to one line of a decision on notice, while the notice is open.
    (The public notice's objections: innovation.awards.public.)"""
    now = now or timezone.now()
    decision = line.decision
    with audited(actor=actor, obj=decision, step="objection"):
        if actor is None or not getattr(actor, "is_authenticated", False):
            raise PermissionDenied(_("请先登录再提出异议。"))
        if not can(actor, Action.OBJECTION_RAISE):
            raise PermissionDenied(_("您无权提出异议。"))
        reason = check_objection(decision=decision, line=line, reason=reason, now=now)
        objection = Objection(raised_by=actor, decision=decision, line=line)  # the file's folder names them
        if attachment is not None:
            try:
                extension, _type, digest = check_upload(attachment)
            except ValidationError as exc:
                raise ValidationError({"attachment": exc.messages}) from None
            objection.attachment_name = attachment.name[:200]
            objection.attachment.save(f"{digest[:16]}.{extension}", attachment, save=False)
        return file_objection(decision=decision, line=line, reason=reason, now=now, objection=objection)


def answer_objection(
    *,
    objection: Objection,
    upheld: bool,
    answer: str,
    actor,
    now: datetime.datetime | None = None,
) -> Objection:
    """Answer an objection. Upheld: the decision goes back to draft (version + 1, approvals and
    notice cleared), to be changed through the same path. The objector is told the answer."""
    with audited(actor=actor, obj=objection, step="answer"):
        user_required(actor, _("答复异议"))
        require(actor, Action.OBJECTION_ANSWER, objection, _("您无权答复该异议。"))
        if not isinstance(upheld, bool):
            raise ValidationError({"upheld": [_("请选择异议是否成立。")]})
        answer = (answer or "").strip() if isinstance(answer, str) else ""
        if not answer:
            raise ValidationError({"answer": [_("请填写答复内容。")]})
        if len(answer) > ANSWER_MAX:
            raise ValidationError({"answer": [_("答复不能超过%(n)d个字。") % {"n": ANSWER_MAX}]})
    step = "answer_upheld" if upheld else "answer_dismissed"
    kernel.run(obj=objection, step=step, actor=actor, reason=answer, now=now or timezone.now())
    objection.decision.refresh_from_db()
    return objection


# ---------------------------------------------------------------- the answer's hooks


def check_answer(ctx) -> None:
    """The decision is locked with the objection, and a final decision takes no more answers."""
    decision = lock(ctx.obj.decision)
    if decision.state == Decision.State.FINAL:
        raise ValidationError(
            _("审定当前状态为「%(s)s」，不能%(d)s。可能已被他人处理，请刷新页面。")
            % {"s": decision.get_state_display(), "d": _("答复异议")},
            code="state",
        )
    ctx.payload["decision"] = decision


def record_answer(ctx) -> None:
    ctx.set("answer", ctx.reason)
    ctx.set("answered_by", ctx.actor)
    ctx.set("answered_at", ctx.now)


def uphold(ctx) -> None:
    """The answer is recorded; a decision past its draft goes back to it (the kernel's reopen)."""
    record_answer(ctx)
    decision = ctx.payload["decision"]
    if decision.state != Decision.State.DRAFT:
        kernel.run(
            obj=decision,
            step="reopen",
            actor=ctx.actor,
            reason=ctx.reason[:REASON_MAX],
            now=ctx.now,
            by_service=True,
        )


def answered_title(ctx) -> str:
    return _("您对「%(t)s」的异议已答复：%(s)s") % {
        "t": ctx.obj.line.achievement.title[:60],
        "s": ctx.obj.get_state_display(),
    }


def objector(ctx) -> list:
    return [ctx.obj.raised_by]


def notice_url(objection: Objection) -> str:
    return reverse("awards:notice", args=[objection.decision_id])
