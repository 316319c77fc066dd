"""The pages and their API twins: who sees what (a unit and a worker get 403, a plan out of sight
a 404, no leak), the progress table equals its Excel export and its API answer, bad input is a
400 with its reason."""

import io

import pytest
from openpyxl import load_workbook

from innovation.plans import progress
from innovation.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


def test_the_plan_page_with_its_versions_and_indicators(pw, client):
    client.force_login(pw.world.users["city"])
    assert client.get("/plans/")["Location"] == f"/plans/{pw.plan.pk}/"
    page = client.get(f"/plans/{pw.plan.pk}/").content.decode()
    assert "锦州市总工会服务振兴发展加强职工创新创造三年工作方案" in page
    assert "原方案" in page and "2019-08-01" in page
    assert "该模块尚未提供此指标" in page  # the indicator of no module
    assert 'id="to-revise"' in page


def test_a_county_sees_the_plan_and_only_its_districts_progress(pw, client):
    client.force_login(pw.world.users["yixian"])
    page = client.get(f"/plans/{pw.plan.pk}/").content.decode()
    assert 'id="to-revise"' not in page
    progress_page = client.get(f"/plans/{pw.plan.pk}/progress/?year=").content.decode()
    table = progress_page.split('id="progress-table"')[1]
    assert table.count("义县总工会") == 2 and "黑山县总工会" not in table and "全市" not in table
    other = client.get(f"/plans/{pw.plan.pk}/progress/?district={pw.world.heishan.pk}")
    assert other.status_code == 400


@pytest.mark.parametrize("who", ["unit", "worker", "expert"])
def test_units_and_workers_do_not_see_plans(pw, client, who):
    client.force_login(pw.world.users[who])
    for url in (
        "/plans/",
        f"/plans/{pw.plan.pk}/",
        f"/plans/{pw.plan.pk}/progress/",
        f"/plans/{pw.plan.pk}/snapshots/",
    ):
        assert client.get(url).status_code == 403, url
    for url in ("/api/v1/plans", f"/api/v1/plans/{pw.plan.pk}", f"/api/v1/plans/{pw.plan.pk}/progress"):
        answer = client.get(url)
        assert answer.status_code == 403 and "锦州" not in answer.content.decode()


def test_a_plan_of_another_city_is_not_found(pw, client):
    from innovation.accounts.roles import Role
    from innovation.org.models import TradeUnion
    from innovation.plans import services
    from tests.factories import make_union, make_user

    other = make_union("葫芦岛市总工会", TradeUnion.Kind.CITY, None, pw.world.city.region)
    admin = make_user("t_hld", (Role.CITY_ADMIN, other))
    plan = services.plan_create(
        actor=admin, union=other, title="葫芦岛方案", adopted_on=pw.v1.effective_on, indicators=[], targets=[]
    )
    client.force_login(pw.world.users["city"])
    assert client.get(f"/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 404
    assert [p["id"] for p in client.get("/api/v1/plans").json()["results"]] == [pw.plan.pk]


def test_the_excel_export_equals_the_page(pw, client):
    client.force_login(pw.world.users["city"])
    url = f"/plans/{pw.plan.pk}/progress/?version=1&year=2021"
    page = client.get(url).content.decode()
    rows = progress.progress_rows(pw.world.users["city"], pw.v1, year=2021)
    body = page.split('id="progress-table"')[1].split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == len(rows) == 4
    sheet = load_workbook(io.BytesIO(client.get(url + "&export=xlsx").content)).active
    got = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert got[0] == [
        "指标",
        "单位",
        "年度",
        "县(市、区)",
        "年度目标",
        "应完成（按进度）",
        "完成值",
        "完成率",
        "状态",
    ]
    assert got[1:] == [
        ["新命名工作室", "个", 2021, "义县总工会", 5, 5, 4, "80%", "预警"],
        ["新命名工作室", "个", 2021, "黑山县总工会", 1, 1, 1, "100%", "达标"],
        ["新命名市级职工创新工作室", "个", 2021, "全市", 4, 4, 5, "125%", "达标"],
        ["新型学徒制培训", "人", 2021, "全市", 100, 100, "该模块尚未提供此指标", None, "暂无数据"],
    ]
    for row in got[1:]:
        assert f"<td>{row[2]}</td><td>{row[3]}</td>" in body
    from innovation.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="export", object_type__icontains="target").count() == 1


def test_the_api_twins(pw, client):
    client.force_login(pw.world.users["city"])
    plans = client.get("/api/v1/plans").json()["results"]
    assert [(p["title"], p["adopted_on"]) for p in plans] == [
        ("锦州市总工会服务振兴发展加强职工创新创造三年工作方案", "2019-08-01")
    ]
    detail = client.get(f"/api/v1/plans/{pw.plan.pk}").json()
    assert [v["label"] for v in detail["versions"]] == ["原方案"]
    assert [(i["code"], i["available"]) for i in detail["indicators"]] == [
        ("studios", True),
        ("city_worker_studios", True),
        ("apprentices", False),
    ]
    answer = client.get(f"/api/v1/plans/{pw.plan.pk}/progress", {"year": 2021}).json()
    assert [(r["indicator"], r["district_name"], r["target"], r["actual"], r["status"]) for r in answer] == [
        ("studios", "义县总工会", 5, 4, "amber"),
        ("studios", "黑山县总工会", 1, 1, "green"),
        ("city_worker_studios", "全市", 4, 5, "green"),
        ("apprentices", "全市", 100, None, "unavailable"),
    ]
    targets = client.get(f"/api/v1/plans/{pw.plan.pk}/targets", {"district": pw.world.yixian.pk}).json()
    assert [(t["indicator"], t["year"], t["value"]) for t in targets] == [
        ("studios", 2020, 1),
        ("studios", 2021, 5),
    ]
    client.force_login(pw.world.users["yixian"])
    mine = client.get(f"/api/v1/plans/{pw.plan.pk}/progress").json()
    assert [(r["year"], r["district_name"], r["actual"]) for r in mine] == [
        (2020, "义县总工会", 1),
        (2021, "义县总工会", 4),
    ]


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"year": 1}, {"version": 9}, {"district": 99999}, {"nonsense": 1}, {"district": "x"}],
)
def test_bad_query_parameters_are_a_400_with_a_reason(pw, client, query):
    client.force_login(pw.world.users["city"])
    answer = client.get(f"/api/v1/plans/{pw.plan.pk}/progress", query)
    assert answer.status_code == 400
    assert answer.json()


def test_revising_through_the_api(pw, client):
    client.force_login(pw.world.users["city"])
    url = f"/api/v1/plans/{pw.plan.pk}/revise"
    bad = client.post(
        url,
        {
            "effective_on": "2021-03-18",
            "title": "修订",
            "changes": [{"indicator": "studios", "year": 2021, "district": pw.world.yixian.pk, "value": -2}],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "不能为负数" in bad.content.decode()
    unknown = client.post(
        url,
        {
            "effective_on": "2021-03-18",
            "title": "修订",
            "changes": [{"indicator": "nope", "year": 2021, "value": 2}],
        },
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "不是本方案的指标" in unknown.content.decode()
    assert PlanVersion.objects.count() == 1
    good = client.post(
        url,
        {
            "effective_on": "2021-03-18",
            "title": "修订",
            "changes": [{"indicator": "studios", "year": 2021, "district": pw.world.yixian.pk, "value": 2}],
        },
        content_type="application/json",
    )
    assert good.status_code == 201 and good.json()["number"] == 2
    changes = client.get(f"/api/v1/plans/{pw.plan.pk}/changes", {"version": 2}).json()
    assert changes == [
        {
            "kind": "changed",
            "indicator": "studios",
            "year": 2021,
            "district": pw.world.yixian.pk,
            "old": 5,
            "new": 2,
        }
    ]
    client.force_login(pw.world.users["yixian"])
    assert (
        client.post(
            url, {"effective_on": "2021-04-01", "title": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
