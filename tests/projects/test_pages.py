"""The project pages: the scoped list and its Excel export (exactly the filtered rows), the
detail page with the steps of the reader, the form, the writes and their refusals (400, nothing
changed), the filing button that opens the achievement draft."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from innovation.accounts.roles import Role
from innovation.achievements.models import Achievement
from innovation.core import workflow as kernel
from innovation.projects.models import Project, ProjectState
from tests.achievements.conftest import make_campaign

from ..factories import make_user
from .conftest import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(pw):
    world = pw.world
    mine = propose(pw)
    other = propose(pw, title="食品线灌装精度提升", owner_kind="unit", studio=None, channel="post")
    from innovation.projects import services

    heishan = services.project_create(
        actor=make_user("p_unit_hs", (Role.UNIT_ADMIN, world.units["hs_a"].union)),
        enterprise=world.units["hs_a"],
        members=[world.workers["hs_a_1"]],
        title="黑山丙反应釜温控",
        channel="breakthrough",
        owner_kind="team",
        team_name="聚合班",
        problem="温控波动。",
        goal="波动小于1度。",
        start_on=timezone.localdate() - datetime.timedelta(days=10),
        end_on=timezone.localdate() + datetime.timedelta(days=100),
    )
    return {"mine": mine, "other": other, "heishan": heishan}


def _codes(response):
    return [row.code for row in response.context["table"].data]


def test_the_list_shows_the_scope_and_the_export_equals_it(client, pw, projects):
    world = pw.world
    client.force_login(world.users["city"])
    for query in ({}, {"state": "proposed"}, {"q": "黑山"}, {"channel": "post"}, {"owner_kind": "team"}):
        listed = _codes(client.get(reverse("projects:list"), query))
        response = client.get(reverse("projects:list"), {**query, "export": "xlsx"})
        rows = list(
            load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
        )
        assert sorted(r[0] for r in rows[1:]) == sorted(listed), query
    assert len(_codes(client.get(reverse("projects:list")))) == 3
    assert _codes(client.get(reverse("projects:list"), {"channel": "post"})) == [projects["other"].code]
    client.force_login(world.users["unit"])
    assert sorted(_codes(client.get(reverse("projects:list")))) == sorted(
        [projects["mine"].code, projects["other"].code]
    )
    client.force_login(world.users["heishan"])
    assert _codes(client.get(reverse("projects:list"))) == [projects["heishan"].code]
    client.force_login(world.users["worker"])  # 义县职工一, a member of 「mine」 and 「other」
    assert len(_codes(client.get(reverse("projects:list")))) == 2


def test_another_units_project_is_not_found(client, pw, projects):
    client.force_login(pw.world.users["unit"])
    assert client.get(reverse("projects:detail", args=[projects["heishan"].pk])).status_code == 404
    client.force_login(pw.world.users["yixian"])
    assert client.get(reverse("projects:detail", args=[projects["heishan"].pk])).status_code == 404
    assert client.get(reverse("projects:detail", args=[projects["mine"].pk])).status_code == 200


def test_the_detail_page_offers_the_steps_of_the_reader(client, pw, projects):
    client.force_login(pw.world.users["yixian"])
    page = client.get(reverse("projects:detail", args=[projects["mine"].pk])).content.decode()
    assert 'id="step-approve"' in page and 'id="step-reject"' in page and "完成方案设计" in page
    client.force_login(pw.world.users["unit"])
    page = client.get(reverse("projects:detail", args=[projects["mine"].pk])).content.decode()
    assert 'id="step-approve"' not in page and 'id="milestone-add"' in page and 'id="project-edit"' in page


def test_a_project_is_proposed_through_the_form(client, pw):
    world = pw.world
    client.force_login(world.users["unit"])
    assert client.get(reverse("projects:new")).status_code == 200
    data = {
        "title": "冷却塔节水改造",
        "channel": "breakthrough",
        "enterprise": world.units["yx_a"].pk,
        "owner_kind": "team",
        "team_name": "动力班",
        "start_on": "2026-01-05",
        "end_on": "2026-06-30",
        "members": [world.workers["yx_a_2"].pk, world.workers["yx_a_1"].pk],
        "problem": "冷却塔飘水严重。",
        "goal": "节水30%。",
        "milestones": "2026-03-31 完成方案设计\n2026-06-30 改造完成",
    }
    response = client.post(reverse("projects:new"), {**data, "milestones": "2026-09-30 验收"})
    assert response.status_code == 400
    assert "不能晚于项目计划完成日期" in response.content.decode()
    response = client.post(reverse("projects:new"), {**data, "members": []})
    assert response.status_code == 400
    assert Project.objects.count() == 0
    response = client.post(reverse("projects:new"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "projects:detail", args=[project.pk]
    )
    assert project.milestones.count() == 2 and project.team_name == "动力班"
    edit = client.get(reverse("projects:edit", args=[project.pk]))
    assert edit.status_code == 200


def test_steps_verification_and_filing_through_the_pages(client, pw, projects):
    world = pw.world
    make_campaign(world)
    project = projects["mine"]
    client.force_login(world.users["yixian"])
    assert client.post(reverse("projects:step", args=[project.pk, "approve"])).status_code == 302
    client.force_login(world.users["unit"])
    client.post(reverse("projects:step", args=[project.pk, "start"]))
    response = client.post(reverse("projects:step", args=[project.pk, "conclude"]), {"conclude-result": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("projects:step", args=[project.pk, "conclude"]),
        {"conclude-result": "漏汽消除。", "conclude-benefit_claimed": "1200000.00"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.state, project.benefit_claimed_fen) == (ProjectState.CONCLUDED, 120_000_000)
    client.force_login(world.users["city"])
    response = client.post(
        reverse("projects:verify", args=[project.pk]), {"verify-benefit_verified": "1300000"}
    )
    assert response.status_code == 400 and "不能超过申报效益" in response.content.decode()
    client.post(reverse("projects:verify", args=[project.pk]), {"verify-benefit_verified": "1000000"})
    project.refresh_from_db()
    assert project.benefit_verified_fen == 100_000_000
    client.force_login(world.users["unit"])
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="file"' in page and "申报为五小成果" in page
    response = client.post(
        reverse("projects:file", args=[project.pk]), {"file-kind": "renovation", "file-field": "technology"}
    )
    achievement = Achievement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "achievements:detail", args=[achievement.pk]
    )
    draft = client.get(response["Location"]).content.decode()
    assert "漏汽消除。" in draft and "轴封漏汽导致油中带水。" in draft
    # The draft links back to its project.
    assert reverse("projects:detail", args=[project.pk]) in draft and "由该项目结题后申报" in draft
    response = client.post(
        reverse("projects:file", args=[project.pk]), {"file-kind": "renovation", "file-field": "technology"}
    )
    assert response.status_code == 400
    assert Achievement.objects.count() == 1
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="filed-achievement"' in page and 'id="file"' not in page


def test_the_menu_names_the_projects(client, pw):
    client.force_login(pw.world.users["unit"])
    assert "技术攻关项目" in client.get("/").content.decode()
    client.force_login(pw.lead)
    assert client.get(reverse("projects:list")).status_code == 200


def test_a_stopped_project_keeps_its_reason_on_the_page(client, pw, projects):
    world = pw.world
    kernel.run(obj=projects["mine"], step="reject", actor=world.users["yixian"], reason="重复立项")
    client.force_login(world.users["unit"])
    page = client.get(reverse("projects:detail", args=[projects["mine"].pk])).content.decode()
    assert "重复立项" in page and 'id="project-edit"' not in page


def test_the_union_picks_the_helping_expert_from_the_pool_and_the_api_does_too(client, pw):
    """The city's form offers the experts of the pool (the unit, who cannot read the pool, names
    the helper); the API takes an expert of the pool by id and refuses one outside it."""
    from tests.experts.conftest import make_expert

    world = pw.world
    project = propose(pw)
    kernel.run(obj=project, step="approve", actor=world.users["yixian"])
    expert = make_expert(world, "e_proj", "专家攻关", outside="沈阳工业大学")
    retired = make_expert(world, "e_old", "退库专家", outside="大连理工大学")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    url = reverse("projects:detail", args=[project.pk])

    client.force_login(world.users["unit"])
    page = client.get(url).content.decode()
    assert 'name="expert-helper_name"' in page and 'name="expert-expert"' not in page

    client.force_login(world.users["city"])
    page = client.get(url).content.decode()
    assert f'<option value="{expert.pk}">专家攻关</option>' in page and "退库专家" not in page
    response = client.post(
        reverse("projects:expert_add", args=[project.pk]),
        {"expert-on": "2026-01-05", "expert-expert": expert.pk, "expert-content": "轴封间隙测算"},
    )
    assert response.status_code == 302
    row = project.supports.get()
    assert (row.expert_id, row.helper_name, row.content) == (expert.pk, "专家攻关", "轴封间隙测算")

    api = client.post(
        f"/api/v1/projects/{project.pk}/experts",
        {"on": "2026-01-06", "expert": retired.pk, "content": "不在库"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "专家库" in api.json()["expert"][0]
    api = client.post(
        f"/api/v1/projects/{project.pk}/experts",
        {"on": "2026-01-06", "helper_name": "沈阳工业大学王教授", "content": "工艺复核"},
        content_type="application/json",
    )
    assert api.status_code == 201
    assert [(s["helper_name"], s["content"]) for s in api.json()["supports"]] == [
        ("专家攻关", "轴封间隙测算"),
        ("沈阳工业大学王教授", "工艺复核"),
    ]
    assert project.supports.count() == 2
