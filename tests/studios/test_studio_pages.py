"""The studio pages: list (filters, search, export), detail, recording a naming, members,
lineage, applications with their step buttons, and the incubated list."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from innovation.audit.models import AuditAction, AuditEntry
from innovation.studios.models import Member, Naming, Studio, StudioApplication, StudioType
from innovation.studios.naming import services

from .builders import apply, honour, make_studio, push


@pytest.fixture
def two(world):
    return {
        "yx": make_studio(world, "义县甲钳工职工创新工作室", "yx_a", leader=world.workers["yx_a_2"]),
        "hs": make_studio(
            world, "黑山丙化工劳模创新工作室", "hs_a", studio_type=StudioType.MODEL_WORKER, year=2021
        ),
    }


def names(response) -> set[str]:
    return {row.record.name for row in response.context["table"].page.object_list}


def test_the_list_filters_searches_and_exports(client, world, two):
    client.force_login(world.users["city"])
    assert names(client.get("/studios/")) == {"义县甲钳工职工创新工作室", "黑山丙化工劳模创新工作室"}
    assert names(client.get("/studios/?type=model_worker")) == {"黑山丙化工劳模创新工作室"}
    assert names(client.get(f"/studios/?district={world.yixian.pk}")) == {"义县甲钳工职工创新工作室"}
    assert names(client.get("/studios/?q=钳工")) == {"义县甲钳工职工创新工作室"}
    assert names(client.get("/studios/?q=丙化工有限")) == {"黑山丙化工劳模创新工作室"}  # by unit
    assert names(client.get(f"/studios/?q={world.workers['yx_a_2'].name}")) == {
        "义县甲钳工职工创新工作室"
    }  # by leader
    assert names(client.get("/studios/?named_year=2021&status=active")) == {"黑山丙化工劳模创新工作室"}
    response = client.get("/studios/?export=xlsx&type=worker")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "工作室名称", "类型", "级别")
    assert [r[1] for r in rows[1:]] == ["义县甲钳工职工创新工作室"]
    assert "带头人" in rows[1][12]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="studios.studio").count() == 1
    page = client.get("/studios/").content.decode()
    assert 'id="create-link"' in page  # the city records namings
    client.force_login(world.users["unit"])
    assert 'id="create-link"' not in client.get("/studios/").content.decode()


def test_the_detail_shows_namings_members_lineage_and_results(client, world, two, campaign_posts):
    studio = two["yx"]
    services.member_add(
        actor=None, studio=studio, worker=world.workers["yx_a_1"], joined_on=datetime.date(2020, 1, 2)
    )
    services.lineage_set(actor=None, studio=studio, grew_from=None, demonstration_posts=campaign_posts)
    client.force_login(world.users["unit"])
    response = client.get(f"/studios/{studio.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "义县甲钳工职工创新工作室" in html and "市级职工创新工作室" in html
    assert studio.document_no in html
    assert f"/studios/namings/{studio.namings.get().pk}/plaque.pdf" in html
    assert "2020-01-02" in html and "骨干成员" not in html
    assert "钳工班" in html and "电气检修班" in html
    assert 'id="member-add-link"' in html and 'id="lineage-link"' in html and 'id="upgrade-link"' in html
    assert 'id="record-link"' not in html
    assert response.context["totals"].count == 0
    client.force_login(world.users["city"])
    assert 'id="record-link"' in client.get(f"/studios/{studio.pk}/").content.decode()
    client.force_login(world.users["yixian"])
    html = client.get(f"/studios/{studio.pk}/").content.decode()
    assert 'id="member-add-link"' not in html and 'id="upgrade-link"' not in html


def test_a_revoked_studio_stays_in_history(client, world, two):
    Studio.objects.filter(pk=two["yx"].pk).update(
        status=Studio.Status.REVOKED,
        revoked_on=datetime.date(2024, 12, 1),
        revoke_document_no="锦工发〔2024〕30号",
        revoke_reason="连续两年考核不合格。",
    )
    client.force_login(world.users["unit"])
    html = client.get(f"/studios/{two['yx'].pk}/").content.decode()
    assert "已于 2024-12-01 摘牌（锦工发〔2024〕30号）" in html and "连续两年考核不合格" in html
    assert 'id="member-add-link"' not in html
    assert names(client.get("/studios/?status=revoked")) == {"义县甲钳工职工创新工作室"}


def test_the_city_records_a_provincial_naming_through_the_form(client, world, model_worker):
    client.force_login(world.users["city"])
    assert client.get("/studios/record/").status_code == 200
    unit = world.units["yx_a"]
    page = client.get(f"/studios/record/?enterprise={unit.pk}")
    assert "高颖明" in page.content.decode()
    data = {
        "enterprise": unit.pk,
        "name": "高颖明劳模创新工作室",
        "leader": model_worker.pk,
        "type": "model_worker",
        "level": "provincial",
        "year": 2020,
        "document_no": "辽工发〔2020〕15号",
        "named_by": "辽宁省总工会",
        "named_on": "2020-06-01",
    }
    response = client.post("/studios/record/", data)
    studio = Studio.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/studios/{studio.pk}/"
    # The same naming again, for this studio: a clear message, nothing changed.
    again = client.post(f"/studios/record/?studio={studio.pk}", {**data, "studio": studio.pk})
    assert again.status_code == 200
    assert "同一工作室同类型同级别只能命名一次" in again.content.decode()
    assert Naming.objects.count() == 1
    # A worker leader for a model-worker studio: refused with the reason on the form.
    plain = world.workers["yx_a_1"]
    bad = client.post("/studios/record/", {**data, "name": "另一工作室", "leader": plain.pk})
    assert "须获得“劳动模范”荣誉称号" in bad.content.decode()
    client.force_login(world.users["yixian"])
    assert client.get("/studios/record/").status_code == 403


def test_members_are_added_and_leave_through_the_pages(client, world, two, rubric):
    studio = two["yx"]
    client.force_login(world.users["unit"])
    form = client.get(f"/studios/{studio.pk}/members/add/")
    assert form.status_code == 200
    worker = world.workers["yx_a_1"]
    response = client.post(
        f"/studios/{studio.pk}/members/add/", {"worker": worker.pk, "role": "core", "joined_on": "2021-03-01"}
    )
    assert response.status_code == 302
    member = Member.objects.get(studio=studio, worker=worker)
    other = make_studio(world, "义县甲第二工作室", "yx_a")
    refused = client.post(
        f"/studios/{other.pk}/members/add/",
        {"worker": worker.pk, "role": "member", "joined_on": "2021-03-01"},
    )
    assert "已是「义县甲钳工职工创新工作室」的在册成员" in refused.content.decode()
    response = client.post(
        f"/studios/{studio.pk}/members/{member.pk}/leave/", {"left_on": "2021-02-01"}, follow=True
    )
    assert "退出日期不能早于加入日期" in response.content.decode()
    client.post(f"/studios/{studio.pk}/members/{member.pk}/leave/", {"left_on": "2022-02-01"})
    member.refresh_from_db()
    assert member.left_on == datetime.date(2022, 2, 1)
    client.force_login(world.users["yixian"])
    assert client.get(f"/studios/{studio.pk}/members/add/").status_code == 403
    client.force_login(world.users["heishan"])
    assert client.get(f"/studios/{studio.pk}/members/add/").status_code == 404


def test_lineage_is_edited_through_the_page(client, world, two, campaign_posts):
    earlier = make_studio(world, "义县甲前身工作室", "yx_a", year=2016)
    client.force_login(world.users["unit"])
    page = client.get(f"/studios/{two['yx'].pk}/lineage/")
    assert page.status_code == 200 and "钳工班" in page.content.decode()
    response = client.post(
        f"/studios/{two['yx'].pk}/lineage/",
        {"grew_from": earlier.pk, "demonstration_posts": [p.pk for p in campaign_posts]},
    )
    assert response.status_code == 302
    two["yx"].refresh_from_db()
    assert two["yx"].grew_from == earlier
    html = client.get(f"/studios/{earlier.pk}/").content.decode()
    assert "义县甲钳工职工创新工作室" in html  # the later one, in the earlier one's chain


def test_the_application_pages_follow_the_path(client, world, model_worker):
    client.force_login(world.users["unit"])
    assert client.get("/studios/applications/new/").status_code == 200
    data = {
        "name": "高颖明劳模创新工作室",
        "type": "model_worker",
        "leader": model_worker.pk,
        "field": "efficiency",
        "results_so_far": "航煤多产2吨/小时。",
        "plan": "带徒20名。",
        "enterprise": world.units["yx_a"].pk,
    }
    response = client.post("/studios/applications/new/", data)
    app = StudioApplication.objects.get()
    assert response["Location"] == f"/studios/applications/{app.pk}/"
    html = client.get(f"/studios/applications/{app.pk}/").content.decode()
    assert 'id="step-submit"' in html and 'id="edit-link"' in html
    client.post(f"/studios/applications/{app.pk}/edit/", {**data, "plan": "带徒30名。"})
    app.refresh_from_db()
    assert app.plan == "带徒30名。"
    client.post(f"/studios/applications/{app.pk}/step/", {"step": "submit"})
    app.refresh_from_db()
    assert app.state == "submitted"
    edit = client.get(f"/studios/applications/{app.pk}/edit/")
    assert edit.status_code == 302  # submitted: no more editing

    client.force_login(world.users["yixian"])
    queue = client.get("/studios/applications/?awaiting=me")
    assert names(queue) == {"高颖明劳模创新工作室"} and queue.context["queue_count"] == 1
    html = client.get(f"/studios/applications/{app.pk}/").content.decode()
    assert 'id="step-recommend"' in html and 'id="step-return"' in html and 'id="step-name"' not in html
    response = client.post(
        f"/studios/applications/{app.pk}/step/", {"step": "recommend", "reason": ""}, follow=True
    )
    assert "请填写推荐意见" in response.content.decode()
    client.post(f"/studios/applications/{app.pk}/step/", {"step": "recommend", "reason": "同意。"})

    client.force_login(world.users["city"])
    html = client.get(f"/studios/applications/{app.pk}/").content.decode()
    assert 'id="step-name"' in html and 'name="inspection_record"' in html and 'id="step-decline"' in html
    response = client.post(
        f"/studios/applications/{app.pk}/step/",
        {
            "step": "name",
            "inspection_record": "现场考察合格。",
            "panel_opinion": "同意命名。",
            "document_no": "锦工发〔2024〕8号",
            "named_on": "2024-03-08",
        },
        follow=True,
    )
    assert "已处理：已命名" in response.content.decode()
    app.refresh_from_db()
    html = client.get(f"/studios/applications/{app.pk}/").content.decode()
    assert 'id="plaque-link"' in html and 'id="studio-link"' in html
    assert app.naming.studio.name == "高颖明劳模创新工作室"
    assert client.get("/studios/applications/?export=xlsx").status_code == 200
    bad_date = client.post(
        f"/studios/applications/{app.pk}/step/", {"step": "name", "named_on": "x"}, follow=True
    )
    assert "命名日期格式不正确" in bad_date.content.decode()


def test_a_unit_cannot_open_another_units_application(client, world, unit_admins):
    app = apply(world)
    client.force_login(unit_admins["unit_hs_a"])
    assert client.get(f"/studios/applications/{app.pk}/").status_code == 404
    assert client.get(f"/studios/applications/{app.pk}/edit/").status_code == 404
    assert client.post(f"/studios/applications/{app.pk}/step/", {"step": "submit"}).status_code == 404
    app.refresh_from_db()
    assert app.state == "draft"
    client.force_login(world.users["yixian"])
    assert client.get("/studios/applications/new/").status_code == 403


def test_the_incubated_list(client, world, two):
    from innovation.achievements import services as achievement_services
    from innovation.achievements.models import Achievement
    from tests.achievements.conftest import full_fields, make_campaign

    campaign = make_campaign(world)
    item = achievement_services.achievement_create(
        actor=None,
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
        **full_fields(title="航煤收率优化操作法"),
    )
    Achievement.objects.filter(pk=item.pk).update(
        studio=two["yx"], submitted_at=item.created_at, state="submitted"
    )
    client.force_login(world.users["city"])
    response = client.get(f"/studios/incubated/?studio={two['yx'].pk}")
    assert response.status_code == 200
    assert [r.record.title for r in response.context["table"].page.object_list] == ["航煤收率优化操作法"]
    assert response.context["totals"]["count"] == 1
    assert client.get(f"/studios/incubated/?studio={two['hs'].pk}").context["totals"]["count"] == 0
    assert client.get("/studios/incubated/?export=xlsx").status_code == 200
    detail = client.get(f"/studios/{two['yx'].pk}/")
    assert detail.context["totals"].count == 1 and "航煤收率优化操作法" in detail.content.decode()


def test_a_craftsman_honour_makes_a_craftsman_studio_possible(world):
    worker = world.workers["yx_a_1"]
    honour(worker, "craftsman")
    app = push(
        world, apply(world, name="甲工匠创新工作室", type=StudioType.CRAFTSMAN), "submit", "recommend", "name"
    )
    assert app.state == "named"
