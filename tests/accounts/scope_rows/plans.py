"""Rows of the three-year plan: a plan of the city with a whole-city target (the city's) and a
target of 义县 and of 黑山县 (each district's), a plan of the other city with a target of its own;
a snapshot row beside each target."""

import datetime

from innovation.plans.models import Indicator, Plan, PlanTarget, PlanVersion, Snapshot

from .base import WHEN, Placed


def plan_rows(p: Placed) -> None:
    # A county union's own plan hangs at its union (a county may adopt one of its own).
    for county in ("yixian", "heishan"):
        p.add(
            Plan.objects.create(
                title=f"{county} plan", union=p.unions[county], adopted_on=datetime.date(2020, 3, 1)
            ),
            county,
        )
    for root in ("city", "outside"):
        plan = Plan.objects.create(
            title=f"{root} plan", union=p.unions[root], adopted_on=datetime.date(2019, 8, 1)
        )
        p.add(plan, root)
        version = PlanVersion.objects.create(
            plan=plan, number=1, effective_on=plan.adopted_on, title=plan.title
        )
        whole = Indicator.objects.create(
            plan=plan, code="filed", name="申报", unit="项", formula="achievements_filed"
        )
        split = Indicator.objects.create(
            plan=plan, code="studios", name="工作室", unit="个", formula="studios_named", per_district=True
        )
        places = [(whole, None, root)] + (
            [(split, "yixian", "yixian"), (split, "heishan", "heishan")] if root == "city" else []
        )
        for indicator, district, place in places:
            node = p.unions[district] if district else None
            target = PlanTarget.objects.create(
                version=version, indicator=indicator, year=2021, district=node, value=3
            )
            p.add(target, place)
            snapshot = Snapshot.objects.create(
                version=version,
                year=2021,
                quarter=1,
                indicator=indicator,
                district=node,
                target=3,
                expected=1,
                actual=1,
                status="green",
                taken_at=WHEN,
            )
            p.add(snapshot, place)
