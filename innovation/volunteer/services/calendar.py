"""Writes of the volunteer-service part. The calendar, the working hours and the SLA targets are
the city union's: each write checks the actor, validates, writes in one transaction (the audit
rows come from the change tracker) and records a refusal."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import can
from innovation.audit.services import refusals_recorded
from innovation.core.validators import clean_text

from ..models import CalendarDay, Category, SlaTarget, WorkingHours


def _guarded(actor, step: str, model, obj=None):
    return refusals_recorded(actor=actor, obj=obj, model=model, step=f"volunteer.{step}")


def _require_city(actor, message: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("须由登录用户办理。"))
    if not (can(actor, Action.SERVICE_POLICY) and actor.has_role(Role.CITY_ADMIN)):
        raise PermissionDenied(message)


def _date(value, field: str, message: str) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError({field: [message]})
    return value


def calendar_day_set(*, actor, date: datetime.date, kind: str, name: str) -> CalendarDay:
    """A holiday or a make-up working day (a day already entered gets the new kind and name)."""
    with _guarded(actor, "calendar_day", CalendarDay):
        _require_city(actor, _("节假日与调休由市总工会设定。"))
        date = _date(date, "date", _("请填写日期。"))
        if kind not in CalendarDay.Kind.values:
            raise ValidationError({"kind": [_("请选择法定节假日或调休上班。")]})
        name = clean_text(name, field="name", limit=20, required=_("请填写节日名称，如“国庆节”。"))
        if kind == CalendarDay.Kind.WORKDAY and date.weekday() < 5:
            raise ValidationError(
                {"kind": [_("%(d)s是工作日，本来就上班，无需登记为调休上班。") % {"d": date}]}
            )
        with transaction.atomic():
            day, _created = CalendarDay.objects.select_for_update().get_or_create(
                date=date, defaults={"kind": kind, "name": name}
            )
            if (day.kind, day.name) != (kind, name):
                day.kind, day.name = kind, name
                day.save()
        return day


def calendar_day_remove(*, actor, day: CalendarDay) -> None:
    with _guarded(actor, "calendar_day_remove", CalendarDay, obj=day):
        _require_city(actor, _("节假日与调休由市总工会设定。"))
        with transaction.atomic():
            day.delete()


def working_hours_add(
    *,
    actor,
    effective_from: datetime.date,
    morning_start: datetime.time,
    morning_end: datetime.time,
    afternoon_start: datetime.time,
    afternoon_end: datetime.time,
) -> WorkingHours:
    """New working hours from a date on; orders posted before it keep the hours of their day."""
    with _guarded(actor, "working_hours", WorkingHours):
        _require_city(actor, _("工作时间由市总工会设定。"))
        effective_from = _date(effective_from, "effective_from", _("请填写施行日期。"))
        times = [morning_start, morning_end, afternoon_start, afternoon_end]
        if not all(isinstance(t, datetime.time) for t in times):
            raise ValidationError({"morning_start": [_("请填写上午、下午的上下班时间。")]})
        if not (morning_start < morning_end <= afternoon_start < afternoon_end):
            raise ValidationError(
                {"afternoon_start": [_("上下班时间须依次为：上午上班、上午下班、下午上班、下午下班。")]}
            )
        try:
            with transaction.atomic():
                return WorkingHours.objects.create(
                    effective_from=effective_from,
                    morning_start=morning_start,
                    morning_end=morning_end,
                    afternoon_start=afternoon_start,
                    afternoon_end=afternoon_end,
                )
        except IntegrityError:
            raise ValidationError(
                {"effective_from": [_("%(d)s起施行的工作时间已有规定，请另选日期。") % {"d": effective_from}]}
            ) from None


def sla_target_add(
    *, actor, category: str, effective_from: datetime.date, response_hours: int, resolution_hours: int
) -> SlaTarget:
    """A category's response and resolution targets (working hours) from a date on."""
    with _guarded(actor, "sla_target", SlaTarget):
        _require_city(actor, _("服务时限由市总工会设定。"))
        if category not in Category.values:
            raise ValidationError({"category": [_("请选择问题类别。")]})
        effective_from = _date(effective_from, "effective_from", _("请填写施行日期。"))
        for field, value, top in (
            ("response_hours", response_hours, 2000),
            ("resolution_hours", resolution_hours, 5000),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                raise ValidationError({field: [_("时限须为1至%(n)d个工作小时。") % {"n": top}]})
        if response_hours > resolution_hours:
            raise ValidationError({"resolution_hours": [_("解决时限不能短于响应时限。")]})
        try:
            with transaction.atomic():
                return SlaTarget.objects.create(
                    category=category,
                    effective_from=effective_from,
                    response_hours=response_hours,
                    resolution_hours=resolution_hours,
                )
        except IntegrityError:
            raise ValidationError(
                {
                    "effective_from": [
                        _("该类别%(d)s起施行的时限已有规定，请另选日期。") % {"d": effective_from}
                    ]
                }
            ) from None
