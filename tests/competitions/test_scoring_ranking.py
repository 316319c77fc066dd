"""Ranking: declared tie-breaks (practical, an aspect, time), shared ranks, places at a boundary,
titles and promotions. Hand-computed figures in the comments."""

from decimal import Decimal as D

from innovation.competitions.scoring import (
    JUDGEMENT,
    MEASUREMENT,
    MISSING_TIME,
    SHARED_AT_BOUNDARY,
    Aspect,
    Contestant,
    Scheme,
    Section,
    compute,
)

PLACES = [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]
TITLES = [(1, 2, "技术能手", "技师"), (3, 5, "优秀选手", "高级工")]


def one_aspect_scheme(**rules) -> Scheme:
    return Scheme(sections=[Section("S", 100)], aspects=[Aspect("P", "S", MEASUREMENT, 100)], **rules)


def theory_only(**rules) -> Scheme:
    return Scheme(sections=[], aspects=[], theory_weight=100, practical_weight=0, **rules)


def test_equal_totals_are_ordered_by_the_practical_score():
    contestants = [
        Contestant(1, theory=80, marks={"P": [60]}, label="A01"),  # 24 + 42 = 66
        Contestant(2, theory=66, marks={"P": [66]}, label="B02"),  # 19.8 + 46.2 = 66
        Contestant(3, theory=50, marks={"P": [50]}, label="C03"),  # 15 + 35 = 50
    ]
    outcome = compute(one_aspect_scheme(tie_break=["practical"]), contestants)
    assert [(r.label, r.total, r.rank, r.shared_with) for r in outcome.results] == [
        ("B02", D("66.000"), 1, ()),
        ("A01", D("66.000"), 2, ()),
        ("C03", D("50.000"), 3, ()),
    ]
    by_label = {r.label: r for r in outcome.results}
    assert by_label["B02"].explanation == (
        "总成绩与A01相同（66.000）；决胜顺序：实操成绩；实操成绩：该选手为66.000、A01为60.000，排在其前。"
    )
    assert by_label["A01"].explanation == (
        "总成绩与B02相同（66.000）；决胜顺序：实操成绩；实操成绩：B02为66.000、该选手为60.000，排在其后。"
    )
    assert by_label["C03"].explanation == ""


def test_the_theory_key_reverses_that_order():
    contestants = [Contestant(1, theory=80, marks={"P": [60]}), Contestant(2, theory=66, marks={"P": [66]})]
    outcome = compute(one_aspect_scheme(tie_break=["theory"]), contestants)
    assert [(r.id, r.rank) for r in outcome.results] == [(1, 1), (2, 2)]  # theory 80 > 66


def aspect_scheme(tie_break) -> Scheme:
    return Scheme(
        sections=[Section("S", 100)],
        aspects=[Aspect("X", "S", MEASUREMENT, 50, "尺寸精度"), Aspect("Y", "S", JUDGEMENT, 50, "操作规范")],
        tie_break=tie_break,
    )


ASPECT_TIE = [
    # X 40 + Y 2,2,2 → 2/3 × 50 = 33.333; practical = 73.333 / 100 × 100 = 73.333
    Contestant(1, theory=70, marks={"X": [40], "Y": [2, 2, 2]}),
    # X 23.333 + Y 3,3,3 → 50; practical = 73.333
    Contestant(2, theory=70, marks={"X": [D("23.333")], "Y": [3, 3, 3]}),
]


def test_equal_totals_and_practical_are_ordered_by_the_declared_aspect():
    outcome = compute(aspect_scheme(["practical", "aspect:Y"]), ASPECT_TIE)
    # total = 70 × 0.3 + 73.333 × 0.7 = 21 + 51.3331 = 72.3331 → 72.333 for both
    assert [(r.id, r.total, r.practical, r.rank) for r in outcome.results] == [
        (2, D("72.333"), D("73.333"), 1),  # Y 50.000
        (1, D("72.333"), D("73.333"), 2),  # Y 33.333
    ]
    assert outcome.results[0].explanation == (
        "总成绩与#1相同（72.333）；决胜顺序：实操成绩 → 评分要素「Y 操作规范」；"
        "评分要素「Y 操作规范」：该选手为50.000、#1为33.333，排在其前。"
    )


def test_another_declared_aspect_gives_the_other_order():
    outcome = compute(aspect_scheme(["practical", "aspect:X"]), ASPECT_TIE)
    assert [(r.id, r.rank) for r in outcome.results] == [(1, 1), (2, 2)]  # X 40 > 23.333


def test_equal_on_every_score_the_shorter_time_wins_and_a_missing_time_loses():
    marks = {"P": [80]}
    contestants = [
        Contestant(1, theory=70, marks=marks, time_seconds=600),
        Contestant(2, theory=70, marks=marks, time_seconds=540),
        Contestant(3, theory=70, marks=marks),  # no time recorded
    ]
    outcome = compute(one_aspect_scheme(tie_break=["practical", "time"]), contestants)
    # all: 21 + 56 = 77.000, practical 80.000
    assert [(r.id, r.total, r.rank) for r in outcome.results] == [
        (2, D("77.000"), 1),
        (1, D("77.000"), 2),
        (3, D("77.000"), 3),
    ]
    assert outcome.results[1].explanation == (
        "总成绩与#2、#3相同（77.000）；决胜顺序：实操成绩 → 用时；"
        "用时：#2为540秒、该选手为600秒，排在其后；用时：该选手为600秒、#3为无，排在其前。"
    )
    assert [f.code for f in outcome.results[2].flags] == [MISSING_TIME]
    assert outcome.results[0].flags == ()


def test_contestants_equal_on_every_key_share_a_rank_and_the_next_rank_is_skipped():
    totals = [95, 90, 90, 85]
    outcome = compute(
        theory_only(tie_break=["time"]), [Contestant(i, theory=t) for i, t in enumerate(totals, 1)]
    )
    assert [(r.id, r.rank, r.shared_with) for r in outcome.results] == [
        (1, 1, ()),
        (2, 2, (3,)),
        (3, 2, (2,)),
        (4, 4, ()),
    ]
    assert outcome.results[1].explanation == (
        "总成绩与#3相同（90.000）；决胜顺序：用时；各项决胜指标与#3均相同，并列第2名。"
    )


def test_places_titles_and_a_shared_rank_across_the_last_place_boundary():
    # positions: 一等奖 1 | 二等奖 2–3 | 三等奖 4–6
    totals = {1: 95, 2: 90, 3: 90, 4: 85, 5: 80, 6: 80, 7: 80, 8: 70}
    outcome = compute(
        theory_only(places=PLACES, titles=TITLES), [Contestant(i, theory=t) for i, t in totals.items()]
    )
    rows = [(r.id, r.rank, r.place, r.title, r.promotion) for r in outcome.results]
    assert rows == [
        (1, 1, "一等奖", "技术能手", "技师"),
        (2, 2, "二等奖", "技术能手", "技师"),  # 2 and 3 share rank 2: positions 2–3, inside 二等奖
        (3, 2, "二等奖", "技术能手", "技师"),
        (4, 4, "三等奖", "优秀选手", "高级工"),
        # 5, 6, 7 share rank 5: positions 5–7 straddle the end of 三等奖 (6): all take it
        (5, 5, "三等奖", "优秀选手", "高级工"),
        (6, 5, "三等奖", "优秀选手", "高级工"),
        (7, 5, "三等奖", "优秀选手", "高级工"),
        (8, 8, None, None, None),
    ]
    assert [(p.label, p.count, p.awarded, p.exceeded) for p in outcome.places] == [
        ("一等奖", 1, 1, False),
        ("二等奖", 2, 2, False),
        ("三等奖", 3, 4, True),
    ]
    assert outcome.places_exceeded == ("三等奖",)
    flagged = [r.id for r in outcome.results if r.flagged(SHARED_AT_BOUNDARY)]
    assert flagged == [5, 6, 7]
    assert (
        outcome.by_id()[5].flags[0].message
        == "并列第5名跨越「三等奖」名额界线，并列者均获该奖次，名额因此超出。"
    )


def test_a_shared_first_place_takes_two_firsts_and_leaves_one_second():
    totals = {1: 95, 2: 95, 3: 90, 4: 85}
    outcome = compute(theory_only(places=PLACES), [Contestant(i, theory=t) for i, t in totals.items()])
    # ranks 1, 1, 3, 4: rank 1 straddles position 1|2 → both 一等奖; rank 3 is position 3 → 二等奖
    assert [(r.id, r.rank, r.place) for r in outcome.results] == [
        (1, 1, "一等奖"),
        (2, 1, "一等奖"),
        (3, 3, "二等奖"),
        (4, 4, "三等奖"),
    ]
    assert [(p.label, p.awarded, p.exceeded) for p in outcome.places] == [
        ("一等奖", 2, True),
        ("二等奖", 1, False),
        ("三等奖", 1, False),
    ]
    assert [r.id for r in outcome.results if r.flagged(SHARED_AT_BOUNDARY)] == [1, 2]


def test_standardised_results_rank_and_place_the_same_way():
    totals = {1: 75, 2: 76, 3: 78, 4: 85, 5: 87, 6: 91}
    outcome = compute(
        theory_only(standardise=True, places=PLACES), [Contestant(i, theory=t) for i, t in totals.items()]
    )
    assert [(r.id, r.rank, r.place) for r in outcome.results] == [
        (6, 1, "一等奖"),
        (5, 2, "二等奖"),
        (4, 3, "二等奖"),
        (3, 4, "三等奖"),
        (2, 5, "三等奖"),
        (1, 6, "三等奖"),
    ]


def test_a_long_tie_names_five_and_counts_the_rest():
    outcome = compute(theory_only(tie_break=()), [Contestant(i, theory=80) for i in range(1, 8)])
    assert [r.rank for r in outcome.results] == [1] * 7
    assert outcome.results[0].shared_with == (2, 3, 4, 5, 6, 7)
    assert outcome.results[3].shared_with == (1, 2, 3, 5, 6, 7)
    assert outcome.results[0].explanation == (
        "总成绩与#2、#3、#4、#5、#6等6人相同（80.000）；决胜顺序：未设决胜规则；"
        "各项决胜指标与#2、#3、#4、#5、#6等6人均相同，并列第1名。"
    )
