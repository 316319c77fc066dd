"""Inconsistent schemes and impossible marks are refused with a Chinese message on the field."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from innovation.competitions.scoring import (
    JUDGEMENT,
    MEASUREMENT,
    Aspect,
    Contestant,
    Scheme,
    Section,
    compute,
)

SECTIONS = [Section("A", 40), Section("B", 60)]
ASPECTS = [Aspect("A1", "A", MEASUREMENT, 10), Aspect("B1", "B", JUDGEMENT, 9)]


def refused(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"theory_weight": 40}, {"theory_weight": ["理论与实操权重之和须为100，现为110。"]}),
        (
            {"sections": [Section("A", 40), Section("B", 50)]},
            {"sections": ["各模块权重之和须为100，现为90。"]},
        ),
        (
            {"aspects": [*ASPECTS, Aspect("C1", "C", MEASUREMENT, 5)]},
            {"aspects": ["评分要素「C1」所属模块「C」不存在。"]},
        ),
        (
            {"aspects": [Aspect("A1", "A", MEASUREMENT, 10)]},
            {"sections": ["模块「B」没有评分要素。"]},
        ),
        (
            {"aspects": [Aspect("A1", "A", "guess", 10), ASPECTS[1]]},
            {"aspects": ["评分要素「A1」的类型须为测量或评价。"]},
        ),
        (
            {"aspects": [Aspect("A1", "A", MEASUREMENT, 0), ASPECTS[1]]},
            {"aspects": ["评分要素「A1」的满分须为大于0的数。"]},
        ),
        (
            {"tie_break": ["practical", "aspect:Z9"]},
            {
                "tie_break": [
                    "决胜规则「aspect:Z9」无法识别：可用 practical、theory、time 或 aspect:<评分要素代码>。"
                ]
            },
        ),
        ({"places": [("一等奖", 0)]}, {"places": ["奖项「一等奖」的名额须为正整数。"]}),
        (
            {"titles": [(1, 5, "技术能手", "技师"), (5, 10, "优秀选手", "高级工")]},
            {"titles": ["称号「技术能手」（第1–5名）与「优秀选手」（第5–10名）的名次范围重叠。"]},
        ),
    ],
)
def test_an_inconsistent_scheme_is_refused(changes, expected):
    arguments = {"sections": SECTIONS, "aspects": ASPECTS, **changes}
    assert refused(lambda: Scheme(**arguments)) == expected


SCHEME = Scheme(sections=SECTIONS, aspects=ASPECTS)


@pytest.mark.parametrize(
    ("contestant", "expected"),
    [
        (
            Contestant(1, theory=80, marks={"B1": [4, 3, 3]}, label="A-017"),
            {"marks": ["评价分须为0到3的整数（考生A-017，评分要素「B1」）。"]},
        ),
        (
            Contestant(1, theory=80, marks={"B1": [D("2.5"), 3, 3]}, label="A-017"),
            {"marks": ["评价分须为0到3的整数（考生A-017，评分要素「B1」）。"]},
        ),
        (
            Contestant(1, theory=80, marks={"A1": [D("10.5")]}, label="A-017"),
            {"marks": ["测量分须在0到10之间（考生A-017，评分要素「A1」）。"]},
        ),
        (
            Contestant(1, theory=80, marks={"Z1": [1]}, label="A-017"),
            {"marks": ["考生A-017的评分中有不存在的评分要素「Z1」。"]},
        ),
        (Contestant(1, theory=101, label="A-017"), {"theory": ["理论成绩须在0到100之间（考生A-017）。"]}),
        (Contestant(1, theory=80, time_seconds=-1), {"time_seconds": ["用时不能为负数（考生#1）。"]}),
    ],
)
def test_an_impossible_mark_is_refused(contestant, expected):
    assert refused(lambda: compute(SCHEME, [contestant])) == expected


def test_the_same_contestant_twice_is_refused():
    assert refused(lambda: compute(SCHEME, [Contestant(1), Contestant(1)])) == {
        "contestants": ["同一考生出现了两次。"]
    }


def test_floats_are_refused_as_marks():
    with pytest.raises(TypeError):
        compute(SCHEME, [Contestant(1, theory=80, marks={"A1": [7.5]})])
    with pytest.raises(TypeError):
        compute(SCHEME, [Contestant(1, theory=80.5)])
