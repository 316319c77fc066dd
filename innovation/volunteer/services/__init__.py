"""Writes of the volunteer-service part: the calendar (the city's), the teams (the city's or a
county union's, over their units), the orders and their service record."""

from .calendar import calendar_day_remove, calendar_day_set, sla_target_add, working_hours_add
from .orders import (
    attachment_add,
    expense_pay,
    expense_propose,
    order_post,
    pause_end,
    pause_start,
    send_reminders,
    training_add,
    visit_add,
)
from .teams import member_add, member_leave, team_create, team_update

__all__ = [
    "attachment_add",
    "expense_pay",
    "expense_propose",
    "order_post",
    "pause_end",
    "pause_start",
    "send_reminders",
    "training_add",
    "visit_add",
    "calendar_day_remove",
    "calendar_day_set",
    "member_add",
    "member_leave",
    "sla_target_add",
    "team_create",
    "team_update",
    "working_hours_add",
]
