"""League season tables: best 2 of 3 rounds and the sum of rounds, ties by the last round."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from innovation.competitions.scoring import LeagueRule, SeasonEntry, season_table

ENTRIES = [
    SeasonEntry(1, {1: 80, 2: 90, 3: 70}, label="甲"),  # best two: 90 + 80 = 170 (rounds 1, 2)
    SeasonEntry(2, {1: 85, 3: 85}, label="乙"),  # absent in round 2: 85 + 85 = 170 (rounds 1, 3)
    SeasonEntry(3, {1: 95, 2: 60, 3: D("74.25")}, label="丙"),  # 95 + 74.25 = 169.25 (rounds 1, 3)
    SeasonEntry(4, {1: 60, 2: 70, 3: 65}, label="丁"),  # 70 + 65 = 135 (rounds 2, 3)
    SeasonEntry(5, {1: 70, 2: 65, 3: 65}, label="戊"),  # 70 + 65 = 135 (round 1 and the earlier 65: 2)
]


def test_best_two_of_three_rounds_with_ties_by_the_last_round():
    table = season_table(LeagueRule(rounds=3, best_of=2, tie_break=["last_round"]), ENTRIES)
    assert [(r.label, r.total, r.counted, r.rank, r.shared_with) for r in table] == [
        ("乙", D("170.000"), (1, 3), 1, ()),  # 170, last round 85
        ("甲", D("170.000"), (1, 2), 2, ()),  # 170, last round 70
        ("丙", D("169.250"), (1, 3), 3, ()),
        ("丁", D("135.000"), (2, 3), 4, (5,)),  # 135 and last round 65 for both: shared
        ("戊", D("135.000"), (1, 2), 4, (4,)),
    ]
    assert table[0].explanation == (
        "赛季总成绩与甲相同（170.000）；决胜顺序：最后一轮（第3轮）成绩；"
        "最后一轮（第3轮）成绩：该选手为85.000、甲为70.000，排在其前。"
    )
    assert table[1].scores == {1: D("80.000"), 2: D("90.000"), 3: D("70.000")}


def test_a_second_key_can_still_split_a_tie():
    # 丁 and 戊: last round 65 each; best single round 70 each; round 1: 60 against 70
    rule = LeagueRule(rounds=3, best_of=2, tie_break=["last_round", "best_round", "round:1"])
    table = season_table(rule, ENTRIES)
    assert [(r.label, r.rank) for r in table[3:]] == [("戊", 4), ("丁", 5)]


def test_the_sum_of_all_rounds():
    table = season_table(LeagueRule(rounds=3), ENTRIES)
    # 甲 240, 丙 229.25, 戊 200, 丁 195, 乙 170 (a missed round adds nothing)
    assert [(r.label, r.total, r.counted, r.rank) for r in table] == [
        ("甲", D("240.000"), (1, 2, 3), 1),
        ("丙", D("229.250"), (1, 2, 3), 2),
        ("戊", D("200.000"), (1, 2, 3), 3),
        ("丁", D("195.000"), (1, 2, 3), 4),
        ("乙", D("170.000"), (1, 3), 5),
    ]


def test_a_missed_last_round_loses_the_tie():
    table = season_table(
        LeagueRule(rounds=3, best_of=2),
        [SeasonEntry(1, {1: 90, 2: 80}), SeasonEntry(2, {1: 90, 2: 70, 3: 80})],
    )
    # both 170; last round: #1 none, #2 80
    assert [(r.id, r.total, r.rank) for r in table] == [(2, D("170.000"), 1), (1, D("170.000"), 2)]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"rounds": 3, "best_of": 4}, "best_of", "计入成绩的轮数须在1到3之间。"),
        ({"rounds": 0}, "rounds", "联赛至少要有1轮。"),
        (
            {"rounds": 3, "tie_break": ["round:4"]},
            "tie_break",
            "联赛决胜规则「round:4」无法识别：可用 last_round、best_round 或 round:<轮次>。",
        ),
    ],
)
def test_a_bad_league_rule_is_refused(kwargs, field, message):
    with pytest.raises(ValidationError) as caught:
        LeagueRule(**kwargs)
    assert caught.value.message_dict == {field: [message]}


def test_a_score_of_a_round_outside_the_season_is_refused():
    with pytest.raises(ValidationError) as caught:
        season_table(LeagueRule(rounds=3), [SeasonEntry(1, {4: 80}, label="甲")])
    assert caught.value.message_dict == {"scores": ["甲的成绩中有不存在的轮次4。"]}
