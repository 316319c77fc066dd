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

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from innovation.accounts.models import User
from innovation.achievements.models import Achievement, DemonstrationPost, Field
from innovation.core import workflow as kernel
from innovation.funds import amendments
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.models import Honour, SkillLevel, TradeUnion, Worker

from . import assessment, subsidies
from .models import (
    Alliance,
    AllianceProject,
    Member,
    Naming,
    Studio,
    StudioLevel,
    StudioType,
    SubsidyLine,
    SubsidyPolicy,
    YearReport,
)

SEED = 20190315
CITY_UNION = "锦州市总工会"
PROVINCE = "辽宁省总工会"
# (type, level) -> how many; the report's 91.
COUNTS = {
    (StudioType.MODEL_WORKER, StudioLevel.PROVINCIAL): 12,
    (StudioType.WORKER, StudioLevel.PROVINCIAL): 18,
    (StudioType.MODEL_WORKER, StudioLevel.CITY): 36,
    (StudioType.WORKER, StudioLevel.CITY): 25,
}
INCUBATED = 406
UPGRADED_CITY_MODEL = 6  # city model-worker studios that were city worker studios before
PLAN = "锦州市总工会服务振兴发展加强职工创新创造三年工作方案（2019—2021年）"
PLAN_REVISED = PLAN + "（2021年3月修订）"
USE_SCOPE = "用于工作室设备购置、技术攻关、创新成果转化、职工培训和交流活动，不得用于发放个人奖金福利。"
STUDIO_LINES = {2019: 800_000, 2020: 1_000_000, 2021: 1_000_000}  # yuan: each year's base
# "今年…专门调增预算85万元": the 2021 increase on that year's base (document number and date are
# demo values; the report gives the amount only).
STUDIO_INCREASES = {
    2021: {
        "amount_fen": 85_000_000,
        "document_no": "锦工发〔2021〕9号",
        "decided_on": datetime.date(2021, 3, 10),
        "reason": "落实三年工作方案（2021年3月修订），专门调增劳模和职工创新工作室补助预算85万元，"
        "用于新命名工作室一次性补助和年度补助。",
    }
}
RUBRIC = [
    {"key": "incubated", "label": "孵化成果", "per_unit": 5, "max": 15},
    {"key": "patents", "label": "专利", "per_unit": 5, "max": 10},
    {"key": "problems_solved", "label": "技术攻关", "per_unit": 5, "max": 30},
    {"key": "people_trained", "label": "培训人次", "per_unit": 0.1, "max": 20},
    {"key": "benefit_wan", "label": "创效(万元)", "per_unit": 0.1, "max": 25},
]
GAO = ("锦州石化公司", "高颖明")
SUN = "孙洋"


def _date(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _doc(by_province: bool, year: int, n: int) -> str:
    return f"辽工发〔{year}〕{n}号" if by_province else f"锦工发〔{year}〕{n}号"


def _leaders(rng: random.Random):
    """Leaders by the honour each type requires: model workers for model-worker studios."""
    model_workers = list(
        Worker.objects.filter(honours__kind=Honour.Kind.MODEL_WORKER, is_active=True)
        .distinct()
        .select_related("enterprise")
        .order_by("id")
    )
    provincial = [w for w in model_workers if w.honours.filter(level__in=("national", "provincial")).exists()]
    others = [w for w in model_workers if w not in provincial]
    gao = next(w for w in model_workers if (w.enterprise.name, w.name) == GAO)
    sun = next(w for w in model_workers if w.name == SUN)
    provincial = [w for w in provincial if w.pk != gao.pk]
    others = [w for w in others if w.pk != sun.pk]
    rng.shuffle(provincial)
    rng.shuffle(others)
    model_prov = [gao, *provincial, *others][:12]
    rest = [w for w in [*provincial, *others] if w not in model_prov]
    model_city = [sun, *rest][:36]
    taken = {w.pk for w in model_prov + model_city}
    skilled = list(
        Worker.objects.filter(
            Q(honours__kind__in=(Honour.Kind.CRAFTSMAN, Honour.Kind.TECH_EXPERT, Honour.Kind.MAY_DAY_MEDAL))
            | Q(skill_level__in=(SkillLevel.SENIOR_TECHNICIAN, SkillLevel.TECHNICIAN)),
            is_active=True,
        )
        .exclude(pk__in=taken)
        .distinct()
        .select_related("enterprise")
        .order_by("id")
    )
    rng.shuffle(skilled)
    # Worker studios grow where innovation is busiest: units with the most filed achievements
    # first, at most two studios a unit.
    filed = dict(
        Achievement.objects.filter(submitted_at__isnull=False)
        .values_list("enterprise_id")
        .annotate(n=Count("id"))
    )
    skilled.sort(key=lambda w: -filed.get(w.enterprise_id, 0))
    hosts: dict[int, int] = {}
    for w in model_prov + model_city:
        hosts[w.enterprise_id] = hosts.get(w.enterprise_id, 0) + 1
    chosen = []
    for worker in skilled:
        if hosts.get(worker.enterprise_id, 0) < 2:
            chosen.append(worker)
            hosts[worker.enterprise_id] = hosts.get(worker.enterprise_id, 0) + 1
        if len(chosen) == 43:
            break
    return model_prov, model_city, chosen[:18], chosen[18:43]


def _first_years(rng: random.Random, kind: tuple, count: int) -> list[int]:
    if kind[1] == StudioLevel.PROVINCIAL:
        return [rng.choice((2013, 2014, 2015, 2016, 2017)) for _ in range(count)]
    return [rng.choice((2016, 2017, 2018, 2019, 2019, 2020, 2020, 2021)) for _ in range(count)]


def _make_studios(rng: random.Random, city_admin: User) -> list[Studio]:
    model_prov, model_city, worker_prov, worker_city = _leaders(rng)
    plan = [
        ((StudioType.MODEL_WORKER, StudioLevel.PROVINCIAL), model_prov),
        ((StudioType.WORKER, StudioLevel.PROVINCIAL), worker_prov),
        ((StudioType.MODEL_WORKER, StudioLevel.CITY), model_city),
        ((StudioType.WORKER, StudioLevel.CITY), worker_city),
    ]
    doc_no = {}
    on_roster: set[int] = set()
    studios = []
    for (studio_type, level), leaders in plan:
        assert len(leaders) == COUNTS[(studio_type, level)], (studio_type, level, len(leaders))
        years = _first_years(rng, (studio_type, level), len(leaders))
        for index, (leader, first) in enumerate(zip(leaders, years, strict=True)):
            if (leader.enterprise.name, leader.name) == GAO:
                first = 2014
            if leader.name == SUN:
                first = 2019
            kind_name = "劳模创新工作室" if studio_type == StudioType.MODEL_WORKER else "职工创新工作室"
            # The city's namings; a provincial studio was the city's first, then the province's.
            steps = []
            upgraded = (
                studio_type == StudioType.MODEL_WORKER
                and level == StudioLevel.CITY
                and (index < UPGRADED_CITY_MODEL and first <= 2019)
            )
            if upgraded:
                steps.append((StudioType.WORKER, StudioLevel.CITY, first))
                steps.append((studio_type, StudioLevel.CITY, first + rng.choice((1, 2))))
            else:
                steps.append((studio_type, StudioLevel.CITY, first))
            if level == StudioLevel.PROVINCIAL:
                steps.append((studio_type, StudioLevel.PROVINCIAL, min(2021, first + rng.choice((2, 3, 4)))))
            # Each naming's document, numbered once; the studio's current naming (type, level,
            # document) is its highest one, the last step: one number, in both places.
            documents = []
            for _step_type, step_level, year in steps:
                province = step_level == StudioLevel.PROVINCIAL
                doc_no[(province, year)] = doc_no.get((province, year), 0) + 1
                documents.append(
                    (
                        _doc(province, year, 10 + doc_no[(province, year)]),
                        PROVINCE if province else CITY_UNION,
                    )
                )
            last_type, last_level, _last_year = steps[-1]
            studio = Studio.objects.create(
                name=f"{leader.name}{kind_name}",
                type=last_type,
                level=last_level,
                enterprise=leader.enterprise,
                leader=leader,
                field=rng.choice([f for f in Field.values if f != Field.OTHER]),
                founded_on=_date(first - 1, rng.randint(3, 11), rng.randint(1, 28)),
                named_year=first,
                document_no=documents[-1][0],
                named_by=documents[-1][1],
                address=leader.enterprise.address or leader.enterprise.name,
            )
            for n, ((step_type, step_level, year), (document_no, named_by)) in enumerate(
                zip(steps, documents, strict=True)
            ):
                Naming.objects.create(
                    studio=studio,
                    type=step_type,
                    level=step_level,
                    year=year,
                    document_no=document_no,
                    named_by=named_by,
                    named_on=_date(year, 4 if step_level == StudioLevel.PROVINCIAL else 5, 1 + n),
                    certificate_code=f"GZS{studio.pk:05d}{n}",
                    recorded_by=city_admin,
                )
            joined = _date(first, 5, 1)
            Member.objects.create(studio=studio, worker=leader, role=Member.Role.LEADER, joined_on=joined)
            on_roster.add(leader.pk)
            studios.append(studio)
    # Rosters: co-workers of the leader's unit, one roster each (the rubric's rule).
    for studio in studios:
        pool = list(
            Worker.objects.filter(enterprise=studio.enterprise, is_active=True)
            .exclude(pk__in=on_roster)
            .order_by("id")[:40]
        )
        wanted = []
        if studio.leader.name == GAO[1]:
            wanted = [w for w in pool if w.name == "王亮"]
        rng.shuffle(pool)
        for worker in (wanted + [w for w in pool if w not in wanted])[: rng.randint(3, 7)]:
            Member.objects.create(
                studio=studio,
                worker=worker,
                role=Member.Role.CORE if rng.random() < 0.4 else Member.Role.MEMBER,
                joined_on=_date(studio.named_year, rng.randint(5, 12), rng.randint(1, 28)),
            )
            on_roster.add(worker.pk)
    # Lineage: the demonstration posts of the roster named before the studio, and studios that
    # grew out of an earlier one of the same unit.
    for studio in studios:
        posts = DemonstrationPost.objects.filter(
            enterprise=studio.enterprise,
            year__lte=studio.named_year,
            workers__in=studio.members.values("worker_id"),
        ).distinct()
        studio.demonstration_posts.set(posts)
        earlier = (
            Studio.objects.filter(enterprise=studio.enterprise, named_year__lt=studio.named_year)
            .exclude(pk=studio.pk)
            .order_by("named_year", "id")
            .first()
        )
        if (
            earlier is not None
            and studio.type == StudioType.MODEL_WORKER
            and earlier.type == StudioType.WORKER
        ):
            studio.grew_from = earlier
            studio.save(update_fields=["grew_from"])
    return studios


def _incubate(studios: list[Studio]) -> int:
    """Link each studio's unit's filed achievements from its naming year on, until 406."""
    linked = 0
    by_unit: dict[int, list[Studio]] = {}
    for studio in sorted(studios, key=lambda s: (s.named_year, s.pk)):
        by_unit.setdefault(studio.enterprise_id, []).append(studio)
    items = (
        Achievement.objects.filter(enterprise_id__in=by_unit, submitted_at__isnull=False, studio__isnull=True)
        .select_related("campaign")
        .order_by("campaign__year", "id")
    )
    members = {
        s.pk: set(s.members.values_list("worker_id", flat=True)) for unit in by_unit.values() for s in unit
    }
    for item in items:
        if linked >= INCUBATED:
            break
        # A studio incubates from the year its team formed (founded the year before its naming).
        candidates = [s for s in by_unit[item.enterprise_id] if s.founded_on.year <= item.campaign.year]
        if not candidates:
            continue
        authors = set(item.authors.exclude(worker__isnull=True).values_list("worker_id", flat=True))
        studio = next((s for s in candidates if authors & members[s.pk]), candidates[0])
        Achievement.objects.filter(pk=item.pk).update(studio=studio)
        linked += 1
    # This year's draft of 高颖明 and 王亮 is being incubated in their studio too.
    gao = next(s for s in studios if s.leader.name == GAO[1] and s.enterprise.name == GAO[0])
    Achievement.objects.filter(title="常减压装置航煤馏分卡边操作优化", studio__isnull=True).update(studio=gao)
    return linked


def _reports(studios: list[Studio], rng: random.Random, city_admin: User) -> None:
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
                verified_at=_at(year, 12, 20),
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
                    _at(year, 12, 10),
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


def _policies(city_admin: User) -> None:
    plan_from = _date(2019, 1, 1)
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
        effective_from=_date(2021, 3, 1),
        by_result_fen={"excellent": 2_000_000, "qualified": 600_000, "unqualified": 0},
        use_scope=USE_SCOPE,
        document=PLAN_REVISED,
        **yearly,
    )


def _rounds(city: TradeUnion, city_admin: User, second: User) -> list[tuple[int, int, int]]:
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
            union=city, year=year, budget_line=line, actor=city_admin, now=_at(year, 4, 15)
        )
        subsidies.approve_round(round=round_, actor=city_admin, now=_at(year, 4, 20))
        subsidies.approve_round(round=round_, actor=second, now=_at(year, 4, 21))
        for n, row in enumerate(SubsidyLine.objects.filter(round=round_).order_by("id"), start=1):
            subsidies.pay_line(
                line=row,
                amount_fen=row.amount_fen,
                paid_on=_date(year, 6, 30),
                voucher_no=f"JZZGH-GZS-{year}-{n:04d}",
                actor=city_admin,
            )
        line.refresh_from_db()
        done.append((year, round_.lines.count(), line.paid_fen // 100))
    return done


def _alliances(studios: list[Studio]) -> None:
    petro = [s for s in studios if s.enterprise.industry == "C"][:6] or studios[:6]
    energy = [s for s in studios if s.field == Field.ENERGY][:5] or studios[6:11]
    for name, members, founded, project in (
        ("锦州市石化行业劳模创新工作室联盟", petro, _date(2020, 6, 18), ("炼化装置节能降耗联合攻关", 2020)),
        ("锦州市节能减排创新工作室联盟", energy, _date(2021, 4, 28), ("余热回收技术推广", 2021)),
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


CITY_PATH: list[str] = [""]


def seed(stdout=None) -> dict:
    if Studio.objects.exists():
        return {}
    rng = random.Random(SEED)
    city = TradeUnion.objects.get(name=CITY_UNION, kind=TradeUnion.Kind.CITY)
    CITY_PATH[0] = city.path
    city_admin = User.objects.get(username="demo_city")
    second = User.objects.get(username="demo_city2")
    with transaction.atomic():
        studios = _make_studios(rng, city_admin)
        linked = _incubate(studios)
        _reports(studios, rng, city_admin)
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
            assessment.run_assessment(year=year, actor=city_admin, now=_at(year + 1, 1, 15))
        _policies(city_admin)
        rounds = _rounds(city, city_admin, second)
        _alliances(studios)
    if stdout is not None:
        by = {(t, lv): n for t, lv, n in Studio.objects.values_list("type", "level").annotate(n=Count("id"))}
        stdout.write(
            f"  studios: {Studio.objects.count()} ("
            + ", ".join(f"{t}.{lv}: {n}" for (t, lv), n in sorted(by.items()))
            + f"); {linked} incubated achievements; subsidy rounds "
            + ", ".join(f"{y}: {n} lines, {paid} yuan paid" for y, n, paid in rounds)
        )
    return {"studios": len(studios), "incubated": linked}
