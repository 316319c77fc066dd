"""The API twins: the same services, scope and refusals as the pages; every refusal a 4xx with
a Chinese reason, never a 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovation.awards import services
from innovation.awards.models import Award, Decision, Objection
from innovation.funds.models import Commitment

from . import decision_world as support
from .decision_world import after_notice, line_of, to_notice

# Shared fixtures (tests/awards has no conftest of its own).
city2 = support.city2
media = support.media
ranked = support.ranked

API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(API + url, data=data, content_type="application/json")

    return call


def test_the_whole_committee_path_through_the_api(world, ranked, api):
    city, city2_ = ranked.city, ranked.city2
    r = api(city, "post", "/decisions/propose", {"campaign": ranked.campaign.pk})
    assert r.status_code == 201, r.content
    body = r.json()
    pk = body["id"]
    assert body["state"] == "draft" and len(body["lines"]) == 12
    assert {t["code"]: (t["count"], t["quota"]) for t in body["tally"]}["second"] == (2, 2)
    assert body["prize_total_fen"] == 2_100_000
    line = body["lines"][1]

    r = api(city, "post", f"/decisions/{pk}/adjust", {"line": line["id"], "grade": "first", "reason": "突出"})
    assert r.status_code == 400
    assert r.json()["grade"] == ["「一等奖」名额为1项，已审定1项，不能再增加。"]
    r = api(city, "post", f"/decisions/{pk}/adjust", {"line": line["id"], "grade": None, "reason": ""})
    assert r.status_code == 400 and "reason" in r.json()
    r = api(city, "post", f"/decisions/{pk}/adjust", {"line": 999999, "grade": None, "reason": "x"})
    assert r.status_code == 404 and r.json()["detail"] == "该审定中没有这一成果。"
    r = api(city, "post", f"/decisions/{pk}/adjust", {"line": line["id"], "grade": "platinum", "reason": "x"})
    assert r.status_code == 400
    r = api(
        city, "post", f"/decisions/{pk}/adjust", {"line": line["id"], "grade": None, "reason": "材料不全"}
    )
    assert r.status_code == 200 and r.json()["lines"][1]["grade"] is None

    r = api(city, "post", f"/decisions/{pk}/budget-line", {"budget_line": ranked.line.pk})
    assert r.status_code == 200 and r.json()["budget_line"] == ranked.line.pk
    r = api(city, "post", f"/decisions/{pk}/approve")
    assert r.status_code == 200 and r.json()["state"] == "approving"
    r = api(city, "post", f"/decisions/{pk}/approve")
    assert r.status_code == 400 and "四眼原则" in r.json()["detail"][0]
    r = api(city2_, "post", f"/decisions/{pk}/approve")
    assert r.status_code == 200 and r.json()["state"] == "locked"
    assert (r.json()["first_approver"], r.json()["second_approver"]) == ("t_city", "t_city2")
    r = api(city, "post", f"/decisions/{pk}/adjust", {"line": line["id"], "grade": "third", "reason": "x"})
    assert r.status_code == 400 and "只有拟定中的审定可以调整" in r.json()["detail"][0]
    r = api(city, "post", f"/decisions/{pk}/finalise")
    assert r.status_code == 400
    r = api(city, "post", f"/decisions/{pk}/publish")
    assert r.status_code == 200 and r.json()["state"] == "notice"

    # Anyone signed in sees the notice and may object; the city admin answers.
    r = api(world.users["worker"], "get", f"/notices/{pk}")
    assert r.status_code == 200
    notice = r.json()
    assert notice["open"] is True and len(notice["lines"]) == 9
    assert set(notice["lines"][0]) == {"line", "achievement_title", "unit", "authors", "grade", "grade_label"}
    target = notice["lines"][0]["line"]
    r = api(world.users["worker"], "post", "/objections", {"line": target, "reason": "成果非原创"})
    assert r.status_code == 201, r.content
    objection = r.json()["id"]
    r = api(city, "post", f"/decisions/{pk}/finalise")
    assert r.status_code == 400
    r = api(
        world.users["worker"], "post", f"/objections/{objection}/answer", {"upheld": False, "answer": "x"}
    )
    assert r.status_code == 404
    r = api(city, "post", f"/objections/{objection}/answer", {"upheld": False, "answer": "经核查属原创。"})
    assert r.status_code == 200 and r.json()["state"] == "dismissed"
    r = api(city, "post", f"/objections/{objection}/answer", {"upheld": True, "answer": "again"})
    assert r.status_code == 400 and "不能重复答复" in r.json()["detail"][0]

    r = api(city, "post", f"/decisions/{pk}/finalise")
    assert r.status_code == 400 and "公示期满后才能生效" in r.json()["detail"][0]
    Decision.objects.filter(pk=pk).update(notice_ends=timezone.now() - datetime.timedelta(minutes=1))
    r = api(city, "post", f"/decisions/{pk}/finalise")
    assert r.status_code == 200 and r.json()["state"] == "final"
    assert Award.objects.count() == 9
    assert Commitment.objects.count() == 9


def test_api_refusals_are_4xx_never_500(world, ranked, api):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    r = api(world.users["yixian"], "post", "/decisions/propose", {"campaign": ranked.campaign.pk})
    assert r.status_code == 400 and "campaign" in r.json()
    r = api(world.users["yixian"], "post", f"/decisions/{decision.pk}/approve")
    assert r.status_code == 404
    r = api(world.users["city"], "post", "/decisions/propose", {"campaign": "abc"})
    assert r.status_code == 400
    r = api(world.users["city"], "post", f"/decisions/{decision.pk}/adjust", {"line": "x"})
    assert r.status_code == 400
    r = api(world.users["city"], "post", f"/decisions/{decision.pk}/budget-line", {"budget_line": 424242})
    assert r.status_code == 400
    r = api(world.users["city"], "get", "/decisions?bogus=1")
    assert r.status_code == 400 and "不支持的查询参数" in r.json()["detail"]
    # An objection to a decision not on notice: the line is not offered.
    line = line_of(decision, ranked.items[0])
    r = api(world.users["worker"], "post", "/objections", {"line": line.pk, "reason": "x"})
    assert r.status_code == 400 and "line" in r.json()
    assert not Objection.objects.exists()


def test_an_objection_on_a_closed_notice_is_refused_through_the_api(world, ranked, api):
    decision = to_notice(ranked)
    Decision.objects.filter(pk=decision.pk).update(notice_ends=timezone.now() - datetime.timedelta(minutes=1))
    line = line_of(decision, ranked.items[0])
    r = api(world.users["worker"], "post", "/objections", {"line": line.pk, "reason": "迟到"})
    assert r.status_code == 400
    assert "现已结束" in r.json()["detail"][0]
    assert not Objection.objects.exists()


@pytest.mark.usefixtures("media")
def test_an_objection_with_an_attachment_through_the_api(world, ranked, client):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[0])
    client.force_login(world.users["expert"])
    r = client.post(
        f"{API}/objections",
        {"line": line.pk, "reason": "雷同", "attachment": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert r.status_code == 201, r.content
    assert r.json()["has_attachment"] is True
    r = client.post(
        f"{API}/objections",
        {"line": line.pk, "reason": "雷同", "attachment": SimpleUploadedFile("a.pdf", b"GIF89a....")},
    )
    assert r.status_code == 400 and "attachment" in r.json()


def test_objections_list_is_own_or_answerable(world, ranked, api):
    decision = to_notice(ranked)
    services.raise_objection(
        line=line_of(decision, ranked.items[0]), actor=world.users["worker"], reason="甲"
    )
    services.raise_objection(
        line=line_of(decision, ranked.items[1]), actor=world.users["expert"], reason="乙"
    )
    reasons = lambda who: {o["reason"] for o in api(world.users[who], "get", "/objections").json()["results"]}  # noqa: E731
    assert reasons("worker") == {"甲"}
    assert reasons("expert") == {"乙"}
    assert reasons("city") == {"甲", "乙"}
    assert reasons("yixian") == set()


@pytest.fixture
def final(world, ranked):
    decision = to_notice(ranked)
    services.finalise(decision=decision, actor=ranked.city, now=after_notice(decision))
    return decision


EXPECTED = {
    "city": {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
    "yixian": {1, 3, 5, 7, 9},
    "heishan": {2, 4, 6, 8, 10},
    "worker": {1, 5, 9},
    "expert": set(),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_awards_api_shows_exactly_the_callers_awards(world, final, api, who):
    r = api(world.users[who], "get", "/awards?page_size=100")
    assert r.status_code == 200
    got = {int(a["achievement_title"][2:4]) for a in r.json()["results"]}
    assert got == EXPECTED[who]
    for award in Award.objects.all():
        rank = int(award.achievement.title[2:4])
        status = api(world.users[who], "get", f"/awards/{award.pk}").status_code
        assert status == (200 if rank in EXPECTED[who] else 404)


def test_award_api_shows_shares_and_commitments(world, final, api):
    award = Award.objects.get(achievement__title__startswith="成果01")
    body = api(world.users["worker"], "get", f"/awards/{award.pk}").json()
    assert (body["grade"], body["prize_fen"]) == ("first", 500000)
    (share,) = body["shares"]
    assert (share["amount_fen"], share["commitment_state"], share["commitment_paid_fen"]) == (
        500000,
        "open",
        0,
    )
    r = api(world.users["city"], "get", "/awards?grade=first")
    assert r.json()["count"] == 1
    r = api(world.users["city"], "get", f"/awards?district={world.yixian.pk}")
    assert r.json()["count"] == 5


def test_decisions_and_notices_lists(world, final, api):
    r = api(world.users["city"], "get", "/decisions")
    assert r.status_code == 200 and r.json()["count"] == 1
    assert api(world.users["yixian"], "get", "/decisions").json()["count"] == 0
    assert api(world.users["city"], "get", f"/decisions/{final.pk}").json()["state"] == "final"
    for who in ("worker", "expert", "heishan"):
        r = api(world.users[who], "get", "/notices")
        assert r.status_code == 200 and r.json()["count"] == 1
    r = api(world.users["worker"], "get", f"/notices/{final.pk}")
    assert r.json()["state"] == "final" and r.json()["open"] is False
