"""The API twins: same rules, same anonymity, same scope as the pages."""

from decimal import Decimal

import pytest

from innovation.audit.models import AuditAction, AuditEntry
from innovation.experts.models import Assignment
from innovation.review import services
from innovation.review.models import ItemResult, ScoreSheet

from .test_pages import SECRETS, scored_and_ranked

BASE = "/api/v1/review"


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


def body(review, *scores, submit=False, comment=""):
    return {
        "scores": [
            {"criterion": c.pk, "value": str(v)} for c, v in zip(review.criteria, scores, strict=False)
        ],
        "comment": comment,
        "submit": submit,
    }


def test_my_assignments_lists_only_the_experts_active_ones(world, review, api):
    Assignment.objects.filter(pk=review.assignments[("edu", "e1")].pk).update(state=Assignment.State.DECLINED)
    response = api(world.users["expert"], "get", f"{BASE}/my-assignments")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {r["id"] for r in rows} == {
        review.assignments[("yx", "e1")].pk,
        review.assignments[("hs", "e1")].pk,
    }
    assert {r["sheet_status"] for r in rows} == {"pending"}
    assert api(world.users["expert"], "get", f"{BASE}/my-assignments?field=safety").json()["count"] == 1
    assert api(world.users["expert"], "get", f"{BASE}/my-assignments?colour=red").status_code == 400
    # Another expert's assignment is not found, and the attempt is audited.
    other = review.assignments[("yx", "e2")]
    assert api(world.users["expert"], "get", f"{BASE}/my-assignments/{other.pk}").status_code == 404
    assert api(world.users["expert"], "get", f"{BASE}/my-assignments/{other.pk}/sheet").status_code == 404
    assert (
        api(
            world.users["expert"], "put", f"{BASE}/my-assignments/{other.pk}/sheet", body(review, 1, 1, 1, 1)
        ).status_code
        == 404
    )
    assert not ScoreSheet.objects.filter(assignment=other).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, object_id=str(other.pk)).count() == 3
    # Non-experts have no assignments.
    for who in ("city", "yixian", "worker"):
        assert api(world.users[who], "get", f"{BASE}/my-assignments").json()["count"] == 0


def test_draft_then_submit_through_the_api(world, review, api):
    a = review.assignments[("hs", "e1")]
    url = f"{BASE}/my-assignments/{a.pk}/sheet"
    expert = world.users["expert"]
    response = api(expert, "put", url, body(review, 80, 90, comment="草稿"))
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["editable"] is True and data["total"] is None and data["comment"] == "草稿"
    assert [s["value"] for s in data["scores"]] == ["80.00", "90.00"]
    response = api(expert, "put", url, body(review, 80, 90, 70, 60, submit=True, comment="同意"))
    data = response.json()
    assert response.status_code == 200 and data["total"] == "77.500" and data["editable"] is False
    assert data["reason"] == "评分已提交，不能再修改。"
    assert api(expert, "get", url).json()["total"] == "77.500"
    detail = api(expert, "get", f"{BASE}/my-assignments/{a.pk}").json()
    assert detail["state"] == "submitted" and detail["my_total"] == "77.500"
    assert [c["max_score"] for c in detail["criteria"]] == [100, 100, 100, 100]


@pytest.mark.parametrize(
    ("payload", "key", "message"),
    [
        (lambda r: body(r, 80, 101, 70, 60), "c{1}", "不能超过满分100分"),
        (lambda r: body(r, -1, 80, 70, 60), "c{0}", "不能低于0"),
        (lambda r: body(r, 80, 80, submit=True), "scores", "提交前须为每个评分项打分"),
        (lambda r: {"scores": [{"criterion": 999999, "value": "5"}]}, "scores", "不属于本次征集活动"),
    ],
)
def test_bad_sheets_get_a_400_with_the_reason(world, review, api, payload, key, message):
    a = review.assignments[("hs", "e1")]
    response = api(world.users["expert"], "put", f"{BASE}/my-assignments/{a.pk}/sheet", payload(review))
    assert response.status_code == 400
    key = key.format(*[c.pk for c in review.criteria]) if "{" in key else key
    assert message in response.json()[key][0]
    assert not ScoreSheet.objects.filter(assignment=a).exists()
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, object_id=str(a.pk)).count() == 1


def test_malformed_sheets_get_a_400(world, review, api):
    a = review.assignments[("hs", "e1")]
    url = f"{BASE}/my-assignments/{a.pk}/sheet"
    for payload in (
        {"scores": "eighty"},
        {"scores": [{"criterion": "x", "value": "1"}]},
        {"scores": [{"criterion": review.criteria[0].pk, "value": "NaN?"}]},
        {
            "scores": [
                {"criterion": review.criteria[0].pk, "value": "1"},
                {"criterion": review.criteria[0].pk, "value": "2"},
            ]
        },
    ):
        assert api(world.users["expert"], "put", url, payload).status_code == 400
    assert not ScoreSheet.objects.filter(assignment=a).exists()


def test_declined_and_resubmitted_sheets_are_refused(world, review, api):
    a = review.assignments[("hs", "e1")]
    url = f"{BASE}/my-assignments/{a.pk}/sheet"
    api(world.users["expert"], "put", url, body(review, 80, 80, 80, 80, submit=True))
    response = api(world.users["expert"], "put", url, body(review, 10, 10, 10, 10, submit=True))
    assert response.status_code == 400 and "已提交" in response.json()["detail"][0]
    Assignment.objects.filter(pk=a.pk).update(state=Assignment.State.WITHDRAWN)
    response = api(world.users["expert"], "put", url, body(review, 10, 10, 10, 10))
    assert response.status_code == 400 and "已撤回" in response.json()["detail"][0]
    assert ScoreSheet.objects.get(assignment=a).total == Decimal("80.000")
    # A withdrawn assignment's detail no longer carries the item.
    assert api(world.users["expert"], "get", f"{BASE}/my-assignments/{a.pk}").json()["item"] is None


def test_api_answers_are_anonymised_too(world, review, api):
    review.campaign.anonymous_review = True
    review.campaign.save(update_fields=["anonymous_review"])
    a = review.assignments[("yx", "e1")]
    expert = world.users["expert"]
    answers = [
        api(expert, "get", f"{BASE}/my-assignments").content.decode(),
        api(expert, "get", f"{BASE}/my-assignments/{a.pk}").content.decode(),
        api(expert, "get", f"{BASE}/my-assignments/{a.pk}/sheet").content.decode(),
    ]
    for text in answers:
        for secret in SECRETS:
            assert secret not in text, secret
    detail = api(expert, "get", f"{BASE}/my-assignments/{a.pk}").json()
    assert detail["item"]["anonymous"] is True and detail["item"]["authors"] == []
    assert detail["item"]["title"] == "■■电机保护装置" and detail["title"] == "■■电机保护装置"
    assert [x["name"] for x in detail["item"]["attachments"]] == ["附件1.pdf"]


def test_an_expert_never_sees_other_scores_in_the_api(world, review, api):
    services.save_sheet(
        assignment=review.assignments[("yx", "e2")],
        actor=review.experts["e2"].user,
        values=review.values(11, 22, 33, 44),
        comment="李二的秘密意见",
        submit=True,
    )
    expert = world.users["expert"]
    a = review.assignments[("yx", "e1")]
    for url in (
        f"{BASE}/my-assignments",
        f"{BASE}/my-assignments/{a.pk}",
        f"{BASE}/my-assignments/{a.pk}/sheet",
    ):
        text = api(expert, "get", url).content.decode()
        assert "李二的秘密意见" not in text and "27.500" not in text
    assert api(expert, "get", f"{BASE}/campaigns/{review.campaign.pk}/ranking").status_code == 403


def test_ranking_compute_and_progress_for_the_city(world, review, api):
    scored_and_ranked(world, review)
    city = world.users["city"]
    url = f"{BASE}/campaigns/{review.campaign.pk}/ranking"
    data = api(city, "get", url).json()
    assert data["count"] == 3
    first, second = data["results"][0], data["results"][1]
    assert (first["rank"], first["score"], first["title"]) == (1, "89.000", "化工管道泄漏快速封堵器")
    assert second["unit"] == "义县甲机械有限公司"
    assert [(s["expert"], s["total"], s["comment"]) for s in second["sheets"]] == [
        ("专家李二", "60.000", "李二：一般"),
        ("专家王一", "77.500", "王一：实用"),
    ]
    assert second["sheets"][1]["scores"][str(review.criteria[0].pk)] == "80.00"
    assert api(city, "get", url + "?field=energy").json()["count"] == 1
    assert api(city, "get", url + "?q=封堵").json()["count"] == 1
    assert api(city, "get", url + "?disagreement=true").json()["count"] == 0
    assert api(city, "get", url + "?sort=up").status_code == 400
    response = api(city, "post", url + "/compute")
    assert response.status_code == 200 and response.json() == {"campaign": review.campaign.pk, "items": 3}
    progress = api(city, "get", f"{BASE}/campaigns/{review.campaign.pk}/progress").json()
    assert [(r["name"], r["assigned"], r["submitted"]) for r in progress["results"]] == [
        ("专家张三", 3, 2),
        ("专家李二", 3, 1),
        ("专家王一", 3, 2),
    ]
    assert (
        api(city, "get", f"{BASE}/campaigns/{review.campaign.pk}/progress?unfinished=1").json()["count"] == 3
    )
    assert api(city, "get", f"{BASE}/campaigns/{review.campaign.pk}/progress?x=1").status_code == 400
    assert api(city, "get", f"{BASE}/campaigns/999999/ranking").status_code == 404


@pytest.mark.parametrize("who", ["yixian", "heishan", "unit", "worker", "expert", "nobody"])
def test_nobody_but_the_city_gets_ranking_or_progress(world, review, api, who):
    scored_and_ranked(world, review)
    user = world.users[who]
    campaign = review.campaign.pk
    assert api(user, "get", f"{BASE}/campaigns/{campaign}/ranking").status_code == 403
    assert api(user, "post", f"{BASE}/campaigns/{campaign}/ranking/compute").status_code == 403
    assert api(user, "get", f"{BASE}/campaigns/{campaign}/progress").status_code == 403
    assert ItemResult.objects.count() == 3


def test_the_openapi_schema_lists_the_review_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for p in (
        "/api/v1/review/my-assignments",
        "/api/v1/review/my-assignments/{id}/sheet",
        "/api/v1/review/campaigns/{campaign_id}/ranking",
        "/api/v1/review/campaigns/{campaign_id}/progress",
    ):
        assert p in paths, p
    assert "put" in paths["/api/v1/review/my-assignments/{id}/sheet"]
