"""The teams: formed by the city or the county over the team's home unit from studios, with
their leader on the roster; scoped lists, pages, Excel and API twin; bad input refused."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from innovation.audit.models import AuditEntry
from innovation.core.stats import stats_for
from innovation.org.models import Region
from innovation.studios.models import Member, Studio
from innovation.volunteer import services
from innovation.volunteer.models import ServiceTeam, TeamMember

D = datetime.date


def studio(world, unit: str, leader: str, members=()) -> Studio:
    s = Studio.objects.create(
        name=f"{world.workers[leader].name}劳模创新工作室",
        type="model_worker",
        level="city",
        enterprise=world.units[unit],
        leader=world.workers[leader],
        named_year=2019,
        document_no="锦工发〔2019〕1号",
        named_by="锦州市总工会",
    )
    for key in members:
        Member.objects.create(studio=s, worker=world.workers[key], joined_on=D(2019, 5, 1))
    return s


def county(world, name="义县") -> Region:
    return Region.objects.get(name=name)


def form(world, **over):
    data = {
        "name": "义县甲劳模志愿服务队",
        "enterprise": world.units["yx_a"],
        "leader": world.workers["yx_a_1"],
        "studios": [studio(world, "yx_a", "yx_a_1", ["yx_a_2"])],
        "districts": [county(world)],
        "categories": ["skills", "equipment", "skills"],
        "capacity": 3,
        "formed_on": D(2019, 9, 10),
        "description": "",
    }
    data.update(over)
    return data


def test_a_team_is_formed_with_its_leader_on_the_roster(world):
    team = services.team_create(actor=world.users["yixian"], **form(world))
    assert (team.name, team.categories, team.capacity, team.scope_path) == (
        "义县甲劳模志愿服务队",
        ["equipment", "skills"],
        3,
        world.units["yx_a"].scope_path,
    )
    assert list(team.members.values_list("worker_id", "role")) == [(world.workers["yx_a_1"].pk, "leader")]
    member = services.member_add(
        actor=world.users["yixian"],
        team=team,
        worker=world.workers["yx_a_2"],
        skills="液压维修",
        joined_on=D(2020, 1, 2),
    )
    with pytest.raises(ValidationError) as twice:
        services.member_add(
            actor=world.users["yixian"], team=team, worker=world.workers["yx_a_2"], joined_on=D(2020, 1, 2)
        )
    assert twice.value.messages == [f"{world.workers['yx_a_2'].name}已是本队队员。"]
    services.member_leave(actor=world.users["yixian"], member=member, left_on=D(2021, 6, 30))
    # A new leader: the former one stays on the roster as a member.
    services.member_add(
        actor=world.users["yixian"], team=team, worker=world.workers["yx_a_2"], joined_on=D(2021, 7, 1)
    )
    before = AuditEntry.objects.filter(object_type="volunteer.teammember", action="update").count()
    services.team_update(actor=world.users["city"], team=team, leader=world.workers["yx_a_2"])
    # Both role changes (队长 → 队员, 队员 → 队长) are in the audit trail.
    assert (
        AuditEntry.objects.filter(object_type="volunteer.teammember", action="update").count() == before + 2
    )
    assert sorted(team.members.filter(left_on=None).values_list("worker_id", "role")) == sorted(
        [(world.workers["yx_a_1"].pk, "member"), (world.workers["yx_a_2"].pk, "leader")]
    )


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"name": " "}, {"name": ["请填写服务队名称。"]}),
        ({"studios": []}, {"studios": ["服务队须依托至少一个创新工作室。"]}),
        ({"districts": []}, {"districts": ["请选择服务区域（至少一个县、市、区）。"]}),
        ({"categories": ["cooking"]}, {"categories": ["服务领域须从列表中选择。"]}),
        ({"capacity": 0}, {"capacity": ["同时承接订单上限须为1至20。"]}),
        ({"capacity": 21}, {"capacity": ["同时承接订单上限须为1至20。"]}),
        ({"formed_on": None}, {"formed_on": ["请填写组建日期。"]}),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, change, errors):
    with pytest.raises(ValidationError) as refused:
        services.team_create(actor=world.users["yixian"], **form(world, **change))
    assert refused.value.message_dict == errors
    assert (ServiceTeam.objects.count(), TeamMember.objects.count()) == (0, 0)


def test_the_leader_is_a_studio_person_and_the_area_is_counties(world):
    data = form(world, leader=world.workers["yx_b_1"], districts=[Region.objects.get(name="锦州市")])
    with pytest.raises(ValidationError) as refused:
        services.team_create(actor=world.users["yixian"], **data)
    assert refused.value.message_dict == {
        "leader": [f"{world.workers['yx_b_1'].name}须为在职的工作室带头人或成员，且在您的管理范围内。"],
        "districts": ["服务区域须为县（市、区）。"],
    }


@pytest.mark.parametrize("who", ["heishan", "unit", "worker"])
def test_only_the_city_or_the_units_county_forms_a_team(world, who):
    with pytest.raises(PermissionDenied):
        services.team_create(actor=world.users[who], **form(world))
    assert ServiceTeam.objects.count() == 0


@pytest.fixture
def teams(world):
    yx = services.team_create(actor=world.users["city"], **form(world))
    hs = services.team_create(
        actor=world.users["city"],
        **form(
            world,
            name="黑山丙劳模志愿服务队",
            enterprise=world.units["hs_a"],
            leader=world.workers["hs_a_1"],
            studios=[studio(world, "hs_a", "hs_a_1")],
            districts=[county(world, "黑山县")],
            categories=["safety"],
        ),
    )
    return yx, hs


def test_the_list_page_excel_and_api_are_scoped(client, world, teams):
    yx, hs = teams
    expected = {
        "city": [yx.pk, hs.pk],
        "yixian": [yx.pk],
        "heishan": [hs.pk],
        "unit": [yx.pk],
        "worker": [yx.pk],
    }
    for who, pks in expected.items():
        client.force_login(world.users[who])
        page = client.get("/volunteer/teams/")
        assert page.status_code == 200, who
        assert sorted(r.record.pk for r in page.context["table"].page.object_list) == sorted(pks), who
        book = load_workbook(io.BytesIO(client.get("/volunteer/teams/?export=xlsx").content)).active
        assert sorted(row[0] for row in list(book.iter_rows(values_only=True))[1:]) == sorted(pks), who
        api = client.get("/api/v1/volunteer/teams").json()
        assert sorted(t["id"] for t in api["results"]) == sorted(pks), who
        assert stats_for(world.users[who])["service_teams_total"] == len(pks), who
    client.force_login(world.users["yixian"])
    assert client.get(f"/volunteer/teams/{hs.pk}/").status_code == 404
    assert client.get(f"/api/v1/volunteer/teams/{hs.pk}").status_code == 404
    # Filters: a category, the area served, a member's skill.
    client.force_login(world.users["city"])
    rows = client.get("/volunteer/teams/", {"category": "safety"}).context["table"].page.object_list
    assert [r.record.pk for r in rows] == [hs.pk]
    rows = client.get("/volunteer/teams/", {"serves": county(world).pk}).context["table"].page.object_list
    assert [r.record.pk for r in rows] == [yx.pk]


def test_the_team_page_and_its_forms(client, world, teams):
    yx, _hs = teams
    client.force_login(world.users["yixian"])
    page = client.get(f"/volunteer/teams/{yx.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and 'id="member-form"' in text and 'id="team-edit"' in text
    response = client.post(
        f"/volunteer/teams/{yx.pk}/members/",
        {"worker": world.workers["yx_a_2"].pk, "skills": "数控加工", "joined_on": "2020-03-01"},
    )
    assert response.status_code == 302
    assert list(yx.members.filter(left_on=None).values_list("worker_id", flat=True).order_by("id")) == [
        world.workers["yx_a_1"].pk,
        world.workers["yx_a_2"].pk,
    ]
    response = client.post(f"/volunteer/teams/{yx.pk}/edit/", {"name": ""})
    assert response.status_code == 400
    # The worker sees his team, without the forms.
    client.force_login(world.users["worker"])
    text = client.get(f"/volunteer/teams/{yx.pk}/").content.decode()
    assert 'id="member-form"' not in text and 'id="team-edit"' not in text


def test_the_api_creates_through_the_service_and_refuses_with_reasons(client, world):
    s = studio(world, "yx_a", "yx_a_1")
    client.force_login(world.users["yixian"])
    body = {
        "name": "API服务队",
        "enterprise": world.units["yx_a"].pk,
        "leader": world.workers["yx_a_1"].pk,
        "studios": [s.pk],
        "districts": [county(world).pk],
        "categories": ["skills"],
        "capacity": 2,
        "formed_on": "2020-01-01",
    }
    created = client.post("/api/v1/volunteer/teams", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["members"][0]["role"] == "leader"
    again = client.post("/api/v1/volunteer/teams", body, content_type="application/json")
    assert again.status_code == 400 and "已有名为“API服务队”的服务队。" in again.content.decode()
    outside = client.post(
        "/api/v1/volunteer/teams",
        {**body, "name": "X", "enterprise": world.units["hs_a"].pk},
        content_type="application/json",
    )
    assert outside.status_code == 400
    assert ServiceTeam.objects.count() == 1
