"""The demo's plan: 《锦州市总工会服务振兴发展加强职工创新创造三年工作方案》 (2019-08-01) and its
revision of 18 March 2021. Targets are set against the demo's own figures (see README: the
statuses they give), the districts by their names (the county-level unions 「…总工会」)."""

import datetime

D = datetime.date

TITLE = "锦州市总工会服务振兴发展加强职工创新创造三年工作方案"
ADOPTED_ON = D(2019, 8, 1)
REVISED_ON = D(2021, 3, 18)
REVISION_TITLE = f"关于修订《{TITLE}》的通知"
REVISION_NOTE = "根据工作推进实际修订：调整部分县(市、区)2021年成果申报目标，2021年经济效益目标调整为1亿元，工作室补助增加85万元，市级职工创新工作室不再单列命名目标，增设技术攻关项目结题指标。"

# (code, name, unit, formula, per district)
INDICATORS = [
    ("achievements_filed", "申报“五小”创新成果", "项", "achievements_filed", True),
    ("achievements_awarded", "“五小”创新成果获奖", "项", "achievements_awarded", False),
    ("benefit_verified", "核定经济效益", "元", "benefit_verified_yuan", False),
    ("city_model_worker_studios", "新命名市级劳模创新工作室", "个", "studios_named_model_worker_city", False),
    ("city_worker_studios", "新命名市级职工创新工作室", "个", "studios_named_worker_city", False),
    ("studio_subsidies", "工作室补助资金拨付", "元", "studio_subsidies_paid_yuan", False),
    ("gold_pairs", "“金牌师徒”评选", "对", "pairs_awarded", False),
    ("service_solved", "志愿服务解决技术难题", "个", "service_orders_solved", False),
    ("people_trained", "技术传帮带培训", "人次", "people_trained", False),
    ("contestants", "职业技能大赛参赛职工", "人", "contestants", False),
    # No module records the new apprenticeship's training yet: the page says so.
    ("new_apprentices", "新型学徒制培训", "人", "apprentices_trained", False),
]

# District (county-level union) → filed achievements target for 2019, 2020, 2021.
FILED = {
    "古塔区总工会": (30, 30, 35),
    "凌河区总工会": (20, 25, 25),
    "太和区总工会": (30, 30, 30),
    "黑山县总工会": (30, 30, 30),
    "义县总工会": (25, 25, 25),
    "凌海市总工会": (30, 30, 30),
    "北镇市总工会": (30, 30, 30),
    "锦州经济技术开发区总工会": (20, 25, 25),
    "锦州松山新区总工会": (25, 25, 25),
}

# code → {year: target} of the whole city.
CITY = {
    "achievements_awarded": {2019: 30, 2020: 30, 2021: 35},
    "benefit_verified": {2019: 100_000_000, 2020: 100_000_000, 2021: 120_000_000},
    "city_model_worker_studios": {2019: 6, 2020: 8, 2021: 8},
    "city_worker_studios": {2019: 10, 2020: 10, 2021: 10},
    "studio_subsidies": {2019: 800_000, 2020: 900_000, 2021: 900_000},
    "gold_pairs": {2020: 10, 2021: 10},
    "service_solved": {2020: 15, 2021: 15},
    "people_trained": {2020: 150, 2021: 150},
    "contestants": {2021: 300},
    "new_apprentices": {2020: 200, 2021: 300},
}

# The revision: (code, district name or None, 2021 target or None = no longer a target).
REVISION = [
    ("achievements_filed", "古塔区总工会", 40),
    ("achievements_filed", "凌河区总工会", 18),
    ("achievements_filed", "太和区总工会", 25),
    ("benefit_verified", None, 100_000_000),
    ("studio_subsidies", None, 1_750_000),
    ("city_worker_studios", None, None),
    ("projects_concluded", None, 3),
]
NEW_INDICATOR = {
    "code": "projects_concluded",
    "name": "技术攻关项目结题",
    "unit": "项",
    "formula": "projects_concluded",
    "per_district": False,
}
# The baselines kept: (version number, year, quarter).
SNAPSHOTS = [(1, 2020, 4), (2, 2021, 2)]
