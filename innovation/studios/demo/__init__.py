"""The report's innovation studios (劳模和职工创新工作室), for `seed_demo`.

Exactly 91 studios: 12 provincial model-worker studios, 18 provincial worker studios, 36 city
model-worker studios and 25 city worker studios, among them 高颖明劳模创新工作室 at 锦州石化公司
(王亮 on its roster; its 2 t/h jet-fuel result, "每年…多创效益近600万元", in its 2021 report) and
孙洋's studio. Each has its namings with documents (city first; the provincial ones were named by
the city before the province named them; some city model-worker studios were city worker studios
before), a roster, the demonstration posts it grew from, and the five-smalls achievements it
incubated: 406 in all ("累计为企业孵化创新成果400余项").

Money and results go through the services: the assessment rubric (from 2018), the 2019
three-year plan's subsidy policy (30,000 yuan once for a new city model-worker studio, 20,000
for a new city worker studio, a yearly subsidy by assessed result of at most 20,000) and its
March 2021 revision, the yearly assessments 2018–2021, and the subsidy rounds 2019–2021 proposed
from policy and results, approved by two city admins (demo_city, demo_city2), committed and paid
from each year's 工作室补助 line. 2021's line shows the report's "专门调增预算85万元" as what it is:
an increase of 850,000 yuan (调增, with its document, date, reason and approver) on a base of
1,000,000 yuan, 2020's level, so the line reads 1,850,000 yuan. The
studios' history (namings, rosters, verified yearly reports) is written directly: those years'
windows closed long ago, and most studio leads have no login.

Deterministic and idempotent: nothing is written when the studios exist.
"""

import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from innovation.accounts.models import User
from innovation.org.models import TradeUnion

from ..models import Studio
from ..reports import assessment
from .data import CITY_PATH, CITY_UNION, RUBRIC, SEED, moment
from .namings import incubate, make_studios
from .yearly import seed_alliances, seed_policies, seed_reports, seed_rounds


def seed(stdout=None) -> dict:
    if Studio.objects.exists():
        return {}
    rng = random.Random(SEED)
    city = TradeUnion.objects.get(name=CITY_UNION, kind=TradeUnion.Kind.CITY)
    CITY_PATH[0] = city.path
    city_admin = User.objects.get(username="demo_city")
    second = User.objects.get(username="demo_city2")
    with transaction.atomic():
        studios = make_studios(rng, city_admin)
        linked = incubate(studios)
        seed_reports(studios, rng, city_admin)
        assessment.rubric_create(
            actor=city_admin,
            effective_year=2018,
            criteria=RUBRIC,
            excellent_from=Decimal("75"),
            qualified_from=Decimal("45"),
            revoke_after_unqualified=2,
            one_roster_only=True,
            note="锦州市劳模和职工创新工作室命名管理办法（试行）",
        )
        for year in range(2018, 2022):
            assessment.run_assessment(year=year, actor=city_admin, now=moment(year + 1, 1, 15))
        seed_policies(city_admin)
        rounds = seed_rounds(city, city_admin, second)
        seed_alliances(studios)
    if stdout is not None:
        by = {(t, lv): n for t, lv, n in Studio.objects.values_list("type", "level").annotate(n=Count("id"))}
        stdout.write(
            f"  studios: {Studio.objects.count()} ("
            + ", ".join(f"{t}.{lv}: {n}" for (t, lv), n in sorted(by.items()))
            + f"); {linked} incubated achievements; subsidy rounds "
            + ", ".join(f"{y}: {n} lines, {paid} yuan paid" for y, n, paid in rounds)
        )
    return {"studios": len(studios), "incubated": linked}
