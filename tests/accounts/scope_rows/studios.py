"""Rows of the innovation studios: studios, reports, assessments, applications, rounds, alliances."""

from decimal import Decimal

from innovation.funds.models import BudgetLine, LineKind
from innovation.studios.models import (
    Alliance,
    Assessment,
    AssessmentRubric,
    Member,
    Studio,
    StudioApplication,
    SubsidyRound,
    YearReport,
)

from .base import DAY, WHEN, Placed


def studio_rows(p: Placed) -> None:
    """义县甲's studio is led by the studio lead (yx_a_2) with the worker (yx_a_1) on its roster;
    黑山丙's is led by the team lead (hs_a_1); 黑山丁's and the outside one are nobody's."""
    studios = {}
    leaders = {"yx_a": "yx_a_2", "hs_a": "hs_a_1", "hs_b": "hs_b_2", "outside_unit": "out_1"}
    for place, leader in leaders.items():
        studio = Studio.objects.create(
            name=f"{p.units[place].name}职工创新工作室",
            type="worker",
            level="city",
            enterprise=p.units[place],
            leader=p.workers[leader],
            named_year=2020,
            document_no=f"锦工发〔2020〕{len(studios) + 1}号",
            named_by="锦州市总工会",
        )
        Member.objects.create(studio=studio, worker=p.workers[leader], joined_on=DAY, role="leader")
        studios[place] = studio
    Member.objects.create(studio=studios["yx_a"], worker=p.workers["yx_a_1"], joined_on=DAY)
    led = {"yx_a": ("lead",), "hs_a": ("team",)}
    for place, studio in studios.items():
        p.add(studio, place, *({"yx_a": ("lead", "worker")}.get(place) or led.get(place, ())))
    rubric = AssessmentRubric.objects.create(
        effective_year=2018, criteria=[], excellent_from=Decimal("75"), qualified_from=Decimal("45")
    )
    for place, studio in studios.items():
        p.add(
            YearReport.objects.create(studio=studio, year=2023, scope_path=studio.scope_path),
            place,
            *led.get(place, ()),
        )
        assessment = Assessment.objects.create(
            studio=studio,
            year=2023,
            rubric=rubric,
            score=Decimal("80"),
            result="excellent",
            assessed_at=WHEN,
            scope_path=studio.scope_path,
        )
        p.add(assessment, place, *led.get(place, ()))
    for place, creator, own in (
        ("yx_a", "lead", ("lead",)),
        ("yx_b", "unit", ()),
        ("hs_a", "heishan", ()),
        ("outside_unit", "city", ()),
    ):
        application = StudioApplication.objects.create(
            enterprise=p.units[place],
            name=f"{p.units[place].name}工匠创新工作室",
            type="worker",
            leader=p.workers["out_1" if place == "outside_unit" else f"{place}_1"],
            results_so_far="成果",
            plan="计划",
            created_by=p.users[creator],
            scope_path=p.units[place].scope_path,
        )
        p.add(application, place, *own)
    for place in ("city", "yixian", "heishan", "outside"):
        line = BudgetLine.objects.get(union=p.unions[place], year=2024, kind=LineKind.FIVE_SMALLS)
        round_ = SubsidyRound.objects.create(
            union=p.unions[place],
            year=2024,
            budget_line=line,
            proposed_by=p.users["city"],
            proposed_at=WHEN,
            scope_path=p.path(place),
        )
        p.add(round_, place)
    for place, lead, members in (
        ("yixian", "yx_a", ["yx_a"]),
        ("heishan", "hs_a", ["hs_a", "hs_b"]),
        ("outside", "outside_unit", ["outside_unit"]),
    ):
        alliance = Alliance.objects.create(
            name=f"{place}联盟", lead=studios[lead], founded_on=DAY, scope_path=p.path(place)
        )
        alliance.members.set([studios[m] for m in members])
        p.add(alliance, place)
