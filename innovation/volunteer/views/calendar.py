"""The city's calendar page: working hours, SLA targets per problem category, and a year's public
holidays and make-up working days, each with its form; every write through the services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.core.generic import form_errors_from

from .. import services
from ..calendar import work_calendar
from ..forms import CalendarDayForm, SlaTargetForm, WorkingHoursForm
from ..models import CalendarDay, SlaTarget, WorkingHours

FORMS = {
    "day": (CalendarDayForm, services.calendar_day_set, gettext_lazy("节假日与调休已保存。")),
    "hours": (WorkingHoursForm, services.working_hours_add, gettext_lazy("工作时间已保存。")),
    "sla": (SlaTargetForm, services.sla_target_add, gettext_lazy("服务时限已保存。")),
}


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    this = timezone.localdate().year
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else this


def _years(year: int) -> range:
    """The years the calendar holds days of, this year and next, and the one shown."""
    held = CalendarDay.objects.dates("date", "year")
    first = min([d.year for d in held[:1]] + [year, timezone.localdate().year])
    last = max([d.year for d in held.reverse()[:1]] + [year, timezone.localdate().year + 1])
    return range(first, last + 1)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.SERVICE_POLICY):
        raise PermissionDenied
    year = _year(request)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    forms = {
        key: cls(request.POST if key == which else None, prefix=key) for key, (cls, _s, _m) in FORMS.items()
    }
    status = 200
    if which in FORMS:
        status = 400
        form = forms[which]
        _cls, write, done = FORMS[which]
        if form.is_valid():
            try:
                write(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, done)
                return redirect(reverse("volunteer:calendar") + f"?year={year}")
    days = list(CalendarDay.objects.filter(date__year=year))
    try:
        calendar = work_calendar(datetime.date(year, 12, 31))
        working_days = sum(
            calendar.is_working_day(datetime.date(year, 1, 1) + datetime.timedelta(days=n))
            for n in range((datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days)
        )
        day_hours = calendar.day_seconds / 3600
    except ValidationError:
        working_days, day_hours = None, None
    return render(
        request,
        "volunteer/calendar.html",
        {
            "year": year,
            "years": _years(year),
            "days": days,
            "working_days": working_days,
            "day_hours": day_hours,
            "hours": WorkingHours.objects.all(),
            "targets": SlaTarget.objects.all(),
            "forms": forms,
        },
        status=status,
    )


@login_required
@require_POST
def calendar_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not can(request.user, Action.SERVICE_POLICY):
        raise PermissionDenied
    day = get_object_or_404(CalendarDay, pk=pk)
    try:
        services.calendar_day_remove(actor=request.user, day=day)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除%(d)s。") % {"d": day})
    return redirect(reverse("volunteer:calendar") + f"?year={day.date.year}")
