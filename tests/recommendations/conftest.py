"""A city with its 2020 awards and the 2020 辽宁省职工创新大赛 (职工组 2 places, 青年组 1), the
report's 李营 among the first prizes. Awards are built straight through the ORM
(tests.awards.test_certificates.make_award); the recommendations through the services."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from innovation.recommendations import services
from innovation.recommendations.models import Contest
from tests.achievements.conftest import make_campaign
from tests.awards.test_certificates import make_award
from tests.factories import make_worker

# During the 2020 contest's selection window (its deadline is 2020-09-30).
IN_2020 = timezone.make_aware(datetime.datetime(2020, 9, 1, 10, 0))
AFTER_NOTICE = timezone.make_aware(datetime.datetime(2020, 9, 20, 10, 0))


@dataclass
class Awards:
    campaign: object
    liying: object  # 一等奖, 李营 60 % and yx_a_1 40 %
    second: object  # 二等奖, 黑山 hs_a_1
    third: object  # 三等奖, 义县 yx_b_1
    excellence: object  # 优秀奖 (not accepted by the contest)
    old: object  # 一等奖 of 2017 (too old for 2020)
    liying_worker: object


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def awards(world) -> Awards:
    liying = make_worker(world.units["yx_a"], "李营")
    c2020 = make_campaign(world, year=2020)
    c2017 = make_campaign(world, year=2017)
    at = timezone.make_aware(datetime.datetime(2020, 6, 1, 9, 0))
    return Awards(
        campaign=c2020,
        liying=make_award(
            world,
            c2020,
            title="蓄电池组充放电试验自动数据记录装置",
            grade="first",
            authors=[(liying, 60), (world.workers["yx_a_1"], 40)],
            awarded_at=at,
        ),
        second=make_award(
            world,
            c2020,
            title="危化品装卸防静电监测仪",
            grade="second",
            authors=[(world.workers["hs_a_1"], 100)],
        ),
        third=make_award(
            world,
            c2020,
            title="食品包装封口温控改进",
            grade="third",
            authors=[(world.workers["yx_b_1"], 100)],
        ),
        excellence=make_award(
            world,
            c2020,
            title="物流叉车安全提示装置",
            grade="excellence",
            authors=[(world.workers["hs_b_1"], 100)],
        ),
        old=make_award(
            world, c2017, title="老式机床改造", grade="first", authors=[(world.workers["yx_a_2"], 100)]
        ),
        liying_worker=liying,
    )


def make_contest(world, **kw) -> Contest:
    data = {
        "actor": world.users["city"],
        "union": world.city,
        "name": "辽宁省职工创新大赛",
        "organiser": "辽宁省总工会",
        "level": "provincial",
        "year": 2020,
        "deadline": datetime.date(2020, 9, 30),
        "categories": [("职工组", 2), ("青年组", 1)],
        "package_note": "推荐表一式三份，附汇总表。",
    }
    data.update(kw)
    return services.contest_create(**data)


@pytest.fixture
def contest(world, awards) -> Contest:
    return make_contest(world)


def category(contest, name="职工组"):
    return contest.categories.get(name=name)


def select(world, contest, award, name="职工组", now=IN_2020, **kw):
    return services.select(
        actor=world.users["city"],
        contest=contest,
        category=category(contest, name),
        achievement=award.achievement,
        now=now,
        **kw,
    )


def two_recommendations(world) -> dict:
    """A 2020 contest recommending an item of 义县 (yx_a, 李营's) and one of 黑山 (hs_a): rows
    that could leak (for the scope tests)."""
    campaign = make_campaign(world, year=2020)
    yx = make_award(
        world,
        campaign,
        title="蓄电池组充放电试验自动数据记录装置",
        grade="first",
        authors=[(world.workers["yx_a_1"], 100)],
    )
    hs = make_award(
        world,
        campaign,
        title="危化品装卸防静电监测仪",
        grade="second",
        authors=[(world.workers["hs_a_1"], 100)],
    )
    contest = make_contest(world)
    return {"yx": select(world, contest, yx), "hs": select(world, contest, hs)}
