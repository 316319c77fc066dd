"""金牌师徒 in the demo, for `seed_demo`, through the services and the workflow kernel.

- the city's policy rows: at most 3 apprentices per master (from 2018) and the 2020 prize
  standard, 3,000 yuan per master and 2,000 per apprentice;
- the report's pairs 孙健/王明帅 (锦州天晟重工有限公司 技术部, with 孙健's 1 invention + 9
  utility-model patents, 3 of them joint with 王明帅, and 王明帅's 2 of his own), 马志刚/陈恩奇 and
  高颖明/王亮 (锦州石化公司), and pairs of generated workers at 锦州石化公司, 大唐锦州热电 and
  天晟重工, with teaching records, the three kinds of training and skill-level promotions;
- 锦州石化公司's own 2020 selection (April–May, 6 of its pairs, two experts of the city's pool
  from other units each, decided by its union without prizes): its first three, 马志刚/陈恩奇 and
  高颖明/王亮 among them, go on to the city's selection as its internal winners;
- the city's 2020 selection (call at the end of May): 13 nominated, 11 awarded, 55,000 yuan
  committed and paid from 2020's 金牌师徒奖金 line (made by innovation.awards.demo); the 2021
  selection: 9 nominated, 8 awarded, 40,000 yuan from 2021's line; both decided by demo_city and
  demo_city2; the awarded agreements were completed (出师) the year after;
- this year's agreements in force, one master with two apprentices (一师多徒) and two masters
  with one apprentice (多师带徒) among them, ending after today (nothing waits on a home page).

The unit admins of innovation.accounts.demo act for their units (demo_unit_tiansheng for 天晟重工).
Deterministic; idempotent: when the 2020 selection exists nothing is done. It runs after the
studios (their random draws must not see these rows) and before this year's items.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from innovation.accounts.models import User
from innovation.accounts.roles import Role
from innovation.core import workflow as kernel
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.models import Enterprise, SkillLevel, TradeUnion, Worker

from . import services
from .models import (
    ApprenticeCapPolicy,
    Level,
    NominationState,
    PairPrizePolicy,
    PairScore,
    Party,
    Selection,
    TargetKind,
)

CITY = "锦州市总工会"
TIANSHENG, PETRO, DATANG = "锦州天晟重工有限公司", "锦州石化公司", "辽宁大唐国际锦州热电有限责任公司"
UNIT_ADMINS = {PETRO: "demo_unit_petro", DATANG: "demo_unit_datang", TIANSHENG: "demo_unit_tiansheng"}
RUBRIC = [
    {"key": "skill", "label": "技能等级提升", "weight": 40, "max": 100},
    {"key": "innovation", "label": "创新创效成果", "weight": 40, "max": 100},
    {"key": "teaching", "label": "传帮带成效", "weight": 20, "max": 100},
]
# (unit, master, apprentice); None: the unit's next generated worker.
PAIRS_2020 = [
    (TIANSHENG, "孙健", "王明帅"),
    (PETRO, "马志刚", "陈恩奇"),
    (PETRO, "高颖明", "王亮"),
] + [
    (unit, None, None)
    for unit in (PETRO, DATANG, TIANSHENG, PETRO, DATANG, PETRO, DATANG, TIANSHENG, PETRO, DATANG)
]
PAIRS_2021 = [(unit, None, None) for unit in (PETRO, DATANG, TIANSHENG) * 3]
SUNJIAN_PATENTS = [
    ("invention", "ZL201710352418.6", "一种硅铁矿热炉短网水冷补偿装置", "master"),
    ("utility", "ZL201620418735.2", "电炉炉盖吊装定位工装", "master"),
    ("utility", "ZL201620977241.9", "矿热炉电极把持器检修平台", "master"),
    ("utility", "ZL201720315862.4", "大型铸件翻转支撑装置", "master"),
    ("utility", "ZL201720884517.X", "桥式起重机主梁焊接变形矫正夹具", "master"),
    ("utility", "ZL201820152306.7", "数控镗铣床工件快速找正装置", "master"),
    ("utility", "ZL201820736914.1", "电炉变压器二次出线铜排冷却结构", "master"),
    ("utility", "ZL201920281463.5", "63MVA硅铁电炉短网布置结构", "joint"),
    ("utility", "ZL201920644028.3", "矿热炉烟罩分段拼装结构", "joint"),
    ("utility", "ZL201921035776.8", "电炉料管导向支架", "joint"),
    ("utility", "ZL201920517390.6", "炉体钢结构焊接坡口检测尺", "apprentice"),
    ("utility", "ZL202020098251.4", "电炉总装吊耳可调连接件", "apprentice"),
]
LEVELS = [SkillLevel.JUNIOR, SkillLevel.INTERMEDIATE, SkillLevel.SENIOR, SkillLevel.TECHNICIAN]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Workers:
    """The generated workers of the units (without accounts, not the report's people), the
    latest first, handed out once each."""

    def __init__(self):
        self.used: set[int] = set()

    def named(self, unit: Enterprise, name: str) -> Worker:
        worker = Worker.objects.get(enterprise=unit, name=name)
        self.used.add(worker.pk)
        return worker

    def next(self, unit: Enterprise, below: str | None = None) -> Worker:
        rows = Worker.objects.filter(enterprise=unit, is_active=True, user__isnull=True).exclude(
            pk__in=self.used
        )
        if below is not None:
            rows = rows.filter(skill_level__in=LEVELS[: LEVELS.index(below)] + [""])
        worker = rows.order_by("-id").first()
        self.used.add(worker.pk)
        return worker


def _unit_admin(unit: Enterprise) -> User:
    return User.objects.get(username=UNIT_ADMINS[unit.name])


def _recommender(unit: Enterprise, city_admin: User) -> User:
    union = unit.union.parent
    while union is not None and union.kind not in (TradeUnion.Kind.DISTRICT, TradeUnion.Kind.CITY):
        union = union.parent
    if union is None or union.kind == TradeUnion.Kind.CITY:
        return city_admin
    return (
        User.objects.filter(
            username__startswith="demo_", grants__role=Role.DISTRICT_ADMIN, grants__node=union
        ).first()
        or city_admin
    )


def _agreement(actor, unit, masters, apprentices, start, end, *, target_level=None):
    agreement = services.agreement_create(
        actor=actor, enterprise=unit, start_on=start, end_on=end, masters=masters, apprentices=apprentices
    )
    for apprentice in apprentices:
        services.target_add(
            actor=actor,
            agreement=agreement,
            kind=TargetKind.SKILL_LEVEL,
            apprentice=apprentice,
            skill_level=target_level or SkillLevel.SENIOR,
            due_on=end,
        )
    services.target_add(
        actor=actor, agreement=agreement, kind=TargetKind.TRAINING_HOURS, quantity=120, due_on=end
    )
    for party in Party.objects.filter(agreement=agreement):
        services.party_sign(actor=actor, party=party, signed_on=start - datetime.timedelta(days=7))
    kernel.run(obj=agreement, step="approve", actor=actor, now=_at(start - datetime.timedelta(days=3)))
    kernel.run(obj=agreement, step="start", actor=actor, now=_at(start))
    agreement.refresh_from_db()
    return agreement


def _progress(actor, agreement, start, i, *, promote=True):
    apprentices = [p.worker for p in agreement.parties.filter(side="apprentice").select_related("worker")]
    kinds = ["onboarding", "adaptive", "upskilling"]
    for k, kind in enumerate(kinds):
        services.training_add(
            actor=actor,
            agreement=agreement,
            kind=kind,
            hours=[16, 24, 40][k],
            on=start + datetime.timedelta(days=10 + 60 * k),
            content=["安全规程与岗位职责", "设备结构与操作规程", "故障诊断与技改方法"][k],
        )
    for m in range(4):
        services.teaching_add(
            actor=actor,
            agreement=agreement,
            on=start + datetime.timedelta(days=20 + 45 * m),
            kind="session" if m % 2 == 0 else "task",
            hours=4 + (m + i) % 4,
            content=["岗位操作要领讲解", "设备点检现场带教", "技术难题联合攻关", "创新项目方案评审"][m],
        )
    if promote:
        for n, apprentice in enumerate(apprentices):
            current = apprentice.skill_level
            if current and current not in LEVELS[:-1]:
                continue
            to = LEVELS[LEVELS.index(current) + 1] if current else SkillLevel.JUNIOR
            services.skill_change_record(
                actor=actor,
                agreement=agreement,
                worker=apprentice,
                to_level=to,
                certificate_no=f"S{start.year}2107{agreement.pk:04d}{n}",
                on=start + datetime.timedelta(days=200),
            )


def _parties(spec, workers: _Workers):
    unit_name, master, apprentice = spec
    unit = Enterprise.objects.get(name=unit_name)
    m = workers.named(unit, master) if master else workers.next(unit)
    a = workers.named(unit, apprentice) if apprentice else workers.next(unit, below=SkillLevel.TECHNICIAN)
    return unit, m, a


def _internal(unit_name, year, agreements, *, opens) -> dict:
    """The unit's own selection among its pairs (scored by two experts of the city's pool from
    other units, decided by the unit without prizes): its first three go on to the city's."""
    unit = Enterprise.objects.get(name=unit_name)
    actor = _unit_admin(unit)
    selection = services.selection_create(
        actor=actor,
        level=Level.ENTERPRISE,
        union=unit.union,
        enterprise=unit,
        year=year,
        title=f"{unit.name}{year}年“金牌师徒”内部评选",
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=20),
        quota=3,
        criteria=RUBRIC,
        experts_per_item=2,
    )
    mine = [a for a, _actor in agreements if a.enterprise_id == unit.pk]
    nominations = [
        services.nominate(
            actor=actor,
            selection=selection,
            agreement=agreement,
            summary="车间推荐：带教记录完整，徒弟技能等级晋升。",
            now=_at(opens + datetime.timedelta(days=5)),
        )
        for agreement in mine
    ]
    closes = selection.closes_on + datetime.timedelta(days=1)
    services.selection_step(actor=actor, selection=selection, step="close_call", now=_at(closes))
    services.experts_auto_assign(actor=actor, selection=selection)
    order = {n.pk: i for i, n in enumerate(nominations)}
    for sheet in PairScore.objects.filter(nomination__selection=selection).select_related("expert__user"):
        i = order[sheet.nomination_id]
        services.score_submit(
            actor=sheet.expert.user,
            sheet=sheet,
            scores={"skill": 95 - 3 * i, "innovation": 92 - 3 * i, "teaching": 88 - 2 * i},
            notes="查阅带教、培训记录和技能等级证书。",
            now=_at(closes + datetime.timedelta(days=3)),
        )
    day = closes + datetime.timedelta(days=5)
    services.selection_step(actor=actor, selection=selection, step="rank", now=_at(day))
    services.selection_step(actor=actor, selection=selection, step="decide", now=_at(day, 14))
    services.selection_step(
        actor=actor, selection=selection, step="publish", now=_at(day + datetime.timedelta(days=1))
    )
    services.selection_step(
        actor=actor, selection=selection, step="finalise", now=_at(day + datetime.timedelta(days=8))
    )
    return {
        n.agreement_id: n
        for n in selection.nominations.filter(state=NominationState.AWARDED).select_related("selection")
    }


def _selection(year, quota, specs, workers, city_admin, second, city, *, opens, pair_start):
    line = BudgetLine.objects.get(union=city, year=year, kind=LineKind.MASTER_APPRENTICE)
    selection = services.selection_create(
        actor=city_admin,
        level=Level.CITY,
        union=city,
        year=year,
        title=f"{year}年锦州市“金牌师徒”创新创效奖评选",
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=33),
        quota=quota,
        criteria=RUBRIC,
    )
    services.budget_line_set(actor=city_admin, selection=selection, line=line)
    agreements = []
    for i, spec in enumerate(specs):
        unit, master, apprentice = _parties(spec, workers)
        actor = _unit_admin(unit)
        agreement = _agreement(
            actor, unit, [master], [apprentice], pair_start, datetime.date(year + 1, 6, 30)
        )
        _progress(actor, agreement, pair_start, i, promote=apprentice.name != "王明帅")
        if master.name == "孙健":
            for type_, number, title, holder in SUNJIAN_PATENTS:
                services.patent_add(
                    actor=actor, agreement=agreement, type=type_, number=number, title=title, holder=holder
                )
        agreements.append((agreement, actor))
    # 锦州石化公司 chose its candidates in its own selection first (2020)
    sources = (
        _internal(PETRO, year, agreements, opens=opens - datetime.timedelta(days=40)) if year == 2020 else {}
    )
    nominated = opens + datetime.timedelta(days=12)
    nominations = []
    for agreement, actor in agreements:
        source = sources.get(agreement.pk)
        nomination = services.nominate(
            actor=actor,
            selection=selection,
            agreement=agreement,
            summary=(f"企业内部评选第{source.rank}名。" if source else "")
            + "徒弟技能等级晋升，师徒联合完成技术革新和专利。",
            source=source,
            now=_at(nominated),
        )
        services.nomination_step(
            actor=_recommender(agreement.enterprise, city_admin),
            nomination=nomination,
            step="recommend",
            reason="同意推荐",
            now=_at(nominated + datetime.timedelta(days=5)),
        )
        nominations.append(nomination)
    closes = selection.closes_on + datetime.timedelta(days=1)
    services.selection_step(actor=city_admin, selection=selection, step="close_call", now=_at(closes))
    services.experts_auto_assign(actor=city_admin, selection=selection)
    rank_of = {n.pk: i for i, n in enumerate(nominations)}
    for sheet in (
        PairScore.objects.filter(nomination__selection=selection)
        .select_related("expert__user")
        .order_by("pk")
    ):
        i = rank_of[sheet.nomination_id]
        services.score_submit(
            actor=sheet.expert.user,
            sheet=sheet,
            scores={"skill": 96 - 2 * i, "innovation": 94 - 2 * i, "teaching": 90 - i},
            notes="现场考察：带教记录、培训记录和专利证书齐全。",
            now=_at(closes + datetime.timedelta(days=10)),
        )
    day = closes + datetime.timedelta(days=20)
    services.selection_step(actor=city_admin, selection=selection, step="rank", now=_at(day))
    services.selection_step(actor=city_admin, selection=selection, step="approve", now=_at(day, 14))
    services.selection_step(
        actor=second, selection=selection, step="approve", now=_at(day + datetime.timedelta(days=1))
    )
    services.selection_step(
        actor=city_admin, selection=selection, step="publish", now=_at(day + datetime.timedelta(days=2))
    )
    services.selection_step(
        actor=city_admin, selection=selection, step="finalise", now=_at(day + datetime.timedelta(days=9))
    )
    services.prizes_pay_all(
        actor=city_admin,
        selection=selection,
        paid_on=day + datetime.timedelta(days=20),
        voucher_prefix=f"JSSJ{year}",
    )
    # 出师 the year after (the agreements then run no more)
    for agreement, actor in agreements:
        agreement.refresh_from_db()
        kernel.run(
            obj=agreement,
            step="complete",
            actor=actor,
            now=_at(datetime.date(year + 1, 6, 30)),
            result="excellent" if rank_of.get(agreement.pk, 0) < 3 else "qualified",
            on=datetime.date(year + 1, 6, 28),
            notes="完成协议目标，考核合格，准予出师。",
        )
    return selection


def _this_year(workers, today):
    start = today - datetime.timedelta(days=240)
    end = today + datetime.timedelta(days=730)
    petro, datang, tiansheng = (Enterprise.objects.get(name=n) for n in (PETRO, DATANG, TIANSHENG))
    shapes = [
        (datang, 1, 2),  # 一师多徒
        (petro, 2, 1),  # 多师带徒
        (tiansheng, 1, 1),
        (petro, 1, 1),
        (datang, 1, 1),
    ]
    for i, (unit, masters, apprentices) in enumerate(shapes):
        actor = _unit_admin(unit)
        m = [workers.next(unit) for _ in range(masters)]
        a = [workers.next(unit, below=SkillLevel.TECHNICIAN) for _ in range(apprentices)]
        agreement = _agreement(actor, unit, m, a, start, end)
        _progress(actor, agreement, start, i)


def seed(stdout=None) -> dict:
    city = TradeUnion.objects.get(name=CITY, kind=TradeUnion.Kind.CITY)
    if Selection.objects.filter(level=Level.CITY, union=city, year=2020).exists():
        return {}
    city_admin = User.objects.get(username="demo_city")
    second = User.objects.get(username="demo_city2")
    workers = _Workers()
    with transaction.atomic():
        if not ApprenticeCapPolicy.objects.exists():
            services.cap_policy_add(
                actor=city_admin,
                effective_from=datetime.date(2018, 1, 1),
                max_apprentices=3,
                note="锦州市金牌师徒管理办法",
            )
        if not PairPrizePolicy.objects.filter(effective_from=datetime.date(2020, 1, 1)).exists():
            services.prize_policy_add(
                actor=city_admin,
                effective_from=datetime.date(2020, 1, 1),
                master_fen=300_000,
                apprentice_fen=200_000,
                note="2020年起：师傅每人3000元，徒弟每人2000元",
            )
        s2020 = _selection(
            2020,
            11,
            PAIRS_2020,
            workers,
            city_admin,
            second,
            city,
            opens=datetime.date(2020, 5, 28),
            pair_start=datetime.date(2018, 3, 1),
        )
        s2021 = _selection(
            2021,
            8,
            PAIRS_2021,
            workers,
            city_admin,
            second,
            city,
            opens=datetime.date(2021, 5, 25),
            pair_start=datetime.date(2019, 3, 1),
        )
        _this_year(workers, timezone.localdate())
    summary = {"2020": s2020.awards.count(), "2021": s2021.awards.count()}
    if stdout is not None:
        stdout.write(f"  pairs: 2020 {summary['2020']} certificates, 2021 {summary['2021']} certificates")
    return summary
