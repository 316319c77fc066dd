"""The demo's three-year plan: the plan of 2019-08-01 with its 11 indicators and targets for 2019,
2020 and 2021 (the filed achievements split over the 9 county-level unions), the revision of
18 March 2021 (three districts' 2021 targets, the benefit and the studio subsidies, one target
dropped, one indicator added), and two quarterly snapshots (2020 Q4 under the original, 2021 Q2
under the revision). Through the services, as demo_city; idempotent: a second run finds the plan
and does nothing."""

from __future__ import annotations

from innovation.accounts.models import User
from innovation.org.models import TradeUnion

from .. import services
from ..models import Plan, PlanVersion
from .data import (
    ADOPTED_ON,
    CITY,
    FILED,
    INDICATORS,
    NEW_INDICATOR,
    REVISED_ON,
    REVISION,
    REVISION_NOTE,
    REVISION_TITLE,
    SNAPSHOTS,
    TITLE,
)

YEARS = (2019, 2020, 2021)


def seed(stdout=None) -> None:
    if Plan.objects.filter(title=TITLE).exists():
        return
    city = User.objects.get(username="demo_city")
    union = TradeUnion.objects.get(name="锦州市总工会")
    districts = {u.name: u for u in TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT, name__in=FILED)}
    targets = [
        {"indicator": "achievements_filed", "year": year, "district": districts[name], "value": value}
        for name, values in FILED.items()
        for year, value in zip(YEARS, values, strict=True)
    ]
    targets += [
        {"indicator": code, "year": year, "district": None, "value": value}
        for code, by_year in CITY.items()
        for year, value in by_year.items()
    ]
    plan = services.plan_create(
        actor=city,
        union=union,
        title=TITLE,
        adopted_on=ADOPTED_ON,
        indicators=[
            {"code": c, "name": n, "unit": u, "formula": f, "per_district": d} for c, n, u, f, d in INDICATORS
        ],
        targets=targets,
    )
    services.plan_revise(
        actor=city,
        plan=plan,
        effective_on=REVISED_ON,
        title=REVISION_TITLE,
        note=REVISION_NOTE,
        new_indicators=[NEW_INDICATOR],
        changes=[
            {"indicator": code, "year": 2021, "district": districts[name] if name else None, "value": value}
            for code, name, value in REVISION
        ],
    )
    for number, year, quarter in SNAPSHOTS:
        version = PlanVersion.objects.get(plan=plan, number=number)
        run = services.snapshot_request(actor=city, version=version, year=year, quarter=quarter)
        services.take_snapshot(run.pk)  # at once (a no-op when the task backend already ran it)
    if stdout is not None:
        stdout.write(f"  plan: {len(INDICATORS) + 1} indicators, 2 versions, {len(SNAPSHOTS)} snapshots")
