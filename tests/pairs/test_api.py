"""The API twins: list and detail within scope, the draft, each step, progress; refusals are
4xx with the services' Chinese; /api/v1/stats gains pairs_total."""

import pytest

from innovation.pairs.models import Agreement, State

from .builders import END, START, TODAY, approved, draft


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


def test_the_list_and_the_detail_are_scoped(api, world):
    unit = world.users["unit"]
    mine = draft(unit, world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]])
    theirs = Agreement.objects.create(
        enterprise=world.units["hs_a"], title="黑山师徒", start_on=START, end_on=END
    )
    assert [a["id"] for a in api(world.users["yixian"], "get", "/api/v1/pairs").json()["results"]] == [
        mine.pk
    ]
    assert api(world.users["city"], "get", "/api/v1/pairs").json()["count"] == 2
    assert [a["id"] for a in api(world.users["worker"], "get", "/api/v1/pairs").json()["results"]] == [
        mine.pk
    ]
    missing = api(world.users["yixian"], "get", f"/api/v1/pairs/{theirs.pk}")
    assert missing.status_code == 404
    detail = api(unit, "get", f"/api/v1/pairs/{mine.pk}").json()
    assert (detail["state"], len(detail["parties"]), len(detail["targets"])) == ("draft", 2, 1)
    assert api(world.users["city"], "get", "/api/v1/pairs?state=draft&q=义县").json()["count"] == 1
    assert api(world.users["city"], "get", "/api/v1/pairs?colour=red").status_code == 400


def test_a_unit_runs_an_agreement_through_the_api(api, world):
    unit = world.users["unit"]
    created = api(
        unit,
        "post",
        "/api/v1/pairs",
        {
            "enterprise": world.units["yx_a"].pk,
            "start_on": START.isoformat(),
            "end_on": END.isoformat(),
            "masters": [world.workers["yx_a_2"].pk],
            "apprentices": [world.workers["yx_a_1"].pk],
        },
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    base = f"/api/v1/pairs/{pk}"
    target = api(
        unit, "post", f"{base}/targets", {"kind": "patents", "quantity": 2, "due_on": END.isoformat()}
    )
    assert target.status_code == 200 and len(target.json()["targets"]) == 1
    refused = api(unit, "post", f"{base}/approve", {})
    assert refused.status_code == 400 and "尚未签署" in str(refused.json())
    for party in created.json()["parties"]:
        assert (
            api(
                unit, "post", f"{base}/sign", {"party": party["id"], "signed_on": TODAY.isoformat()}
            ).status_code
            == 200
        )
    assert api(unit, "post", f"{base}/approve", {"reason": "同意"}).json()["state"] == "approved"
    assert api(unit, "post", f"{base}/start").json()["state"] == "active"
    taught = api(
        unit,
        "post",
        f"{base}/teaching",
        {"on": TODAY.isoformat(), "kind": "task", "hours": "6", "content": "攻关"},
    )
    assert taught.status_code == 201 and taught.json()["progress"]["teaching_hours"] == "6.0"
    level = api(
        unit,
        "post",
        f"{base}/skill-levels",
        {
            "worker": world.workers["yx_a_1"].pk,
            "to_level": "3",
            "certificate_no": "Z-1",
            "on": TODAY.isoformat(),
        },
    )
    assert level.status_code == 201 and level.json()["progress"]["skill_changes"][0]["to"] == "3"
    done = api(unit, "post", f"{base}/complete", {"result": "qualified", "on": TODAY.isoformat()})
    assert (
        done.json()["state"] == "completed" and done.json()["progress"]["assessment"]["result"] == "qualified"
    )
    assert [s["action"] for s in done.json()["steps"]] == ["approve", "start", "complete"]


def test_bad_input_is_a_400_with_the_reason(api, world):
    w = world.workers["yx_a_1"].pk
    response = api(
        world.users["unit"],
        "post",
        "/api/v1/pairs",
        {
            "enterprise": world.units["yx_a"].pk,
            "start_on": START.isoformat(),
            "end_on": END.isoformat(),
            "masters": [w],
            "apprentices": [w],
        },
    )
    assert response.status_code == 400
    assert "不能既是师傅又是徒弟" in str(response.json())
    assert not Agreement.objects.exists()


def test_a_worker_may_read_but_not_approve(api, world):
    agreement = draft(
        world.users["unit"], world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]]
    )
    response = api(world.users["worker"], "post", f"/api/v1/pairs/{agreement.pk}/approve", {})
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.state == State.DRAFT


def test_stats_count_pairs_active_or_completed(api, world):
    unit = world.users["unit"]
    first = approved(unit, world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]])
    assert api(world.users["city"], "get", "/api/v1/stats").json()["pairs_total"] == 0
    from innovation.pairs import services

    services.agreement_start(actor=unit, agreement=first)
    assert api(world.users["city"], "get", "/api/v1/stats").json()["pairs_total"] == 1
    assert api(world.users["heishan"], "get", "/api/v1/stats").json()["pairs_total"] == 0
    assert api(world.users["worker"], "get", "/api/v1/stats").json()["pairs_total"] == 1


def test_patents_and_a_joint_achievement_through_the_api(api, world):
    from innovation.achievements.models import Achievement

    unit = world.users["unit"]
    agreement = approved(unit, world.units["yx_a"], [world.workers["yx_a_2"]], [world.workers["yx_a_1"]])
    base = f"/api/v1/pairs/{agreement.pk}"
    body = {"type": "invention", "number": "ZL2018 1 0000001.2", "title": "硅铁炉布置", "holder": "master"}
    assert api(unit, "post", f"{base}/patents", body).status_code == 201
    again = api(unit, "post", f"{base}/patents", body)
    assert again.status_code == 400 and "已登记在本师徒协议中" in str(again.json())
    missing = api(unit, "post", f"{base}/joint-achievements", {"achievement": 999999})
    assert missing.status_code == 400 and "没有编号为999999的成果" in str(missing.json())
    assert Achievement.objects.count() == 0
    detail = api(unit, "get", base).json()
    assert [p["number"] for p in detail["progress"]["patents"]] == ["ZL2018 1 0000001.2"]
