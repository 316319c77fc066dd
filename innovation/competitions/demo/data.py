"""The demo's events as data: the occupations (工种) with their marking schemes, places, prizes
(integer fen), title and promotion rules, tie-break orders, and the posts of the register their
contestants are drawn from (the generated register has no 焊工 or 车工 posts: the nearest trades
of each unit kind stand in for them)."""

from __future__ import annotations

import datetime

from innovation.org.models import SkillLevel

CITY = "锦州市总工会"
SEED = 20210501  # the random stream of the contestants' marks (fixed: every run the same)

# The descriptors of a judgement aspect (WorldSkills' four levels, in the words of the trade).
DESCRIPTORS = {
    "0": "低于行业标准：操作不规范或未完成。",
    "1": "达到行业标准：操作规范，完成基本要求。",
    "2": "达到并在某些方面超过行业标准：操作熟练，质量稳定。",
    "3": "卓越：全面超过行业标准，工艺和质量堪称示范。",
}


def _scheme(s1: str, s2: str, m1: str, j1: str, m2: str, w1: int = 70) -> list[dict]:
    """Two weighted sections: S1 a measurement aspect (M1, which carries the task's time) and a
    judgement aspect (J1, three judges); S2 a measurement aspect (M2: a checklist by rule)."""
    return [
        {
            "code": "S1",
            "title": s1,
            "weight": w1,
            "aspects": [
                {"code": "M1", "title": m1, "kind": "measurement", "max_points": 60},
                {
                    "code": "J1",
                    "title": j1,
                    "kind": "judgement",
                    "max_points": 40,
                    "descriptors": DESCRIPTORS,
                },
            ],
        },
        {
            "code": "S2",
            "title": s2,
            "weight": 100 - w1,
            "aspects": [{"code": "M2", "title": m2, "kind": "measurement", "max_points": 50}],
        },
    ]


FORKLIFT_SCHEME = _scheme("场地驾驶", "安全作业", "绕桩通过（扣分制）", "驾驶平稳性", "作业前检查与安全规范")

# ---------------------------------------------------------------- the 2021 forklift league

LEAGUE = {
    "title": "2021年锦州市“叉车联赛”",
    # best 2 of 3: a driver who misses one round (shift work, a port's peak season) is not out of
    # the season; the better two rounds count, ties by the better last round.
    "best_n": 2,
    "rounds": [
        # (round, registration opens, closes, event day, venue)
        (
            1,
            datetime.date(2021, 3, 22),
            datetime.date(2021, 4, 9),
            datetime.date(2021, 4, 24),
            "锦州港物流园",
        ),
        (
            2,
            datetime.date(2021, 6, 7),
            datetime.date(2021, 6, 25),
            datetime.date(2021, 7, 10),
            "锦州经济技术开发区物流中心",
        ),
        (
            3,
            datetime.date(2021, 9, 6),
            datetime.date(2021, 9, 24),
            datetime.date(2021, 10, 16),
            "凌海市物流园区",
        ),
    ],
    "drivers": 45,  # the season's drivers; each misses a round now and then (see running.py)
}
FORKLIFT = {
    "code": "CC",
    "title": "叉车司机",
    "posts": ("装卸工", "理货员"),
    "quota_per_unit": 3,
    "theory_weight": 20,
    "practical_weight": 80,
    "tie_break": ["practical", "time"],
    "places": [
        {"label": "一等奖", "count": 1, "prize_fen": 100_000},
        {"label": "二等奖", "count": 2, "prize_fen": 60_000},
        {"label": "三等奖", "count": 3, "prize_fen": 40_000},
    ],
    "title_rules": [],
    "scheme": FORKLIFT_SCHEME,
    "time": (240, 420),  # seconds for the course
}

# ---------------------------------------------------------------- the 2021 状元杯

ZHUANGYUAN = {
    "title": "2021年锦州市“状元杯”职工职业技能大赛",
    "registration": (datetime.date(2021, 8, 2), datetime.date(2021, 8, 20)),
    "days": (datetime.date(2021, 9, 14), datetime.date(2021, 9, 16)),
    "venue": "锦州技师学院实训基地",
}
ZHUANGYUAN_PLACES = [
    {"label": "一等奖", "count": 1, "prize_fen": 500_000},
    {"label": "二等奖", "count": 2, "prize_fen": 300_000},
    {"label": "三等奖", "count": 3, "prize_fen": 200_000},
]
# rank 1–3: 技术能手 and a 技师 recommendation; 4–10: a 高级工 recommendation.
ZHUANGYUAN_TITLES = [
    {"from": 1, "to": 3, "title": "技术能手", "promotion": SkillLevel.TECHNICIAN.value},
    {"from": 4, "to": 10, "title": "", "promotion": SkillLevel.SENIOR.value},
]
_ZY = {
    "quota_per_unit": 3,
    "theory_weight": 30,
    "practical_weight": 70,
    "places": ZHUANGYUAN_PLACES,
    "title_rules": ZHUANGYUAN_TITLES,
    "max_skill_level": SkillLevel.SENIOR.value,  # 高级工 and below: the contest is a way up
    "min_age": 18,
    "max_age": 55,
    "contestants": 40,
    "time": (5400, 7200),
}
ZHUANGYUAN_OCCUPATIONS = [
    {
        **_ZY,
        "code": "DG",
        "title": "电工",
        "posts": ("电工",),
        "standardise": True,  # the 700 scale (innovation/competitions/scoring/standardise.py)
        "tie_break": ["practical", "time"],
        "scheme": _scheme(
            "电气控制线路安装", "故障排除", "线路接线正确率", "工艺与布线规范", "故障点查找与排除"
        ),
    },
    {
        **_ZY,
        "code": "HG",
        "title": "焊工",
        "posts": ("水暖工", "钢筋工", "架子工", "热网检修工"),
        "tie_break": ["practical", "aspect:J1", "time"],
        "scheme": _scheme("板对接焊", "管对接焊", "外观尺寸检测", "焊缝成形", "操作规范与防护"),
    },
    {
        **_ZY,
        "code": "CG",
        "title": "车工",
        "posts": ("设备操作工",),
        # the declared order: practical, then time (two contestants equal on every mark are
        # ordered by their time: see running.TIE_BY_TIME)
        "tie_break": ["practical", "time"],
        "scheme": _scheme("零件加工", "工艺编制", "尺寸精度", "表面质量", "工艺卡编制"),
    },
    {
        **_ZY,
        "code": "QG",
        "title": "钳工",
        "posts": ("固机检修工", "热网检修工"),
        "tie_break": ["practical", "time"],
        "scheme": _scheme("锉配加工", "装配调试", "配合间隙", "锉削表面", "装配精度与试运转"),
    },
]

# ---------------------------------------------------------------- the 2021 fire-safety contest

FIRE = {
    "title": "2021年锦州市物流和物业行业消防安全技能大赛",
    "registration": (datetime.date(2021, 10, 8), datetime.date(2021, 10, 22)),
    "days": (datetime.date(2021, 11, 9), datetime.date(2021, 11, 9)),  # 11月9日，全国消防日
    "venue": "锦州市消防救援支队训练基地",
}
_FIRE = {
    "quota_per_unit": 3,
    "theory_weight": 30,
    "practical_weight": 70,
    "tie_break": ["practical", "time"],
    "places": [
        {"label": "一等奖", "count": 1, "prize_fen": 300_000},
        {"label": "二等奖", "count": 2, "prize_fen": 200_000},
        {"label": "三等奖", "count": 3, "prize_fen": 100_000},
    ],
    "title_rules": [{"from": 1, "to": 3, "title": "技术能手", "promotion": SkillLevel.SENIOR.value}],
    "contestants": 25,
    "time": (90, 240),
}
FIRE_OCCUPATIONS = [
    {
        **_FIRE,
        "code": "XF",
        "title": "消防设施操作员",
        "posts": ("消防设施操作员",),
        "scheme": _scheme(
            "消防设施操作", "初起火灾处置", "火灾报警控制器操作", "操作规范", "灭火器选用与扑救"
        ),
    },
    {
        **_FIRE,
        "code": "AQ",
        "title": "物流仓储消防安全员",
        "posts": ("理货员", "仓管员"),
        "scheme": _scheme("仓储火灾隐患排查", "应急处置", "隐患查找", "排查规范", "水带连接与出水"),
    },
]

# ---------------------------------------------------------------- this year's event


def this_year(today: datetime.date) -> dict:
    """This year's 状元杯, open for registration now (the units may register)."""
    return {
        "title": f"{today.year}年锦州市“状元杯”职工职业技能大赛",
        "registration": (today - datetime.timedelta(days=10), today + datetime.timedelta(days=20)),
        "days": (today + datetime.timedelta(days=40), today + datetime.timedelta(days=42)),
        "venue": "锦州技师学院实训基地",
        "occupations": ZHUANGYUAN_OCCUPATIONS[:2],
    }


BUDGET = {"name": "2021年技能竞赛经费", "amount_fen": 12_000_000}  # 120,000 yuan
