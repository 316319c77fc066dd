"""Volunteer service teams and order-based service (劳模志愿服务队 / 订单式服务): the clock the
orders run on (calendar), the teams formed from studios (teams) and the orders (orders)."""

from .calendar import CalendarDay, Category, SlaTarget, WorkingHours
from .orders import (
    CONFIRMED_STATES,
    MAX_HEADCOUNT,
    OPEN_STATES,
    SERVED_STATES,
    TEAM_LOAD_STATES,
    TEXT_MAX,
    ExpenseKind,
    ExpenseState,
    OrderAttachment,
    OrderPause,
    OrderState,
    Outcome,
    ServiceExpense,
    ServiceOrder,
    ServiceTraining,
    ServiceVisit,
)
from .teams import MAX_CAPACITY, MemberRole, ServiceTeam, TeamMember

__all__ = [
    "CONFIRMED_STATES",
    "MAX_HEADCOUNT",
    "OPEN_STATES",
    "SERVED_STATES",
    "TEAM_LOAD_STATES",
    "TEXT_MAX",
    "ExpenseKind",
    "ExpenseState",
    "OrderAttachment",
    "OrderPause",
    "OrderState",
    "Outcome",
    "ServiceExpense",
    "ServiceOrder",
    "ServiceTraining",
    "ServiceVisit",
    "MAX_CAPACITY",
    "CalendarDay",
    "Category",
    "MemberRole",
    "ServiceTeam",
    "SlaTarget",
    "TeamMember",
    "WorkingHours",
]
