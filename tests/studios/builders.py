"""Builders and fixtures for the studio tests (re-exported by tests/studios/conftest.py).

`make_studio` puts a named studio straight into the tables through the services' internals
(the naming path has its own tests); `apply` drafts an application as the unit would."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from innovation.accounts import services as account_services
from innovation.accounts.roles import Role
from innovation.core import workflow as kernel
from innovation.org.models import Honour
from innovation.studios.models import AssessmentRubric, Studio, StudioApplication, StudioLevel, StudioType
from innovation.studios.naming import rules, services
from tests.factories import PASSWORD, make_user, make_worker

__all__ = [
    "honour",
    "make_studio",
    "apply",
    "push",
    "rubric",
    "model_worker",
    "unit_admins",
    "studio_lead",
    "campaign_posts",
]


def honour(worker, kind: str = Honour.Kind.MODEL_WORKER, level: str = Honour.Level.CITY, year: int = 2015):
    return Honour.objects.create(worker=worker, kind=kind, level=level, year=year)


def make_studio(
    world,
    name: str,
    unit: str = "yx_a",
    *,
    studio_type: str = StudioType.WORKER,
    level: str = StudioLevel.CITY,
    year: int = 2019,
    leader=None,
    document_no: str = "",
    named_by: str = "锦州市总工会",
) -> Studio:
    enterprise = world.units[unit]
    leader = leader or make_worker(enterprise, f"{name[:4]}带头人")
    if (
        studio_type in rules.LEADER_HONOUR
        and not leader.honours.filter(kind=rules.LEADER_HONOUR[studio_type]).exists()
    ):
        honour(leader, rules.LEADER_HONOUR[studio_type])
    named_on = datetime.date(year, 6, 1)
    with transaction.atomic():
        studio = Studio.objects.create(
            name=name,
            type=studio_type,
            level=level,
            enterprise=enterprise,
            leader=leader,
            named_year=year,
            document_no=document_no or f"锦工发〔{year}〕{Studio.objects.count() + 1}号",
            named_by=named_by,
        )
        services.make_leader(studio=studio, leader=leader, on=named_on)
        services.create_naming(
            studio=studio,
            studio_type=studio_type,
            level=level,
            year=year,
            document_no=studio.document_no,
            named_by=named_by,
            named_on=named_on,
            actor=None,
        )
    studio.refresh_from_db()
    return studio


def apply(world, *, user=None, unit: str = "yx_a", leader=None, **fields) -> StudioApplication:
    data = {
        "name": "甲机械钳工职工创新工作室",
        "type": StudioType.WORKER,
        "leader": leader or world.workers[f"{unit}_1"],
        "field": "efficiency",
        "results_so_far": "完成技术攻关5项，五小成果3项。",
        "plan": "三年内培养技师10名。",
    }
    data.update(fields)
    return services.application_create(
        actor=user or world.users["unit"], enterprise=world.units[unit], **data
    )


def push(world, app, *steps, **kwargs) -> StudioApplication:
    """Take steps by the role that owns each: submit (unit), recommend (义县), name (city)."""
    actors = {
        "submit": world.users["unit"],
        "recommend": world.users["yixian"],
        "return": world.users["yixian"],
        "name": world.users["city"],
        "decline": world.users["city"],
        "city_return": world.users["city"],
    }
    defaults = {
        "recommend": {"reason": "同意推荐。"},
        "return": {"reason": "请补充成果材料。"},
        "decline": {"reason": "成果不足。"},
        "city_return": {"reason": "请补充。"},
        "name": {
            "inspection_record": "现场考察：场地、设备齐全。",
            "panel_opinion": "同意命名。",
            "document_no": "锦工发〔2024〕8号",
        },
    }
    for step in steps:
        args = {**defaults.get(step, {}), **kwargs.get(step, {})}
        app = kernel.run(
            obj=app, step=step, actor=kwargs["actor"] if "actor" in kwargs else actors[step], **args
        )
    return app


@pytest.fixture
def rubric(db):
    return AssessmentRubric.objects.create(
        effective_year=2019,
        criteria=[{"key": "incubated", "label": "孵化成果", "per_unit": 5, "max": 30}],
        excellent_from=Decimal("85"),
        qualified_from=Decimal("60"),
        one_roster_only=True,
    )


@pytest.fixture
def model_worker(world):
    """A worker of yx_a holding a city 劳动模范 honour."""
    worker = make_worker(world.units["yx_a"], "高颖明")
    honour(worker)
    return worker


@pytest.fixture
def unit_admins(world):
    """Unit admins of yx_b (义县) and hs_a (黑山) besides t_unit (yx_a)."""
    for key in ("yx_b", "hs_a"):
        user, _ = account_services.user_create(actor=None, username=f"t_unit_{key}", password=PASSWORD)
        account_services.grant_role(actor=None, user=user, role=Role.UNIT_ADMIN, node=world.units[key].union)
        world.users[f"unit_{key}"] = user
    return world.users


@pytest.fixture
def studio_lead(world, model_worker):
    """高颖明 as a studio lead account (role studio_lead at yx_a's union)."""
    return make_user("t_lead", (Role.STUDIO_LEAD, world.units["yx_a"].union), worker=model_worker)


@pytest.fixture
def campaign_posts(world):
    """Two demonstration posts of yx_a named in 2019."""
    from innovation.achievements import services as achievement_services
    from innovation.achievements.models import DemonstrationPost
    from tests.achievements.conftest import full_fields, make_campaign

    campaign = make_campaign(world, year=2019)
    unit = world.units["yx_a"]
    achievement = achievement_services.achievement_create(
        actor=None,
        campaign=campaign,
        enterprise=unit,
        authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
        **full_fields(),
    )
    return [
        DemonstrationPost.objects.create(
            enterprise=unit, post=post, year=2019, first_achievement=achievement, scope_path=unit.scope_path
        )
        for post in ("钳工班", "电气检修班")
    ]
