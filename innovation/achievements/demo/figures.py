"""The demo's figures: the report's counts and sums, and the odds and weights of the draws."""

from decimal import Decimal

from ..models import Field, Kind

SEED = 20210501  # the report's year; May Day, when the 五一劳动奖 goes to 五小 innovators
CITY_UNION = "锦州市总工会"
# Filed items per historical year: 1,312 in all, about 262 a year ("260余项", "1300余项").
HISTORY = {2017: 258, 2018: 263, 2019: 261, 2020: 266, 2021: 264}
BEST_PER_YEAR = 33  # = the grade quotas below
# The awarded items' verified benefits ("获奖的160多项创新成果…创造(节约)经济效益4亿多元").
BEST_TOTAL = Decimal("412000000")
BEST_RANGE = (800_000, 10_000_000)  # raw draw, scaled so the 165 sum to BEST_TOTAL
MODEST_RANGE = (5_000, 350_000)  # every other item's claimed benefit

LIYING = {
    "unit": "辽宁大唐国际锦州热电有限责任公司",
    "worker": "李营",
    "year": 2020,
    "title": "蓄电池组充放电试验自动数据记录装置",
    "benefit": Decimal("2720000.00"),
}

QUOTAS = [("first", 3), ("second", 6), ("third", 10), ("excellence", 14)]
# Prize money per item in yuan; raised from 2020 under the 2019 three-year plan
# ("提高每个获奖成果等级的奖金额度").
PRIZES = {"before_2020": (3000, 2000, 1000, 500), "from_2020": (5000, 3000, 2000, 1000)}

FIELD_WEIGHTS = [
    (Field.SAFETY, 20),
    (Field.EFFICIENCY, 25),
    (Field.QUALITY, 18),
    (Field.TECHNOLOGY, 15),
    (Field.ENERGY, 17),
    (Field.OTHER, 5),
]

INV, CRE, REN, DES, SUG = Kind.INVENTION, Kind.CREATION, Kind.RENOVATION, Kind.DESIGN, Kind.SUGGESTION

PHYSICAL = "mhxlpw"  # the object categories of equipment and operations (data.objects)

# Shares of the authors, by number of authors; each sums to 100.
SHARES = {
    1: [(100,)],
    2: [(60, 40), (70, 30), (50, 50), (80, 20)],
    3: [(50, 30, 20), (40, 30, 30), (60, 25, 15), (45, 35, 20)],
    4: [(40, 30, 20, 10), (35, 25, 20, 20), (50, 20, 15, 15)],
}
SIZE_WEIGHTS = {"large": 14, "medium": 5, "small": 1.5, "micro": 0.5}
BENEFIT_CREATED_SHARE = {
    Field.SAFETY: 0.4,
    Field.EFFICIENCY: 0.4,
    Field.QUALITY: 0.6,
    Field.TECHNOLOGY: 0.55,
    Field.ENERGY: 0.15,
    Field.OTHER: 0.3,
}
PATENT_ODDS = {INV: 0.35, CRE: 0.2, DES: 0.15, REN: 0.08, SUG: 0.0}
