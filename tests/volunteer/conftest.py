"""A small service world on top of `world`: the office calendar (2021 National Day, its make-up
working days), working hours 08:30–12:00 / 13:30–17:30, SLA targets, a budget line, and one
team at 义县甲 led by a team-lead user, serving 义县."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.funds import services as funds
from innovation.funds.models import LineKind
from innovation.org.models import Region
from innovation.studios.models import Member, Studio
from innovation.volunteer import services
from innovation.volunteer.models import ServiceTeam

from ..factories import make_user

D = datetime.date


def at(y, m, d, hh=9, mm=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm), timezone.get_current_timezone())


@dataclass
class ServiceWorld:
    world: object
    team: ServiceTeam
    lead: object  # the team leader's user
    line: object


@pytest.fixture
def service(world) -> ServiceWorld:
    city = world.users["city"]
    services.working_hours_add(
        actor=city,
        effective_from=D(2020, 1, 1),
        morning_start=datetime.time(8, 30),
        morning_end=datetime.time(12, 0),
        afternoon_start=datetime.time(13, 30),
        afternoon_end=datetime.time(17, 30),
    )
    for day in range(1, 8):
        services.calendar_day_set(actor=city, date=D(2021, 10, day), kind="holiday", name="国庆节")
    for day in (D(2021, 9, 26), D(2021, 10, 9)):
        services.calendar_day_set(actor=city, date=day, kind="workday", name="国庆节")
    for category in ("process", "energy", "equipment", "management", "skills", "safety"):
        services.sla_target_add(
            actor=city,
            category=category,
            effective_from=D(2020, 1, 1),
            response_hours=8,
            resolution_hours=120,
        )
    studio = Studio.objects.create(
        name="义县甲劳模创新工作室",
        type="model_worker",
        level="city",
        enterprise=world.units["yx_a"],
        leader=world.workers["yx_a_1"],
        named_year=2019,
        document_no="锦工发〔2019〕1号",
        named_by="锦州市总工会",
    )
    Member.objects.create(studio=studio, worker=world.workers["yx_a_2"], joined_on=D(2019, 5, 1))
    lead = make_user("t_lead", (Role.TEAM_LEAD, world.units["yx_a"].union), worker=world.workers["yx_a_1"])
    team = services.team_create(
        actor=city,
        name="义县甲劳模志愿服务队",
        enterprise=world.units["yx_a"],
        leader=world.workers["yx_a_1"],
        studios=[studio],
        districts=[Region.objects.get(name="义县")],
        categories=["equipment", "skills"],
        capacity=2,
        formed_on=D(2019, 9, 10),
        description="",
    )
    services.member_add(
        actor=city, team=team, worker=world.workers["yx_a_2"], skills="液压、焊接", joined_on=D(2019, 9, 10)
    )
    line = funds.line_create(
        actor=city,
        union=world.city,
        year=2021,
        kind=LineKind.SERVICE,
        name="志愿服务经费",
        amount_fen=5_000_000,
    )
    return ServiceWorld(world=world, team=team, lead=lead, line=line)
