"""The scoring formula, partial scores, judge spread and standardisation, with hand-computed figures.

Pure: no database. Every expected value is worked out by hand in the comment beside it."""

from decimal import Decimal as D

from innovation.competitions.scoring import (
    JUDGE_SPREAD,
    JUDGEMENT,
    MEASUREMENT,
    MISSING_MARKS,
    MISSING_THEORY,
    Aspect,
    Contestant,
    Scheme,
    Section,
    compute,
)


def one_aspect_scheme(theory_weight=30, practical_weight=70, **rules) -> Scheme:
    """One section with one measurement aspect of 100 points: practical = the mark."""
    return Scheme(
        sections=[Section("S", 100)],
        aspects=[Aspect("P", "S", MEASUREMENT, 100)],
        theory_weight=theory_weight,
        practical_weight=practical_weight,
        **rules,
    )


def worked_example_scheme() -> Scheme:
    return Scheme(
        sections=[Section("A", 40, "操作规范"), Section("B", 60, "作业质量")],
        aspects=[
            Aspect("A1", "A", MEASUREMENT, 10),
            Aspect("A2", "A", JUDGEMENT, 6),
            Aspect("B1", "B", MEASUREMENT, 20),
            Aspect("B2", "B", JUDGEMENT, 9),
        ],
    )


def test_theory_and_practical_are_weighted_3_to_7():
    outcome = compute(one_aspect_scheme(), [Contestant(1, theory=90, marks={"P": [60]})])
    result = outcome.results[0]
    assert result.theory == D("90.000")
    assert result.practical == D("60.000")
    # 90 × 30/100 + 60 × 70/100 = 27 + 42 = 69
    assert result.total == D("69.000")
    assert result.flags == ()


def test_the_weights_are_data():
    outcome = compute(one_aspect_scheme(40, 60), [Contestant(1, theory=90, marks={"P": [60]})])
    # 90 × 40/100 + 60 × 60/100 = 36 + 36 = 72
    assert outcome.results[0].total == D("72.000")


def test_a_judgement_aspect_is_the_mean_of_three_judges_over_3_times_its_max():
    scheme = Scheme(sections=[Section("S", 100)], aspects=[Aspect("J", "S", JUDGEMENT, 5)])
    result = compute(scheme, [Contestant(1, theory=0, marks={"J": [1, 2, 2]})]).results[0]
    # mean 5/3, / 3 × 5 = 25/9 = 2.7777… → 2.778
    assert result.aspects == {"J": D("2.778")}
    # section = 2.778 / 5 × 100 = 55.56 → practical 55.560
    assert result.sections == {"S": D("55.560")}
    assert result.practical == D("55.560")
    # judges 1..2 differ by 1, not more than the spread limit 1
    assert not result.flagged(JUDGE_SPREAD)


def test_sections_count_by_their_weight():
    def practical(weight_a: int) -> D:
        scheme = Scheme(
            sections=[Section("A", weight_a), Section("B", 100 - weight_a)],
            aspects=[Aspect("A1", "A", MEASUREMENT, 10), Aspect("B1", "B", MEASUREMENT, 10)],
        )
        return compute(scheme, [Contestant(1, theory=0, marks={"A1": [10], "B1": [4]})]).results[0].practical

    # section A = 10/10 × 100 = 100, section B = 4/10 × 100 = 40
    assert practical(25) == D("55.000")  # 100 × 25/100 + 40 × 75/100 = 25 + 30
    assert practical(75) == D("85.000")  # 100 × 75/100 + 40 × 25/100 = 75 + 10


def test_the_worked_example_of_the_module_docstring():
    result = compute(
        worked_example_scheme(),
        [Contestant(1, theory=82, marks={"A1": [8], "A2": [2, 3, 2], "B1": [15], "B2": [3, 3, 2]})],
    ).results[0]
    # A2 = 7 × 6 / (3 × 3) = 4.6666… → 4.667; B2 = 8 × 9 / (3 × 3) = 8
    assert result.aspects == {"A1": D("8.000"), "A2": D("4.667"), "B1": D("15.000"), "B2": D("8.000")}
    # A = 12.667 / 16 × 100 = 79.16875 → 79.169 (half up); B = 23 / 29 × 100 = 79.3103… → 79.310
    assert result.sections == {"A": D("79.169"), "B": D("79.310")}
    # 79.169 × 0.4 + 79.310 × 0.6 = 31.6676 + 47.586 = 79.2536 → 79.254
    assert result.practical == D("79.254")
    # 82 × 0.3 + 79.254 × 0.7 = 24.6 + 55.4778 = 80.0778 → 80.078
    assert result.total == D("80.078")


def test_measurement_marks_of_several_judges_are_averaged():
    scheme = Scheme(sections=[Section("S", 100)], aspects=[Aspect("M", "S", MEASUREMENT, 10)])
    result = compute(scheme, [Contestant(1, theory=0, marks={"M": [D("7.5"), 8]})]).results[0]
    # (7.5 + 8) / 2 = 7.75
    assert result.aspects == {"M": D("7.750")}
    assert result.practical == D("77.500")


def test_partial_scores_are_computed_with_what_exists_and_flagged():
    scheme = Scheme(
        sections=[Section("S", 100)],
        aspects=[Aspect("M", "S", MEASUREMENT, 10), Aspect("J", "S", JUDGEMENT, 6)],
    )
    result = compute(scheme, [Contestant(1, theory=None, marks={"J": [3, 3]})]).results[0]
    # M not marked: 0 points, its 10 still in the denominator; J from 2 judges: 6 × 6 / (3 × 2) = 6
    assert result.aspects == {"M": D("0.000"), "J": D("6.000")}
    # section = 6 / 16 × 100 = 37.5; total = 0 × 0.3 + 37.5 × 0.7 = 26.25
    assert result.practical == D("37.500")
    assert result.theory is None
    assert result.total == D("26.250")
    assert [(f.code, f.aspect) for f in result.flags] == [
        (MISSING_MARKS, "M"),
        (MISSING_MARKS, "J"),
        (MISSING_THEORY, ""),
    ]
    assert result.flags[1].message == "评分要素「J」仅有2名裁判评分（应为3名），按已有评分计算。"


def test_a_practical_only_contest_does_not_flag_the_missing_theory():
    result = compute(one_aspect_scheme(0, 100), [Contestant(1, marks={"P": [55]})]).results[0]
    assert result.total == D("55.000")
    assert result.flags == ()


def test_judges_differing_by_more_than_the_spread_are_flagged():
    scheme = Scheme(sections=[Section("S", 100)], aspects=[Aspect("J", "S", JUDGEMENT, 6)])
    outcome = compute(
        scheme,
        [
            Contestant(1, theory=50, marks={"J": [0, 2, 3]}),  # 3 − 0 = 3 > 1
            Contestant(2, theory=50, marks={"J": [2, 3, 3]}),  # 3 − 2 = 1: within
        ],
    )
    split, agreed = outcome.by_id()[1], outcome.by_id()[2]
    assert [(f.code, f.aspect) for f in split.flags] == [(JUDGE_SPREAD, "J")]
    assert split.flags[0].message == "评分要素「J」裁判评分相差超过1分（0、2、3）。"
    # the split marks still count: 5 × 6 / 9 = 3.333
    assert split.aspects == {"J": D("3.333")}
    assert agreed.flags == ()


def test_the_spread_limit_is_data():
    scheme = Scheme(sections=[Section("S", 100)], aspects=[Aspect("J", "S", JUDGEMENT, 6)], spread_limit=2)
    outcome = compute(scheme, [Contestant(1, theory=50, marks={"J": [1, 3, 3]})])
    assert outcome.results[0].flags == ()  # 3 − 1 = 2, not more than 2


def theory_only(**rules) -> Scheme:
    """Total = theory: the figures of ranking and standardisation tests are the totals themselves."""
    return Scheme(sections=[], aspects=[], theory_weight=100, practical_weight=0, **rules)


def test_standardisation_puts_the_median_at_700_and_one_sd_at_100():
    totals = {1: 75, 2: 76, 3: 78, 4: 85, 5: 87, 6: 91}
    outcome = compute(theory_only(standardise=True), [Contestant(i, theory=t) for i, t in totals.items()])
    # mean = 492 / 6 = 82; deviations −7 −6 −4 3 5 9, squares 49 36 16 9 25 81 = 216; 216 / 6 = 36;
    # sd = 6; median = (78 + 85) / 2 = 81.5
    stats = outcome.standardisation
    assert (stats.mean, stats.sd, stats.median) == (D("82.000"), D("6.000"), D("81.500"))
    # Step 1: s = 500 + 100 (T − 82) / 6; median(s) = 500 + 100 × (−0.5) / 6 = 491.666…; step 2 adds
    # 700 − 491.666… = 208.333…, i.e. S = 700 + 100 (T − 81.5) / 6:
    #   75: 700 − 650/6 = 591.666… → 591.667      76: 700 − 550/6 = 608.333… → 608.333
    #   78: 700 − 350/6 = 641.666… → 641.667      85: 700 + 350/6 = 758.333… → 758.333
    #   87: 700 + 550/6 = 791.666… → 791.667      91: 700 + 950/6 = 858.333… → 858.333
    standardised = {r.id: r.standardised for r in outcome.results}
    assert standardised == {
        1: D("591.667"),
        2: D("608.333"),
        3: D("641.667"),
        4: D("758.333"),
        5: D("791.667"),
        6: D("858.333"),
    }
    assert [r.id for r in outcome.results] == [6, 5, 4, 3, 2, 1]
    assert [r.rank for r in outcome.results] == [1, 2, 3, 4, 5, 6]


def test_standardisation_of_an_odd_set_puts_the_middle_contestant_at_700():
    outcome = compute(
        theory_only(standardise=True),
        [Contestant(i, theory=t) for i, t in enumerate((74, 78, 80, 82, 86), 1)],
    )
    # mean 80, deviations −6 −2 0 2 6, squares sum 80, / 5 = 16, sd 4; median 80:
    # S = 700 + 100 (T − 80) / 4 = 700 + 25 (T − 80): −6 → 550, −2 → 650, 0 → 700, 2 → 750, 6 → 850
    assert {r.id: r.standardised for r in outcome.results} == {
        1: D("550.000"),
        2: D("650.000"),
        3: D("700.000"),
        4: D("750.000"),
        5: D("850.000"),
    }


def test_equal_totals_all_standardise_to_700():
    outcome = compute(theory_only(standardise=True), [Contestant(1, theory=60), Contestant(2, theory=60)])
    assert [r.standardised for r in outcome.results] == [D("700.000"), D("700.000")]
    assert outcome.standardisation.sd == D("0.000")


def test_without_standardisation_there_is_no_scale():
    outcome = compute(theory_only(), [Contestant(1, theory=60)])
    assert outcome.results[0].standardised is None
    assert outcome.standardisation is None


def test_figures_exactly_half_way_round_up_at_every_step():
    scheme = Scheme(sections=[Section("S", 100)], aspects=[Aspect("M", "S", MEASUREMENT, 100)])
    result = compute(
        scheme, [Contestant(1, theory=D("80.015"), marks={"M": [D("60.001"), D("60.000")]})]
    ).results[0]
    # M = (60.001 + 60.000) / 2 = 60.0005 → 60.001 (half-even would give 60.000)
    assert result.aspects == {"M": D("60.001")}
    assert result.practical == D("60.001")
    # 80.015 × 0.3 + 60.001 × 0.7 = 24.0045 + 42.0007 = 66.0052 → 66.005
    assert result.total == D("66.005")


def test_a_total_exactly_half_way_rounds_up():
    result = compute(
        Scheme(sections=[Section("S", 100)], aspects=[Aspect("M", "S", MEASUREMENT, 100)]),
        [Contestant(1, theory=D("80.015"), marks={"M": [60]})],
    ).results[0]
    # 80.015 × 0.3 + 60 × 0.7 = 24.0045 + 42 = 66.0045 → 66.005 (half-even would give 66.004)
    assert result.total == D("66.005")
