"""The demo's years: the yearly reports, the subsidy policies and rounds (approved by two city admins, committed and paid), and the alliances."""

import random
from decimal import Decimal

from innovation.accounts.models import User
from innovation.achievements.models import Achievement, Field
from innovation.core import workflow as kernel
from innovation.funds import amendments
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.models import TradeUnion

from ..models import (
    Alliance,
    AllianceProject,
    Studio,
    StudioLevel,
    StudioType,
    SubsidyLine,
    SubsidyPolicy,
    YearReport,
)
from ..subsidies import services as subsidies
from .data import (
    CITY_PATH,
    GAO,
    PLAN,
    PLAN_REVISED,
    STUDIO_INCREASES,
    STUDIO_LINES,
    USE_SCOPE,
    moment,
    on_day,
)


def seed_reports(studios: list[Studio], rng: random.Random, city_admin: User) -> None:
    """Verified yearly reports 2018–2021 of the studios named before each year."""
    incubated = set(Achievement.objects.filter(studio__isnull=False).values_list("studio_id", flat=True))
    rows = []
    for studio in studios:
        for year in range(2018, 2022):
            if studio.named_year >= year:
                continue
            draw = rng.random()
            if draw < 0.25:  # an excellent year
                solved, trained, benefit = (
                    rng.randint(6, 10),
                    rng.randint(200, 400),
                    rng.randint(250, 600) * 10_000,
                )
            elif draw < 0.93 or studio.pk in incubated:
                solved, trained, benefit = (
                    rng.randint(3, 5),
                    rng.randint(80, 160),
                    rng.randint(20, 80) * 10_000,
                )
            else:  # a thin year
                solved, trained, benefit = 0, rng.randint(10, 30), 0
            summary = f"{year}年开展技术攻关{solved}项，培训职工{trained}人次。"
            if studio.leader.name == GAO[1] and year == 2021:
                solved, benefit = max(solved, 6), 5_960_000
                summary = (
                    "为提高重石脑油和航煤收率，带领工作室成员优化操作法、实行卡边操作，航煤产量多产2吨/小时，"
                    "每年仅此一项就为企业多创效益近600万元；老师傅“传、帮、带”，青年职工“学、比、超”。"
                )
            report = YearReport(
                studio=studio,
                year=year,
                problems_solved=solved,
                people_trained=trained,
                reported_benefit=Decimal(benefit),
                summary=summary,
                submitted_by=city_admin,
                verified_by=city_admin,
                verified_at=moment(year, 12, 20),
                verify_note="经核实，数据属实。",
                scope_path=studio.scope_path,
            )
            steps = [
                (
                    "submit",
                    YearReport.State.DRAFT,
                    YearReport.State.SUBMITTED,
                    city_admin,
                    "",
                    moment(year, 12, 10),
                ),
                (
                    "verify",
                    YearReport.State.SUBMITTED,
                    YearReport.State.VERIFIED,
                    city_admin,
                    report.verify_note,
                    report.verified_at,
                ),
            ]
            rows.append((report, steps))
    kernel.load_history(YearReport, rows)


def seed_policies(city_admin: User) -> None:
    plan_from = on_day(2019, 1, 1)
    subsidies.policy_create(
        actor=city_admin,
        kind=SubsidyPolicy.Kind.NAMING,
        studio_type=StudioType.MODEL_WORKER,
        levels=[StudioLevel.CITY],
        effective_from=plan_from,
        amount_fen=3_000_000,
        use_scope=USE_SCOPE,
        document=PLAN,
    )
    subsidies.policy_create(
        actor=city_admin,
        kind=SubsidyPolicy.Kind.NAMING,
        studio_type=StudioType.WORKER,
        levels=[StudioLevel.CITY],
        effective_from=plan_from,
        amount_fen=2_000_000,
        use_scope=USE_SCOPE,
        document=PLAN,
    )
    yearly = {
        "levels": [StudioLevel.NATIONAL, StudioLevel.PROVINCIAL, StudioLevel.CITY],
        "cap_fen": 2_000_000,
    }
    subsidies.policy_create(
        actor=city_admin,
        kind=SubsidyPolicy.Kind.YEARLY,
        effective_from=plan_from,
        by_result_fen={"excellent": 2_000_000, "qualified": 1_000_000, "unqualified": 0},
        use_scope=USE_SCOPE,
        document=PLAN,
        **yearly,
    )
    # The March revision: qualified studios get less, so that the new namings are funded.
    subsidies.policy_create(
        actor=city_admin,
        kind=SubsidyPolicy.Kind.YEARLY,
        effective_from=on_day(2021, 3, 1),
        by_result_fen={"excellent": 2_000_000, "qualified": 600_000, "unqualified": 0},
        use_scope=USE_SCOPE,
        document=PLAN_REVISED,
        **yearly,
    )


def seed_rounds(city: TradeUnion, city_admin: User, second: User) -> list[tuple[int, int, int]]:
    done = []
    for year, yuan in STUDIO_LINES.items():
        line = BudgetLine.objects.filter(
            union=city, year=year, kind=LineKind.STUDIO
        ).first() or funds.line_create(
            actor=city_admin,
            union=city,
            year=year,
            kind=LineKind.STUDIO,
            name=f"{year}年劳模和职工创新工作室补助",
            amount_fen=yuan * 100,
        )
        increase = STUDIO_INCREASES.get(year)
        if increase and not line.amendments.exists():
            amendments.amend(
                actor=city_admin, line=line, direction="increase", approved_by=second, **increase
            )
            line.refresh_from_db()
        round_ = subsidies.propose_round(
            union=city, year=year, budget_line=line, actor=city_admin, now=moment(year, 4, 15)
        )
        subsidies.approve_round(round=round_, actor=city_admin, now=moment(year, 4, 20))
        subsidies.approve_round(round=round_, actor=second, now=moment(year, 4, 21))
        for n, row in enumerate(SubsidyLine.objects.filter(round=round_).order_by("id"), start=1):
            subsidies.pay_line(
                line=row,
                amount_fen=row.amount_fen,
                paid_on=on_day(year, 6, 30),
                voucher_no=f"JZZGH-GZS-{year}-{n:04d}",
                actor=city_admin,
            )
        line.refresh_from_db()
        done.append((year, round_.lines.count(), line.paid_fen // 100))
    return done


def seed_alliances(studios: list[Studio]) -> None:
    petro = [s for s in studios if s.enterprise.industry == "C"][:6] or studios[:6]
    energy = [s for s in studios if s.field == Field.ENERGY][:5] or studios[6:11]
    for name, members, founded, project in (
        ("锦州市石化行业劳模创新工作室联盟", petro, on_day(2020, 6, 18), ("炼化装置节能降耗联合攻关", 2020)),
        ("锦州市节能减排创新工作室联盟", energy, on_day(2021, 4, 28), ("余热回收技术推广", 2021)),
    ):
        if len(members) < 2:
            continue
        alliance = Alliance.objects.create(
            name=name,
            lead=members[0],
            founded_on=founded,
            description="联盟内工作室共享设备和人才，联合开展技术攻关和“名师带徒”。",
            scope_path=CITY_PATH[0],
        )
        alliance.members.set(members)
        joint = AllianceProject.objects.create(
            alliance=alliance,
            title=project[0],
            year=project[1],
            result="形成操作法和改造方案，在成员企业推广应用。",
        )
        joint.studios.set(members[:3])
