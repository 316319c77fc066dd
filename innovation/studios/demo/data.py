"""The demo's facts (the 2019–2021 figures of the Jinzhou report) and small helpers, shared by the seeding modules."""

import datetime

from django.utils import timezone

from ..models import (
    StudioLevel,
    StudioType,
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


def on_day(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def moment(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def document_no_of(by_province: bool, year: int, n: int) -> str:
    return f"辽工发〔{year}〕{n}号" if by_province else f"锦工发〔{year}〕{n}号"


CITY_PATH: list[str] = [""]
