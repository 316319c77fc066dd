"""The words of a demo item: its topic (field, template, object, title), authors, texts, the
basis of its benefit and its patent numbers. Every draw takes the caller's random stream."""

import math
import random
from decimal import ROUND_HALF_UP, Decimal

from innovation.org.demo_data import person_name
from innovation.org.models import Enterprise, Worker

from ..models import Achievement, Field
from . import data
from .figures import FIELD_WEIGHTS, SHARES, SUG


def yuan(value: float) -> Decimal:
    """Round to whole hundreds of yuan, as such figures are reported."""
    return (Decimal(value) / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 100


def wan(amount: Decimal) -> str:
    if amount < 10000:
        return f"{amount:.0f}元"
    return format((amount / 10000).quantize(Decimal("0.01")).normalize(), "f") + "万元"


def log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def patent_number(rng: random.Random, year: int, kind_digit: int) -> str:
    digits = f"{year}{kind_digit}{rng.randint(0, 9_999_999):07d}"
    check = sum(int(d) * w for d, w in zip(digits, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)) % 11
    return f"ZL{digits}.{'X' if check == 10 else check}"


def basis(rng: random.Random, field_: str, benefit_type: str, amount: Decimal) -> str:
    if benefit_type == Achievement.BenefitType.SAVED:
        if field_ == Field.ENERGY:
            if rng.random() < 0.6:
                kwh = amount / Decimal("0.6") / 10000
                return (
                    f"经能源计量统计，改造后年节约用电约{kwh:.1f}万千瓦时，按电价0.60元/千瓦时计算，"
                    f"年节约电费{wan(amount)}。"
                )
            coal = amount / 900
            return f"经能源计量统计，年节约标准煤约{coal:.0f}吨，按900元/吨计算，年节约{wan(amount)}。"
        if field_ == Field.EFFICIENCY:
            rate = rng.choice((50, 60, 80))
            return f"年减少用工约{amount / rate:.0f}工时，按每工时{rate}元计算，年节约人工成本{wan(amount)}。"
        repair = yuan(float(amount) * rng.uniform(0.4, 0.7))
        return (
            f"年减少外委维修费用{wan(repair)}、减少备品备件消耗{wan(amount - repair)}，"
            f"合计年节约{wan(amount)}（以财务部门出具的效益证明为准）。"
        )
    if rng.random() < 0.5:
        rate = max(r for r in (500, 1000, 2000, 5000, 10000, 20000) if amount / r >= 4 or r == 500)
        return (
            f"减少非计划停机约{amount / rate:.1f}小时，按每小时产值损失{rate}元计算，"
            f"年创造经济效益{wan(amount)}。"
        )
    cost = yuan(float(amount) * rng.uniform(0.03, 0.1))
    return f"经财务部门核算，年增产增效{wan(amount + cost)}，扣除改造投入{wan(cost)}后，年创造经济效益{wan(amount)}。"


# ---------------------------------------------------------------- topics, authors, texts


def objects_for(enterprise: Enterprise) -> list[tuple[str, str]]:
    by_name, generic = data.objects()
    for key, objects in by_name:
        if key in enterprise.name:
            return objects
    key = data.texts()["objects_by_industry"].get(enterprise.industry)
    return dict(by_name)[key] if key else generic


def draw_topic(rng: random.Random, enterprise: Enterprise, used: set[str]):
    objects = objects_for(enterprise)
    for _attempt in range(30):
        field_ = rng.choices([f for f, _w in FIELD_WEIGHTS], [w for _f, w in FIELD_WEIGHTS])[0]
        pairs = [(t, o) for t in data.templates()[field_] for o in objects if set(o[1]) & set(t[2])]
        template, (obj, cats) = rng.choice(pairs)
        if "m" in cats or "h" in cats:
            obj = rng.choice(("", "", "", "1号", "2号", "3号")) + obj
        title = template[0].format(obj=obj)
        if title not in used:
            break
    used.add(title)
    return field_, template, obj, cats, title


def draw_authors(rng: random.Random, staff: list[Worker], physical: bool) -> list[tuple]:
    count = min(rng.choices((1, 2, 3, 4), (35, 30, 22, 13))[0], len(staff))
    office_posts = set(data.texts()["office_posts"])
    hands_on = [w for w in staff if w.post not in office_posts] if physical else []
    first = rng.choice(hands_on or staff)
    chosen = [first]
    while len(chosen) < count:
        same_post = [w for w in staff if w.post == first.post and w not in chosen]
        others = [w for w in staff if w not in chosen]
        pool = same_post if same_post and rng.random() < 0.6 else others
        chosen.append(rng.choice(pool))
    shares = rng.choice(SHARES[count])
    authors = [(w, "", "", Decimal(s)) for w, s in zip(chosen, shares, strict=True)]
    if count >= 2 and rng.random() < 0.1:
        name, unit = person_name(rng), rng.choice(data.texts()["outside_units"])
        authors[-1] = (None, name, unit, authors[-1][3])
    return authors


def item_texts(rng: random.Random, field_: str, obj: str, cats: str, template) -> tuple[str, str, str]:
    numbers = {
        "obj": obj,
        "n": rng.randint(2, 5),
        "m": rng.randint(3, 9),
        "a": rng.randint(2, 4),
        "h": rng.randint(3, 8),
        "q": rng.randint(84, 93),
        "e": rng.randint(10, 25),
        "k": rng.randint(12, 36),
        "u": rng.randint(3, 12),
        "pct": rng.randint(20, 60),
        "wd": rng.randint(60, 600),
        "a2": rng.randint(1, 3),
        "t": rng.randint(6, 18) * 10,
    }
    numbers["h2"] = max(1, numbers["h"] // 2 - rng.randint(0, 1))
    numbers["q2"] = min(99, numbers["q"] + rng.randint(4, 8))
    numbers["m2"] = rng.randint(0, 1)
    equipment, operations, service = data.effects()[field_]
    problem = template[3].format(**numbers)
    opening = rng.choice(data.texts()["solution_openings"])
    solution = ("" if template[1] == SUG else opening) + template[4].format(obj=obj)
    effects = operations if set(cats) & set("lpw") else equipment if set(cats) & set("mhxo") else service
    effect = rng.choice(effects).format(**numbers)
    return problem, solution, effect
