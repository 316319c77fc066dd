import datetime

import pytest
from django.utils import timezone

from innovation.achievements import services
from innovation.achievements.models import Field, Kind

GRADES = [
    {"code": "first", "prize_fen": 500000, "quota": 1},
    {"code": "second", "prize_fen": 300000, "quota": 2},
    {"code": "third", "prize_fen": 200000, "quota": 3},
    {"code": "excellence", "prize_fen": 100000, "quota": 4},
]
CRITERIA = [
    {"name": "创新性", "weight": 30, "max_score": 100},
    {"name": "实用性", "weight": 30, "max_score": 100},
    {"name": "经济效益", "weight": 25, "max_score": 100},
    {"name": "推广价值", "weight": 15, "max_score": 100},
]


def make_campaign(world, *, year=None, opens=-1, closes=30, kinds=None, fields=None):
    now = timezone.now()
    year = year or timezone.localdate().year
    opens_at = now + datetime.timedelta(days=opens)
    if opens_at.astimezone(timezone.get_current_timezone()).year != year:
        opens_at = timezone.make_aware(datetime.datetime(year, 1, 1, 0, 1))
    return services.campaign_create(
        actor=None,
        union=world.city,
        year=year,
        title=f"{year}年职工“五小”创新成果征集活动",
        opens_at=opens_at,
        closes_at=now + datetime.timedelta(days=closes),
        kinds=kinds or list(Kind.values),
        fields=fields or list(Field.values),
        grades=GRADES,
        criteria=CRITERIA,
    )


@pytest.fixture
def campaign(world):
    return make_campaign(world)


def full_fields(**overrides):
    data = {
        "title": "蓄电池组充放电试验自动数据记录装置",
        "kind": Kind.INVENTION,
        "field": Field.EFFICIENCY,
        "post": "电气检修班",
        "problem": "人工记录充放电数据误差大、耗时长。",
        "solution": "研制自动采集记录装置。",
        "effect": "数据准确，效率提高。",
        "benefit_type": "created",
        "benefit_claimed": "2720000",
        "benefit_basis": "节约人工与设备损失。",
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(world, campaign):
    """A complete draft of unit yx_a with two worker authors 60/40."""
    return services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[
            {"worker": world.workers["yx_a_1"].pk, "share": 60},
            {"worker": world.workers["yx_a_2"].pk, "share": 40},
        ],
        **full_fields(),
    )
