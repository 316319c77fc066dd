"""The committee decision (评审委员会审定), the public notice (公示) with its objections (异议),
and the awards: the one place for each of their rules. Pages and the API call these.

Decision states: draft → approving → locked → notice → final.

* `propose` builds the decision from the ranking: grades are given by rank, in grade order,
  each within its quota; items beyond all quotas get no grade. Like the ranking, it and both
  approvals are refused while expert sheets are outstanding, unless the city has closed scoring
  with a reason (innovation.review.closure).
* `adjust` changes one line's grade, with a written reason, only while the decision is a draft,
  never above a grade's quota.
* `approve` twice, by two different city admins (four-eyes), locks it; `publish` opens the
  notice for the campaign's notice days.
* During the notice anyone signed in may `raise_objection`; the city admin answers each one.
  An upheld objection sends the decision back to draft (version + 1, approvals cleared), so it
  changes through the same path: adjust → two approvals → publish again.
* `finalise`, after the notice has ended and every objection is answered, makes the awards,
  splits each prize among the authors by share (to the fen), commits the money against the
  decision's budget line (innovation.funds.services.commit) and moves the items to awarded /
  not awarded — all in one transaction, or nothing.

A refused attempt changes nothing and is written to the audit trail after its transaction has
rolled back, so the record survives the refusal.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can, can_act_at, restrict
from innovation.achievements.models import Achievement, AwardGrade, Campaign, State
from innovation.achievements.uploads import check_upload
from innovation.audit.models import AuditAction
from innovation.audit.services import record, refusals_recorded
from innovation.core import workflow as kernel
from innovation.funds.models import BudgetLine
from innovation.funds.services import money
from innovation.notifications.services import notify
from innovation.review import closure

from .models import Award, AwardShare, Decision, DecisionLine, Objection

REASON_MAX = 300
OBJECTION_MAX = 5000
ANSWER_MAX = 5000


def _local(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


# ---------------------------------------------------------------- refusals and rights


def _audited(*, actor, obj, step: str):
    """The audit writer's refusal recorder, for the committee's steps."""
    return refusals_recorded(actor=actor, obj=obj, model=Decision, step=f"awards.{step}")


def _require(actor, action: str, obj, message: str) -> None:
    """The actor may take `action` on this row (its scope); `actor=None` is the system."""
    if actor is None:
        return
    if not restrict(type(obj).objects.filter(pk=obj.pk), actor, action).exists():
        raise PermissionDenied(message)


def _user_required(actor, what: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("%(w)s须由登录的市总工会管理员办理。") % {"w": what})


def _state_error(decision: Decision, doing: str) -> ValidationError:
    return ValidationError(
        _("审定当前状态为「%(s)s」，不能%(d)s。可能已被他人处理，请刷新页面。")
        % {"s": decision.get_state_display(), "d": doing},
        code="state",
    )


def _lock(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",)).select_related("campaign__union").get(pk=decision.pk)
    )


def _refresh(target: Decision, source: Decision) -> Decision:
    """Copy the saved row onto the caller's instance, so it sees the new state."""
    for field in Decision._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


# ---------------------------------------------------------------- proposal


def allocate(count: int, grades: Sequence[AwardGrade]) -> list[AwardGrade | None]:
    """Grades for `count` items in rank order: each grade, in grade order, takes as many as
    its quota allows; the rest get none."""
    slots: list[AwardGrade | None] = []
    for grade in grades:
        slots.extend([grade] * grade.quota)
    slots = slots[:count]
    return slots + [None] * (count - len(slots))


def propose(*, campaign: Campaign, actor, now: datetime.datetime | None = None) -> Decision:
    """Build (or, for a draft, rebuild) the campaign's decision from its ranking."""
    now = now or timezone.now()
    existing = Decision.objects.filter(campaign=campaign).first()
    with _audited(actor=actor, obj=existing, step="propose"):
        _user_required(actor, _("拟定审定方案"))
        if not can_act_at(actor, Action.DECISION_MANAGE, campaign.union):
            raise PermissionDenied(_("您无权为「%(c)s」拟定审定方案。") % {"c": campaign})
        closure.require_complete(campaign, doing=_("拟定审定方案"))
        try:
            decision = _propose_rows(campaign=campaign, actor=actor, now=now, existing=existing)
        except IntegrityError:
            # Two admins proposing the first decision of a campaign at the same moment.
            raise ValidationError(
                _("「%(c)s」的审定方案刚由他人拟定，请刷新页面后再操作。") % {"c": campaign}, code="race"
            ) from None
    return decision


def _propose_rows(*, campaign: Campaign, actor, now, existing: Decision | None) -> Decision:
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update().filter(campaign=campaign).first() if existing else None
        )
        if decision is not None and decision.state != Decision.State.DRAFT:
            raise ValidationError(
                _("「%(c)s」的审定已进入「%(s)s」，不能重新拟定。")
                % {"c": campaign, "s": decision.get_state_display()},
                code="state",
            )
        grades = list(campaign.grades.order_by("order", "id"))
        if not grades:
            raise ValidationError(_("「%(c)s」没有设置奖项，不能拟定。") % {"c": campaign})
        from innovation.review.models import ItemResult

        results = list(
            ItemResult.objects.filter(campaign=campaign, achievement__state=State.UNDER_REVIEW)
            .select_related("achievement")
            .order_by("rank", "-score", "achievement_id")
        )
        if not results:
            raise ValidationError(
                _("「%(c)s」还没有专家评审结果（评分汇总与排名），不能拟定。") % {"c": campaign},
                code="no_results",
            )
        if decision is None:
            decision = Decision.objects.create(
                campaign=campaign,
                proposed_by=actor,
                proposed_at=now,
                scope_path=campaign.union.path,
            )
        else:
            decision.proposed_by = actor
            decision.proposed_at = now
            decision._audit_detail = _("重新拟定")
            decision.save(update_fields=["proposed_by", "proposed_at"])
        _build_lines(decision, results, allocate(len(results), grades))
        counts = ", ".join(
            f"{g.get_code_display()} {sum(1 for r in decision.lines.all() if r.grade_id == g.pk)}/{g.quota}"
            for g in grades
        )
        record(
            action=AuditAction.UPDATE,
            obj=decision,
            actor=actor,
            detail=_("按排名拟定 %(n)d 项：%(c)s") % {"n": len(results), "c": counts},
        )
    return decision


def _build_lines(decision: Decision, results, allocation) -> None:
    """Upsert one line per ranked item. Lines an objection points at are kept (the objection
    must keep its subject); other lines of items no longer ranked are removed."""
    current = {line.achievement_id: line for line in decision.lines.all()}
    new, changed = [], []
    for result, grade in zip(results, allocation, strict=True):
        line = current.pop(result.achievement_id, None)
        if line is None:
            new.append(
                DecisionLine(
                    decision=decision,
                    achievement=result.achievement,
                    rank=result.rank,
                    score=result.score,
                    proposed_grade=grade,
                    grade=grade,
                )
            )
        else:
            line.rank, line.score, line.proposed_grade, line.grade, line.reason = (
                result.rank,
                result.score,
                grade,
                grade,
                "",
            )
            changed.append(line)
    if changed:
        DecisionLine.objects.bulk_update(changed, ["rank", "score", "proposed_grade", "grade", "reason"])
    if new:
        DecisionLine.objects.bulk_create(new)
    gone = [line.pk for line in current.values()]
    if gone:
        kept = set(Objection.objects.filter(line_id__in=gone).values_list("line_id", flat=True).distinct())
        DecisionLine.objects.filter(pk__in=[pk for pk in gone if pk not in kept]).delete()
        DecisionLine.objects.filter(pk__in=kept).update(grade=None, proposed_grade=None)


def grade_tally(decision: Decision) -> list[dict]:
    """Each grade of the campaign with its quota and how many lines hold it now."""
    counts = dict(
        decision.lines.filter(grade__isnull=False)
        .values_list("grade_id")
        .annotate(n=Count("id"))
        .values_list("grade_id", "n")
    )
    return [
        {
            "grade": g,
            "quota": g.quota,
            "count": counts.get(g.pk, 0),
            "over": counts.get(g.pk, 0) > g.quota,
            "prize_fen": g.prize_fen,
            "total_fen": g.prize_fen * counts.get(g.pk, 0),
        }
        for g in decision.campaign.grades.order_by("order", "id")
    ]


def prize_total_fen(decision: Decision) -> int:
    return sum(
        line.grade.prize_fen for line in decision.lines.filter(grade__isnull=False).select_related("grade")
    )


# ---------------------------------------------------------------- committee work


def adjust(*, line: DecisionLine, grade: AwardGrade | None, reason: str, actor) -> DecisionLine:
    """Change one line's grade (None: no award), with a written reason, only in a draft."""
    decision = line.decision
    with _audited(actor=actor, obj=line, step="adjust"):
        _user_required(actor, _("调整审定"))
        _require(actor, Action.DECISION_MANAGE, decision, _("您无权调整该审定。"))
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise ValidationError({"reason": [_("调整奖项须写明理由。")]})
        if len(reason) > REASON_MAX:
            raise ValidationError({"reason": [_("理由不能超过%(n)d个字。") % {"n": REASON_MAX}]})
        with transaction.atomic():
            locked = _lock(decision)
            if locked.state != Decision.State.DRAFT:
                raise ValidationError(
                    _(
                        "审定当前状态为「%(s)s」，只有拟定中的审定可以调整；已审定的方案只能经异议成立退回后调整。"
                    )
                    % {"s": locked.get_state_display()},
                    code="locked",
                )
            row = DecisionLine.objects.select_related("grade").get(pk=line.pk, decision=locked)
            if grade is not None:
                if grade.campaign_id != locked.campaign_id:
                    raise ValidationError({"grade": [_("该奖项不属于本次征集活动。")]})
                if row.grade_id == grade.pk:
                    raise ValidationError({"grade": [_("审定奖项没有变化。")]})
                held = locked.lines.filter(grade=grade).exclude(pk=row.pk).count()
                if held >= grade.quota:
                    raise ValidationError(
                        {
                            "grade": [
                                _("「%(g)s」名额为%(q)d项，已审定%(n)d项，不能再增加。")
                                % {"g": grade.get_code_display(), "q": grade.quota, "n": held}
                            ]
                        },
                        code="quota",
                    )
            elif row.grade_id is None:
                raise ValidationError({"grade": [_("审定奖项没有变化。")]})
            row.grade = grade
            row.reason = reason
            row._audit_detail = _("调整奖项：%(r)s") % {"r": reason}
            row.save(update_fields=["grade", "reason"])
    line.grade, line.grade_id, line.reason = row.grade, row.grade_id, row.reason
    return line


# The budget line is part of what the two city admins approve: it may be chosen or changed until
# the second approval locks the decision, not after.
BUDGET_LINE_STATES = (Decision.State.DRAFT, Decision.State.APPROVING)


def set_budget_line(*, decision: Decision, line: BudgetLine, actor) -> Decision:
    """Name the budget line the prizes are paid from (until the decision is locked)."""
    with _audited(actor=actor, obj=decision, step="budget_line"):
        _user_required(actor, _("选择奖金列支科目"))
        _require(actor, Action.DECISION_MANAGE, decision, _("您无权修改该审定。"))
        if line is None:
            raise ValidationError({"budget_line": [_("请选择奖金列支科目。")]})
        if not restrict(BudgetLine.objects.filter(pk=line.pk), actor, Action.FUNDS_VIEW).exists():
            raise PermissionDenied(_("该预算科目不在您的权限范围内。"))
        with transaction.atomic():
            locked = _lock(decision)
            if locked.state not in BUDGET_LINE_STATES:
                raise _state_error(locked, _("更换奖金列支科目"))
            year = locked.campaign.year
            if line.year not in (year, year + 1):
                raise ValidationError(
                    {
                        "budget_line": [
                            _("「%(l)s」是%(y)d年的预算科目，%(c)d年的奖金只能从%(c)d或%(n)d年的科目列支。")
                            % {"l": line, "y": line.year, "c": year, "n": year + 1}
                        ]
                    }
                )
            locked.budget_line = line
            locked.save(update_fields=["budget_line"])
    return _refresh(decision, locked)


def approve(*, decision: Decision, actor, now: datetime.datetime | None = None) -> Decision:
    """First approval: draft → approving. Second, by a DIFFERENT city admin: → locked."""
    now = now or timezone.now()
    with _audited(actor=actor, obj=decision, step="approve"):
        _user_required(actor, _("审批"))
        _require(actor, Action.DECISION_MANAGE, decision, _("您无权审批该审定。"))
        if not actor.has_role(Role.CITY_ADMIN):
            raise PermissionDenied(_("审定须由市总工会管理员审批。"))
        with transaction.atomic():
            locked = _lock(decision)
            if locked.state in (Decision.State.DRAFT, Decision.State.APPROVING):
                closure.require_complete(locked.campaign, doing=_("审批审定"))
            if locked.state == Decision.State.DRAFT:
                if not locked.lines.exists():
                    raise ValidationError(_("审定方案没有任何成果，不能审批。"))
                over = [t for t in grade_tally(locked) if t["over"]]
                if over:
                    raise ValidationError(
                        "；".join(
                            _("「%(g)s」名额为%(q)d项，现审定%(n)d项")
                            % {"g": t["grade"].get_code_display(), "q": t["quota"], "n": t["count"]}
                            for t in over
                        )
                    )
                locked.state = Decision.State.APPROVING
                locked.first_approver = actor
                locked.first_approved_at = now
                locked._audit_detail = _("第一人审批")
                locked.save(update_fields=["state", "first_approver", "first_approved_at"])
            elif locked.state == Decision.State.APPROVING:
                if locked.first_approver_id == actor.pk:
                    raise ValidationError(
                        _(
                            "审定须由两位不同的市总工会管理员审批（四眼原则）：您已作为第一审批人审批过，"
                            "请由另一位管理员进行第二次审批。"
                        ),
                        code="four_eyes",
                    )
                locked.state = Decision.State.LOCKED
                locked.second_approver = actor
                locked.second_approved_at = now
                locked._audit_detail = _("第二人审批，审定锁定")
                locked.save(update_fields=["state", "second_approver", "second_approved_at"])
            else:
                raise _state_error(locked, _("审批"))
    return _refresh(decision, locked)


def return_to_draft(*, decision: Decision, actor, reason: str) -> Decision:
    """The second approver disagrees: approving → draft, the first approval is cleared."""
    with _audited(actor=actor, obj=decision, step="return"):
        _user_required(actor, _("退回拟定"))
        _require(actor, Action.DECISION_MANAGE, decision, _("您无权退回该审定。"))
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise ValidationError({"reason": [_("退回须写明理由。")]})
        with transaction.atomic():
            locked = _lock(decision)
            if locked.state != Decision.State.APPROVING:
                raise _state_error(locked, _("退回拟定"))
            locked.state = Decision.State.DRAFT
            locked.first_approver = None
            locked.first_approved_at = None
            locked._audit_detail = _("退回拟定：%(r)s") % {"r": reason[:REASON_MAX]}
            locked.save(update_fields=["state", "first_approver", "first_approved_at"])
    return _refresh(decision, locked)


def publish(*, decision: Decision, actor, now: datetime.datetime | None = None) -> Decision:
    """locked → notice, for the campaign's notice days from now."""
    now = now or timezone.now()
    with _audited(actor=actor, obj=decision, step="publish"):
        _user_required(actor, _("发布公示"))
        _require(actor, Action.DECISION_MANAGE, decision, _("您无权发布该公示。"))
        with transaction.atomic():
            locked = _lock(decision)
            if locked.state != Decision.State.LOCKED:
                raise _state_error(locked, _("发布公示（须先经两位管理员审批锁定）"))
            locked.state = Decision.State.NOTICE
            locked.notice_starts = now
            locked.notice_ends = now + datetime.timedelta(days=locked.campaign.notice_days)
            locked._audit_detail = _("发布公示（第%(v)d版）") % {"v": locked.version}
            locked.save(update_fields=["state", "notice_starts", "notice_ends"])
    return _refresh(decision, locked)


def notice_is_open(decision: Decision, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        decision.state == Decision.State.NOTICE
        and decision.notice_starts is not None
        and decision.notice_starts <= now < decision.notice_ends
    )


# ---------------------------------------------------------------- objections


def _city_admins(campaign: Campaign):
    from innovation.accounts.models import RoleGrant, User

    parts = [p for p in campaign.union.path.split("/") if p]
    paths = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    ids = RoleGrant.objects.filter(role=Role.CITY_ADMIN, node__path__in=paths).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


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
            _("公示期自%(a)s开始，尚不能提出异议。") % {"a": _local(decision.notice_starts)},
            code="closed",
        )
    if now >= decision.notice_ends:
        raise ValidationError(
            _("公示期为%(a)s至%(b)s，现已结束，不能再提出异议。")
            % {"a": _local(decision.notice_starts), "b": _local(decision.notice_ends)},
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
        fresh = _lock(decision)
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
    with _audited(actor=actor, obj=decision, step="objection"):
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
    now = now or timezone.now()
    with _audited(actor=actor, obj=objection, step="answer"):
        _user_required(actor, _("答复异议"))
        _require(actor, Action.OBJECTION_ANSWER, objection, _("您无权答复该异议。"))
        if not isinstance(upheld, bool):
            raise ValidationError({"upheld": [_("请选择异议是否成立。")]})
        answer = (answer or "").strip() if isinstance(answer, str) else ""
        if not answer:
            raise ValidationError({"answer": [_("请填写答复内容。")]})
        if len(answer) > ANSWER_MAX:
            raise ValidationError({"answer": [_("答复不能超过%(n)d个字。") % {"n": ANSWER_MAX}]})
        with transaction.atomic():
            decision = _lock(objection.decision)
            row = Objection.objects.select_for_update().get(pk=objection.pk)
            if row.state != Objection.State.OPEN:
                raise ValidationError(
                    _("该异议已答复（%(s)s），不能重复答复。") % {"s": row.get_state_display()},
                    code="answered",
                )
            if decision.state == Decision.State.FINAL:
                raise _state_error(decision, _("答复异议"))
            row.state = Objection.State.UPHELD if upheld else Objection.State.DISMISSED
            row.answer = answer
            row.answered_by = actor
            row.answered_at = now
            row.save(update_fields=["state", "answer", "answered_by", "answered_at"])
            if upheld and decision.state != Decision.State.DRAFT:
                decision.state = Decision.State.DRAFT
                decision.version += 1
                decision.first_approver = None
                decision.first_approved_at = None
                decision.second_approver = None
                decision.second_approved_at = None
                decision.notice_starts = None
                decision.notice_ends = None
                decision._audit_detail = _("异议成立，退回拟定（第%(v)d版）：%(a)s") % {
                    "v": decision.version,
                    "a": answer[:REASON_MAX],
                }
                decision.save(
                    update_fields=[
                        "state",
                        "version",
                        "first_approver",
                        "first_approved_at",
                        "second_approver",
                        "second_approved_at",
                        "notice_starts",
                        "notice_ends",
                    ]
                )
            notify(
                users=[row.raised_by],
                title=_("您对「%(t)s」的异议已答复：%(s)s")
                % {"t": row.line.achievement.title[:60], "s": row.get_state_display()},
                body=answer[:1000],
                url=reverse("awards:notice", args=[decision.pk]),
            )
    for field in ("state", "answer", "answered_by_id", "answered_at"):
        setattr(objection, field, getattr(row, field))
    _refresh(objection.decision, decision)
    return objection


# ---------------------------------------------------------------- awards and money


def split_fen(total_fen: int, shares: Sequence[Decimal]) -> list[int]:
    """Split `total_fen` by `shares` (percent, 2 places) so the parts add up exactly:
    largest remainder (Hamilton); ties go to the earlier author. Shares that do not add up
    to 100 are taken relative to their sum."""
    if not shares:
        return []
    weights = [int((Decimal(s) * 100).to_integral_value()) for s in shares]
    denominator = sum(weights)
    if denominator <= 0 or any(w < 0 for w in weights):
        raise ValidationError(_("完成人份额无效，不能分配奖金。"))
    floors = [total_fen * w // denominator for w in weights]
    remainders = [total_fen * w % denominator for w in weights]
    left = total_fen - sum(floors)
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        floors[index] += 1
    return floors


def policy_ref(grade: AwardGrade, campaign: Campaign) -> str:
    """The policy row the amount comes from, in words a finance officer reads (with its number)."""
    return f"{campaign.year}年征集活动{grade.get_code_display()}奖金{money(grade.prize_fen)}（奖项设置第{grade.pk}号）"


def decision_ref(decision: Decision) -> str:
    """The decision that made the amount, and who approved it."""

    def who(user) -> str:
        return str(user) if user else "—"  # User.__str__: the display name, else the username

    return (
        f"{decision.campaign.year}年评审委员会审定第{decision.pk}号第{decision.version}版，"
        f"审批：{who(decision.first_approver)}、{who(decision.second_approver)}"
    )[:200]


def finalise(*, decision: Decision, actor, now: datetime.datetime | None = None) -> Decision:
    """After the notice, with every objection answered: make the awards, shares, certificate
    codes and commitments, move the items, and make the decision final. All or nothing."""
    from innovation.funds import services as funds

    from .certificates import new_certificate_code

    now = now or timezone.now()
    with _audited(actor=actor, obj=decision, step="finalise"):
        _user_required(actor, _("审定生效"))
        _require(actor, Action.DECISION_MANAGE, decision, _("您无权使该审定生效。"))
        with transaction.atomic():
            locked = _lock(decision)
            campaign = locked.campaign
            if locked.state != Decision.State.NOTICE:
                raise _state_error(locked, _("生效（须先公示）"))
            if now < locked.notice_ends:
                raise ValidationError(
                    _("公示期至%(b)s结束，公示期满后才能生效。") % {"b": _local(locked.notice_ends)},
                    code="notice_open",
                )
            open_count = locked.objections.filter(state=Objection.State.OPEN).count()
            if open_count:
                raise ValidationError(
                    _("还有%(n)d条异议未答复，全部答复后才能生效。") % {"n": open_count},
                    code="objections_open",
                )
            if locked.budget_line_id is None:
                raise ValidationError({"budget_line": [_("请先选择奖金列支科目。")]})
            lines = list(
                locked.lines.filter(grade__isnull=False)
                .select_related("grade", "achievement__enterprise")
                .order_by("rank", "id")
            )
            total = sum(line.grade.prize_fen for line in lines)
            budget = BudgetLine.objects.select_for_update().get(pk=locked.budget_line_id)
            if total > budget.available_fen:
                raise ValidationError(
                    _(
                        "奖金列支科目「%(l)s」余额不足：本次奖金合计%(t)s，可用余额%(a)s，还差%(m)s。"
                        "审定未生效，未作任何变更。"
                    )
                    % {
                        "l": budget,
                        "t": money(total),
                        "a": money(budget.available_fen),
                        "m": money(total - budget.available_fen),
                    },
                    code="budget",
                )
            approved_by = locked.second_approver or actor
            ref = decision_ref(locked)
            awarded_ids = []
            notices = []
            for line in lines:
                achievement = line.achievement
                award = Award.objects.create(
                    achievement=achievement,
                    campaign=campaign,
                    decision=locked,
                    grade=line.grade,
                    prize_fen=line.grade.prize_fen,
                    awarded_at=now,
                    scope_path=achievement.scope_path,
                )
                authors = list(achievement.authors.select_related("worker__enterprise", "worker__user"))
                amounts = split_fen(award.prize_fen, [a.share for a in authors])
                for author, amount in zip(authors, amounts, strict=True):
                    worker = author.worker
                    share = AwardShare.objects.create(
                        award=award,
                        author=author,
                        name=author.name[:50],
                        unit=(
                            worker.enterprise.name
                            if worker
                            else author.outside_unit or achievement.enterprise.name
                        )[:100],
                        share=author.share,
                        amount_fen=amount,
                        certificate_code=new_certificate_code(),
                    )
                    if amount > 0:
                        share.commitment = funds.commit(
                            line=budget,
                            amount_fen=amount,
                            payee=share.name,
                            payee_worker=worker,
                            purpose=(
                                f"{campaign.year}年五小创新成果{line.grade.get_code_display()}奖金："
                                f"{achievement.title}"
                            )[:200],
                            source_kind="award_share",
                            source_id=share.pk,
                            policy_ref=policy_ref(line.grade, campaign),
                            decision_ref=ref,
                            approved_by=approved_by,
                        )
                        share.save(update_fields=["commitment"])
                    if worker is not None and worker.user_id:
                        notices.append((worker.user, award, share))
                kernel.run(
                    obj=achievement,
                    step="award",
                    actor=actor,
                    reason=_("%(g)s（审定第%(v)d版）")
                    % {"g": line.grade.get_code_display(), "v": locked.version},
                    now=now,
                    notify_people=False,
                    by_service=True,
                )
                awarded_ids.append(achievement.pk)
            if awarded_ids:
                Achievement.objects.filter(pk__in=awarded_ids).update(benefit_locked=True)
                record(
                    action=AuditAction.UPDATE,
                    obj=locked,
                    actor=actor,
                    detail=_("获奖成果的核定效益已锁定：%(n)d项") % {"n": len(awarded_ids)},
                )
            others = (
                Achievement.objects.filter(campaign=campaign, state=State.UNDER_REVIEW)
                .exclude(pk__in=awarded_ids)
                .order_by("pk")
            )
            for achievement in others:
                kernel.run(
                    obj=achievement,
                    step="not_award",
                    actor=actor,
                    reason=_("审定第%(v)d版") % {"v": locked.version},
                    now=now,
                    by_service=True,
                )
            locked.state = Decision.State.FINAL
            locked.finalised_by = actor
            locked.finalised_at = now
            locked._audit_detail = _("审定生效：授奖%(n)d项，奖金合计%(t)s") % {
                "n": len(lines),
                "t": money(total),
            }
            locked.save(update_fields=["state", "finalised_by", "finalised_at"])
            for user, award, share in notices:
                notify(
                    users=[user],
                    title=_("您的成果「%(t)s」荣获%(g)s")
                    % {"t": award.achievement.title[:60], "g": award.grade.get_code_display()},
                    # The campaign's title names its year ("2020年…征集活动").
                    body=_("%(c)s，您的奖金为%(m)s，证书验证码 %(code)s。")
                    % {
                        "c": campaign.title,
                        "m": money(share.amount_fen),
                        "code": share.certificate_code,
                    },
                    url=reverse("awards:detail", args=[award.pk]),
                )
    return _refresh(decision, locked)


# ---------------------------------------------------------------- reads used by pages and the API


def notices_visible_to(user):
    """Decisions on notice or final: public to every signed-in user (NOTICE_VIEW)."""
    return restrict(
        Decision.objects.filter(state__in=(Decision.State.NOTICE, Decision.State.FINAL)),
        user,
        Action.NOTICE_VIEW,
    )


def objections_for(user):
    """A city admin's objections to answer (their scope), or everybody's own objections."""
    qs = Objection.objects.all()
    answerable = restrict(qs, user, Action.OBJECTION_ANSWER)
    if can(user, Action.OBJECTION_ANSWER):
        return qs.filter(Q(pk__in=answerable.values("pk")) | Q(raised_by=user))
    return qs.filter(raised_by=user) if getattr(user, "is_authenticated", False) else qs.none()
