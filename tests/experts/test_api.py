import pytest

from innovation.audit.models import AuditAction, AuditEntry
from innovation.experts import services
from innovation.experts.models import Assignment, Conflict, ExpertProfile

from .conftest import make_expert


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


def test_city_admin_lists_creates_and_updates_experts(api, world, experts):
    city = world.users["city"]
    listed = api(city, "get", "/api/v1/experts?field=safety").json()
    assert listed["count"] == 4
    assert {r["name"] for r in api(city, "get", "/api/v1/experts?q=专家丙").json()["results"]} == {"专家丙"}
    created = api(
        city,
        "post",
        "/api/v1/experts",
        {
            "username": "api_gong",
            "name": "接口专家",
            "fields": ["quality"],
            "employer_outside": "外单位",
            "phone": "13800003333",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert body["phone_masked"] == "138****3333" and "phone" not in body
    expert = ExpertProfile.objects.get(pk=body["id"])
    assert expert.user.check_password(body["initial_password"])
    patched = api(
        city, "patch", f"/api/v1/experts/{expert.pk}", {"title": "研究员", "fields": ["quality", "energy"]}
    )
    assert patched.status_code == 200 and patched.json()["fields"] == ["quality", "energy"]


@pytest.mark.parametrize(
    "data, key",
    [
        ({"username": "x1", "name": "甲", "fields": [], "employer_outside": "外"}, "fields"),
        ({"username": "x1", "name": "甲", "fields": ["cook"], "employer_outside": "外"}, "fields"),
        ({"username": "x1", "name": "甲", "fields": ["safety"]}, "employer"),
        ({"username": "e_jia", "name": "甲", "fields": ["safety"], "employer_outside": "外"}, "username"),
        (
            {"username": "x1", "name": "甲", "fields": ["safety"], "employer_outside": "外", "phone": "1"},
            "phone",
        ),
    ],
)
def test_bad_expert_input_is_a_400_with_a_reason(api, world, experts, data, key):
    response = api(world.users["city"], "post", "/api/v1/experts", data)
    assert response.status_code == 400
    assert key in response.json()
    assert ExpertProfile.objects.count() == 4


@pytest.mark.parametrize("who", ["yixian", "unit", "worker"])
def test_others_cannot_list_or_create_experts(api, world, experts, who):
    assert api(world.users[who], "get", "/api/v1/experts").json()["count"] == 0
    response = api(
        world.users[who],
        "post",
        "/api/v1/experts",
        {"username": "x1", "name": "甲", "fields": ["safety"], "employer_outside": "外"},
    )
    assert response.status_code == 403 and "市总工会" in response.json()["detail"]
    assert api(world.users[who], "get", "/api/v1/assignments").json()["count"] == 0


def test_an_expert_sees_only_themself_and_keeps_their_conflicts(api, world, experts):
    jia = experts["jia"]
    listed = api(jia.user, "get", "/api/v1/experts").json()
    assert [r["id"] for r in listed["results"]] == [jia.pk]
    assert api(jia.user, "patch", f"/api/v1/experts/{jia.pk}", {"title": "自封"}).status_code == 404
    created = api(
        jia.user,
        "post",
        "/api/v1/expert-conflicts",
        {"expert": jia.pk, "enterprise": world.units["hs_b"].pk, "reason": "合作"},
    )
    assert created.status_code == 201
    other = api(
        jia.user,
        "post",
        "/api/v1/expert-conflicts",
        {"expert": experts["yi"].pk, "enterprise": world.units["hs_b"].pk, "reason": "x"},
    )
    assert other.status_code == 400
    assert [c["id"] for c in api(jia.user, "get", "/api/v1/expert-conflicts").json()["results"]] == [
        created.json()["id"]
    ]
    assert api(jia.user, "delete", f"/api/v1/expert-conflicts/{created.json()['id']}").status_code == 204
    assert not Conflict.objects.exists()


def test_availability_via_the_api(api, world, campaign, experts):
    jia = experts["jia"]
    response = api(
        jia.user,
        "post",
        "/api/v1/expert-availability",
        {"expert": jia.pk, "campaign": campaign.pk, "available": False},
    )
    assert response.status_code == 201 and response.json()["available"] is False
    again = api(
        jia.user,
        "post",
        "/api/v1/expert-availability",
        {"expert": jia.pk, "campaign": campaign.pk, "available": True, "max_items": 4},
    )
    assert again.status_code == 201 and again.json()["id"] == response.json()["id"]


def test_auto_assign_override_and_decline_through_the_api(api, world, campaign, items, experts):
    city = world.users["city"]
    report = api(city, "post", "/api/v1/assignments/auto-assign", {"campaign": campaign.pk})
    assert report.status_code == 200 and report.json()["assigned"] == 8
    listed = api(city, "get", f"/api/v1/assignments?campaign={campaign.pk}&state=assigned").json()
    assert listed["count"] == 8
    assert api(city, "get", "/api/v1/assignments?bogus=1").status_code == 400

    ding = experts["ding"]
    mine = api(ding.user, "get", "/api/v1/assignments").json()
    assert {r["expert"] for r in mine["results"]} == {ding.pk} and mine["count"] == 1

    row = Assignment.objects.get(achievement=items["yx_a"], expert=experts["yi"])
    refused = api(
        city,
        "post",
        f"/api/v1/assignments/{row.pk}/override",
        {"expert": experts["jia"].pk, "reason": "调整"},
    )
    assert refused.status_code == 400 and "须回避" in str(refused.json())
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, object_id=str(row.pk)).exists()
    wu = make_expert(world, "e_wu", "专家戊", outside="大连理工大学")
    done = api(city, "post", f"/api/v1/assignments/{row.pk}/override", {"expert": wu.pk, "reason": "调整"})
    assert done.status_code == 201 and done.json()["origin"] == "manual"

    # Only the expert declines their own; a reason is required.
    own = Assignment.objects.get(expert=ding)
    assert api(city, "post", f"/api/v1/assignments/{own.pk}/decline", {"reason": "x"}).status_code == 404
    assert api(ding.user, "post", f"/api/v1/assignments/{own.pk}/decline", {}).status_code == 400
    declined = api(ding.user, "post", f"/api/v1/assignments/{own.pk}/decline", {"reason": "出差"})
    assert declined.status_code == 200 and declined.json()["declined"]["state"] == "declined"
    assert declined.json()["replacements"] == []  # the expert is not told who takes over
    assert Assignment.objects.filter(achievement=own.achievement, origin="reassign").count() == 1
    again = api(ding.user, "post", f"/api/v1/assignments/{own.pk}/decline", {"reason": "出差"})
    assert again.status_code == 400 and "不能谢绝" in str(again.json())


def test_anonymous_review_hides_the_unit_from_experts(api, world, campaign, items, experts):
    services.auto_assign(campaign=campaign, actor=world.users["city"])
    type(campaign).objects.filter(pk=campaign.pk).update(anonymous_review=True)
    ding = experts["ding"]
    (row,) = api(ding.user, "get", "/api/v1/assignments").json()["results"]
    assert row["enterprise_name"] is None
    assert all(
        r["enterprise_name"] for r in api(world.users["city"], "get", "/api/v1/assignments").json()["results"]
    )


def test_auto_assign_for_a_campaign_out_of_scope_or_after_the_deadline(api, world, campaign, items, experts):
    assert (
        api(
            world.users["yixian"], "post", "/api/v1/assignments/auto-assign", {"campaign": campaign.pk}
        ).status_code
        == 404
    )
    import datetime

    from django.utils import timezone

    type(campaign).objects.filter(pk=campaign.pk).update(
        review_deadline=timezone.now() - datetime.timedelta(days=1)
    )
    response = api(world.users["city"], "post", "/api/v1/assignments/auto-assign", {"campaign": campaign.pk})
    assert response.status_code == 400 and "截止" in str(response.json())
    assert not Assignment.objects.exists()
