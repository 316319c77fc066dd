import io

import pytest
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from innovation.accounts.models import User
from innovation.audit.models import AuditAction, AuditEntry
from innovation.experts import importer, services
from innovation.experts.models import Assignment, Availability, Conflict, ExpertProfile

from .conftest import make_expert


def login(client, user):
    client.force_login(user)
    return client


def test_city_admin_lists_filters_searches_and_exports_the_pool(client, world, experts):
    services.expert_update(actor=None, expert=experts["ding"], phone="13912345678", tags="危化品、消防")
    login(client, world.users["city"])
    page = client.get("/experts/")
    assert page.status_code == 200
    assert {e.pk for e in page.context["table"].data} == {e.pk for e in experts.values()}
    assert "专家丁" in page.content.decode() and "139****5678" in page.content.decode()
    only_safety = client.get("/experts/?field=efficiency")
    assert {e.name for e in only_safety.context["table"].data} == {"专家甲", "专家乙", "专家丙"}
    assert [e.name for e in client.get("/experts/?q=消防").context["table"].data] == ["专家丁"]
    assert [e.name for e in client.get("/experts/?employer=沈阳").context["table"].data] == ["专家丙"]
    export = client.get("/experts/?export=xlsx&field=safety")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in rows} == {"专家甲", "专家乙", "专家丙", "专家丁"}
    assert "139****5678" in {r[7] for r in rows} and "13912345678" not in str(rows)
    assert (
        AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="experts.expertprofile").count() == 1
    )


@pytest.mark.parametrize("who", ["yixian", "heishan", "unit", "worker", "expert"])
def test_others_see_no_pool_management(client, world, experts, who):
    login(client, world.users[who])
    for url in ("/experts/", "/experts/new/", "/experts/import/", "/experts/assignments/"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/experts/{experts['jia'].pk}/").status_code == 404
    assert client.get(f"/experts/{experts['jia'].pk}/edit/").status_code == 404
    assert client.get("/api/v1/experts").json()["count"] == 0
    # one denied look-up each for the expert's page and its edit page (the 403s are not look-ups)
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=world.users[who]).count() == 2


def test_creating_an_expert_shows_the_first_password_once(client, world):
    login(client, world.users["city"])
    assert client.get("/experts/new/").status_code == 200
    response = client.post(
        "/experts/new/",
        {
            "name": "王工",
            "username": "wang_gong",
            "employer_name": "锦州市第一中学",
            "title": "高级工程师",
            "fields_": ["safety", "energy"],
            "phone": "13800001111",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    expert = ExpertProfile.objects.get(name="王工")
    assert expert.employer == world.units["edu"] and expert.fields == ["safety", "energy"]
    (shown,) = [p for _e, p in response.context["created"]]
    assert escape(shown) in response.content.decode()
    assert expert.user.check_password(shown) and expert.user.must_change_password


def test_bad_create_input_stays_on_the_form_with_chinese_messages(client, world, experts):
    login(client, world.users["city"])
    response = client.post(
        "/experts/new/", {"name": "赵工", "username": "e_jia", "employer_name": "不存在的单位", "fields_": []}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "未找到单位" in errors["employer_name"][0]
    assert "fields_" in errors
    assert not ExpertProfile.objects.filter(name="赵工").exists()
    response = client.post(
        "/experts/new/",
        {"name": "赵工", "username": "e_jia", "employer_outside": "外单位", "fields_": ["safety"]},
    )
    assert response.context["form"].errors["username"] == ["该用户名已存在。"]


def test_editing_an_expert(client, world, experts):
    login(client, world.users["city"])
    jia = experts["jia"]
    assert client.get(f"/experts/{jia.pk}/edit/").status_code == 200
    response = client.post(
        f"/experts/{jia.pk}/edit/",
        {
            "name": "专家甲",
            "employer_outside": "辽宁工业大学",
            "title": "教授",
            "fields_": ["quality"],
            "phone": "",
        },
    )
    assert response.status_code == 302
    jia.refresh_from_db()
    assert (jia.employer, jia.employer_outside, jia.fields, jia.is_active) == (
        None,
        "辽宁工业大学",
        ["quality"],
        False,
    )


def test_detail_shows_conflicts_availability_and_load(client, world, campaign, items, experts):
    services.conflict_add(
        actor=None, expert=experts["jia"], enterprise=world.units["hs_b"], reason="合作单位"
    )
    services.availability_set(
        actor=None, expert=experts["jia"], campaign=campaign, available=False, note="出差"
    )
    login(client, world.users["city"])
    page = client.get(f"/experts/{experts['jia'].pk}/").content.decode()
    assert "黑山丁物流有限公司" in page and "合作单位" in page and "不参加" in page and "出差" in page


def test_an_expert_keeps_their_own_conflicts_and_availability_on_their_page(client, world, campaign, experts):
    jia = experts["jia"]
    login(client, jia.user)
    assert client.get("/experts/my/").status_code == 200
    assert client.get(f"/experts/{jia.pk}/").status_code == 200
    assert client.get(f"/experts/{experts['yi'].pk}/").status_code == 404
    client.post(
        f"/experts/{jia.pk}/conflicts/",
        {
            "unit_name": "黑山丁物流有限公司",
            "person_name": world.workers["hs_b_1"].name,
            "reason": "亲属",
            "next": "/experts/my/",
        },
    )
    conflict = Conflict.objects.get(expert=jia)
    assert conflict.worker == world.workers["hs_b_1"] and conflict.enterprise is None
    client.post(
        f"/experts/{jia.pk}/availability/", {"campaign": campaign.pk, "max_items": 5, "available": "on"}
    )
    assert Availability.objects.get(expert=jia, campaign=campaign).max_items == 5
    # Not someone else's.
    assert (
        client.post(f"/experts/{experts['yi'].pk}/conflicts/", {"unit_name": "x", "reason": "y"}).status_code
        == 404
    )
    bad = client.post(f"/experts/{jia.pk}/conflicts/", {"unit_name": "不存在", "reason": "y"}, follow=True)
    assert "未找到单位" in bad.content.decode()
    client.post(f"/experts/{jia.pk}/conflicts/{conflict.pk}/delete/")
    assert not Conflict.objects.exists()


def test_a_non_expert_has_no_own_page(client, world):
    login(client, world.users["worker"])
    assert client.get("/experts/my/").status_code == 403


# ---------------------------------------------------------------- import


def workbook(rows, header=None) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = importer.SHEET
    ws.append(header or [str(c.header) for c in importer.COLUMNS])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "experts.xlsx"
    return buffer


def test_import_template_downloads(client, world):
    login(client, world.users["city"])
    response = client.get("/experts/import/?template=1")
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=1, values_only=True))
    assert list(header) == [str(c.header) for c in importer.COLUMNS]


def test_import_creates_every_expert_of_a_clean_file(client, world):
    login(client, world.users["city"])
    upload = workbook(
        [
            [
                "刘工",
                "liu_gong",
                "锦州市第一中学",
                "",
                "高级教师",
                "安全生产、节能减排",
                "化工",
                "13800002222",
            ],
            ["陈工", "chen_gong", "", "大连理工大学", "教授", "创新技术", "", ""],
        ]
    )
    response = client.post("/experts/import/", {"file": upload})
    assert response.status_code == 200
    created = {e.name: e for e, _p in response.context["created"]}
    assert set(created) == {"刘工", "陈工"}
    assert created["刘工"].fields == ["safety", "energy"] and created["刘工"].employer == world.units["edu"]
    assert created["刘工"].phone_masked == "138****2222"
    assert all(p and escape(p) in response.content.decode() for _e, p in response.context["created"])
    assert AuditEntry.objects.filter(detail__contains="Excel导入评审专家 2 位").count() == 1


def test_import_reports_every_bad_cell_and_imports_nothing(client, world, experts):
    login(client, world.users["city"])
    upload = workbook(
        [
            ["刘工", "liu_gong", "锦州市第一中学", "", "", "安全生产", "", ""],
            ["", "e_jia", "不存在的单位", "", "", "烹饪", "", "123"],
            ["王工", "liu_gong", "", "", "", "安全生产", "", ""],
        ]
    )
    response = client.post("/experts/import/", {"file": upload})
    errors = {(e["row"], e["column"]) for e in response.context["errors"]}
    assert errors == {
        (3, "姓名"),
        (3, "登录用户名"),
        (3, "工作单位（本市单位全称）"),
        (3, "专业领域"),
        (3, "联系电话"),
        (4, "登录用户名"),
        (4, "工作单位（本市单位全称）"),
    }
    assert "与第2行重复" in str(response.context["errors"])
    assert not ExpertProfile.objects.filter(name="刘工").exists()
    assert not User.objects.filter(username="liu_gong").exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (io.BytesIO(b"not a spreadsheet"), "无法读取"),
        (workbook([["a"]], header=["姓名", "别的"]), "表头与导入模板不一致"),
        (workbook([]), "没有数据"),
    ],
)
def test_import_refuses_unreadable_files(client, world, upload, message):
    upload.name = "x.xlsx"
    login(client, world.users["city"])
    response = client.post("/experts/import/", {"file": upload})
    assert message in response.context["refused"]


# ---------------------------------------------------------------- assignment pages


def test_assignment_page_runs_the_solver_and_shows_the_report(client, world, campaign, items, experts):
    login(client, world.users["city"])
    assert client.get("/experts/assignments/")["Location"] == f"/experts/assignments/?campaign={campaign.pk}"
    page = client.get(f"/experts/assignments/?campaign={campaign.pk}")
    assert page.status_code == 200 and page.context["counts"]["lacking"] == 4
    response = client.post("/experts/assignments/", {"campaign": campaign.pk})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.context["report"]["assigned"] == 8
    assert page.context["counts"]["lacking"] == 0
    assert len(page.context["table"].data) == 8
    progress = {p["expert__name"]: (p["active"], p["submitted"]) for p in page.context["progress"]}
    assert progress["专家丁"] == (1, 0)
    filtered = client.get(f"/experts/assignments/?campaign={campaign.pk}&expert={experts['ding'].pk}")
    assert [a.expert.name for a in filtered.context["table"].data] == ["专家丁"]
    assert (
        len(client.get(f"/experts/assignments/?campaign={campaign.pk}&field=safety").context["table"].data)
        == 4
    )
    assert len(client.get(f"/experts/assignments/?campaign={campaign.pk}&q=hs_b").context["table"].data) == 2
    export = client.get(f"/experts/assignments/?campaign={campaign.pk}&export=xlsx")
    assert len(list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2))) == 8


def test_override_page_offers_only_eligible_experts(client, world, campaign, items, experts):
    services.auto_assign(campaign=campaign, actor=world.users["city"])
    wu = make_expert(world, "e_wu", "专家戊", outside="大连理工大学")
    row = Assignment.objects.filter(achievement=items["yx_a"]).first()
    login(client, world.users["city"])
    page = client.get(f"/experts/assignments/{row.pk}/override/")
    assert list(page.context["form"].fields["expert"].queryset) == [wu]
    refused = client.post(
        f"/experts/assignments/{row.pk}/override/", {"expert": experts["jia"].pk, "reason": "x"}
    )
    assert refused.status_code == 200 and "expert" in refused.context["form"].errors
    done = client.post(f"/experts/assignments/{row.pk}/override/", {"expert": wu.pk, "reason": "原专家生病"})
    assert done.status_code == 302
    row.refresh_from_db()
    assert row.state == "withdrawn"
    assert Assignment.objects.get(achievement=items["yx_a"], expert=wu).origin == "manual"


def test_an_expert_sees_and_declines_only_their_own(client, world, campaign, items, experts):
    services.auto_assign(campaign=campaign, actor=world.users["city"])
    make_expert(world, "e_wu", "专家戊", outside="大连理工大学")
    ding = experts["ding"]
    login(client, ding.user)
    page = client.get("/experts/my/")
    shown = {a.pk for a in page.context["assignments"]}
    assert shown == set(Assignment.objects.filter(expert=ding).values_list("pk", flat=True))
    other = Assignment.objects.exclude(expert=ding).first()
    assert client.post(f"/experts/assignments/{other.pk}/decline/", {"reason": "x"}).status_code == 404
    mine = Assignment.objects.get(expert=ding)
    client.post(f"/experts/assignments/{mine.pk}/decline/", {"reason": "出差"})
    mine.refresh_from_db()
    assert mine.state == "declined"
    assert Assignment.objects.filter(achievement=mine.achievement, origin="reassign").count() == 1
    # The city admin cannot decline for an expert.
    login(client, world.users["city"])
    row = Assignment.objects.filter(state="assigned").first()
    assert client.post(f"/experts/assignments/{row.pk}/decline/", {"reason": "x"}).status_code == 404
