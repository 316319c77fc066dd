"""The demo's office calendar: the State Council's holiday arrangements of the years the demo's
service runs in (2020 with the Spring Festival extended to 2 February; 2021), the working hours
of the union's offices, and SLA targets per problem category. Editable data on /volunteer/calendar/."""

from __future__ import annotations

import datetime

from innovation.accounts.models import User

from . import services
from .models import CalendarDay, Category, SlaTarget, WorkingHours

D = datetime.date
HOLIDAY, WORKDAY = CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.WORKDAY


def _span(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


# (name, holiday from, holiday to, make-up working days)
ARRANGEMENTS = [
    ("元旦", D(2020, 1, 1), D(2020, 1, 1), []),
    # 国务院办公厅: the 2020 Spring Festival holiday extended to 2 February (the make-up day of
    # 1 February cancelled); the make-up Sunday of 19 January stood.
    ("春节", D(2020, 1, 24), D(2020, 2, 2), [D(2020, 1, 19)]),
    ("清明节", D(2020, 4, 4), D(2020, 4, 6), []),
    ("劳动节", D(2020, 5, 1), D(2020, 5, 5), [D(2020, 4, 26), D(2020, 5, 9)]),
    ("端午节", D(2020, 6, 25), D(2020, 6, 27), [D(2020, 6, 28)]),
    ("国庆节、中秋节", D(2020, 10, 1), D(2020, 10, 8), [D(2020, 9, 27), D(2020, 10, 10)]),
    ("元旦", D(2021, 1, 1), D(2021, 1, 3), []),
    ("春节", D(2021, 2, 11), D(2021, 2, 17), [D(2021, 2, 7), D(2021, 2, 20)]),
    ("清明节", D(2021, 4, 3), D(2021, 4, 5), []),
    ("劳动节", D(2021, 5, 1), D(2021, 5, 5), [D(2021, 4, 25), D(2021, 5, 8)]),
    ("端午节", D(2021, 6, 12), D(2021, 6, 14), []),
    ("中秋节", D(2021, 9, 19), D(2021, 9, 21), [D(2021, 9, 18)]),
    ("国庆节", D(2021, 10, 1), D(2021, 10, 7), [D(2021, 9, 26), D(2021, 10, 9)]),
]

HOURS = (
    D(2019, 1, 1),
    datetime.time(8, 30),
    datetime.time(12, 0),
    datetime.time(13, 30),
    datetime.time(17, 30),
)

# Working hours: response within one to two working days, resolution within four to eight weeks.
TARGETS = {
    Category.PROCESS: (16, 160),
    Category.ENERGY: (16, 240),
    Category.EQUIPMENT: (16, 240),
    Category.MANAGEMENT: (16, 160),
    Category.SKILLS: (8, 120),
    Category.SAFETY: (8, 80),
}


def seed(stdout=None) -> None:
    city_admin = User.objects.get(username="demo_city")
    if not WorkingHours.objects.exists():
        first, a, b, c, d = HOURS
        services.working_hours_add(
            actor=city_admin,
            effective_from=first,
            morning_start=a,
            morning_end=b,
            afternoon_start=c,
            afternoon_end=d,
        )
    for name, first, last, workdays in ARRANGEMENTS:
        for day in _span(first, last):
            services.calendar_day_set(actor=city_admin, date=day, kind=HOLIDAY, name=name)
        for day in workdays:
            services.calendar_day_set(actor=city_admin, date=day, kind=WORKDAY, name=name)
    for category, (response, resolution) in TARGETS.items():
        if not SlaTarget.objects.filter(category=category).exists():
            services.sla_target_add(
                actor=city_admin,
                category=category,
                effective_from=D(2019, 8, 1),
                response_hours=response,
                resolution_hours=resolution,
            )
    if stdout is not None:
        stdout.write(
            f"  volunteer calendar: {CalendarDay.objects.count()} days, "
            f"{SlaTarget.objects.count()} SLA targets"
        )
