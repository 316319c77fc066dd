"""Defect 10 in the pages and the API: the ranking page says how many sheets are outstanding and
offers the city the close-with-reason form; the closure (who, when, why) is shown on the
ranking and decision pages and in the decision's API answer."""

import pytest

from innovation.awards import services as awards
from innovation.review import closure, services
from innovation.review.models import ItemResult, ScoringClosure

from .test_closure import CLOSED_AT, REASON, one_of_five  # noqa: F401  (fixture)

CLOSED_TEXT = f"t_city 于 2026-11-12 09:30 结束评分（结束时已提交评分表 1/5 份，4 份未提交），理由：{REASON}"


def messages_of(response) -> list[str]:
    """The messages the redirected-to page shows (the request followed the redirect)."""
    return [str(m) for m in response.context["messages"]]


def test_the_ranking_page_says_what_is_outstanding_and_closes_scoring(world, one_of_five, client):  # noqa: F811
    campaign = one_of_five.campaign
    url = f"/review/ranking/{campaign.pk}/"
    client.force_login(world.users["city"])
    page = client.get(url).content.decode()
    assert "还有 4 份专家评分表未提交（已提交 1/5 份）" in page
    assert 'id="close-scoring-form"' in page and 'id="scoring-closed"' not in page
    # 重新计算 is refused with the count, and nothing is ranked.
    response = client.post(f"{url}compute/", follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert messages_of(response) == [
        f"「{campaign}」还有 4 份专家评分表未提交（已提交 1/5 份），不能计算评审结果（排名）。"
        "请等专家提交全部评分表，或由市总工会写明理由结束评分。"
    ]
    assert not ItemResult.objects.exists()
    # No reason: refused, nothing recorded.
    response = client.post(f"{url}close-scoring/", {"reason": "  "}, follow=True)
    assert messages_of(response) == ["结束评分须写明理由。"]
    assert not ScoringClosure.objects.exists()
    response = client.post(f"{url}close-scoring/", {"reason": REASON}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert messages_of(response) == ["评分已结束，可以计算排名并拟定审定方案。"]
    ScoringClosure.objects.update(closed_at=CLOSED_AT)
    page = client.get(url).content.decode()
    assert 'id="scoring-closed"' in page and CLOSED_TEXT in page
    assert 'id="close-scoring-form"' not in page and "还有 4 份" not in page
    assert client.post(f"{url}compute/").status_code == 302
    assert ItemResult.objects.filter(campaign=campaign).count() == 1


def test_a_complete_review_needs_no_closure(world, one_of_five, client):  # noqa: F811
    for key in (("yx", "e2"), ("yx", "e3"), ("yx", "idle"), ("yx", "e5")):
        services.save_sheet(
            assignment=one_of_five.assignments[key],
            actor=one_of_five.experts[key[1]].user,
            values=one_of_five.values(70, 70, 70, 70),
            comment="",
            submit=True,
        )
    client.force_login(world.users["city"])
    page = client.get(f"/review/ranking/{one_of_five.campaign.pk}/").content.decode()
    assert "专家评分表已全部提交（5 份）。" in page
    assert 'id="close-scoring-form"' not in page and 'id="scoring-closed"' not in page


@pytest.mark.parametrize("who", ["yixian", "heishan", "unit", "worker", "expert", "nobody"])
def test_only_the_city_may_close_scoring_through_the_page_or_the_api(world, one_of_five, client, who):  # noqa: F811
    campaign = one_of_five.campaign.pk
    client.force_login(world.users[who])
    assert client.post(f"/review/ranking/{campaign}/close-scoring/", {"reason": REASON}).status_code in (
        403,
        404,
    )
    response = client.post(
        f"/api/v1/review/campaigns/{campaign}/scoring/close",
        {"reason": REASON},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert client.get(f"/api/v1/review/campaigns/{campaign}/scoring").status_code in (403, 404)
    assert not ScoringClosure.objects.exists()


def test_the_decision_page_and_its_api_answer_show_the_closure(world, one_of_five, client):  # noqa: F811
    city = world.users["city"]
    campaign = one_of_five.campaign
    closure.close_scoring(campaign=campaign, actor=city, reason=REASON, now=CLOSED_AT)
    services.compute_results(campaign=campaign, actor=city)
    decision = awards.propose(campaign=campaign, actor=city)
    client.force_login(city)
    page = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert 'id="scoring-closed"' in page and CLOSED_TEXT in page
    expected = {
        "reason": REASON,
        "closed_by": "t_city",
        "closed_at": "2026-11-12T09:30:00+08:00",
        "assigned": 5,
        "submitted": 1,
        "outstanding": 4,
    }
    assert client.get(f"/api/v1/decisions/{decision.pk}").json()["scoring_closure"] == expected
    assert client.get("/api/v1/decisions").json()["results"][0]["scoring_closure"] == expected


def test_a_decision_on_a_complete_review_says_nothing_of_a_closure(world, one_of_five, client):  # noqa: F811
    city = world.users["city"]
    for key in (("yx", "e2"), ("yx", "e3"), ("yx", "idle"), ("yx", "e5")):
        services.save_sheet(
            assignment=one_of_five.assignments[key],
            actor=one_of_five.experts[key[1]].user,
            values=one_of_five.values(70, 70, 70, 70),
            comment="",
            submit=True,
        )
    services.compute_results(campaign=one_of_five.campaign, actor=city)
    decision = awards.propose(campaign=one_of_five.campaign, actor=city)
    client.force_login(city)
    page = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert 'id="scoring-closed"' not in page and 'id="scoring-incomplete"' not in page
    assert client.get(f"/api/v1/decisions/{decision.pk}").json()["scoring_closure"] is None


def test_the_scoring_api_counts_and_closes(world, one_of_five, client):  # noqa: F811
    campaign = one_of_five.campaign.pk
    client.force_login(world.users["city"])
    url = f"/api/v1/review/campaigns/{campaign}/scoring"
    assert client.get(url).json() == {
        "campaign": campaign,
        "assigned": 5,
        "submitted": 1,
        "outstanding": 4,
        "complete": False,
        "closure": None,
    }
    compute = client.post(f"/api/v1/review/campaigns/{campaign}/ranking/compute")
    assert (
        compute.status_code == 400
        and "还有 4 份专家评分表未提交（已提交 1/5 份）" in compute.content.decode()
    )
    response = client.post(url + "/close", {"reason": ""}, content_type="application/json")
    assert response.status_code == 400 and "结束评分须写明理由。" in response.content.decode()
    response = client.post(url + "/close", {"reason": REASON}, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert (
        data["complete"],
        data["outstanding"],
        data["closure"]["reason"],
        data["closure"]["closed_by"],
    ) == (
        True,
        4,
        REASON,
        "t_city",
    )
    again = client.post(url + "/close", {"reason": REASON}, content_type="application/json")
    assert again.status_code == 400 and "的评分已经结束" in again.content.decode()
    assert ScoringClosure.objects.count() == 1
    assert client.post(f"/api/v1/review/campaigns/{campaign}/ranking/compute").json() == {
        "campaign": campaign,
        "items": 1,
    }
