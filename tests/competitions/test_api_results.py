"""The results' API, beside the pages: compute (a second run only with a reason), the results a
unit sees (its own contestants'), the prize winners paid at once, a promotion confirmed; every
bad input a 4xx that changes nothing."""

import pytest

from innovation.competitions.models import PromotionRecommendation, PromotionState, ResultRun
from innovation.funds.models import BudgetLine

from .builders import unit_admin
from .test_awards import TOTAL_FEN, finalised
from .test_results import contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


def test_compute_then_read_the_results_within_scope(api, world):
    _comp, occ, regs, _judges = contest(world, compute=False)
    city = world.users["city"]
    url = f"/api/v1/competitions/occupations/{occ.pk}/compute-results"
    first = api(city, "post", url, {})
    assert first.status_code == 200, first.json()
    assert (first.json()["number"], first.json()["reason"], first.json()["contestants"]) == (1, "首次计算", 5)
    again = api(city, "post", url, {})
    assert again.status_code == 400
    assert "评分自上次计算后没有更正" in str(again.json())
    assert api(city, "post", url, {"reason": "x" * 2001}).status_code == 400
    assert ResultRun.objects.filter(occupation=occ).count() == 1

    results = api(city, "get", f"/api/v1/competitions/results?occupation={occ.pk}").json()
    assert [(r["rank"], r["total"], r["place"]) for r in results["results"]][:2] == [
        (1, "97.000", "一等奖"),
        (2, "87.226", "二等奖"),
    ]
    unit = unit_admin(world, world.units["hs_a"])
    mine = api(unit, "get", "/api/v1/competitions/results").json()
    assert sorted(r["registration"] for r in mine["results"]) == sorted([regs[0].pk, regs[1].pk])
    assert api(unit, "post", url, {"reason": "再算"}).status_code == 404


def test_pay_all_and_confirm_through_the_api(api, world):
    comp, _occ, regs, line = finalised(world)
    city = world.users["city"]
    assert (
        api(city, "post", "/api/v1/competitions/awards/pay-all", {"competition": comp.pk}).status_code == 400
    )
    assert (
        api(
            city, "post", "/api/v1/competitions/awards/pay-all", {"competition": 10**9, "voucher_prefix": "J"}
        ).status_code
        == 404
    )
    assert BudgetLine.objects.get(pk=line.pk).paid_fen == 0
    paid = api(
        city, "post", "/api/v1/competitions/awards/pay-all", {"competition": comp.pk, "voucher_prefix": "J"}
    )
    assert paid.json() == {"paid": 5}
    assert BudgetLine.objects.get(pk=line.pk).paid_fen == TOTAL_FEN
    awards = api(city, "get", f"/api/v1/competitions/awards?competition={comp.pk}&paid=true").json()
    assert awards["count"] == 5

    recommendation = PromotionRecommendation.objects.get(registration=regs[0])
    url = f"/api/v1/competitions/promotions/{recommendation.pk}/confirm"
    unit = unit_admin(world, world.units["hs_a"])
    assert api(unit, "post", url, {"certificate_no": "X"}).status_code == 403
    assert api(city, "post", url, {"certificate_no": "Y" * 41}).status_code == 400
    done = api(city, "post", url, {"certificate_no": "JZ-1"})
    assert done.status_code == 200, done.json()
    assert (done.json()["state"], done.json()["certificate_no"]) == (PromotionState.CONFIRMED, "JZ-1")
