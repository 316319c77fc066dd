import io

import pytest
from openpyxl import load_workbook

from innovation.org.models import Enterprise, Honour, Worker

from ..factories import new_id_number


@pytest.fixture
def yixian_client(client, world):
    client.force_login(world.users["yixian"])
    return client


def test_worker_form_shows_chinese_field_errors_and_saves_nothing(yixian_client, world):
    before = Worker.objects.count()
    response = yixian_client.post(
        "/org/workers/new/",
        {
            "name": "",
            "id_number": "210727199001011235",
            "enterprise": world.units["yx_a"].pk,
            "post": "钳工",
            "phone": "123",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "该字段是必填项。" in errors["name"]
    assert Worker.objects.count() == before


def test_worker_form_reports_a_bad_check_digit(yixian_client, world):
    good = new_id_number("210727")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = yixian_client.post(
        "/org/workers/new/",
        {"name": "校验位", "id_number": bad, "enterprise": world.units["yx_a"].pk, "post": "钳工"},
    )
    assert response.context["form"].errors["id_number"] == ["身份证号码校验位错误，请核对后重新输入。"]
    assert not Worker.objects.filter(name="校验位").exists()


def test_worker_form_creates_a_worker_in_scope(yixian_client, world):
    response = yixian_client.post(
        "/org/workers/new/",
        {
            "name": "张新",
            "id_number": new_id_number("210727"),
            "enterprise": world.units["yx_b"].pk,
            "post": "电工",
            "phone": "13812345678",
            "skill_level": "3",
            "is_active": "on",
        },
    )
    worker = Worker.objects.get(name="张新")
    assert response.status_code == 302 and response["Location"] == f"/org/workers/{worker.pk}/"
    assert worker.phone_masked == "138****5678"


def test_worker_form_offers_only_units_in_scope(yixian_client, world):
    response = yixian_client.get("/org/workers/new/")
    offered = set(response.context["form"].fields["enterprise"].queryset.values_list("name", flat=True))
    assert offered == {"义县甲机械有限公司", "义县乙食品有限公司"}
    # Posting an out-of-scope unit is refused as an invalid choice.
    response = yixian_client.post(
        "/org/workers/new/",
        {
            "name": "越界",
            "id_number": new_id_number("210727"),
            "enterprise": world.units["hs_a"].pk,
            "post": "钳工",
        },
    )
    assert "enterprise" in response.context["form"].errors
    assert not Worker.objects.filter(name="越界").exists()


def test_enterprise_form_refuses_an_invalid_credit_code(yixian_client, world):
    response = yixian_client.post(
        "/org/enterprises/new/",
        {
            "name": "新公司",
            "uscc": "123",
            "size": "small",
            "industry": "C",
            "region": world.units["yx_a"].region_id,
            "parent_union": world.yixian.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["uscc"]
    assert not Enterprise.objects.filter(name="新公司").exists()


def test_enterprise_edit_saves_through_the_service(yixian_client, world):
    unit = world.units["yx_b"]
    response = yixian_client.post(
        f"/org/enterprises/{unit.pk}/edit/",
        {
            "name": "义县乙食品股份有限公司",
            "uscc": "",
            "size": "medium",
            "industry": "C",
            "region": unit.region_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.size) == ("义县乙食品股份有限公司", "medium")


def test_honours_are_added_and_removed_on_the_worker_page(yixian_client, world):
    worker = world.workers["yx_a_1"]
    yixian_client.post(
        f"/org/workers/{worker.pk}/honours/",
        {"kind": "model_worker", "level": "city", "year": 2021, "title": ""},
    )
    honour = Honour.objects.get(worker=worker)
    page = yixian_client.get(f"/org/workers/{worker.pk}/")
    assert "劳动模范" in page.content.decode()
    yixian_client.post(f"/org/workers/{worker.pk}/honours/{honour.pk}/delete/")
    assert not Honour.objects.filter(worker=worker).exists()


def test_worker_list_filters_by_district_skill_and_honour(client, world):
    client.force_login(world.users["city"])
    services_worker = world.workers["hs_b_1"]
    Honour.objects.create(worker=services_worker, kind="craftsman", level="city", year=2022)
    response = client.get("/org/workers/", {"district": world.heishan.pk, "honour": "craftsman"})
    assert [w.pk for w in response.context["table"].data] == [services_worker.pk]
    response = client.get("/org/workers/", {"district": world.industry.pk})
    assert {w.name for w in response.context["table"].data} == {
        world.workers["edu_1"].name,
        world.workers["edu_2"].name,
    }


def test_a_district_outside_scope_is_not_a_valid_filter(client, world):
    client.force_login(world.users["yixian"])
    response = client.get("/org/workers/", {"district": world.heishan.pk})
    assert response.status_code == 200
    assert list(response.context["table"].data) == []
    assert "district" in response.context["filter"].errors


def test_export_is_exactly_the_filtered_rows_with_formulas_escaped(client, world):
    from innovation.org import services

    worker = world.workers["yx_a_2"]
    services.worker_update(actor=None, worker=worker, post='=HYPERLINK("http://x")')
    client.force_login(world.users["city"])
    response = client.get("/org/workers/", {"q": "HYPERLINK", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "姓名", "性别")
    assert len(rows) == 2
    assert rows[1][5] == '\'=HYPERLINK("http://x")'


def test_list_pages_paginate(client, world):
    client.force_login(world.users["city"])
    response = client.get("/org/workers/", {"per_page": 3})
    table = response.context["table"]
    assert table.page.paginator.count == 10


def test_htmx_filter_requests_get_only_the_table(client, world):
    client.force_login(world.users["city"])
    response = client.get("/org/workers/", {"q": "义县"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="result-count"' in body


@pytest.mark.parametrize("url", ["/", "/org/workers/", "/org/enterprises/", "/org/unions/", "/org/regions/"])
def test_pages_require_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_friendly_404_page_in_chinese(client, world):
    client.force_login(world.users["city"])
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_home_shows_each_figure_linked_to_its_rows(client, world):
    client.force_login(world.users["yixian"])
    body = client.get("/").content.decode()
    assert 'href="/org/workers/"' in body and 'data-key="workers"' in body
    client.force_login(world.users["audit"])
    body = client.get("/").content.decode()
    assert 'data-key="workers"' not in body and "/audit/" in body


def test_navigation_shows_only_what_the_role_may_open(client, world):
    client.force_login(world.users["worker"])
    menu = client.get("/").context["nav_menu"]
    labels = {item["label"] for group in menu for item in group["items"]}
    assert labels == {
        "工会组织",
        "单位",
        "职工",
        "行政区划",
        "五小创新成果",
        "征集活动",
        "职工创新示范岗",
        "经济效益汇总",
        "获奖名单公示",
        "获奖成果",
        "工作室名录",
        "年度报告",
        "技术攻关项目",  # the projects they are a member of
        "数据看板",  # their own items' small dashboard
    }
    client.force_login(world.users["audit"])
    menu = client.get("/").context["nav_menu"]
    assert {item["label"] for group in menu for item in group["items"]} == {"审计日志"}


def test_a_worker_home_shows_their_own_record_not_counts(client, world):
    client.force_login(world.users["worker"])
    response = client.get("/")
    assert response.context["me"] == world.workers["yx_a_1"]
    assert response.context["figures"] == []
    assert 'id="my-record"' in response.content.decode()


def test_a_unit_admin_home_has_no_county_figure(client, world):
    client.force_login(world.users["unit"])
    keys = [f.key for f in client.get("/").context["figures"]]
    assert keys == [
        "unions",
        "units",
        "workers",
        "achievements_total",
        "demonstration_posts_total",
        "benefit_claimed_yuan",
        "benefit_verified_yuan",
    ]


def test_the_in_service_filter(client, world):
    from innovation.org import services

    services.worker_update(actor=None, worker=world.workers["hs_a_2"], is_active=False)
    client.force_login(world.users["city"])
    inactive = client.get("/org/workers/", {"is_active": "false"}).context["table"].data
    assert [w.pk for w in inactive] == [world.workers["hs_a_2"].pk]
    assert client.get("/org/workers/", {"is_active": "true"}).context["table"].page.paginator.count == 9
    assert client.get("/org/workers/", {"is_active": ""}).context["table"].page.paginator.count == 10
