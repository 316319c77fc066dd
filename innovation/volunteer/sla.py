"""An order's SLA clock: its response and resolution targets (working hours, in force on the day
it was posted), the deadlines they give on the office calendar less the pauses, and where each
clock stands now. The deadlines are kept on the order (`response_due`, `resolution_due`) so the
overdue queue is one indexed query; `refresh_dues` recomputes them whenever a pause starts or
ends or the order is posted again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from . import worktime
from .calendar import sla_target, work_calendar
from .models import OPEN_STATES, OrderPause, ServiceOrder


def pauses_of(order: ServiceOrder) -> list[tuple[datetime.datetime, datetime.datetime | None]]:
    return list(OrderPause.objects.filter(order=order).values_list("started_at", "ended_at"))


def set_targets(order: ServiceOrder) -> None:
    """Copy the targets in force on the posting day onto the order (not saved)."""
    target = sla_target(order.category, timezone.localdate(order.posted_at))
    order.sla_response_hours = target.response_hours if target else None
    order.sla_resolution_hours = target.resolution_hours if target else None


def compute_dues(
    order: ServiceOrder, pauses=None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The response and resolution deadlines (None without a target, or while a pause runs)."""
    if order.posted_at is None:
        return None, None
    pauses = pauses_of(order) if pauses is None else pauses
    calendar = work_calendar(timezone.localdate(order.posted_at))
    dues = []
    for hours in (order.sla_response_hours, order.sla_resolution_hours):
        dues.append(worktime.deadline(calendar, order.posted_at, hours * 3600, pauses) if hours else None)
    return dues[0], dues[1]


def refresh_dues(order: ServiceOrder, pauses=None) -> list[str]:
    """Set the deadlines on the order (not saved); returns the fields that changed."""
    response_due, resolution_due = compute_dues(order, pauses)
    changed = []
    for name, value in (("response_due", response_due), ("resolution_due", resolution_due)):
        if getattr(order, name) != value:
            setattr(order, name, value)
            changed.append(name)
    return changed


@dataclass
class Clock:
    """One of the two clocks, as a page shows it."""

    label: str
    target_hours: int | None
    used_seconds: int
    due: datetime.datetime | None
    done_at: datetime.datetime | None
    paused: bool

    @property
    def used_hours(self) -> float:
        return round(self.used_seconds / 3600, 1)

    @property
    def left_hours(self) -> float | None:
        if self.target_hours is None:
            return None
        return round(self.target_hours - self.used_seconds / 3600, 1)

    @property
    def status(self) -> str:
        """met | breached (done late) | overdue (running late) | paused | running | none."""
        if self.target_hours is None:
            return "none"
        late = self.used_seconds > self.target_hours * 3600
        if self.done_at is not None:
            return "breached" if late else "met"
        if self.paused:
            return "paused"
        return "overdue" if late else "running"

    @property
    def status_label(self) -> str:
        return {
            "none": _("未设时限"),
            "met": _("按时完成"),
            "breached": _("超时完成"),
            "overdue": _("已超时"),
            "paused": _("暂停计时（等待企业）"),
            "running": _("计时中"),
        }[self.status]


def clocks(order: ServiceOrder, now: datetime.datetime | None = None) -> list[Clock]:
    """The response clock (to the team's acceptance) and the resolution clock (to the service
    done), each measured in working time on the calendar, less the pauses."""
    now = now or timezone.now()
    pauses = pauses_of(order)
    running_pause = any(end is None for _s, end in pauses)
    calendar = work_calendar(timezone.localdate(order.posted_at))
    stopped = order.state not in OPEN_STATES
    result = []
    for label, hours, done_at, due in (
        (_("响应"), order.sla_response_hours, order.responded_at, order.response_due),
        (_("解决"), order.sla_resolution_hours, order.resolved_at, order.resolution_due),
    ):
        end = done_at or (order.updated_at if stopped and order.updated_at else now)
        used = worktime.working_seconds(calendar, order.posted_at, end, pauses)
        result.append(
            Clock(
                label=label,
                target_hours=hours,
                used_seconds=used,
                due=due,
                done_at=done_at,
                paused=running_pause and done_at is None and not stopped,
            )
        )
    return result
