"""The aggregation rules with exact Decimal figures (pure functions: no database)."""

from decimal import Decimal as D

import pytest

from innovation.review.aggregation import (
    Criterion,
    ExpertTotal,
    aggregate,
    item_score,
    normalise,
    trimmed_mean,
    weighted_total,
)

RUBRIC = [
    Criterion(id=1, weight=D("30"), max_score=100),
    Criterion(id=2, weight=D("30"), max_score=100),
    Criterion(id=3, weight=D("25"), max_score=100),
    Criterion(id=4, weight=D("15"), max_score=100),
]


def totals(rows):
    """rows: (item, expert, total) triples."""
    return [ExpertTotal(item=i, expert=e, total=D(t)) for i, e, t in rows]


def test_weighted_total_of_the_default_rubric():
    assert weighted_total({1: D("80"), 2: D("90"), 3: D("70"), 4: D("60")}, RUBRIC) == D("77.500")
    assert weighted_total({1: D("100"), 2: D("100"), 3: D("100"), 4: D("100")}, RUBRIC) == D("100.000")
    assert weighted_total({1: D("0"), 2: D("0"), 3: D("0"), 4: D("0")}, RUBRIC) == D("0.000")


def test_weighted_total_scales_each_criterion_by_its_maximum_and_rounds_half_up():
    rubric = [
        Criterion(id=1, weight=D("30"), max_score=7),
        Criterion(id=2, weight=D("70"), max_score=10),
    ]
    # 5/7 × 30 + 10/10 × 70 = 21.428571… + 70 = 91.428571… → 91.429
    assert weighted_total({1: D("5"), 2: D("10")}, rubric) == D("91.429")
    # Weights need not add up to 100: 1/3 × 1 / 3 × 100 = 11.1111… → 11.111
    uneven = [Criterion(id=1, weight=D("1"), max_score=3), Criterion(id=2, weight=D("2"), max_score=3)]
    assert weighted_total({1: D("1"), 2: D("0")}, uneven) == D("11.111")
    # Half-up at the third place: 24.691 / 200 × 100 = 12.3455 → 12.346
    halves = [Criterion(id=1, weight=D("1"), max_score=200)]
    assert weighted_total({1: D("24.691")}, halves) == D("12.346")


def test_mean_path_scores_ranks_and_spreads():
    result = aggregate(
        totals(
            [
                (10, 1, "80.000"),
                (10, 2, "70.000"),
                (10, 3, "75.500"),
                (11, 1, "90.000"),
                (11, 2, "60.000"),
                (12, 1, "66.667"),
            ]
        ),
        fields={10: "safety", 11: "safety", 12: "energy"},
        method="mean",
        threshold=D("20"),
    )
    by_item = {r.item: r for r in result}
    # (80 + 70 + 75.5) / 3 = 75.1666… → 75.167
    assert by_item[10].score == D("75.167") and by_item[10].raw_mean == D("75.167")
    assert by_item[10].spread == D("10.000") and by_item[10].disagreement is False
    assert by_item[11].score == D("75.000") and by_item[11].spread == D("30.000")
    assert by_item[11].disagreement is True
    assert by_item[12].score == D("66.667") and by_item[12].n_scores == 1
    assert [(r.item, r.rank, r.field_rank) for r in result] == [(10, 1, 1), (11, 2, 2), (12, 3, 1)]


def test_trimmed_mean_drops_one_highest_and_one_lowest_only_from_five_scores():
    five = [D("50"), D("90"), D("70"), D("60"), D("100")]
    assert trimmed_mean(five) == D("73.33333333333333333333333333333333")
    assert item_score(five, "trimmed") == trimmed_mean(five)
    four = [D("50"), D("90"), D("70"), D("100")]
    assert trimmed_mean(four) == D("77.5")  # plain mean below five scores
    result = aggregate(
        totals([(1, e, t) for e, t in enumerate(["50", "90", "70", "60", "100"], start=1)])
        + totals([(2, e, t) for e, t in enumerate(["50", "90", "70", "100"], start=1)]),
        fields={1: "safety", 2: "safety"},
        method="trimmed",
        threshold=D("20"),
    )
    by_item = {r.item: r for r in result}
    assert by_item[1].score == D("73.333") and by_item[1].raw_mean == D("74.000")
    assert by_item[1].n_scores == 5 and by_item[1].spread == D("50.000")
    assert by_item[2].score == D("77.500") and by_item[2].raw_mean == D("77.500")
    assert [r.item for r in result] == [2, 1]


def test_trimmed_mean_drops_only_one_of_equal_extremes():
    assert trimmed_mean([D("60"), D("60"), D("80"), D("90"), D("90")]) == D(
        "76.66666666666666666666666666666667"
    )


def test_normalisation_maps_each_experts_z_scores_back_to_the_common_scale():
    # Expert 1 is lenient (80, 60), expert 2 more so (90, 70), expert 3 scored one item only.
    rows = totals(
        [
            (1, 1, "80"),
            (2, 1, "60"),
            (1, 2, "90"),
            (2, 2, "70"),
            (1, 3, "50"),
        ]
    )
    # All totals: mean 70, population std √200 = 14.142135623730950488…
    adjusted = normalise(rows)
    assert adjusted[(1, 1)] == D("84.14213562373095048801688724209698")
    assert adjusted[(2, 1)] == D("55.85786437626904951198311275790302")
    assert adjusted[(1, 2)] == adjusted[(1, 1)] and adjusted[(2, 2)] == adjusted[(2, 1)]
    assert adjusted[(1, 3)] == D("50")  # one item: raw total kept
    result = aggregate(rows, fields={1: "safety", 2: "safety"}, method="mean", normalise_scores=True)
    by_item = {r.item: r for r in result}
    # (84.142135… × 2 + 50) / 3 = 72.761423749… → 72.761
    assert by_item[1].score == D("72.761") and by_item[1].raw_mean == D("73.333")
    assert by_item[2].score == D("55.858") and by_item[2].raw_mean == D("65.000")
    # The flag reads the raw totals: 90 − 50 = 40 > 20.
    assert by_item[1].spread == D("40.000") and by_item[1].disagreement is True
    assert by_item[2].disagreement is False


def test_an_expert_with_equal_totals_keeps_raw_totals_when_normalising():
    rows = totals([(1, 1, "70"), (2, 1, "70"), (1, 2, "90"), (2, 2, "50")])
    adjusted = normalise(rows)
    assert adjusted[(1, 1)] == D("70") and adjusted[(2, 1)] == D("70")
    # Expert 2: mean 70, std 20 → z ±1; all totals: mean 70, std √200 → 70 ± 14.142…
    assert adjusted[(1, 2)] == D("84.14213562373095048801688724209698")
    result = aggregate(rows, fields={}, method="mean", normalise_scores=True)
    assert [(r.item, r.score) for r in result] == [(1, D("77.071")), (2, D("62.929"))]


def test_normalised_trimmed_path():
    # Five experts, three items each; the figures were checked with an independent float
    # computation (statistics.pstdev): overall mean 73.4, population std 13.612739…
    scores = {1: (60, 50, 70), 2: (70, 68, 90), 3: (80, 60, 65), 4: (90, 85, 88), 5: (95, 55, 75)}
    rows = [(item, expert, str(t)) for expert, ts in scores.items() for item, t in enumerate(ts, start=1)]
    result = aggregate(totals(rows), fields={}, method="trimmed", normalise_scores=True)
    assert [(r.item, r.score, r.raw_mean, r.spread, r.rank) for r in result] == [
        (1, D("84.110"), D("79.000"), D("35.000"), 1),
        (3, D("79.693"), D("77.600"), D("25.000"), 2),
        (2, D("57.836"), D("63.600"), D("35.000"), 3),
    ]
    # Without normalisation the same sheets rank item 1 (trimmed 80) before item 3 (77.667).
    plain = aggregate(totals(rows), fields={}, method="trimmed")
    assert [(r.item, r.score) for r in plain] == [(1, D("80.000")), (3, D("77.667")), (2, D("61.000"))]


def test_disagreement_needs_a_spread_strictly_above_the_threshold():
    result = aggregate(
        totals([(1, 1, "80"), (1, 2, "60"), (2, 1, "80.001"), (2, 2, "60")]),
        fields={},
        threshold=D("20"),
    )
    flags = {r.item: r.disagreement for r in result}
    assert flags == {1: False, 2: True}


def test_ties_are_broken_by_raw_mean_then_by_achievement_id():
    # Trimmed scores: item 7 and item 5 both 70 with raw mean 70; item 3 scores 70 with raw mean 64.
    rows = []
    for item, values in ((3, ["10", "65", "70", "75", "100"]), (7, ["50", "60", "70", "80", "90"])):
        rows += [(item, e, v) for e, v in enumerate(values, start=1)]
    rows += [(5, e, v) for e, v in enumerate(["50", "60", "70", "80", "90"], start=1)]
    result = aggregate(totals(rows), fields={3: "a", 5: "b", 7: "a"}, method="trimmed")
    assert [(r.item, r.score, r.raw_mean) for r in result] == [
        (5, D("70.000"), D("70.000")),
        (7, D("70.000"), D("70.000")),
        (3, D("70.000"), D("64.000")),
    ]
    assert [(r.item, r.rank, r.field_rank) for r in result] == [(5, 1, 1), (7, 2, 1), (3, 3, 2)]


def test_nothing_to_aggregate_and_unknown_method():
    assert aggregate([], fields={}) == []
    with pytest.raises(ValueError):
        item_score([D("1")], "median")
