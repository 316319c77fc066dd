"""The orders: posted by an enterprise (or the county union for it), moved by the workflow kernel
(`volunteer.workflow`), and the service record around the steps — attachments, the pauses of the
clock, visits, training sessions, expenses proposed and paid. Each write checks the actor, refuses
bad input with a Chinese message and changes nothing, writes in one transaction (audited) and
records a refusal."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, restrict, users_over
from innovation.audit.models import AuditAction
from innovation.audit.services import record, refusals_recorded
from innovation.core import workflow as kernel
from innovation.core.pii import mask_phone
from innovation.core.validators import clean_text, validate_phone
from innovation.notifications.services import notify
from innovation.org.models import Enterprise, Worker

from .. import rules, sla
from ..models import (
    MAX_HEADCOUNT,
    TEXT_MAX,
    Category,
    ExpenseKind,
    OrderAttachment,
    OrderPause,
    OrderState,
    ServiceExpense,
    ServiceOrder,
    ServiceTraining,
    ServiceVisit,
)
from ..selectors import overdue_q

# States in which the team records its service (visits, trainings, pauses, expenses).
SERVING = (OrderState.ACCEPTED, OrderState.IN_SERVICE)
EXPENSE_STATES = (OrderState.ACCEPTED, OrderState.IN_SERVICE, OrderState.RESOLVED, OrderState.CONFIRMED)


def _guarded(actor, step: str, obj=None):
    return refusals_recorded(actor=actor, obj=obj, model=ServiceOrder, step=f"volunteer.{step}")


def _signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("须由登录用户办理。"))


def _in_scope(actor, order: ServiceOrder, action: str) -> bool:
    return restrict(ServiceOrder.objects.filter(pk=order.pk), actor, action).exists()


def _require_team(actor, order: ServiceOrder) -> None:
    """The leader of the team serving the order."""
    _signed_in(actor)
    if (
        order.team_id is None
        or not _in_scope(actor, order, Action.SERVICE_TEAM)
        or not rules.leads(actor, order.team)
    ):
        raise PermissionDenied(_("只有承接该订单的服务队队长可以登记服务记录。"))


def _locked_for_team(actor, order: ServiceOrder) -> ServiceOrder:
    """The order locked (its row only: the team is the nullable side of a join) for a record of
    the team's, once its leader is known to be the actor."""
    order = (
        ServiceOrder.objects.select_for_update(of=("self",)).select_related("team__leader").get(pk=order.pk)
    )
    _require_team(actor, order)
    return order


def _require_serving(order: ServiceOrder, what: str, states=SERVING) -> None:
    if order.state not in states:
        raise ValidationError(
            _("服务订单当前为「%(s)s」，不能%(w)s。") % {"s": order.get_state_display(), "w": what},
            code="state",
        )


def _date(value, field: str, label: str) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError({field: [_("请填写%(l)s。") % {"l": label}]})
    return value


# ---------------------------------------------------------------- posting


def order_post(
    *,
    actor,
    enterprise: Enterprise,
    category: str,
    title: str,
    description: str,
    contact_name: str,
    contact_phone: str,
    desired_from: datetime.date | None = None,
    desired_to: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> ServiceOrder:
    """An enterprise's problem, posted by its union or by the county union on its behalf."""
    now = now or timezone.now()
    with _guarded(actor, "order_post"):
        _signed_in(actor)
        if not isinstance(enterprise, Enterprise):
            raise ValidationError({"enterprise": [_("请选择提出需求的企业。")]})
        if not can_act_at(actor, Action.SERVICE_POST, enterprise.union):
            raise PermissionDenied(
                _("%(e)s不在您的管理范围内，不能替其提交服务需求。") % {"e": enterprise.name}
            )
        errors: dict[str, list] = {}
        data = {}
        for field, value, limit, required in (
            ("title", title, 100, _("请填写问题标题。")),
            ("description", description, TEXT_MAX, _("请描述需要解决的技术难题。")),
            ("contact_name", contact_name, 20, _("请填写联系人。")),
        ):
            try:
                data[field] = clean_text(value, field=field, limit=limit, required=required)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if category not in Category.values:
            errors["category"] = [_("请选择问题类别。")]
        try:
            phone = validate_phone(contact_phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
        if enterprise.size == Enterprise.Size.LARGE:
            errors.setdefault("enterprise", []).append(
                _("订单式服务面向中小微企业，%(e)s为大型企业。") % {"e": enterprise.name}
            )
        district = rules.county_of(enterprise)
        if district is None:
            errors.setdefault("enterprise", []).append(
                _("%(e)s未登记所在县(市、区)，无法匹配服务队。") % {"e": enterprise.name}
            )
        for field, value in (("desired_from", desired_from), ("desired_to", desired_to)):
            if value is not None and (
                not isinstance(value, datetime.date) or isinstance(value, datetime.datetime)
            ):
                errors[field] = [_("日期格式不正确。")]
        if not errors and desired_from and desired_to and desired_to < desired_from:
            errors["desired_to"] = [_("期望结束日期不能早于开始日期。")]
        if not errors and desired_to and desired_to < timezone.localdate(now):
            errors["desired_to"] = [_("期望结束日期已过。")]
        if errors:
            raise ValidationError(errors)
        order = ServiceOrder(
            enterprise=enterprise,
            district=district,
            category=category,
            title=data["title"],
            description=data["description"],
            desired_from=desired_from,
            desired_to=desired_to,
            contact_name=data["contact_name"],
            contact_phone=phone,
            contact_phone_masked=mask_phone(phone),
            posted_at=now,
            posted_by=actor,
        )
        sla.set_targets(order)
        sla.refresh_dues(order, pauses=[])
        with transaction.atomic():
            order.save()
            kernel.load_history(ServiceOrder, [(order, [("post", "", OrderState.POSTED, actor, "", now)])])
            for user in users_over(order.scope_path, action=Action.SERVICE_TRIAGE, nearest=True):
                if user.pk != actor.pk:
                    notify(
                        users=[user],
                        title=_("新的服务需求：%(e)s「%(t)s」")
                        % {"e": enterprise.name, "t": order.title[:40]},
                        url=kernel.workflow_of(order).url(order),
                    )
    return order


def attachment_add(*, actor, order: ServiceOrder, upload) -> OrderAttachment:
    """A file of the problem (a drawing, a photo): size and real type checked."""
    from innovation.achievements.uploads import check_upload

    with _guarded(actor, "order_attachment", order):
        _signed_in(actor)
        if not (_in_scope(actor, order, Action.SERVICE_POST) or _in_scope(actor, order, Action.SERVICE_TEAM)):
            raise PermissionDenied(_("您无权为该订单上传附件。"))
        if order.state in (OrderState.CLOSED, OrderState.CANCELLED):
            raise ValidationError(_("订单已%(s)s，不能再上传附件。") % {"s": order.get_state_display()})
        if order.attachments.count() >= 20:
            raise ValidationError(_("每个订单最多上传20个附件。"))
        extension, content_type, digest = check_upload(upload)
        with transaction.atomic():
            attachment = OrderAttachment(
                order=order,
                original_name=upload.name[:200],
                extension=extension,
                content_type=content_type,
                size=upload.size,
                sha256=digest,
                uploaded_by=actor,
            )
            attachment.file.save(f"x.{extension}", upload, save=False)
            attachment.save()
            record(
                action=AuditAction.UPDATE,
                obj=order,
                actor=actor,
                detail=_("上传附件「%(n)s」") % {"n": attachment.original_name},
            )
    return attachment


# ---------------------------------------------------------------- the clock


def pause_start(
    *, actor, order: ServiceOrder, reason: str, now: datetime.datetime | None = None
) -> OrderPause:
    """The team waits for the enterprise: the clock stands still until `pause_end`."""
    now = now or timezone.now()
    with _guarded(actor, "order_pause", order), transaction.atomic():
        order = _locked_for_team(actor, order)
        _require_serving(order, _("暂停计时"))
        reason = clean_text(reason, field="reason", limit=200, required=_("请填写等待企业的事由。"))
        if order.pauses.filter(ended_at=None).exists():
            raise ValidationError({"reason": [_("计时已在暂停中。")]})
        if now < order.posted_at:
            raise ValidationError({"reason": [_("暂停时间不能早于订单提交时间。")]})
        pause = OrderPause.objects.create(order=order, started_at=now, reason=reason, started_by=actor)
        sla.refresh_dues(order)
        kernel.save_noted(
            order,
            actor=actor,
            detail=_("暂停计时（等待企业）：%(r)s") % {"r": reason},
            fields=["response_due", "resolution_due", "updated_at"],
        )
    return pause


def pause_end(*, actor, order: ServiceOrder, now: datetime.datetime | None = None) -> OrderPause:
    """The enterprise has answered: the clock runs again and the deadlines move by the pause."""
    now = now or timezone.now()
    with _guarded(actor, "order_resume", order), transaction.atomic():
        order = _locked_for_team(actor, order)
        pause = order.pauses.filter(ended_at=None).first()
        if pause is None:
            raise ValidationError(_("计时没有暂停。"))
        if now < pause.started_at:
            raise ValidationError(_("恢复时间不能早于暂停开始时间。"))
        pause.ended_at, pause.ended_by = now, actor
        pause.save(update_fields=["ended_at", "ended_by"])
        sla.refresh_dues(order)
        kernel.save_noted(
            order,
            actor=actor,
            detail=_("恢复计时（暂停%(r)s）") % {"r": pause.reason},
            fields=["response_due", "resolution_due", "updated_at"],
        )
    return pause


# ---------------------------------------------------------------- the service record


def _members_present(order: ServiceOrder, members, on: datetime.date) -> list[Worker]:
    members = list(members or [])
    if not members:
        raise ValidationError({"members": [_("请选择参加服务的队员。")]})
    on_team = set(
        order.team.members.filter(joined_on__lte=on)
        .exclude(left_on__lt=on)
        .values_list("worker_id", flat=True)
    )
    strangers = [m.name for m in members if not isinstance(m, Worker) or m.pk not in on_team]
    if strangers:
        raise ValidationError(
            {
                "members": [
                    _("%(n)s在%(d)s不是%(t)s的队员。")
                    % {"n": "、".join(strangers), "d": on, "t": order.team.name}
                ]
            }
        )
    return members


def _service_date(order: ServiceOrder, on, field: str, label: str, now: datetime.datetime) -> datetime.date:
    on = _date(on, field, label)
    posted = timezone.localdate(order.posted_at)
    if on < posted:
        raise ValidationError(
            {field: [_("%(l)s（%(d)s）不能早于订单提交日期（%(p)s）。") % {"l": label, "d": on, "p": posted}]}
        )
    if on > timezone.localdate(now):
        raise ValidationError({field: [_("%(l)s不能晚于今天。") % {"l": label}]})
    return on


def visit_add(
    *, actor, order: ServiceOrder, on: datetime.date, hours, members, notes: str = "", now=None
) -> ServiceVisit:
    """A visit: its date (not before the order), hours, the members present (each gets credit)."""
    now = now or timezone.now()
    with _guarded(actor, "order_visit", order), transaction.atomic():
        order = _locked_for_team(actor, order)
        _require_serving(order, _("登记上门服务"))
        errors: dict[str, list] = {}
        try:
            on = _service_date(order, on, "on", _("服务日期"), now)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            hours = Decimal(str(hours)).quantize(Decimal("0.1"))
            if not Decimal("0.5") <= hours <= Decimal("24"):
                raise InvalidOperation
        except (InvalidOperation, ValueError, TypeError):
            errors["hours"] = [_("服务时长须在0.5至24小时之间。")]
        try:
            notes = clean_text(notes, field="notes", limit=TEXT_MAX)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not errors:
            try:
                members = _members_present(order, members, on)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        visit = ServiceVisit.objects.create(order=order, on=on, hours=hours, notes=notes, recorded_by=actor)
        visit.members.set(members)
        record(
            action=AuditAction.CREATE,
            obj=order,
            actor=actor,
            detail=_("上门服务 %(d)s，%(h)s小时，参加队员：%(m)s")
            % {"d": on, "h": hours, "m": "、".join(m.name for m in members)},
        )
    return visit


def training_add(
    *, actor, order: ServiceOrder, on: datetime.date, topic: str, headcount, trainees=(), now=None
) -> ServiceTraining:
    """A training session: date, topic, the number trained (and, optionally, who)."""
    now = now or timezone.now()
    with _guarded(actor, "order_training", order), transaction.atomic():
        order = _locked_for_team(actor, order)
        _require_serving(order, _("登记技术培训"))
        errors: dict[str, list] = {}
        try:
            on = _service_date(order, on, "on", _("培训日期"), now)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            topic = clean_text(topic, field="topic", limit=100, required=_("请填写培训主题。"))
        except ValidationError as exc:
            errors.update(exc.message_dict)
        trainees = list(trainees or [])
        if isinstance(headcount, bool) or not isinstance(headcount, int) or headcount < 1:
            errors["headcount"] = [_("培训人数须为正整数。")]
        elif headcount > MAX_HEADCOUNT:
            errors["headcount"] = [_("培训人数不能超过%(n)d人。") % {"n": MAX_HEADCOUNT}]
        elif len(trainees) > headcount:
            errors["trainees"] = [_("列出的受训职工（%(n)d人）多于培训人数。") % {"n": len(trainees)}]
        strangers = [
            getattr(t, "name", str(t))
            for t in trainees
            if not isinstance(t, Worker) or t.enterprise_id != order.enterprise_id
        ]
        if strangers:
            errors.setdefault("trainees", []).append(
                _("%(n)s不是%(e)s的职工。") % {"n": "、".join(strangers), "e": order.enterprise.name}
            )
        if errors:
            raise ValidationError(errors)
        training = ServiceTraining.objects.create(
            order=order, on=on, topic=topic, headcount=headcount, recorded_by=actor
        )
        training.trainees.set(trainees)
        record(
            action=AuditAction.CREATE,
            obj=order,
            actor=actor,
            detail=_("技术培训 %(d)s「%(t)s」%(n)d人") % {"d": on, "t": topic, "n": headcount},
        )
    return training


# ---------------------------------------------------------------- money


def expense_propose(
    *, actor, order: ServiceOrder, kind: str, amount_fen, note: str, payee: str
) -> ServiceExpense:
    """The team asks for an expense of the order, on the year's 志愿服务经费 line."""
    with _guarded(actor, "expense_propose", order), transaction.atomic():
        order = ServiceOrder.objects.select_related("team__leader").get(pk=order.pk)
        _require_team(actor, order)
        _require_serving(order, _("申请服务经费"), EXPENSE_STATES)
        errors: dict[str, list] = {}
        if kind not in ExpenseKind.values:
            errors["kind"] = [_("请选择费用类别。")]
        if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen < 1:
            errors["amount_fen"] = [_("金额须大于0。")]
        for field, value, limit, required in (
            ("note", note, 200, _("请填写费用说明。")),
            ("payee", payee, 100, _("请填写收款人。")),
        ):
            try:
                cleaned = clean_text(value, field=field, limit=limit, required=required)
                note = cleaned if field == "note" else note
                payee = cleaned if field == "payee" else payee
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        expense = ServiceExpense(
            order=order, kind=kind, amount_fen=amount_fen, note=note, payee=payee, proposed_by=actor
        )
        rules.check_expense_fits(expense, rules.service_line(order))
        expense.save()
    return expense


def expense_pay(*, actor, expense: ServiceExpense, paid_on: datetime.date, voucher_no: str):
    """Pay an approved expense through the ledger (the whole amount)."""
    from innovation.funds import services as funds

    if expense.commitment_id is None:
        with _guarded(actor, "expense_pay", expense.order):
            raise ValidationError(_("该笔经费尚未批准列支，不能支付。"))
    return funds.pay(
        commitment=expense.commitment,
        amount_fen=expense.commitment.amount_fen - expense.commitment.paid_fen,
        paid_on=paid_on,
        voucher_no=voucher_no,
        actor=actor,
    )


# ---------------------------------------------------------------- reminders


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Tell the team leader and the county union of each overdue order, once a day per order.
    Returns how many orders were reminded (`manage.py service_reminders`, run by cron)."""
    now = now or timezone.now()
    due = ServiceOrder.objects.filter(overdue_q(now)).exclude(
        reminded_at__gt=now - datetime.timedelta(days=1)
    )
    count = 0
    for order in due.select_related("team__leader", "enterprise"):
        users = list(users_over(order.scope_path, action=Action.SERVICE_TRIAGE, nearest=True))
        if order.team_id and order.team.leader.user_id:
            users.append(order.team.leader.user)
        with transaction.atomic():
            notify(
                users=users,
                title=_("服务订单超时提醒：%(e)s「%(t)s」（%(s)s）")
                % {"e": order.enterprise.name, "t": order.title[:40], "s": order.get_state_display()},
                url=kernel.workflow_of(order).url(order),
            )
            order.reminded_at = now
            kernel.save_noted(order, actor=None, detail=_("超时催办"), fields=["reminded_at"])
        count += 1
    return count
