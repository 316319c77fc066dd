"""A competition built through the services, as the city, the units and the judges would."""

import datetime
from decimal import Decimal

from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.competitions import services
from innovation.competitions.models import Aspect, Competition, Occupation, Registration
from innovation.experts.models import ExpertProfile
from innovation.org.models import Worker

from ..factories import make_user, make_worker, new_id_number

TODAY = timezone.localdate()
YEAR = TODAY.year
DESCRIPTORS = {
    "0": "未完成或严重不符合要求",
    "1": "基本完成，存在明显缺陷",
    "2": "完成良好，偶有瑕疵",
    "3": "完成出色，达到行业示范水平",
}
# A forklift scheme: two sections (60 + 40), measurements and one judgement aspect.
SCHEME = [
    {
        "code": "A",
        "title": "场地驾驶",
        "weight": 60,
        "aspects": [
            {"code": "A1", "title": "绕桩行驶", "kind": "measurement", "max_points": 10},
            {"code": "A2", "title": "叉取货物", "kind": "measurement", "max_points": "5.5"},
        ],
    },
    {
        "code": "B",
        "title": "安全操作",
        "weight": 40,
        "aspects": [
            {
                "code": "B1",
                "title": "安全规范",
                "kind": "judgement",
                "max_points": 6,
                "descriptors": DESCRIPTORS,
            }
        ],
    },
]


def competition(world, *, opens=None, closes=None, starts=None, title=None) -> Competition:
    opens = opens or TODAY - datetime.timedelta(days=10)
    closes = closes or TODAY + datetime.timedelta(days=10)
    starts = starts or closes + datetime.timedelta(days=5)
    return services.competition_create(
        actor=world.users["city"],
        union=world.city,
        year=YEAR,
        title=title or f"{YEAR}年锦州市叉车职业技能大赛",
        venue="锦州市职业技术学院",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=1),
        registration_opens_on=opens,
        registration_closes_on=closes,
    )


def occupation(world, comp: Competition, *, code="FL", quota=2, scheme=SCHEME, **values) -> Occupation:
    occ = services.occupation_create(
        actor=world.users["city"],
        competition=comp,
        code=code,
        title="叉车司机",
        quota_per_unit=quota,
        **values,
    )
    if scheme is not None:
        services.scheme_set(actor=world.users["city"], occupation=occ, sections=scheme)
    return occ


def open_event(world, **kw) -> tuple[Competition, Occupation]:
    comp = competition(world, **kw)
    occ = occupation(world, comp)
    services.competition_step(actor=world.users["city"], competition=comp, step="open_registration")
    return comp, occ


def contestant(world, unit_key="yx_a", *, name=None, birth_year=1990, skill_level="4") -> Worker:
    unit = world.units[unit_key]
    return make_worker(
        unit,
        name,
        skill_level=skill_level,
        id_number=new_id_number(unit.region.code[:6], birth_year=birth_year),
    )


def confirmed(world, occ: Occupation, workers) -> list[Registration]:
    regs = []
    for worker in workers:
        reg = services.register(actor=unit_admin(world, worker.enterprise), occupation=occ, worker=worker)
        services.registration_step(actor=world.users["city"], registration=reg, step="confirm")
        reg.refresh_from_db()
        regs.append(reg)
    return regs


_unit_admins: dict = {}


def unit_admin(world, enterprise):
    if enterprise.pk == world.units["yx_a"].pk:
        return world.users["unit"]
    from innovation.accounts.models import User

    username = f"t_unit_{enterprise.pk}"
    found = User.objects.filter(username=username).first()
    return found or make_user(username, (Role.UNIT_ADMIN, enterprise.union))


def judge(world, key: str, *, employer=None) -> ExpertProfile:
    user = make_user(f"t_judge_{key}", (Role.EXPERT, None))
    return ExpertProfile.objects.create(
        user=user, name=f"裁判{key}", union=world.city, employer=employer, fields=[]
    )


def panel(world, occ: Occupation, *, employers=(None, None, None)):
    """Three judges of the pool: the first is the chief; all mark every aspect."""
    aspects = list(Aspect.objects.filter(occupation=occ))
    made = []
    for i, employer in enumerate(employers):
        expert = judge(world, f"{occ.pk}_{i}", employer=employer)
        made.append(
            services.judge_assign(
                actor=world.users["city"], occupation=occ, expert=expert, aspects=aspects, chief=(i == 0)
            )
        )
    return made


def started(world, workers_by_unit=(("hs_a", 2),), employers=(None, None, None)):
    """A running event: confirmed contestants of the given units, a panel of three, started."""
    comp, occ = open_event(world)
    workers = [contestant(world, key) for key, n in workers_by_unit for _i in range(n)]
    regs = confirmed(world, occ, workers)
    judges = panel(world, occ, employers=employers)
    city = world.users["city"]
    services.competition_step(actor=city, competition=comp, step="close_registration")
    services.competition_step(actor=city, competition=comp, step="start")
    comp.refresh_from_db()
    return comp, occ, regs, judges


def mark_all(occ: Occupation, regs, judges, values=None):
    """Every judge marks every aspect of every contestant (values: aspect code → value)."""
    values = values or {"A1": Decimal("8"), "A2": Decimal("5"), "B1": 2}
    for assignment in judges:
        for reg in regs:
            for aspect in Aspect.objects.filter(occupation=occ):
                services.mark_enter(
                    actor=assignment.judge, registration=reg, aspect=aspect, value=values[aspect.code]
                )
