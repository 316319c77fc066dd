"""Budget amendments in the pages, the export, the back office and the API: the line's page
lists them and shows base + amendments, a form records one, /funds/amendments/ lists and
exports them within scope, the admin only looks, the API twin does what the form does."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from innovation.accounts.roles import Role
from innovation.audit.models import AuditAction, AuditEntry
from innovation.funds import amendments
from innovation.funds.models import BudgetAmendment, BudgetLine
from tests.factories import make_user

from .conftest import make_commitment

ON = datetime.date(2024, 3, 10)


@pytest.fixture
def amended(world, lines):
    """An increase of the city's line, a decrease of 义县's and of 黑山's (rows that could leak)."""
    city = world.users["city"]

    def amend(line, direction, fen, doc):
        return amendments.amend(
            actor=city,
            line=line,
            direction=direction,
            amount_fen=fen,
            document_no=doc,
            decided_on=ON,
            reason=f"{doc}调整",
            approved_by=city,
        )

    return {
        "city": amend(lines.city, "increase", 8_500_000, "锦工发〔2024〕8号"),
        "yixian": amend(lines.yixian, "decrease", 1_000_000, "锦工发〔2024〕9号"),
        "heishan": amend(lines.heishan, "decrease", 500_000, "锦工发〔2024〕10号"),
    }


def rows_of(response):
    return {r.pk for r in response.context["table"].data}


def test_the_line_page_shows_base_amendments_and_total(client, world, lines, amended):
    client.force_login(world.users["city"])
    response = client.get(f"/funds/lines/{lines.city.pk}/")
    assert response.status_code == 200
    money = response.context["money"]
    assert (money["base"], money["amended"], money["amount"], money["available"]) == (
        "100,000.00",
        "85,000.00",
        "185,000.00",
        "185,000.00",
    )
    html = response.content.decode()
    assert "锦工发〔2024〕8号" in html and "调增" in html and "锦工发〔2024〕9号" not in html
    assert 'id="amend-link"' in html
    assert response.context["amendment_count"] == 1


def test_recording_an_amendment_through_the_form(client, world, lines):
    city = world.users["city"]
    city2 = make_user("t_city2", (Role.CITY_ADMIN, world.city))
    make_commitment(lines.city, 6_000_000, city)
    client.force_login(city)
    url = f"/funds/lines/{lines.city.pk}/amend/"
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["approved_by"].queryset) == [city, city2]
    data = {
        "direction": "decrease",
        "amount": "40000.01",
        "document_no": "锦工发〔2024〕11号",
        "decided_on": "2024-03-10",
        "reason": "压减预算",
        "approved_by": city2.pk,
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert refused.context["form"].errors["amount"] == [
        "预算科目「2024年五小专项经费」调减40,000.01元后预算金额为59,999.99元，低于已承诺的60,000.00元，"
        "不能调减；最多可调减40,000.00元。"
    ]
    assert client.post(url, {**data, "decided_on": "2023-12-31"}).context["form"].errors["decided_on"]
    assert not BudgetAmendment.objects.exists()
    response = client.post(url, {**data, "amount": "40000.00"}, follow=True)
    assert response.redirect_chain == [(f"/funds/lines/{lines.city.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "已登记调减 40,000.00 元，「2024年五小专项经费」预算金额现为 60,000.00 元。"
    ]
    row = BudgetAmendment.objects.get()
    assert (row.direction, row.amount_fen, row.approved_by, row.recorded_by) == (
        "decrease",
        4_000_000,
        city2,
        city,
    )
    lines.city.refresh_from_db()
    assert (lines.city.base_fen, lines.city.amended_fen, lines.city.amount_fen) == (
        10_000_000,
        -4_000_000,
        6_000_000,
    )


@pytest.mark.parametrize("who", ["yixian", "unit", "worker", "expert"])
def test_only_who_manages_the_funds_reaches_the_form(client, world, lines, who):
    client.force_login(world.users[who])
    for line in (lines.city, lines.yixian):
        url = f"/funds/lines/{line.pk}/amend/"
        assert client.get(url).status_code in (403, 404)
        body = {"direction": "increase", "amount": "1", "document_no": "x", "decided_on": "2024-03-10"}
        assert client.post(
            url, {**body, "reason": "x", "approved_by": world.users["city"].pk}
        ).status_code in (
            403,
            404,
        )
    assert not BudgetAmendment.objects.exists()


def test_the_amendment_list_filters_totals_and_exports_within_scope(client, world, lines, amended):
    client.force_login(world.users["city"])
    response = client.get("/funds/amendments/")
    assert rows_of(response) == {a.pk for a in amended.values()}
    assert response.context["totals"] == {"increase": "85,000.00", "decrease": "15,000.00"}
    assert rows_of(client.get("/funds/amendments/", {"direction": "decrease"})) == {
        amended["yixian"].pk,
        amended["heishan"].pk,
    }
    assert rows_of(client.get("/funds/amendments/", {"line": lines.heishan.pk})) == {amended["heishan"].pk}
    assert rows_of(client.get("/funds/amendments/", {"q": "10号"})) == {amended["heishan"].pk}
    assert rows_of(client.get("/funds/amendments/", {"line_kind": "five_smalls"})) == {amended["city"].pk}
    export = client.get("/funds/amendments/", {"direction": "decrease", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:8] == (
        "编号",
        "批准日期",
        "年度",
        "预算科目",
        "预算单位",
        "调整方向",
        "调整金额(元)",
        "文号",
    )
    assert sorted((r[4], r[5], r[6], r[7]) for r in rows[1:]) == [
        ("义县总工会", "调减", -10000, "锦工发〔2024〕9号"),
        ("黑山县总工会", "调减", -5000, "锦工发〔2024〕10号"),
    ]
    assert (
        AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="funds.budgetamendment").count() == 1
    )
    # A district admin sees its own area's amendment, nothing else.
    client.force_login(world.users["yixian"])
    assert rows_of(client.get("/funds/amendments/")) == {amended["yixian"].pk}
    assert client.get(f"/funds/lines/{lines.heishan.pk}/").status_code == 404
    client.force_login(world.users["worker"])
    assert client.get("/funds/amendments/").status_code == 403


def test_the_line_list_and_export_show_base_and_amendments(client, world, lines, amended):
    client.force_login(world.users["city"])
    export = client.get("/funds/lines/", {"kind": "five_smalls", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[5:8] == ("预算基数(元)", "预算调整(元)", "预算金额(元)")
    assert [r[5:9] for r in rows[1:]] == [(100000, 85000, 185000, 0)]
    html = client.get("/funds/lines/").content.decode()
    assert "预算基数(元)" in html and "185,000.00" in html


def test_the_back_office_only_looks_at_amendments(client, world, lines, amended):
    client.force_login(world.users["city"])
    listing = client.get("/backoffice/funds/budgetamendment/")
    assert listing.status_code == 200
    assert {a.pk for a in listing.context["cl"].result_list} == {a.pk for a in amended.values()}
    view = client.get(f"/backoffice/funds/budgetamendment/{amended['city'].pk}/change/")
    assert view.status_code == 200 and not view.context["adminform"].form.fields
    assert client.get("/backoffice/funds/budgetamendment/add/").status_code == 403
    client.post(f"/backoffice/funds/budgetamendment/{amended['city'].pk}/change/", {"amount_fen": 1})
    assert BudgetAmendment.objects.get(pk=amended["city"].pk).amount_fen == 8_500_000
    line = client.get(f"/backoffice/funds/budgetline/{lines.city.pk}/change/")
    assert set(line.context["adminform"].form.fields) == {"name", "note"}


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


def test_the_api_lists_records_and_refuses_like_the_form(api, world, lines, amended):
    city = world.users["city"]
    rows = api(city, "get", "/api/v1/budget-amendments?direction=increase").json()["results"]
    assert [(r["id"], r["delta_fen"], r["amount_yuan"], r["direction_label"]) for r in rows] == [
        (amended["city"].pk, 8_500_000, "85000.00", "调增")
    ]
    one = api(city, "get", f"/api/v1/budget-amendments/{amended['yixian'].pk}").json()
    assert (one["delta_fen"], one["document_no"], one["approved_by_name"], one["year"]) == (
        -1_000_000,
        "锦工发〔2024〕9号",
        "t_city",
        2024,
    )
    line = api(city, "get", f"/api/v1/budget-lines/{lines.yixian.pk}").json()
    assert (line["base_fen"], line["amended_fen"], line["amount_fen"], line["amended_yuan"]) == (
        5_000_000,
        -1_000_000,
        4_000_000,
        "-10000.00",
    )
    body = {
        "line": lines.heishan.pk,
        "direction": "increase",
        "amount_fen": 200_000,
        "document_no": "锦工发〔2024〕12号",
        "decided_on": "2024-04-01",
        "reason": "追加",
        "approved_by": city.pk,
    }
    created = api(city, "post", "/api/v1/budget-amendments", body)
    assert created.status_code == 201, created.json()
    assert (created.json()["delta_fen"], created.json()["recorded_by_name"]) == (200_000, "t_city")
    assert BudgetLine.objects.get(pk=lines.heishan.pk).amount_fen == 2_700_000
    # The same refusals as the service, in Chinese.
    again = api(city, "post", "/api/v1/budget-amendments", body)
    assert again.status_code == 400 and "已登记过" in again.json()["document_no"][0]
    below = api(
        city,
        "post",
        "/api/v1/budget-amendments",
        {**body, "direction": "decrease", "amount_fen": 2_700_001, "document_no": "13号"},
    )
    assert below.status_code == 400 and "最多可调减27,000.00元" in below.json()["amount_fen"][0]
    huge = api(
        city, "post", "/api/v1/budget-amendments", {**body, "document_no": "14号", "approved_by": 10**20}
    )
    assert huge.status_code == 400 and "approved_by" in huge.json()
    for approver in (world.users["yixian"].pk, 999_999):
        wrong = api(
            city,
            "post",
            "/api/v1/budget-amendments",
            {**body, "document_no": "14号", "approved_by": approver},
        )
        assert wrong.json() == {"approved_by": ["批准人须为有权管理「黑山县总工会」经费的管理员。"]}
    assert BudgetAmendment.objects.count() == 4
    # A district admin may look within its area, not write, and other areas look missing.
    yixian = world.users["yixian"]
    assert [r["id"] for r in api(yixian, "get", "/api/v1/budget-amendments").json()["results"]] == [
        amended["yixian"].pk
    ]
    assert api(yixian, "get", f"/api/v1/budget-amendments/{amended['heishan'].pk}").status_code == 404
    denied = api(
        yixian, "post", "/api/v1/budget-amendments", {**body, "line": lines.yixian.pk, "document_no": "15号"}
    )
    assert denied.status_code == 403 and denied.json()["detail"] == "您无权管理经费。"
    assert api(world.users["worker"], "get", "/api/v1/budget-amendments").json()["results"] == []
    assert BudgetAmendment.objects.count() == 4
