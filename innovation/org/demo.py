"""The Jinzhou demo organisation (called by `manage.py seed_demo`; safe to run again).

Units and people named in the report are created by name; hundreds of further units and
thousands of workers are generated deterministically (fixed random seed), so every run
produces the same organisation and a second run adds nothing.
"""

import random

from django.db import transaction

from innovation.core import pii

from . import services
from .demo_data import UNIT_CORES, UNIT_KINDS, UNIT_PREFIXES, id_number, person_name, phone_number, uscc
from .models import Enterprise, Honour, Region, SkillLevel, TradeUnion, Worker

CITY_CODE = "210700"
# The 9 county-level divisions (县、市、区) of Jinzhou. The two functional zones have no
# GB/T 2260 code of their own; 210771/210772 are this system's internal codes.
DIVISIONS = [
    ("210702", "古塔区"),
    ("210703", "凌河区"),
    ("210711", "太和区"),
    ("210726", "黑山县"),
    ("210727", "义县"),
    ("210781", "凌海市"),
    ("210782", "北镇市"),
    ("210771", "锦州经济技术开发区"),
    ("210772", "锦州松山新区"),
]
INDUSTRY_UNIONS = ["锦州市教育工会", "锦州市金融工会"]

# Units and people the report names: (unit, division code, size, industry, workers).
# Each worker: (name, post, skill level, gender, birth year, honours[(kind, level, year, title)]).
NAMED_UNITS = [
    (
        "辽宁大唐国际锦州热电有限责任公司",
        "210711",
        "large",
        "D",
        [("李营", "电气检修班", SkillLevel.TECHNICIAN, "M", 1984, [])],
    ),
    (
        "锦州石化公司",
        "210702",
        "large",
        "C",
        [
            (
                "高颖明",
                "常减压装置",
                SkillLevel.SENIOR_TECHNICIAN,
                "M",
                1972,
                [(Honour.Kind.MODEL_WORKER, Honour.Level.PROVINCIAL, 2015, "辽宁省劳动模范")],
            ),
            ("王亮", "常减压装置", SkillLevel.INTERMEDIATE, "M", 1995, []),
            ("马志刚", "催化裂化装置", SkillLevel.SENIOR_TECHNICIAN, "M", 1970, []),
            ("陈恩奇", "催化裂化装置", SkillLevel.SENIOR, "M", 1993, []),
        ],
    ),
    (
        "锦州天晟重工有限公司",
        "210711",
        "medium",
        "C",
        [
            ("孙健", "技术部", SkillLevel.TECHNICIAN, "M", 1980, []),
            ("王明帅", "技术部", SkillLevel.SENIOR, "M", 1992, []),
        ],
    ),
    ("锦州港股份有限公司", "210771", "large", "G", []),
]
PORT_CENTRE = "锦州港股份有限公司港口保障中心"
# The report names 孙洋 as a model worker leading a studio but not his unit; the demo places him
# in a generated unit (see README).
SUN_YANG = (
    "孙洋",
    "产品校验",
    SkillLevel.TECHNICIAN,
    "M",
    1978,
    [(Honour.Kind.MODEL_WORKER, Honour.Level.CITY, 2018, "锦州市劳动模范")],
)

GENERATED_UNITS = 320
SEED = 20190801  # the day the three-year plan was issued


def _region_tree() -> dict[str, Region]:
    province, _ = Region.objects.update_or_create(
        code="210000", defaults={"name": "辽宁省", "level": Region.Level.PROVINCE}
    )
    city, _ = Region.objects.update_or_create(
        code=CITY_CODE, defaults={"name": "锦州市", "level": Region.Level.CITY, "parent": province}
    )
    regions = {CITY_CODE: city}
    for sort, (code, name) in enumerate(DIVISIONS):
        regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": Region.Level.COUNTY, "parent": city, "sort": sort}
        )
    return regions


def _union(
    name: str, kind: str, parent: TradeUnion | None, region: Region | None, sort: int = 0
) -> TradeUnion:
    existing = TradeUnion.objects.filter(name=name, parent=parent).first()
    if existing:
        return existing
    return services.union_create(actor=None, name=name, kind=kind, parent=parent, region=region, sort=sort)


def _enterprise(name, parent_union, region, size, industry, rng, *, group=None, with_uscc=True) -> Enterprise:
    code = uscc(rng, region.code[:6])  # drawn on every run, so the random stream never shifts
    existing = Enterprise.objects.filter(name=name).select_related("union").first()
    if existing:
        return existing
    return services.enterprise_create(
        actor=None,
        parent_union=parent_union,
        name=name,
        size=size,
        industry=industry,
        region=region,
        group=group,
        uscc=code if with_uscc else None,
        address=f"辽宁省锦州市{region.name}",
    )


def _worker(enterprise: Enterprise, spec, rng: random.Random) -> Worker:
    name, post, skill, gender, birth_year, honours = spec
    number = id_number(rng, enterprise.region.code, birth_year=birth_year, gender=gender)
    phone = phone_number(rng)
    existing = Worker.objects.filter(enterprise=enterprise, name=name).first()
    if existing:
        return existing
    worker = services.worker_create(
        actor=None,
        enterprise=enterprise,
        name=name,
        post=post,
        skill_level=skill,
        gender=gender,
        birth_year=birth_year,
        id_number=number,
        phone=phone,
    )
    for kind, level, year, title in honours:
        services.honour_add(actor=None, worker=worker, kind=kind, level=level, year=year, title=title)
    return worker


def _unit_size(rng: random.Random) -> tuple[str, int]:
    roll = rng.random()
    if roll < 0.05:
        return "large", rng.randint(40, 70)
    if roll < 0.25:
        return "medium", rng.randint(18, 35)
    if roll < 0.70:
        return "small", rng.randint(8, 18)
    return "micro", rng.randint(3, 8)


@transaction.atomic
def seed(stdout=None) -> dict:
    rng = random.Random(SEED)
    regions = _region_tree()
    city_union = _union("锦州市总工会", TradeUnion.Kind.CITY, None, regions[CITY_CODE])
    district_unions = {}
    for sort, (code, name) in enumerate(DIVISIONS):
        district_unions[code] = _union(
            f"{name}总工会", TradeUnion.Kind.DISTRICT, city_union, regions[code], sort
        )
    industry_unions = [
        _union(name, TradeUnion.Kind.INDUSTRY, city_union, regions[CITY_CODE], 100 + i)
        for i, name in enumerate(INDUSTRY_UNIONS)
    ]

    named = {}
    for unit_name, code, size, industry, people in NAMED_UNITS:
        enterprise = _enterprise(
            unit_name, district_unions[code], regions[code], size, industry, rng, with_uscc=False
        )
        named[unit_name] = enterprise
        for spec in people:
            _worker(enterprise, spec, rng)
    port = named["锦州港股份有限公司"]
    centre = _enterprise(
        PORT_CENTRE, port.union, regions["210771"], "medium", "G", rng, group=port, with_uscc=False
    )
    named[PORT_CENTRE] = centre

    # Generated units: every division gets its share; schools and banks under the industry unions.
    generated = _generated_units(rng, regions, district_unions, industry_unions)
    sun_yang_unit = generated[0]
    _worker(sun_yang_unit, SUN_YANG, rng)
    _generated_workers(rng, list(named.values()) + generated)
    _generated_honours()
    return {
        "named": named,
        "city_union": city_union,
        "district_unions": district_unions,
        "sun_yang_unit": sun_yang_unit,
    }


def _generated_units(rng, regions, district_unions, industry_unions) -> list[Enterprise]:
    units = []
    # Names are drawn in a fixed order, so a second run draws the same names and finds them.
    used = {unit[0] for unit in NAMED_UNITS} | {PORT_CENTRE}
    codes = [code for code, _ in DIVISIONS]
    for index in range(GENERATED_UNITS):
        code = codes[index % len(codes)]
        suffix, industry, _posts = UNIT_KINDS[rng.randrange(len(UNIT_KINDS))]
        size, _ = _unit_size(rng)
        name = f"{rng.choice(UNIT_PREFIXES)}{rng.choice(UNIT_CORES)}{suffix}"
        while name in used:
            name = f"{rng.choice(UNIT_PREFIXES)}{rng.choice(UNIT_CORES)}{suffix}"
        used.add(name)
        units.append(_enterprise(name, district_unions[code], regions[code], size, industry, rng))
    for i in range(12):
        union = industry_unions[0] if i < 8 else industry_unions[1]
        code = codes[i % len(codes)]
        name = f"锦州市第{i + 1}中学" if i < 8 else f"锦州银行{regions[code].name}支行"
        units.append(_enterprise(name, union, regions[code], "medium", "P" if i < 8 else "J", rng))
    return units


def _generated_workers(rng: random.Random, units: list[Enterprise]) -> None:
    """Thousands of workers with valid, unique ID numbers; bulk-inserted (demo data, not audited)."""
    existing = set(Worker.objects.values_list("id_number_hash", flat=True))
    batch = []
    posts_for = {industry: posts for _s, industry, posts in UNIT_KINDS}
    for enterprise in units:
        size_rng = random.Random(f"{SEED}-{enterprise.name}")
        count = {"large": 60, "medium": 25, "small": 12, "micro": 5}[enterprise.size] + size_rng.randint(0, 8)
        posts = posts_for.get(enterprise.industry, ("教师", "会计", "柜员", "办事员"))
        if enterprise.industry == "P":
            posts = ("语文教师", "数学教师", "物理教师", "后勤管理员")
        elif enterprise.industry == "J":
            posts = ("柜员", "客户经理", "风险管理员")
        for _ in range(count):
            gender = size_rng.choice("MMF")
            birth_year = size_rng.randint(1965, 2003)
            number = id_number(size_rng, enterprise.region.code, birth_year=birth_year, gender=gender)
            # Every draw happens before the existence check, so a re-run walks the same stream.
            phone, name = phone_number(size_rng), person_name(size_rng)
            post, skill = size_rng.choice(posts), size_rng.choice("5544332221 ").strip()
            digest = pii.keyed_hash(number)
            if digest in existing:
                continue
            existing.add(digest)
            batch.append(
                Worker(
                    name=name,
                    gender=gender,
                    birth_year=birth_year,
                    enterprise=enterprise,
                    post=post,
                    skill_level=skill,
                    id_number=number,
                    id_number_hash=digest,
                    id_number_masked=pii.mask_id_number(number),
                    phone=phone,
                    phone_hash=pii.keyed_hash(phone),
                    phone_masked=pii.mask_phone(phone),
                    scope_path=enterprise.scope_path,
                )
            )
    Worker.objects.bulk_create(batch, batch_size=1000)


def _generated_honours() -> None:
    if Honour.objects.filter(title="").exists():  # generated honours carry no full title
        return
    workers = list(Worker.objects.order_by("id").values_list("id", flat=True))
    pick = random.Random(SEED + 1)
    honours = []
    for worker_id in pick.sample(workers, k=min(len(workers), 160)):
        kind = pick.choice(
            [
                Honour.Kind.MODEL_WORKER,
                Honour.Kind.CRAFTSMAN,
                Honour.Kind.TECH_EXPERT,
                Honour.Kind.MAY_DAY_MEDAL,
            ]
        )
        level = pick.choice(
            [Honour.Level.CITY, Honour.Level.CITY, Honour.Level.DISTRICT, Honour.Level.PROVINCIAL]
        )
        year = pick.randint(2012, 2025)
        honours.append(Honour(worker_id=worker_id, kind=kind, level=level, year=year))
    Honour.objects.bulk_create(honours, ignore_conflicts=True)
