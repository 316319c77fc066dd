import datetime
import io

import pytest
from openpyxl import load_workbook

from innovation.audit.models import AuditEntry
from innovation.funds.models import BudgetLine, Commitment, Payment

from .conftest import make_commitment

PAID_ON = datetime.date(2024, 6, 1)


@pytest.fixture
def ledger(world, lines):
    """Commitments on each line, one of them part-paid."""
    city = world.users["city"]
    c_city = make_commitment(lines.city, 500_000, city, payee="李营", purpose="一等奖奖金")
    c_yx = make_commitment(lines.yixian, 2_000_000, city, payee="义县甲工作室", purpose="工作室补助")
    c_hs = make_commitment(lines.heishan, 3_000_000, city, payee="黑山丙工作室", purpose="工作室补助")
    from innovation.funds import services

    services.pay(commitment=c_city, amount_fen=200_000, paid_on=PAID_ON, voucher_no="JZ-001", actor=city)
    services.pay(commitment=c_hs, amount_fen=1_000_000, paid_on=PAID_ON, voucher_no="HS-001", actor=city)
    return {"city": c_city, "yixian": c_yx, "heishan": c_hs}


def rows_of(response):
    return {r.pk for r in response.context["table"].data}


def sheet(response):
    wb = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


# ---------------------------------------------------------------- budget lines


def test_city_admin_sees_every_line_with_yuan_and_totals(client, world, lines, ledger):
    client.force_login(world.users["city"])
    response = client.get("/funds/lines/")
    assert response.status_code == 200
    assert rows_of(response) == {lines.city.pk, lines.yixian.pk, lines.heishan.pk}
    html = response.content.decode()
    assert "100,000.00" in html  # amount with thousands separators
    assert "95,000.00" in html  # available on the city line
    assert response.context["totals"] == {
        "amount": "180,000.00",
        "committed": "55,000.00",
        "paid": "12,000.00",
        "left": "125,000.00",
    }
    assert 'id="create-link"' in html


def test_line_filters_and_search(client, world, lines):
    client.force_login(world.users["city"])
    assert rows_of(client.get("/funds/lines/", {"kind": "studio"})) == {lines.yixian.pk, lines.heishan.pk}
    assert rows_of(client.get("/funds/lines/", {"union": world.heishan.pk})) == {lines.heishan.pk}
    assert rows_of(client.get("/funds/lines/", {"q": "义县"})) == {lines.yixian.pk}
    assert rows_of(client.get("/funds/lines/", {"year": 2023})) == set()


def test_line_export_is_the_filtered_rows_in_yuan(client, world, lines, ledger):
    client.force_login(world.users["city"])
    response = client.get("/funds/lines/", {"kind": "studio", "export": "xlsx"})
    assert response.status_code == 200
    rows = sheet(response)
    assert rows[0][:11] == [
        "编号",
        "年度",
        "经费类别",
        "预算科目",
        "预算单位",
        "预算基数(元)",
        "预算调整(元)",
        "预算金额(元)",
        "已承诺(元)",
        "已支付(元)",
        "可用余额(元)",
    ]
    by_name = {r[3]: r for r in rows[1:]}
    assert set(by_name) == {"义县工作室补助", "黑山县工作室补助"}
    assert by_name["黑山县工作室补助"][5:11] == [30000, 0, 30000, 30000, 10000, 0]
    assert AuditEntry.objects.filter(action="export", object_type="funds.budgetline").count() == 1


def test_a_district_admin_sees_only_its_own_lines(client, world, lines, ledger):
    """义县 must never see 黑山县's money: list, export, detail, commitments, payments, API."""
    client.force_login(world.users["yixian"])
    assert rows_of(client.get("/funds/lines/")) == {lines.yixian.pk}
    exported = sheet(client.get("/funds/lines/", {"export": "xlsx"}))
    assert [r[3] for r in exported[1:]] == ["义县工作室补助"]
    assert client.get(f"/funds/lines/{lines.heishan.pk}/").status_code == 404
    assert client.get(f"/funds/lines/{lines.yixian.pk}/").status_code == 200
    assert rows_of(client.get("/funds/commitments/")) == {ledger["yixian"].pk}
    assert client.get(f"/funds/commitments/{ledger['heishan'].pk}/").status_code == 404
    assert rows_of(client.get("/funds/payments/")) == set()
    # A filter naming the other district's line is not a way in either.
    assert (
        client.get("/funds/commitments/", {"line": lines.heishan.pk}).context["table"].data.data.count() == 0
    )
    api = client.get("/api/v1/budget-lines")
    assert [r["id"] for r in api.json()["results"]] == [lines.yixian.pk]
    assert client.get(f"/api/v1/commitments/{ledger['heishan'].pk}").status_code == 404
    assert AuditEntry.objects.filter(action="access_denied", object_type="funds.budgetline").count() == 1


def test_a_district_admin_reads_but_does_not_manage(client, world, lines, ledger):
    client.force_login(world.users["yixian"])
    page = client.get(f"/funds/commitments/{ledger['yixian'].pk}/")
    assert page.status_code == 200
    assert page.context["pay_form"] is None and page.context["cancel_form"] is None
    assert client.get("/funds/lines/new/").status_code == 403
    response = client.post(
        f"/funds/commitments/{ledger['yixian'].pk}/pay/",
        {"paid_on": "2024-06-01", "voucher_no": "X1", "amount": "1.00"},
    )
    assert response.status_code == 403
    assert not Payment.objects.filter(voucher_no="X1").exists()


@pytest.mark.parametrize("who", ["unit", "worker", "expert"])
def test_people_without_funds_rights_get_403(client, world, lines, who):
    client.force_login(world.users[who])
    assert client.get("/funds/lines/").status_code == 403
    assert client.get("/funds/commitments/").status_code == 403
    assert client.get("/funds/payments/").status_code == 403


def test_line_detail_shows_its_commitments_and_payments(client, world, lines, ledger):
    client.force_login(world.users["city"])
    response = client.get(f"/funds/lines/{lines.city.pk}/")
    html = response.content.decode()
    assert response.context["money"] == {
        "base": "100,000.00",
        "amended": "0.00",
        "amount": "100,000.00",
        "committed": "5,000.00",
        "paid": "2,000.00",
        "available": "95,000.00",
        "unpaid": "3,000.00",
    }
    assert "李营" in html and "JZ-001" in html and "黑山丙工作室" not in html


def test_create_and_edit_a_line_through_the_form(client, world):
    client.force_login(world.users["city"])
    response = client.post(
        "/funds/lines/new/",
        {
            "union": world.city.pk,
            "year": 2025,
            "kind": "master_apprentice",
            "name": "金牌师徒奖金",
            "amount": "55000",
        },
    )
    line = BudgetLine.objects.get(kind="master_apprentice")
    assert response.status_code == 302 and response["Location"] == f"/funds/lines/{line.pk}/"
    assert (line.amount_fen, line.union, line.year) == (5_500_000, world.city, 2025)
    make_commitment(line, 5_500_000, world.users["city"])
    response = client.post(
        f"/funds/lines/{line.pk}/edit/", {"name": "金牌师徒奖金（调整）", "amount": "54999.99", "note": ""}
    )
    assert response.status_code == 200
    assert "预算金额不能低于已承诺金额" in response.content.decode()
    line.refresh_from_db()
    assert (line.amount_fen, line.name) == (5_500_000, "金牌师徒奖金")
    client.post(
        f"/funds/lines/{line.pk}/edit/", {"name": "金牌师徒奖金（调整）", "amount": "60000.50", "note": ""}
    )
    line.refresh_from_db()
    assert (line.amount_fen, line.name, line.year) == (6_000_050, "金牌师徒奖金（调整）", 2025)


def test_a_bad_amount_in_the_form_is_explained(client, world):
    client.force_login(world.users["city"])
    response = client.post(
        "/funds/lines/new/",
        {"union": world.city.pk, "year": 2025, "kind": "other", "name": "x", "amount": "1.234"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert not BudgetLine.objects.exists()


# ---------------------------------------------------------------- commitments and payments


def test_commitment_list_traces_policy_decision_and_approver(client, world, lines, ledger):
    client.force_login(world.users["city"])
    response = client.get("/funds/commitments/", {"q": "李营"})
    assert rows_of(response) == {ledger["city"].pk}
    html = response.content.decode()
    assert "AwardGrade#1 2024 一等奖 ¥5,000.00" in html and "Decision#1" in html and "t_city" in html
    assert rows_of(client.get("/funds/commitments/", {"state": "part_paid"})) == {
        ledger["city"].pk,
        ledger["heishan"].pk,
    }
    assert rows_of(client.get("/funds/commitments/", {"line": lines.yixian.pk})) == {ledger["yixian"].pk}
    assert rows_of(client.get("/funds/commitments/", {"year": 2024, "q": "工作室"})) == {
        ledger["yixian"].pk,
        ledger["heishan"].pk,
    }
    rows = sheet(client.get("/funds/commitments/", {"q": "李营", "export": "xlsx"}))
    header, row = rows[0], rows[1]
    assert dict(zip(header, row, strict=True)) | {"承诺时间": None} == {
        "编号": ledger["city"].pk,
        "年度": 2024,
        "预算科目": "2024年五小专项经费",
        "收款人": "李营",
        "用途": "一等奖奖金",
        "承诺金额(元)": 5000,
        "已支付(元)": 2000,
        "未付(元)": 3000,
        "状态": "部分支付",
        "来源": f"award#{ledger['city'].source_id}",
        "政策依据": "AwardGrade#1 2024 一等奖 ¥5,000.00",
        "决定依据": "Decision#1",
        "批准人": "t_city",
        "承诺时间": None,
    }


def test_record_a_payment_on_the_commitment_page(client, world, lines, ledger):
    client.force_login(world.users["city"])
    c = ledger["city"]
    page = client.get(f"/funds/commitments/{c.pk}/")
    assert page.context["pay_form"] is not None and page.context["cancel_form"] is None  # part-paid
    assert page.context["money"] == {"amount": "5,000.00", "paid": "2,000.00", "unpaid": "3,000.00"}
    response = client.post(
        f"/funds/commitments/{c.pk}/pay/", {"paid_on": "2024-07-01", "voucher_no": "JZ-002", "amount": "3000"}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.paid_fen, c.state) == (500_000, Commitment.State.PAID)
    assert client.get(f"/funds/commitments/{c.pk}/").context["pay_form"] is None


def test_a_payment_above_the_commitment_is_explained_on_the_page(client, world, lines, ledger):
    client.force_login(world.users["city"])
    c = ledger["city"]
    response = client.post(
        f"/funds/commitments/{c.pk}/pay/",
        {"paid_on": "2024-07-01", "voucher_no": "JZ-009", "amount": "3000.01"},
    )
    assert response.status_code == 400
    assert "支付金额3,000.01元超过承诺未付余额" in response.content.decode()
    response = client.post(
        f"/funds/commitments/{c.pk}/pay/", {"paid_on": "2024-07-01", "voucher_no": "JZ-001", "amount": "1"}
    )
    assert "凭证号「JZ-001」已登记过支付" in response.content.decode()
    c.refresh_from_db()
    assert c.paid_fen == 200_000


def test_cancel_on_the_commitment_page(client, world, lines, ledger):
    client.force_login(world.users["city"])
    c = ledger["yixian"]
    assert client.post(f"/funds/commitments/{c.pk}/cancel/", {"reason": ""}).status_code == 400
    response = client.post(f"/funds/commitments/{c.pk}/cancel/", {"reason": "补助对象有误"})
    assert response.status_code == 302
    c.refresh_from_db()
    lines.yixian.refresh_from_db()
    assert (c.state, lines.yixian.committed_fen) == (Commitment.State.CANCELLED, 0)


def test_payment_list_filters_and_export(client, world, lines, ledger):
    client.force_login(world.users["city"])
    response = client.get("/funds/payments/")
    assert {p.voucher_no for p in response.context["table"].data} == {"JZ-001", "HS-001"}
    assert response.context["totals"] == {"amount": "12,000.00"}
    assert {p.voucher_no for p in client.get("/funds/payments/", {"q": "黑山"}).context["table"].data} == {
        "HS-001"
    }
    assert {
        p.voucher_no for p in client.get("/funds/payments/", {"line": lines.city.pk}).context["table"].data
    } == {"JZ-001"}
    assert client.get("/funds/payments/", {"paid_from": "2024-06-02"}).context["table"].data.data.count() == 0
    rows = sheet(client.get("/funds/payments/", {"q": "JZ", "export": "xlsx"}))
    assert rows[1][:4] == ["2024-06-01", "JZ-001", 2000, "李营"]


def test_list_pages_do_not_query_per_row(client, world, lines):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = world.users["city"]
    client.force_login(city)

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    from innovation.funds import services

    c = make_commitment(lines.city, 100, city)
    services.pay(commitment=c, amount_fen=100, paid_on=PAID_ON, voucher_no="Q-0", actor=city)
    few = {url: queries(url) for url in ("/funds/lines/", "/funds/commitments/", "/funds/payments/")}
    for n in range(1, 11):
        c = make_commitment(lines.city, 100, city)
        services.pay(commitment=c, amount_fen=100, paid_on=PAID_ON, voucher_no=f"Q-{n}", actor=city)
    many = {url: queries(url) for url in few}
    assert many == few
