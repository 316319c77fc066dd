"""The API twins: studios (list, retrieve, record naming, members, lineage, counts) and
applications (list, retrieve, create, update, transition); refusals are 4xx with reasons."""

import pytest

from innovation.studios.models import Member, Studio, StudioApplication, StudioType

from .builders import make_studio


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


def test_studios_are_listed_within_scope_and_filtered(api, world):
    make_studio(world, "义县工作室", "yx_a")
    make_studio(world, "黑山劳模工作室", "hs_a", studio_type=StudioType.MODEL_WORKER)
    response = api(world.users["city"], "get", "/api/v1/studios")
    assert response.status_code == 200 and response.json()["count"] == 2
    data = api(world.users["city"], "get", "/api/v1/studios?type=model_worker").json()
    assert [s["name"] for s in data["results"]] == ["黑山劳模工作室"]
    one = data["results"][0]
    assert (one["level"], one["members_now"], one["incubated"], len(one["namings"])) == ("city", 1, 0, 1)
    assert [s["name"] for s in api(world.users["yixian"], "get", "/api/v1/studios").json()["results"]] == [
        "义县工作室"
    ]
    bad = api(world.users["city"], "get", "/api/v1/studios?colour=red")
    assert bad.status_code == 400 and "不支持的查询参数" in bad.json()["detail"]
    hs = Studio.objects.get(name="黑山劳模工作室")
    missing = api(world.users["yixian"], "get", f"/api/v1/studios/{hs.pk}")
    assert missing.status_code == 404 and missing.json()["detail"] == "未找到，或不在您的权限范围内。"


def test_recording_a_naming_through_the_api(api, world, model_worker):
    body = {
        "type": "model_worker",
        "level": "provincial",
        "year": 2020,
        "document_no": "辽工发〔2020〕15号",
        "named_by": "辽宁省总工会",
        "named_on": "2020-06-01",
        "enterprise": world.units["yx_a"].pk,
        "name": "高颖明劳模创新工作室",
        "leader": model_worker.pk,
    }
    response = api(world.users["city"], "post", "/api/v1/studios", body)
    assert response.status_code == 201, response.json()
    studio_id = response.json()["id"]
    assert response.json()["level"] == "provincial"
    again = api(world.users["city"], "post", f"/api/v1/studios/{studio_id}/namings", body)
    assert again.status_code == 400
    assert "同一工作室同类型同级别只能命名一次" in again.json()["detail"][0]
    national = api(
        world.users["city"],
        "post",
        f"/api/v1/studios/{studio_id}/namings",
        {
            **body,
            "level": "national",
            "named_by": "中华全国总工会",
            "document_no": "总工发〔2021〕1号",
            "year": 2021,
        },
    )
    assert national.status_code == 201 and national.json()["level"] == "national"
    city = api(world.users["city"], "post", "/api/v1/studios", {**body, "level": "city"})
    assert city.status_code == 400
    denied = api(world.users["yixian"], "post", "/api/v1/studios", {**body, "name": "另一个"})
    assert denied.status_code == 400  # the unit is outside the district's STUDIO_MANAGE: not a choice
    plain = api(
        world.users["city"],
        "post",
        "/api/v1/studios",
        {**body, "name": "另一个", "leader": world.workers["yx_a_1"].pk},
    )
    assert plain.status_code == 400 and "劳动模范" in plain.json()["leader"][0]


def test_members_and_lineage_through_the_api(api, world):
    studio = make_studio(world, "义县工作室", "yx_a")
    earlier = make_studio(world, "义县前身工作室", "yx_b", year=2015)
    worker = world.workers["yx_a_1"]
    url = f"/api/v1/studios/{studio.pk}"
    added = api(
        world.users["unit"],
        "post",
        f"{url}/members",
        {"worker": worker.pk, "role": "core", "joined_on": "2021-01-01"},
    )
    assert added.status_code == 201 and added.json()["role"] == "core"
    roster = api(world.users["unit"], "get", f"{url}/members").json()
    assert {m["worker_name"] for m in roster} == {worker.name, studio.leader.name}
    twice = api(world.users["unit"], "post", f"{url}/members", {"worker": worker.pk, "role": "core"})
    assert twice.status_code == 400 and "在册成员" in twice.json()["worker"][0]
    member = Member.objects.get(worker=worker)
    left = api(world.users["unit"], "post", f"{url}/leave", {"member": member.pk, "left_on": "2022-01-01"})
    assert left.status_code == 200 and left.json()["left_on"] == "2022-01-01"
    assert api(world.users["unit"], "post", f"{url}/leave", {"member": 999999}).status_code == 404
    lineage = api(world.users["city"], "post", f"{url}/lineage", {"grew_from": earlier.pk})
    assert lineage.status_code == 200 and lineage.json()["grew_from"] == earlier.pk
    refused = api(world.users["heishan"], "post", f"{url}/members", {"worker": worker.pk, "role": "core"})
    assert refused.status_code == 404


def test_counts_and_lineage_stats(api, world):
    make_studio(world, "义县工作室", "yx_a")
    make_studio(world, "黑山劳模工作室", "hs_a", studio_type=StudioType.MODEL_WORKER, year=2021)
    data = api(world.users["city"], "get", "/api/v1/studios/counts?status=active").json()
    assert data["total"] == 2
    assert data["by_type_level"]["worker.city"] == 1 and data["by_type_level"]["model_worker.city"] == 1
    assert {r["name"]: r["total"] for r in data["by_district"]} == {"义县总工会": 1, "黑山县总工会": 1}
    years = api(world.users["city"], "get", "/api/v1/studios/lineage-stats").json()
    assert [(y["year"], y["new_studios"]) for y in years] == [(2019, 1), (2021, 1)]


def test_the_application_path_through_the_api(api, world, model_worker):
    body = {
        "enterprise": world.units["yx_a"].pk,
        "name": "高颖明劳模创新工作室",
        "type": "model_worker",
        "leader": model_worker.pk,
        "results_so_far": "航煤多产2吨/小时。",
        "plan": "带徒20名。",
    }
    created = api(world.users["unit"], "post", "/api/v1/studio-applications", body)
    assert created.status_code == 201, created.json()
    app_id = created.json()["id"]
    assert (created.json()["state"], created.json()["level"]) == ("draft", "city")
    url = f"/api/v1/studio-applications/{app_id}"
    patched = api(world.users["unit"], "patch", url, {"plan": "带徒30名。"})
    assert patched.status_code == 200 and patched.json()["plan"] == "带徒30名。"
    assert (
        api(world.users["unit"], "post", f"{url}/transition", {"step": "submit"}).json()["state"]
        == "submitted"
    )
    wrong = api(world.users["heishan"], "post", f"{url}/transition", {"step": "recommend", "reason": "x"})
    assert wrong.status_code == 404
    no_reason = api(world.users["yixian"], "post", f"{url}/transition", {"step": "recommend"})
    assert no_reason.status_code == 400 and no_reason.json() == {"reason": ["请填写推荐意见。"]}
    assert (
        api(
            world.users["yixian"], "post", f"{url}/transition", {"step": "recommend", "reason": "同意。"}
        ).status_code
        == 200
    )
    unit_names = api(world.users["unit"], "post", f"{url}/transition", {"step": "name"})
    assert unit_names.status_code == 403 and "无权" in unit_names.json()["detail"]
    incomplete = api(world.users["city"], "post", f"{url}/transition", {"step": "name"})
    assert incomplete.status_code == 400 and set(incomplete.json()) == {
        "inspection_record",
        "panel_opinion",
        "document_no",
    }
    named = api(
        world.users["city"],
        "post",
        f"{url}/transition",
        {
            "step": "name",
            "inspection_record": "合格。",
            "panel_opinion": "同意。",
            "document_no": "锦工发〔2024〕8号",
            "named_on": "2024-03-08",
        },
    )
    assert named.status_code == 200, named.json()
    data = named.json()
    assert data["state"] == "named" and data["named_studio"]
    assert [s["action"] for s in data["steps"]] == ["submit", "recommend", "name"]
    studio = Studio.objects.get(pk=data["named_studio"])
    assert (studio.type, studio.level, studio.named_year) == ("model_worker", "city", 2024)
    twice = api(world.users["city"], "post", f"{url}/transition", {"step": "decline", "reason": "x"})
    assert twice.status_code == 400 and "不能执行" in twice.json()["detail"][0]
    frozen = api(world.users["unit"], "patch", url, {"plan": "再改"})
    assert frozen.status_code == 400
    listed = api(world.users["yixian"], "get", "/api/v1/studio-applications?state=named").json()
    assert listed["count"] == 1
    assert api(world.users["heishan"], "get", "/api/v1/studio-applications").json()["count"] == 0
    unknown = api(world.users["city"], "post", f"{url}/transition", {"step": "teleport"})
    assert unknown.status_code == 400


def test_an_application_for_another_unit_is_refused(api, world):
    body = {
        "enterprise": world.units["hs_a"].pk,
        "name": "黑山工作室",
        "type": "worker",
        "leader": world.workers["hs_a_1"].pk,
    }
    response = api(world.users["unit"], "post", "/api/v1/studio-applications", body)
    assert response.status_code == 400 and "enterprise" in response.json()
    assert not StudioApplication.objects.exists()
    bad_leader = api(
        world.users["unit"],
        "post",
        "/api/v1/studio-applications",
        {**body, "enterprise": world.units["yx_a"].pk, "leader": world.workers["hs_a_1"].pk},
    )
    # A worker outside the caller's scope is refused like one that does not exist (issue 8, defect 2).
    assert bad_leader.status_code == 400
    assert bad_leader.json()["leader"] == [f"无效主键 “{world.workers['hs_a_1'].pk}” － 对象不存在。"]


def test_a_member_outside_the_scope_is_never_named_in_the_refusal(api, world):
    """Issue 8, defect 2's sweep: an inactive worker of another district got "<name>已不在职"."""
    studio = make_studio(world, "义县甲职工创新工作室", "yx_a")
    stranger = world.workers["hs_a_2"]
    stranger.is_active = False
    stranger.save(update_fields=["is_active"])

    response = api(
        world.users["unit"],
        "post",
        f"/api/v1/studios/{studio.pk}/members",
        {"worker": stranger.pk, "role": "core"},
    )

    assert response.status_code == 400
    assert response.json() == {"worker": ["只能从本单位或您管理范围内的职工中选择成员。"]}
    assert stranger.name not in response.content.decode()
    assert not Member.objects.filter(studio=studio, worker=stranger).exists()


def test_an_application_s_leader_outside_the_scope_is_refused_like_a_missing_one(api, world):
    def apply(leader_id):
        return api(
            world.users["unit"],
            "post",
            "/api/v1/studio-applications",
            {
                "enterprise": world.units["yx_a"].pk,
                "name": "义县甲新工作室",
                "type": "worker",
                "leader": leader_id,
                "field": "other",
            },
        )

    foreign, missing = apply(world.workers["hs_a_1"].pk), apply(2**62)

    assert foreign.status_code == missing.status_code == 400
    assert list(foreign.json()) == list(missing.json()) == ["leader"]
    assert foreign.json()["leader"] == [f"无效主键 “{world.workers['hs_a_1'].pk}” － 对象不存在。"]
    assert not StudioApplication.objects.exists()
