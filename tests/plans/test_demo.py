"""The demo's plan: 《锦州市总工会服务振兴发展加强职工创新创造三年工作方案》 of 2019-08-01 revised on
2021-03-18, with live progress against the demo's own figures and two quarterly snapshots."""

import datetime

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_the_plan_its_revision_and_the_changes(demo):
    from innovation.accounts.models import User
    from innovation.plans import selectors
    from innovation.plans.models import Plan, PlanTarget, Snapshot

    plan = Plan.objects.get()
    assert (plan.title, plan.adopted_on, plan.union.name) == (
        "锦州市总工会服务振兴发展加强职工创新创造三年工作方案",
        datetime.date(2019, 8, 1),
        "锦州市总工会",
    )
    v1, v2 = plan.versions.order_by("number")
    assert (v2.effective_on, v2.label) == (datetime.date(2021, 3, 18), "第1次修订")
    assert plan.indicators.count() == 12
    assert (
        PlanTarget.objects.filter(version=v1).count() == PlanTarget.objects.filter(version=v2).count() == 51
    )
    city = User.objects.get(username="demo_city")
    changes = [
        (c["kind"], c["indicator"].code, c["district"].name if c["district"] else "", c["old"], c["new"])
        for c in selectors.diff(v1, v2, city)
    ]
    assert changes == [
        ("changed", "achievements_filed", "古塔区总工会", 35, 40),
        ("changed", "achievements_filed", "凌河区总工会", 25, 18),
        ("changed", "achievements_filed", "太和区总工会", 30, 25),
        ("changed", "benefit_verified", "", 120_000_000, 100_000_000),
        ("removed", "city_worker_studios", "", 10, None),
        ("changed", "studio_subsidies", "", 900_000, 1_750_000),
        ("added", "projects_concluded", "", None, 3),
    ]
    assert sorted(set(Snapshot.objects.values_list("version__number", "year", "quarter"))) == [
        (1, 2020, 4),
        (2, 2021, 2),
    ]
    assert Snapshot.objects.count() == 19 + 18  # the targets of 2021 (revision) and 2020 (original)


def test_plan_indicators_of_the_demo(demo):
    from innovation.accounts.models import User
    from innovation.core.stats import stats_for

    city = stats_for(User.objects.get(username="demo_city"))["plan_indicators"]
    assert city == {
        "achievements_filed": {"target": 248, "actual": 246, "status": "amber"},
        "achievements_awarded": {"target": 35, "actual": 33, "status": "amber"},
        "benefit_verified": {"target": 100_000_000, "actual": 93_596_500, "status": "amber"},
        "city_model_worker_studios": {"target": 8, "actual": 9, "status": "green"},
        "studio_subsidies": {"target": 1_750_000, "actual": 748_000, "status": "red"},
        "gold_pairs": {"target": 10, "actual": 8, "status": "amber"},
        "service_solved": {"target": 15, "actual": 15, "status": "green"},
        "people_trained": {"target": 150, "actual": 132, "status": "amber"},
        "contestants": {"target": 300, "actual": 329, "status": "green"},
        "new_apprentices": {"target": 300, "actual": None, "status": "unavailable"},
        "projects_concluded": {"target": 3, "actual": 3, "status": "green"},
    }
    yixian = stats_for(User.objects.get(username="demo_yixian"))["plan_indicators"]
    assert yixian == {"achievements_filed": {"target": 25, "actual": 30, "status": "green"}}
