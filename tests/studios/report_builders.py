"""Helpers shared by the report, assessment, subsidy and alliance tests (no tests here).

Studios are made with tests/studios/builders.make_studio; achievements incubated in them are put
straight into the table (their own workflow has its own tests)."""

import datetime
import io
from decimal import Decimal
from itertools import count

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from innovation.accounts.roles import Role
from innovation.achievements.models import Achievement, Campaign, Field, Kind, Patent, State
from innovation.funds import services as funds
from innovation.funds.models import LineKind
from innovation.studios.models import AssessmentRubric, SubsidyPolicy, YearReport
from innovation.studios.reports import services as reports
from tests.achievements.conftest import make_campaign
from tests.factories import make_user

_titles = count(1)

RUBRIC_2019 = [
    {"key": "incubated", "label": "孵化成果", "per_unit": 5, "max": 30},
    {"key": "patents", "label": "专利", "per_unit": 5, "max": 20},
    {"key": "problems_solved", "label": "技术攻关", "per_unit": 4, "max": 20},
    {"key": "people_trained", "label": "培训人次", "per_unit": 0.1, "max": 10},
    {"key": "benefit_wan", "label": "创效(万元)", "per_unit": 0.2, "max": 20},
]

USE_SCOPE = "用于工作室场地设备购置、技术攻关、培训交流和成果推广，不得用于个人奖励。"


def campaign_of(world, year: int) -> Campaign:
    return Campaign.objects.filter(union=world.city, year=year).first() or make_campaign(world, year=year)


def incubate(
    world,
    studio,
    year: int,
    *,
    state: str = State.AWARDED,
    verified: str | None = None,
    patents: int = 0,
    unit: str | None = None,
) -> Achievement:
    """An achievement of `year` incubated in `studio`."""
    enterprise = studio.enterprise if unit is None else world.units[unit]
    achievement = Achievement.objects.create(
        campaign=campaign_of(world, year),
        enterprise=enterprise,
        post="钳工班",
        title=f"孵化成果{next(_titles)}",
        kind=Kind.RENOVATION,
        field=Field.EFFICIENCY,
        state=state,
        studio=studio,
        benefit_verified=Decimal(verified) if verified is not None else None,
        submitted_at=None if state in (State.DRAFT,) else timezone.now(),
        scope_path=enterprise.scope_path,
    )
    for n in range(patents):
        Patent.objects.create(
            achievement=achievement,
            type=Patent.Type.UTILITY,
            number=f"ZL{achievement.pk}{n}",
            status="granted",
        )
    return achievement


def verified_report(
    world, studio, year: int, *, problems=0, people=0, benefit="0", summary="年度总结"
) -> YearReport:
    """A report saved by the unit admin of the studio's unit (or the city's data path) and verified."""
    report = YearReport.objects.create(
        studio=studio,
        year=year,
        problems_solved=problems,
        people_trained=people,
        reported_benefit=Decimal(benefit),
        summary=summary,
        state=YearReport.State.SUBMITTED,
        scope_path=studio.scope_path,
    )
    return reports.verify_report(report=report, actor=world.users["city"], note="核实无误")


def make_rubric(year: int = 2019, criteria=None, *, excellent="60", qualified="30", revoke_after=2):
    return AssessmentRubric.objects.create(
        effective_year=year,
        criteria=criteria or RUBRIC_2019,
        excellent_from=Decimal(excellent),
        qualified_from=Decimal(qualified),
        revoke_after_unqualified=revoke_after,
    )


@pytest.fixture(name="city2")
def city2_fixture(world):
    """A second city admin (four-eyes)."""
    user = make_user("t_city2", (Role.CITY_ADMIN, world.city))
    world.users["city2"] = user
    return user


def plan_2019(world) -> dict:
    """The 2019 three-year plan as policy rows (amounts in fen)."""
    from innovation.studios.subsidies import services as subsidies

    city = world.users["city"]
    on = datetime.date(2019, 1, 1)
    doc = "锦州市总工会服务振兴发展加强职工创新创造三年工作方案（2019）"
    return {
        "naming_model": subsidies.policy_create(
            actor=city,
            kind=SubsidyPolicy.Kind.NAMING,
            studio_type="model_worker",
            levels=["city"],
            effective_from=on,
            amount_fen=3_000_000,
            use_scope=USE_SCOPE,
            document=doc,
        ),
        "naming_worker": subsidies.policy_create(
            actor=city,
            kind=SubsidyPolicy.Kind.NAMING,
            studio_type="worker",
            levels=["city"],
            effective_from=on,
            amount_fen=2_000_000,
            use_scope=USE_SCOPE,
            document=doc,
        ),
        "yearly": subsidies.policy_create(
            actor=city,
            kind=SubsidyPolicy.Kind.YEARLY,
            levels=["national", "provincial", "city"],
            effective_from=on,
            by_result_fen={"excellent": 2_000_000, "qualified": 1_000_000, "unqualified": 0},
            cap_fen=2_000_000,
            use_scope=USE_SCOPE,
            document=doc,
        ),
    }


def studio_line(world, year: int, amount_fen: int):
    return funds.line_create(
        actor=world.users["city"],
        union=world.city,
        year=year,
        kind=LineKind.STUDIO,
        name=f"{year}年工作室补助",
        amount_fen=amount_fen,
    )


def sheet(response) -> list[list]:
    wb = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


def table_rows(response) -> set[int]:
    return {r.pk for r in response.context["table"].data}
