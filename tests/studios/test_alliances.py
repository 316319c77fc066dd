"""Studio alliances: lead, members, joint projects; pages, export, API, scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation.studios.alliances import services as alliances
from innovation.studios.models import Alliance, AllianceProject, Studio, StudioType
from tests.studios.builders import make_studio

from .report_builders import sheet, table_rows

pytestmark = pytest.mark.django_db

FOUNDED = datetime.date(2022, 5, 1)


@pytest.fixture
def studios(world, model_worker):
    return {
        "gao": make_studio(
            world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker
        ),
        "yx_b": make_studio(world, "乙食品职工创新工作室", "yx_b"),
        "hs_a": make_studio(world, "黑山丙化工职工创新工作室", "hs_a"),
        "hs_b": make_studio(world, "黑山丁物流职工创新工作室", "hs_b"),
    }


def create(world, name, lead, members, **kw):
    return alliances.alliance_save(
        actor=world.users["city"], name=name, lead=lead, members=members, founded_on=FOUNDED, **kw
    )


def test_an_alliance_sits_where_all_its_studios_are(world, studios):
    s = studios
    yixian = create(world, "义县劳模工作室联盟", s["gao"], [s["yx_b"]])
    city = create(world, "锦州石化产业链工作室联盟", s["gao"], [s["hs_a"], s["hs_b"], s["gao"]])
    assert set(yixian.members.all()) == {s["gao"], s["yx_b"]}  # the lead is a member
    assert set(city.members.all()) == {s["gao"], s["hs_a"], s["hs_b"]}
    assert yixian.scope_path == world.yixian.path
    assert city.scope_path == world.city.path
    assert alliances.common_path(["/1/4/9/", "/1/4/12/", "/1/4/"]) == "/1/4/"

    assert set(alliances.alliances_visible_to(world.users["city"])) == {yixian, city}
    assert set(alliances.alliances_visible_to(world.users["yixian"])) == {yixian}
    assert set(alliances.alliances_visible_to(world.users["heishan"])) == set()


def test_bad_alliances_are_refused(world, studios):
    s = studios
    with pytest.raises(ValidationError) as caught:
        create(world, "孤单联盟", s["gao"], [s["gao"]])
    assert "members" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        create(world, " ", s["gao"], [s["yx_b"]])
    assert "name" in caught.value.message_dict
    create(world, "义县联盟", s["gao"], [s["yx_b"]])
    with pytest.raises(ValidationError, match="已存在"):
        create(world, "义县联盟", s["hs_a"], [s["hs_b"]])
    Studio.objects.filter(pk=s["hs_b"].pk).update(status=Studio.Status.REVOKED)
    s["hs_b"].refresh_from_db()
    with pytest.raises(ValidationError, match="已摘牌的工作室不能加入联盟"):
        create(world, "黑山联盟", s["hs_a"], [s["hs_b"]])
    with pytest.raises(ValidationError) as caught:
        alliances.alliance_save(
            actor=world.users["city"],
            name="未来联盟",
            lead=s["gao"],
            members=[s["yx_b"]],
            founded_on=datetime.date(2999, 1, 1),
        )
    assert "founded_on" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        alliances.alliance_save(
            actor=world.users["yixian"],
            name="县里联盟",
            lead=s["gao"],
            members=[s["yx_b"]],
            founded_on=FOUNDED,
        )
    assert Alliance.objects.count() == 1


def test_joint_projects_are_of_member_studios(world, studios):
    s = studios
    alliance = create(world, "义县联盟", s["gao"], [s["yx_b"]])
    city = world.users["city"]
    project = alliances.project_save(
        actor=city,
        alliance=alliance,
        title="航煤收率联合攻关",
        year=2023,
        studios=[s["gao"], s["yx_b"]],
        result="多产航煤2吨/小时",
    )
    assert set(project.studios.all()) == {s["gao"], s["yx_b"]}
    with pytest.raises(ValidationError, match="不是联盟成员"):
        alliances.project_save(actor=city, alliance=alliance, title="x", year=2023, studios=[s["hs_a"]])
    with pytest.raises(ValidationError) as caught:
        alliances.project_save(actor=city, alliance=alliance, title="x", year=2021, studios=[s["gao"]])
    assert "year" in caught.value.message_dict  # before the alliance was founded
    # A studio that leaves the alliance leaves its projects.
    alliances.alliance_save(
        actor=city,
        alliance=alliance,
        name="义县联盟",
        lead=s["gao"],
        members=[s["gao"], s["hs_a"]],
        founded_on=FOUNDED,
    )
    assert set(project.studios.all()) == {s["gao"]}
    assert alliance.scope_path == world.city.path  # it now spans two districts
    alliances.project_delete(actor=city, project=project)
    assert not AllianceProject.objects.exists()


def test_alliance_pages_and_export(client, world, studios):
    s = studios
    client.force_login(world.users["city"])
    assert client.get("/studios/alliances/new/").status_code == 200
    response = client.post(
        "/studios/alliances/new/",
        {
            "name": "锦州劳模工作室联盟",
            "lead": s["gao"].pk,
            "members": [s["yx_b"].pk, s["hs_a"].pk],
            "founded_on": "2022-05-01",
            "description": "送技能进企业",
        },
    )
    alliance = Alliance.objects.get()
    assert response.url == f"/studios/alliances/{alliance.pk}/"
    bad = client.post(
        "/studios/alliances/new/",
        {"name": "空联盟", "lead": s["gao"].pk, "members": [s["gao"].pk], "founded_on": "2022-05-01"},
    )
    assert bad.status_code == 400
    added = client.post(
        f"/studios/alliances/{alliance.pk}/projects/new/",
        {
            "title": "航煤收率联合攻关",
            "year": 2023,
            "studios": [s["gao"].pk, s["hs_a"].pk],
            "result": "增效600万元",
        },
    )
    assert added.url == f"/studios/alliances/{alliance.pk}/"
    detail = client.get(f"/studios/alliances/{alliance.pk}/")
    assert detail.context["can_manage"] is True
    assert "航煤收率联合攻关" in detail.content.decode()

    listing = client.get("/studios/alliances/?q=黑山丙")
    assert table_rows(listing) == {alliance.pk}
    assert listing.context["table"].data[0].member_count == 3
    rows = sheet(client.get("/studios/alliances/?export=xlsx"))
    header, (row,) = rows[0], rows[1:]
    assert row[header.index("联盟名称")] == "锦州劳模工作室联盟"
    assert row[header.index("成员数")] == 3
    assert row[header.index("联合项目")] == "2023 航煤收率联合攻关"

    client.force_login(world.users["yixian"])
    assert table_rows(client.get("/studios/alliances/")) == set()  # spans two districts: the city's
    assert client.get(f"/studios/alliances/{alliance.pk}/").status_code == 404
    assert client.get("/studios/alliances/new/").status_code == 403


def test_alliance_api(client, world, studios):
    s = studios
    client.force_login(world.users["city"])
    created = client.post(
        "/api/v1/studio-alliances",
        {"name": "义县联盟", "lead": s["gao"].pk, "members": [s["yx_b"].pk], "founded_on": "2022-05-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert sorted(created.json()["members"]) == sorted([s["gao"].pk, s["yx_b"].pk])
    project = client.post(
        f"/api/v1/studio-alliances/{pk}/projects",
        {"title": "联合攻关", "year": 2023, "studios": [s["gao"].pk]},
        content_type="application/json",
    )
    assert project.status_code == 201 and project.json()["projects"][0]["title"] == "联合攻关"
    outside = client.post(
        f"/api/v1/studio-alliances/{pk}/projects",
        {"title": "越界", "year": 2023, "studios": [s["hs_a"].pk]},
        content_type="application/json",
    )
    assert outside.status_code == 400
    changed = client.put(
        f"/api/v1/studio-alliances/{pk}",
        {
            "name": "义县工作室联盟",
            "lead": s["gao"].pk,
            "members": [s["yx_b"].pk],
            "founded_on": "2022-05-01",
        },
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["name"] == "义县工作室联盟"

    client.force_login(world.users["yixian"])
    assert [a["id"] for a in client.get("/api/v1/studio-alliances").json()["results"]] == [pk]
    refused = client.post(
        "/api/v1/studio-alliances",
        {"name": "县联盟", "lead": s["gao"].pk, "members": [s["yx_b"].pk], "founded_on": "2022-05-01"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(world.users["heishan"])
    assert client.get("/api/v1/studio-alliances").json()["results"] == []
    assert client.get(f"/api/v1/studio-alliances/{pk}").status_code == 404
