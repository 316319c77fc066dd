"""The seeded demo's skills competitions (innovation/competitions/demo/): the 2021 叉车联赛 of 3
rounds with its season table, the 状元杯 with its tie broken by time and its shared rank, the
fire-safety contest, 329 contestants from every county-level division, prizes paid from 2021's
技能竞赛经费 line, promotions recommended and confirmed, this year's 状元杯 open for registration."""

from decimal import Decimal

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]

DEMO_UNITS = ("锦州石化公司", "辽宁大唐国际锦州热电有限责任公司", "锦州天晟重工有限公司")
ZHUANGYUAN = "2021年锦州市“状元杯”职工职业技能大赛"


def _results(code: str):
    from innovation.competitions.models import Result

    return Result.objects.filter(occupation__code=code, occupation__competition__year=2021).order_by(
        "rank", "registration_id"
    )


def test_the_figures_demo_city_sees(demo):
    from innovation.accounts.models import User
    from innovation.core.stats import stats_for

    figures = stats_for(User.objects.get(username="demo_city"))
    assert (
        figures["competitions_total"],
        figures["contestants_total"],
        figures["promotions_recommended"],
    ) == (6, 329, 37)


def test_the_events_their_occupations_and_contestants(demo):
    from innovation.competitions.models import Competition, RegistrationState

    rows = [
        (
            c.title,
            c.state,
            c.level,
            [
                (o.code, o.registrations.filter(state=RegistrationState.CONFIRMED).count())
                for o in c.occupations.order_by("order")
            ],
        )
        for c in Competition.objects.filter(year=2021).order_by("starts_on")
    ]
    assert rows == [
        ("2021年锦州市“叉车联赛”第1站", "final", "city", [("CC", 40)]),
        ("2021年锦州市“叉车联赛”第2站", "final", "city", [("CC", 39)]),
        (ZHUANGYUAN, "final", "city", [("DG", 40), ("HG", 40), ("CG", 40), ("QG", 40)]),
        ("2021年锦州市“叉车联赛”第3站", "final", "city", [("CC", 40)]),
        ("2021年锦州市物流和物业行业消防安全技能大赛", "final", "industry", [("XF", 25), ("AQ", 25)]),
    ]


def test_every_district_has_contestants_and_the_demo_units_none(demo):
    from innovation.competitions.models import Registration
    from innovation.org.models import TradeUnion

    confirmed = Registration.objects.filter(state="confirmed")
    by_district = {
        d.name: confirmed.filter(scope_path__startswith=d.path).count()
        for d in TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT)
    }
    assert by_district == {
        "锦州松山新区总工会": 35,
        "古塔区总工会": 41,
        "凌河区总工会": 39,
        "太和区总工会": 38,
        "黑山县总工会": 39,
        "义县总工会": 35,
        "凌海市总工会": 35,
        "北镇市总工会": 33,
        "锦州经济技术开发区总工会": 34,
    }
    assert confirmed.values("enterprise").distinct().count() == 70
    assert not confirmed.filter(worker__user__isnull=False).exists()  # the demo's own people stay out
    # nor the units whose admins are demo accounts (their home pages stay as the other parts left them)
    assert not confirmed.filter(enterprise__name__in=DEMO_UNITS).exists()
    # card and anonymous numbers for everyone
    assert (
        not confirmed.filter(card_number="").exists() and not confirmed.filter(anonymous_number="").exists()
    )


def test_judges_of_the_pool_three_per_judgement_aspect_never_of_a_contestants_unit(demo):
    from django.db.models import Count

    from innovation.competitions.models import Aspect, JudgeAssignment, Mark, Occupation

    assert JudgeAssignment.objects.count() == 27  # 9 panels of 3
    assert not JudgeAssignment.objects.filter(expert__isnull=True).exists()
    judged = Aspect.objects.filter(kind="judgement", occupation__competition__year=2021).annotate(
        n=Count("judges")
    )
    assert judged.count() == 9 and set(judged.values_list("n", flat=True)) == {3}
    for occupation in Occupation.objects.filter(competition__year=2021):
        units = set(occupation.registrations.values_list("enterprise_id", flat=True))
        assert not units & set(occupation.judges.values_list("unit_id", flat=True)), occupation
        assert occupation.marks_locked
    # measurement aspects by the chief judge, judgement aspects by all three: 2 + 3 marks each
    assert Mark.objects.filter(is_current=True).count() == 329 * 5


def test_the_places_prizes_and_certificates(demo):
    from innovation.competitions.models import CompetitionAward
    from innovation.competitions.services import prizes_paid_fen
    from innovation.funds.models import BudgetLine, LineKind

    awards = CompetitionAward.objects.all()
    assert awards.count() == 54  # 9 occupations × (1 + 2 + 3)
    assert len(set(awards.values_list("certificate_code", flat=True))) == 54
    zhuangyuan = awards.filter(competition__title=ZHUANGYUAN)
    assert sorted({(a.place, a.amount_fen) for a in zhuangyuan}) == [
        ("一等奖", 500_000),
        ("三等奖", 200_000),
        ("二等奖", 300_000),
    ]
    assert prizes_paid_fen(zhuangyuan) == 6_800_000
    assert prizes_paid_fen(awards) == 9_820_000  # 68,000 + 3 × 3,400 + 20,000 yuan
    line = BudgetLine.objects.get(year=2021, kind=LineKind.COMPETITION)
    assert (line.amount_fen, line.committed_fen, line.paid_fen) == (12_000_000, 9_820_000, 9_820_000)


def test_the_tie_in_turning_is_broken_by_time_by_the_declared_order(demo):
    rows = list(_results("CG")[:4])
    assert [(r.rank, r.total, r.place, r.rank_shared) for r in rows] == [
        (1, Decimal("94.247"), "一等奖", False),
        (2, Decimal("92.351"), "二等奖", False),
        (3, Decimal("92.351"), "二等奖", False),
        (4, Decimal("88.256"), "三等奖", False),
    ]
    second, third = rows[1], rows[2]
    assert (second.practical, second.time_seconds) == (third.practical, 6460)
    assert third.time_seconds == 6497
    assert "决胜顺序：实操成绩 → 用时" in second.explanation and "排在其前" in second.explanation


def test_the_shared_rank_in_fitting(demo):
    rows = [(r.rank, r.total, r.rank_shared, r.promotion) for r in _results("QG")[6:9]]
    assert rows == [
        (7, Decimal("87.695"), True, "3"),
        (7, Decimal("87.695"), True, "3"),
        (9, Decimal("86.253"), False, "3"),
    ]


def test_the_electricians_are_standardised_on_the_700_scale(demo):
    rows = list(_results("DG"))
    assert (rows[0].total, rows[0].standardised, rows[0].title) == (
        Decimal("91.140"),
        Decimal("839.787"),
        "技术能手",
    )
    middle = sorted(r.standardised for r in rows)[19:21]
    assert middle == [Decimal("697.529"), Decimal("702.471")]  # the median is 700


def test_the_league_season_table_best_two_of_three(demo):
    from innovation.competitions.models import League
    from innovation.competitions.services import league_table

    league = League.objects.get()
    assert (league.rule, league.best_n, league.rounds.count()) == ("best_of", 2, 3)
    table = league_table(league)["CC"]
    assert len(table) == 45
    assert [(r.label, r.counted, r.total, r.rank) for r in table[:4]] == [
        ("邹刚俊", (1, 3), Decimal("188.278"), 1),
        ("郝梅秀", (1, 2), Decimal("186.522"), 2),
        ("傅峰静", (1, 3), Decimal("183.802"), 3),
        ("任文强", (1, 2), Decimal("180.954"), 4),  # missed round 3: his two rounds count
    ]
    assert sorted(table[3].scores) == [1, 2]


def test_promotions_recommended_and_the_technicians_confirmed(demo):
    from innovation.competitions.models import PromotionRecommendation
    from innovation.org.models import Honour

    rows = PromotionRecommendation.objects.order_by("id")
    assert sorted(set(rows.values_list("state", "to_level"))) == [
        ("confirmed", "2"),
        ("recommended", "3"),
    ]
    confirmed = rows.filter(state="confirmed")
    assert confirmed.count() == 12 and rows.filter(state="recommended").count() == 25
    assert [p.certificate_no for p in confirmed[:2]] == ["2021210700000001", "2021210700000002"]
    assert set(confirmed.values_list("worker__skill_level", flat=True)) == {"2"}
    assert (
        Honour.objects.filter(
            kind=Honour.Kind.TECH_EXPERT, level="city", year=2021, title__contains="状元杯"
        ).count()
        == 12
    )


def test_this_years_event_is_open_and_a_unit_can_register(demo):
    from django.utils import timezone

    from innovation.accounts.models import User
    from innovation.competitions import services
    from innovation.competitions.models import Competition
    from innovation.org.models import Worker

    today = timezone.localdate()
    event = Competition.objects.get(year=today.year)
    assert event.state == "registration_open"
    assert list(event.occupations.values_list("code", flat=True)) == ["DG", "HG"]
    electricians = event.occupations.get(code="DG")
    worker = (
        Worker.objects.filter(
            enterprise__name="锦州石化公司",
            user__isnull=True,
            skill_level__in=("3", "4", "5"),
            birth_year__gte=today.year - 55,
            birth_year__lte=today.year - 18,
        )
        .order_by("id")
        .first()
    )
    registration = services.register(
        actor=User.objects.get(username="demo_unit_petro"), occupation=electricians, worker=worker
    )
    assert registration.state == "submitted"
