"""Rows of the skills competitions for the scope matrix (tests/accounts/test_scope_matrix.py).

To be called from tests/accounts/scope_rows/__init__.py's `build` (`competition_rows(placed)`,
after `pair_rows`): events where their organiser hangs (the city, a county, the industry union, a
unit's own, another city's), an occupation of each, a registration of each unit's worker (the
worker's own), a judge of each occupation (the matrix's expert judges the city's and 黑山县's
events: those events, occupations and assignments are the expert's own)."""

from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.competitions.models import (
    Competition,
    CompetitionAward,
    JudgeAssignment,
    League,
    Occupation,
    PromotionRecommendation,
    Registration,
    Result,
    ResultRun,
)
from tests.accounts.scope_rows.base import DAY, Placed
from tests.factories import make_user

# The worker of each unit who competes, and whose own the registration is.
CONTESTANTS = {
    "yx_a": ("yx_a_1", ("worker",)),
    "yx_b": ("yx_b_1", ()),
    "hs_a": ("hs_a_1", ("team",)),
    "hs_b": ("hs_b_1", ()),
    "edu": ("edu_1", ()),
    "outside_unit": ("out_1", ()),
}


def competition_rows(p: Placed) -> None:
    expert = p.users["expert"]
    other_judge = make_user("t_comp_judge", (Role.EXPERT, None))
    for place in ("city", "yixian", "heishan", "industry", "outside"):
        p.add(League.objects.create(union=p.unions[place], year=DAY.year, title=f"{place} league"), place)
    occupations = {}
    for place in ("city", "yixian", "heishan", "industry", "yx_a", "outside"):
        competition = Competition.objects.create(
            union=p.unions[place],
            year=DAY.year,
            title=f"{place} contest",
            starts_on=DAY,
            ends_on=DAY,
            registration_opens_on=DAY,
            registration_closes_on=DAY,
        )
        occupation = Occupation.objects.create(competition=competition, code="FL", title="叉车司机")
        mine = place in ("city", "heishan")
        p.add(competition, place, *(("expert",) if mine else ()))
        p.add(occupation, place, *(("expert",) if mine else ()))
        p.add(
            JudgeAssignment.objects.create(
                occupation=occupation, judge=expert if mine else other_judge, name="裁判"
            ),
            place,
            *(("expert",) if mine else ()),
        )
        occupations[place] = occupation
    now, runs = timezone.now(), {}
    for unit, (worker, owners) in CONTESTANTS.items():
        occupation = occupations["outside" if unit == "outside_unit" else "city"]
        reg = Registration.objects.create(
            occupation=occupation, worker=p.workers[worker], enterprise=p.units[unit]
        )
        p.add(reg, unit, *owners)
        # a contestant's result, award and promotion hang where his registration does
        run = runs.get(occupation.pk) or runs.setdefault(
            occupation.pk,
            ResultRun.objects.create(occupation=occupation, number=1, computed_at=now, reason="首次计算"),
        )
        p.add(
            Result.objects.create(
                registration=reg,
                occupation=occupation,
                run=run,
                run_number=1,
                computed_at=now,
                practical=0,
                total=0,
                rank=1,
            ),
            unit,
            *owners,
        )
        p.add(
            CompetitionAward.objects.create(
                competition=occupation.competition,
                occupation=occupation,
                registration=reg,
                worker=reg.worker,
                name="x",
                unit="y",
                place="一等奖",
                rank=1,
                certificate_code=f"T{reg.pk:08d}",
                awarded_at=now,
            ),
            unit,
            *owners,
        )
        p.add(
            PromotionRecommendation.objects.create(
                competition=occupation.competition,
                occupation=occupation,
                registration=reg,
                worker=reg.worker,
                rank=1,
                to_level="3",
            ),
            unit,
            *owners,
        )
