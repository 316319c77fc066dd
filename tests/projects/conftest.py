"""A small project world on top of `world`: a studio at 义县甲 led by 义县甲职工二 (a studio-lead
user), the city's 「其他」 budget line of this year, and a helper that proposes a project."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.funds import services as funds
from innovation.funds.models import LineKind
from innovation.projects import services
from innovation.studios.models import Studio

from ..factories import make_user

D = datetime.date


@dataclass
class ProjectWorld:
    world: object
    studio: Studio
    lead: object  # the studio lead's user
    line: object


@pytest.fixture
def pw(world) -> ProjectWorld:
    studio = Studio.objects.create(
        name="义县甲职工创新工作室",
        type="worker",
        level="city",
        enterprise=world.units["yx_a"],
        leader=world.workers["yx_a_2"],
        named_year=2019,
        document_no="锦工发〔2019〕2号",
        named_by="锦州市总工会",
    )
    lead = make_user("p_lead", (Role.STUDIO_LEAD, world.units["yx_a"].union), worker=world.workers["yx_a_2"])
    line = funds.line_create(
        actor=world.users["city"],
        union=world.city,
        year=timezone.localdate().year,
        kind=LineKind.OTHER,
        name="创新项目经费",
        amount_fen=100_000_00,
    )
    return ProjectWorld(world, studio, lead, line)


def propose(pw: ProjectWorld, *, actor=None, members=None, milestones=None, **overrides):
    world = pw.world
    today = timezone.localdate()
    data = {
        "title": "汽轮机轴封漏汽治理",
        "channel": "breakthrough",
        "owner_kind": "studio",
        "studio": pw.studio,
        "problem": "轴封漏汽导致油中带水。",
        "goal": "漏汽量降低80%。",
        "plan": "改造轴封结构，调整间隙。",
        "start_on": today - datetime.timedelta(days=60),
        "end_on": today + datetime.timedelta(days=120),
    }
    data.update(overrides)
    return services.project_create(
        actor=actor or world.users["unit"],
        enterprise=world.units["yx_a"],
        members=[world.workers["yx_a_2"], world.workers["yx_a_1"]] if members is None else members,
        milestones=[{"title": "完成方案设计", "due_on": today - datetime.timedelta(days=30)}]
        if milestones is None
        else milestones,
        **data,
    )


def run_to_concluded(pw: ProjectWorld, project, *, claimed=2_720_000_00):
    from innovation.core import workflow as kernel

    world = pw.world
    kernel.run(obj=project, step="approve", actor=world.users["yixian"])
    kernel.run(obj=project, step="start", actor=world.users["unit"])
    kernel.run(
        obj=project,
        step="conclude",
        actor=world.users["unit"],
        result="漏汽消除，油质合格。",
        benefit_claimed_fen=claimed,
        benefit_basis="减少停机与油耗。",
    )
    return project
