"""The demo's volunteer service: the office calendar (the State Council's holiday arrangements of
the years the service runs in, 2020 with the Spring Festival extended to 2 February, and 2021;
editable data on /volunteer/calendar/), the working hours, SLA targets per problem category, and
the report's 10 teams formed by the city from named studios — 孙健's at 锦州天晟重工 on its two
studios, and one on each of nine provincial model-worker studios — and the orders they served
(`orders`: the report's 17 enterprises, 32 problems solved, 316 people trained)."""

from __future__ import annotations

import datetime

from innovation.accounts.models import User
from innovation.achievements.models import Field
from innovation.org.models import Region, Worker
from innovation.studios.models import Member, Studio, StudioLevel, StudioType
from innovation.studios.naming import services as studio_services

from .. import services
from ..models import CalendarDay, Category, ServiceTeam, SlaTarget, WorkingHours
from .orders import seed_orders

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


FORMED_ON = D(2019, 9, 10)  # after the three-year plan of 1 August 2019
SUN_JIAN_UNIT = "锦州天晟重工有限公司"
TEAMS = 10
# A studio's field → the problem categories its team takes (every team also trains workers).
CATEGORIES = {
    Field.SAFETY: [Category.SAFETY],
    Field.EFFICIENCY: [Category.MANAGEMENT, Category.PROCESS],
    Field.QUALITY: [Category.PROCESS],
    Field.TECHNOLOGY: [Category.EQUIPMENT, Category.PROCESS],
    Field.ENERGY: [Category.ENERGY, Category.EQUIPMENT],
    Field.OTHER: [Category.PROCESS],
}


def _areas(home: Region, counties: list[Region], n: int) -> list[Region]:
    """The team's own county-level division and the next ones in code order."""
    at = counties.index(home)
    return [counties[(at + k) % len(counties)] for k in range(n)]


def _team(city_admin, *, name, studios, leader, counties, capacity, members, description) -> ServiceTeam:
    home = studios[0].enterprise
    categories = [c for s in studios for c in CATEGORIES.get(s.field, [Category.PROCESS])] + [Category.SKILLS]
    team = services.team_create(
        actor=city_admin,
        name=name,
        enterprise=leader.enterprise,
        leader=leader,
        studios=studios,
        districts=_areas(home.region, counties, 3),
        categories=categories,
        capacity=capacity,
        formed_on=FORMED_ON,
        description=description,
    )
    for worker, skills in members:
        services.member_add(actor=city_admin, team=team, worker=worker, skills=skills, joined_on=FORMED_ON)
    return team


def seed_teams(city_admin) -> list[ServiceTeam]:
    if ServiceTeam.objects.exists():
        return list(ServiceTeam.objects.all())
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("code"))
    # 孙健 (技师, 技术部) joins the roster of his unit's model-worker studio and leads the team
    # formed on both of its studios.
    sun = Worker.objects.get(name="孙健", enterprise__name=SUN_JIAN_UNIT)
    home_studios = list(
        Studio.objects.filter(enterprise=sun.enterprise, status=Studio.Status.ACTIVE).order_by("type")
    )
    if not Member.objects.filter(worker=sun, left_on=None).exists():
        studio_services.member_add(
            actor=city_admin,
            studio=home_studios[0],
            worker=sun,
            role=Member.Role.CORE,
            joined_on=D(2019, 3, 1),
        )
    teams = [
        _team(
            city_admin,
            name=f"{sun.enterprise.name[2:6]}孙健劳模志愿服务队",
            studios=home_studios,
            leader=sun,
            counties=counties,
            capacity=4,
            members=[(s.leader, s.leader.post) for s in home_studios],
            description="依托锦州天晟重工劳模创新工作室和职工创新工作室，送技能进企业，承接设备改造、工艺改进和技能培训订单。",
        )
    ]
    sources = Studio.objects.filter(
        level=StudioLevel.PROVINCIAL, type=StudioType.MODEL_WORKER, status=Studio.Status.ACTIVE
    ).select_related("leader__enterprise", "enterprise__region")
    for studio in sources.order_by("id")[: TEAMS - 1]:
        roster = (
            studio.members.filter(left_on=None)
            .exclude(worker=studio.leader)
            .select_related("worker")
            .order_by("id")[:4]
        )
        teams.append(
            _team(
                city_admin,
                name=f"{studio.leader.name}劳模志愿服务队",
                studios=[studio],
                leader=studio.leader,
                counties=counties,
                capacity=3,
                members=[(m.worker, m.worker.post) for m in roster],
                description=f"依托{studio.name}组建的劳模（高技能人才）志愿服务队。",
            )
        )
    return teams


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
    teams = seed_teams(city_admin)
    if stdout is not None:
        stdout.write(
            f"  volunteer calendar: {CalendarDay.objects.count()} days, "
            f"{SlaTarget.objects.count()} SLA targets; {len(teams)} service teams"
        )
    seed_orders(city_admin, stdout)
