"""A city selection built through the services, as the unions, the experts and the city would."""

import datetime

from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.experts.models import ExpertProfile
from innovation.funds import services as funds
from innovation.funds.models import LineKind
from innovation.pairs import services
from innovation.pairs.models import Level, PairPrizePolicy, PairScore

from ..factories import make_user, make_worker
from .builders import approved, cap

TODAY = timezone.localdate()
YEAR = TODAY.year
RUBRIC = [
    {"key": "skill", "label": "技能等级提升", "weight": 40, "max": 100},
    {"key": "innovation", "label": "创新成果", "weight": 40, "max": 100},
    {"key": "teaching", "label": "传帮带成效", "weight": 20, "max": 50},
]


def prize_2020() -> PairPrizePolicy:
    return PairPrizePolicy.objects.create(
        effective_from=datetime.date(2020, 1, 1),
        master_fen=300_000,
        apprentice_fen=200_000,
        note="2020年标准",
    )


def city_selection(
    world, *, quota=11, opens=TODAY - datetime.timedelta(days=30), closes=TODAY + datetime.timedelta(days=10)
):
    return services.selection_create(
        actor=world.users["city"],
        level=Level.CITY,
        union=world.city,
        year=YEAR,
        title=f"{YEAR}年锦州市金牌师徒创新创效奖",
        opens_on=opens,
        closes_on=closes,
        quota=quota,
        criteria=RUBRIC,
    )


def active_pairs(world, n: int, enterprise_key="yx_a"):
    """n active one-to-one pairs of the unit (new workers), approved and started by its union."""
    unit = world.users["unit"]
    enterprise = world.units[enterprise_key]
    if not cap_exists():
        cap(3)
    pairs = []
    for i in range(n):
        master = make_worker(enterprise, f"师傅{i + 1:02d}")
        apprentice = make_worker(enterprise, f"徒弟{i + 1:02d}")
        agreement = approved(unit, enterprise, [master], [apprentice])
        services.agreement_start(actor=unit, agreement=agreement)
        agreement.refresh_from_db()
        pairs.append(agreement)
    return pairs


def cap_exists() -> bool:
    from innovation.pairs.models import ApprenticeCapPolicy

    return ApprenticeCapPolicy.objects.exists()


def experts(world, n=2, employer=None):
    made = []
    for i in range(n):
        user = make_user(f"t_pair_expert_{i}_{employer.pk if employer else 0}", (Role.EXPERT, None))
        made.append(
            ExpertProfile.objects.create(
                user=user, name=f"专家{i + 1}", union=world.city, employer=employer, fields=["mechanical"]
            )
        )
    return made


def master_apprentice_line(world, yuan: int):
    return funds.line_create(
        actor=world.users["city"],
        union=world.city,
        year=YEAR,
        kind=LineKind.MASTER_APPRENTICE,
        name="金牌师徒奖金",
        amount_fen=yuan * 100,
    )


LATER = timezone.now() + datetime.timedelta(days=6)  # the notice (5 days) has ended


def full_marks(sheet, skill=90, innovation=80, teaching=40):
    return {"skill": skill, "innovation": innovation, "teaching": teaching}


def run_to_notice(world, pairs, selection, *, second_city):
    unit, county, city = world.users["unit"], world.users["yixian"], world.users["city"]
    nominations = [
        services.nominate(actor=unit, selection=selection, agreement=a, summary="技能等级晋升，联合专利3项")
        for a in pairs
    ]
    for n in nominations:
        services.nomination_step(actor=county, nomination=n, step="recommend", reason="同意推荐")
    services.selection_step(actor=city, selection=selection, step="close_call")
    assert services.experts_auto_assign(actor=city, selection=selection) == 2 * len(pairs)
    for i, sheet in enumerate(
        PairScore.objects.filter(nomination__selection=selection).select_related("expert")
    ):
        services.score_submit(
            actor=sheet.expert.user,
            sheet=sheet,
            scores=full_marks(sheet, skill=60 + i),
            notes="现场考察：带教记录齐全",
        )
    services.selection_step(actor=city, selection=selection, step="rank")
    services.selection_step(actor=city, selection=selection, step="approve")
    services.selection_step(actor=second_city, selection=selection, step="approve")
    services.selection_step(actor=city, selection=selection, step="publish")
    return nominations
