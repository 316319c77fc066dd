"""The projects' API: the scoped list, proposing, the steps, milestones, verification and filing;
every bad input a 4xx with a Chinese reason, nothing changed."""

import datetime

import pytest
from django.utils import timezone

from innovation.achievements.models import Achievement
from innovation.projects.models import Project

from .conftest import propose

pytestmark = pytest.mark.django_db


def _body(pw, **overrides):
    world = pw.world
    today = timezone.localdate()
    data = {
        "title": "锅炉燃烧优化",
        "channel": "breakthrough",
        "enterprise": world.units["yx_a"].pk,
        "owner_kind": "studio",
        "studio": pw.studio.pk,
        "problem": "燃烧效率低。",
        "goal": "煤耗下降3%。",
        "start_on": str(today - datetime.timedelta(days=30)),
        "end_on": str(today + datetime.timedelta(days=90)),
        "members": [world.workers["yx_a_2"].pk],
        "milestones": [{"title": "燃烧试验", "due_on": str(today)}],
    }
    data.update(overrides)
    return data


def test_propose_run_verify_and_file_through_the_api(client, pw):
    from tests.achievements.conftest import make_campaign

    world = pw.world
    make_campaign(world)
    client.force_login(world.users["unit"])
    response = client.post("/api/v1/projects", _body(pw), content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    pk = data["id"]
    assert data["state"] == "proposed" and [m["name"] for m in data["members"]] == ["义县职工二"]
    assert [m["title"] for m in data["milestones"]] == ["燃烧试验"]
    client.force_login(world.users["yixian"])
    assert (
        client.post(
            f"/api/v1/projects/{pk}/step", {"step": "approve"}, content_type="application/json"
        ).status_code
        == 200
    )
    client.force_login(world.users["unit"])
    client.post(f"/api/v1/projects/{pk}/step", {"step": "start"}, content_type="application/json")
    response = client.post(
        f"/api/v1/projects/{pk}/milestones",
        {"title": "验收", "due_on": str(timezone.localdate() + datetime.timedelta(days=365))},
        content_type="application/json",
    )
    assert response.status_code == 400 and "不能晚于项目计划完成日期" in str(response.json())
    response = client.post(f"/api/v1/projects/{pk}/file", {}, content_type="application/json")
    assert response.status_code == 400 and "结题后才能申报" in str(response.json())
    response = client.post(
        f"/api/v1/projects/{pk}/step",
        {"step": "conclude", "result": "煤耗下降3.2%。", "benefit_claimed_fen": 5_000_000_00},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["state"] == "concluded"
    client.force_login(world.users["city"])
    response = client.post(
        f"/api/v1/projects/{pk}/verify",
        {"benefit_verified_fen": 4_800_000_00},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["benefit_verified_fen"] == 480_000_000
    client.force_login(world.users["unit"])
    response = client.post(f"/api/v1/projects/{pk}/file", {}, content_type="application/json")
    assert response.status_code == 201
    assert Achievement.objects.get(pk=response.json()["achievement"]).project.pk == pk
    response = client.post(f"/api/v1/projects/{pk}/file", {}, content_type="application/json")
    assert response.status_code == 400 and "不能重复申报" in str(response.json())
    assert Achievement.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"members": []}, "至少须有一名成员"),
        ({"members": [999999]}, "不是所选单位的在职职工"),
        ({"milestones": [{"title": "验收", "due_on": "2099-01-01"}]}, "不能晚于项目计划完成日期"),
        ({"channel": "five_smalls"}, "channel"),
        ({"enterprise": 999999}, "不存在或不在您的权限范围内"),
        ({"end_on": "2000-01-01"}, "不能早于开始日期"),
        ({"studio": 999999}, "不属于所选单位"),
        ({"owner_kind": "team", "studio": None}, "班组名称"),
    ],
)
def test_bad_proposals_are_refused_in_chinese_and_change_nothing(client, pw, overrides, words):
    client.force_login(pw.world.users["unit"])
    response = client.post("/api/v1/projects", _body(pw, **overrides), content_type="application/json")
    assert response.status_code == 400, response.content
    assert words in str(response.json())
    assert Project.objects.count() == 0


def test_the_list_is_scoped_and_another_units_project_is_404(client, pw):
    from innovation.accounts.roles import Role
    from innovation.projects import services
    from tests.factories import make_user

    world = pw.world
    mine = propose(pw)
    theirs = services.project_create(
        actor=make_user("p_hs_unit", (Role.UNIT_ADMIN, world.units["hs_a"].union)),
        enterprise=world.units["hs_a"],
        members=[world.workers["hs_a_1"]],
        title="黑山丙项目",
        channel="post",
        owner_kind="unit",
        problem="难题",
        goal="目标",
        start_on=timezone.localdate(),
        end_on=timezone.localdate(),
    )
    client.force_login(world.users["unit"])
    assert [r["id"] for r in client.get("/api/v1/projects").json()["results"]] == [mine.pk]
    assert client.get(f"/api/v1/projects/{theirs.pk}").status_code == 404
    client.force_login(world.users["city"])
    assert client.get("/api/v1/projects?channel=post").json()["count"] == 1
    assert client.get("/api/v1/projects?state=bogus").status_code == 400
    response = client.post(
        f"/api/v1/projects/{mine.pk}/step", {"step": "start"}, content_type="application/json"
    )
    assert response.status_code in (400, 403) and response.json()
    response = client.post(
        f"/api/v1/projects/{mine.pk}/step", {"step": "nope"}, content_type="application/json"
    )
    assert response.status_code == 400


def test_list_filters_out_of_range_are_a_400(client, pw):
    client.force_login(pw.world.users["city"])
    for query in ("since_year=99999999999", "year=0", "since_year=2019.5", "verified=maybe"):
        response = client.get(f"/api/v1/projects?{query}")
        assert response.status_code == 400, query
    propose(pw)
    assert client.get("/api/v1/projects?verified=false").json()["count"] == 1
    # Not concluded: no conclusion year, not in a "since" list.
    assert client.get("/api/v1/projects?since_year=2019").json()["count"] == 0
