"""Volunteer service teams and order-based service (劳模志愿服务队 / 订单式服务): the clock the
orders run on (calendar) and the teams formed from studios (teams)."""

from .calendar import CalendarDay, Category, SlaTarget, WorkingHours
from .teams import MAX_CAPACITY, MemberRole, ServiceTeam, TeamMember

__all__ = [
    "MAX_CAPACITY",
    "CalendarDay",
    "Category",
    "MemberRole",
    "ServiceTeam",
    "SlaTarget",
    "TeamMember",
    "WorkingHours",
]
