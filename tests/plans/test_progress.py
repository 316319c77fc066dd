"""Progress against target: live actuals by the registered formulas, the pro-rata rule and the
statuses, an indicator no module provides, and what each role sees."""

import datetime
from fractions import Fraction

import pytest

from innovation.plans import formulas, progress
from innovation.plans.models import Status

pytestmark = pytest.mark.django_db
D = datetime.date


def table(rows):
    return [
        (r.indicator.code, r.year, r.district_name, r.target, r.expected, r.actual, r.percent, r.status)
        for r in rows
    ]


def test_the_city_sees_every_row_with_live_actuals_and_statuses(pw):
    rows = progress.progress_rows(pw.world.users["city"], pw.v1, today=D(2026, 1, 5))
    assert table(rows) == [
        ("studios", 2020, "义县总工会", 1, 1, 1, 100, Status.GREEN),
        ("studios", 2020, "黑山县总工会", 2, 2, 0, 0, Status.RED),
        ("studios", 2021, "义县总工会", 5, 5, 4, 80, Status.AMBER),
        ("studios", 2021, "黑山县总工会", 1, 1, 1, 100, Status.GREEN),
        ("city_worker_studios", 2021, "全市", 4, 4, 5, 125, Status.GREEN),
        ("apprentices", 2021, "全市", 100, 100, None, None, Status.UNAVAILABLE),
    ]


def test_an_indicator_no_module_provides_says_so_never_0(pw, client):
    assert not formulas.is_available("apprentices_trained")
    assert formulas.actual("apprentices_trained", pw.world.users["city"], 2021) is None
    client.force_login(pw.world.users["city"])
    page = client.get(f"/plans/{pw.plan.pk}/progress/?year=2021").content.decode()
    row = page.split("新型学徒制培训")[1].split("</tr>")[0]
    assert "该模块尚未提供此指标" in row and "暂无数据" in row
    assert ">0<" not in row


def test_a_county_sees_only_its_own_districts_rows(pw):
    yixian = progress.progress_rows(pw.world.users["yixian"], pw.v1, today=D(2026, 1, 5))
    assert table(yixian) == [
        ("studios", 2020, "义县总工会", 1, 1, 1, 100, Status.GREEN),
        ("studios", 2021, "义县总工会", 5, 5, 4, 80, Status.AMBER),
    ]
    heishan = progress.progress_rows(pw.world.users["heishan"], pw.v1, today=D(2026, 1, 5))
    assert [(r.year, r.district_name, r.actual) for r in heishan] == [
        (2020, "黑山县总工会", 0),
        (2021, "黑山县总工会", 1),
    ]


def test_the_pro_rata_target_of_the_current_year():
    assert progress.elapsed(2021, D(2021, 7, 1)) == Fraction(182, 365)
    assert progress.elapsed(2020, D(2021, 7, 1)) == 1
    assert progress.elapsed(2022, D(2021, 7, 1)) == 0
    half = Fraction(182, 365)
    # 100 due in the year: by 1 July 49.86 are due; 50 is on track, 40 is 80.2% (amber), 39 red.
    rule = {"target": 100, "fraction": half, "green_pct": 100, "amber_pct": 80}
    assert progress.status_for(actual=50, **rule) == Status.GREEN
    assert progress.status_for(actual=40, **rule) == Status.AMBER
    assert progress.status_for(actual=39, **rule) == Status.RED
    assert progress.status_for(actual=None, **rule) == Status.UNAVAILABLE
    assert progress.status_for(actual=0, target=100, fraction=Fraction(0), green_pct=100, amber_pct=80) == (
        Status.NOT_STARTED
    )
    assert progress.rounded(100 * half) == 50


def test_mid_year_rows_use_the_elapsed_fraction(pw):
    rows = progress.progress_rows(pw.world.users["city"], pw.v1, year=2021, today=D(2021, 7, 1))
    by_key = {(r.indicator.code, r.district_name): r for r in rows}
    # 义县: 5 × 182/365 = 2.49 due, 4 done: green; the city: 4 × 182/365 = 1.99 due, 5 done.
    assert (by_key["studios", "义县总工会"].expected, by_key["studios", "义县总工会"].status) == (
        2,
        Status.GREEN,
    )
    assert by_key["city_worker_studios", "全市"].expected == 2


def test_every_actual_links_to_the_filtered_rows_behind_it(pw):
    from urllib.parse import parse_qs, urlsplit

    from innovation.accounts.policy import Action
    from innovation.accounts.scope import restrict
    from innovation.studios.filters import StudioFilterSet
    from innovation.studios.models import Studio

    city = pw.world.users["city"]
    rows = progress.progress_rows(city, pw.v1, today=D(2026, 1, 5))
    request = type("R", (), {"user": city})()
    for row in rows[:5]:
        link = urlsplit(row.link)
        assert link.path == "/studios/"
        params = {k: v[0] for k, v in parse_qs(link.query).items()}
        listed = StudioFilterSet(
            params, queryset=restrict(Studio.objects.all(), city, Action.STUDIO_VIEW), request=request
        )
        assert listed.is_valid(), listed.errors
        assert listed.qs.count() == row.actual
    assert rows[5].link == ""  # no module: nothing to link to


def test_plan_indicators_in_the_callers_scope(pw, client):
    from innovation.core.stats import stats_for

    users = pw.world.users
    assert stats_for(users["city"])["plan_indicators"] == {
        "studios": {"target": 6, "actual": 5, "status": "amber"},
        "city_worker_studios": {"target": 4, "actual": 5, "status": "green"},
        "apprentices": {"target": 100, "actual": None, "status": "unavailable"},
    }
    assert stats_for(users["yixian"])["plan_indicators"] == {
        "studios": {"target": 5, "actual": 4, "status": "amber"}
    }
    for who in ("unit", "worker", "expert"):
        assert stats_for(users[who])["plan_indicators"] == {}
    client.force_login(users["heishan"])
    answer = client.get("/api/v1/stats").json()
    assert answer["plan_indicators"] == {"studios": {"target": 1, "actual": 1, "status": "green"}}


def test_every_registered_formula_computes_and_links(pw):
    city, yixian = pw.world.users["city"], pw.world.yixian
    assert len(formulas.REGISTRY) == 24  # 12 named + studios_named_<type>_<level> (3 × 4)
    for code in formulas.REGISTRY:
        assert formulas.actual(code, city, 2021) >= 0
        assert formulas.actual(code, city, 2021, yixian) >= 0
        for district in (None, yixian):
            link = formulas.link(code, 2021, district)
            assert link == "" or ("year=2021" in link or "named_year=2021" in link), (code, link)
    assert formulas.link("achievements_filed", 2021, yixian) == (
        f"/achievements/?filed=true&year=2021&district={yixian.pk}"
    )
    assert (
        formulas.link("pairs_awarded", 2020, None) == "/pairs/nominations/?year=2020&level=city&state=awarded"
    )
