"""A small plan world on top of `world`: studios named in 义县, 黑山县 and the 教育工会 (an
industry union: counted city-wide, in no district), and a plan of the city with three indicators:

- `studios` 新命名工作室 (per district, formula studios_named): 2020 义县 1 / 黑山 2, 2021 义县 5 / 黑山 1;
- `city_worker_studios` 新命名市级职工创新工作室 (whole city): 2021 4;
- `apprentices` 新型学徒制培训 (whole city, formula `apprentices_trained`: no module provides it): 2021 100.

Studios named: 2020 义县乙 1 (worker, district level); 2021 义县甲 2 and 义县乙 2 (worker, city),
黑山丙 1 (model worker, city), 教育 1 (worker, city)."""

import datetime
from dataclasses import dataclass

import pytest

from innovation.plans import services
from innovation.studios.models import Studio

D = datetime.date


@dataclass
class PlanWorld:
    world: object
    plan: object
    v1: object


def studio(world, unit_key: str, n: int, *, year: int, kind="worker", level="city"):
    return Studio.objects.create(
        name=f"{unit_key}-{year}-{n}工作室",
        type=kind,
        level=level,
        enterprise=world.units[unit_key],
        leader=world.workers[f"{unit_key}_1"],
        named_year=year,
        document_no=f"锦工发〔{year}〕{n}号",
        named_by="锦州市总工会",
    )


INDICATORS = [
    {
        "code": "studios",
        "name": "新命名工作室",
        "unit": "个",
        "formula": "studios_named",
        "per_district": True,
    },
    {
        "code": "city_worker_studios",
        "name": "新命名市级职工创新工作室",
        "unit": "个",
        "formula": "studios_named_worker_city",
    },
    {"code": "apprentices", "name": "新型学徒制培训", "unit": "人", "formula": "apprentices_trained"},
]


def targets(world):
    return [
        {"indicator": "studios", "year": 2020, "district": world.yixian, "value": 1},
        {"indicator": "studios", "year": 2020, "district": world.heishan, "value": 2},
        {"indicator": "studios", "year": 2021, "district": world.yixian, "value": 5},
        {"indicator": "studios", "year": 2021, "district": world.heishan, "value": 1},
        {"indicator": "city_worker_studios", "year": 2021, "district": None, "value": 4},
        {"indicator": "apprentices", "year": 2021, "district": None, "value": 100},
    ]


@pytest.fixture
def pw(world) -> PlanWorld:
    studio(world, "yx_b", 1, year=2020, level="district")
    for unit_key in ("yx_a", "yx_b"):
        for n in (1, 2):
            studio(world, unit_key, n + 10, year=2021)
    studio(world, "hs_a", 1, year=2021, kind="model_worker")
    studio(world, "edu", 1, year=2021)
    plan = services.plan_create(
        actor=world.users["city"],
        union=world.city,
        title="锦州市总工会服务振兴发展加强职工创新创造三年工作方案",
        document_no="锦工发〔2019〕20号",
        adopted_on=D(2019, 8, 1),
        indicators=INDICATORS,
        targets=targets(world),
    )
    return PlanWorld(world, plan, plan.versions.get())


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return (
            getattr(client, method)(url, data=data, content_type="application/json")
            if method == "post"
            else client.get(url, data or {})
        )

    return call
