"""A small city of rows for the dashboard: two campaigns, achievements of both counties and the
education union in several states, kinds and fields, and studios of several types and levels.

Filed (submitted) per year and unit (state, kind, field, verified benefit in yuan):
2023 义县甲: 甲一 submitted invention safety 1,000.40 · 甲二 awarded creation efficiency 2,000.00
2023 黑山丙: 丙一 awarded invention efficiency 500.00
2023 义县乙: 乙草稿 a draft (not filed: counts nowhere)
2024 义县乙: 乙一 recommended design quality
2024 黑山丁: 丁一 not_awarded suggestion quality
2024 教育: 教一 submitted invention safety
Studios (active): 义县甲 provincial model-worker; 义县乙 city worker; 黑山丙 city worker; 黑山丁 one
revoked (counts nowhere)."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from innovation.achievements import services
from innovation.achievements.models import Achievement, Field, Kind, State
from innovation.studios.models import Studio, StudioLevel, StudioType
from tests.achievements.conftest import full_fields, make_campaign
from tests.studios.builders import make_studio


@dataclass
class Rows:
    world: object
    achievements: dict


def _filed(world, campaign, unit, title, *, state, kind, field, verified=None):
    a = services.achievement_create(
        actor=None,
        campaign=campaign,
        enterprise=world.units[unit],
        authors=[{"worker": world.workers[f"{unit}_1"].pk, "share": 100}],
        **full_fields(title=title, kind=kind, field=field),
    )
    changes = {"state": state}
    if state != State.DRAFT:
        changes["submitted_at"] = timezone.now()
    if verified is not None:
        changes["benefit_verified"] = Decimal(verified)
    Achievement.objects.filter(pk=a.pk).update(**changes)
    return a


@pytest.fixture
def rows(world) -> Rows:
    c23 = make_campaign(world, year=2023)
    c24 = make_campaign(world, year=2024)
    a = {
        "甲一": _filed(
            world,
            c23,
            "yx_a",
            "甲一",
            state=State.SUBMITTED,
            kind=Kind.INVENTION,
            field=Field.SAFETY,
            verified="1000.40",
        ),
        "甲二": _filed(
            world,
            c23,
            "yx_a",
            "甲二",
            state=State.AWARDED,
            kind=Kind.CREATION,
            field=Field.EFFICIENCY,
            verified="2000.00",
        ),
        "丙一": _filed(
            world,
            c23,
            "hs_a",
            "丙一",
            state=State.AWARDED,
            kind=Kind.INVENTION,
            field=Field.EFFICIENCY,
            verified="500.00",
        ),
        "乙草稿": _filed(
            world, c23, "yx_b", "乙草稿", state=State.DRAFT, kind=Kind.DESIGN, field=Field.QUALITY
        ),
        "乙一": _filed(
            world, c24, "yx_b", "乙一", state=State.RECOMMENDED, kind=Kind.DESIGN, field=Field.QUALITY
        ),
        "丁一": _filed(
            world, c24, "hs_b", "丁一", state=State.NOT_AWARDED, kind=Kind.SUGGESTION, field=Field.QUALITY
        ),
        "教一": _filed(
            world, c24, "edu", "教一", state=State.SUBMITTED, kind=Kind.INVENTION, field=Field.SAFETY
        ),
    }
    make_studio(
        world,
        "甲机械劳模创新工作室",
        "yx_a",
        studio_type=StudioType.MODEL_WORKER,
        level=StudioLevel.PROVINCIAL,
    )
    make_studio(world, "乙食品职工创新工作室", "yx_b", studio_type=StudioType.WORKER, level=StudioLevel.CITY)
    make_studio(world, "丙化工职工创新工作室", "hs_a", studio_type=StudioType.WORKER, level=StudioLevel.CITY)
    revoked = make_studio(
        world, "丁物流职工创新工作室", "hs_b", studio_type=StudioType.WORKER, level=StudioLevel.CITY
    )
    Studio.objects.filter(pk=revoked.pk).update(status=Studio.Status.REVOKED)
    return Rows(world, a)


def charts_of(data) -> dict:
    """{chart key: {series name: {category: value}}}"""
    return {
        c["key"]: {
            s["name"]: dict(zip(c["categories"], (p["value"] for p in s["data"]))) for s in c["series"]
        }
        for c in data["charts"]
    }


def points_of(data, key):
    chart = next(c for c in data["charts"] if c["key"] == key)
    return [(chart["categories"][i], s["name"], p) for s in chart["series"] for i, p in enumerate(s["data"])]
