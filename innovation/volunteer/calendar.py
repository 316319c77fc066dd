"""The office calendar and SLA targets as the services use them: the city's rows turned into a
`worktime.WorkCalendar`, and the target in force for an order."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CalendarDay, SlaTarget, WorkingHours
from .worktime import WorkCalendar


def hours_in_force(on: datetime.date) -> WorkingHours | None:
    return WorkingHours.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def work_calendar(on: datetime.date | None = None) -> WorkCalendar:
    """Every holiday and make-up working day entered, with the working hours in force `on` (an
    order keeps the hours of the day it was posted)."""
    on = on or timezone.localdate()
    hours = hours_in_force(on)
    if hours is None:
        raise ValidationError(_("尚未设定%(d)s适用的工作时间，请市总工会先设定。") % {"d": on})
    holidays, workdays = set(), set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).add(day)
    return WorkCalendar(
        periods=hours.periods,
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        tz=timezone.get_current_timezone(),
    )


def sla_target(category: str, on: datetime.date) -> SlaTarget | None:
    """The targets of a category in force on a date (None: the category has none yet)."""
    return (
        SlaTarget.objects.filter(category=category, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
