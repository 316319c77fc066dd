import datetime

import pytest

from innovation.audit.models import AuditEntry
from innovation.funds.models import BudgetLine, Commitment, Payment

from .conftest import make_commitment


@pytest.fixture
def api(client):
    def call(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


def test_budget_lines_list_and_retrieve_in_fen_and_yuan(api, world, lines):
    make_commitment(lines.city, 123_456, world.users["city"])
    response = api(world.users["city"], "get", "/api/v1/budget-lines?kind=five_smalls")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == lines.city.pk
    assert (row["amount_fen"], row["committed_fen"], row["available_fen"]) == (10_000_000, 123_456, 9_876_544)
    assert (row["amount_yuan"], row["committed_yuan"], row["paid_yuan"], row["available_yuan"]) == (
        "100000.00",
        "1234.56",
        "0.00",
        "98765.44",
    )
    one = api(world.users["city"], "get", f"/api/v1/budget-lines/{lines.yixian.pk}").json()
    assert (one["union_name"], one["kind_label"]) == ("义县总工会", "工作室补助")


def test_create_and_update_a_line(api, world):
    city = world.users["city"]
    response = api(
        city,
        "post",
        "/api/v1/budget-lines",
        {
            "union": world.city.pk,
            "year": 2025,
            "kind": "studio",
            "name": "工作室补助",
            "amount_fen": 85_000_000,
        },
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["amount_yuan"] == "850000.00"
    assert (response.json()["base_fen"], response.json()["amended_fen"]) == (85_000_000, 0)
    response = api(city, "patch", f"/api/v1/budget-lines/{pk}", {"base_fen": 90_000_000})
    assert response.status_code == 200
    assert (response.json()["base_yuan"], response.json()["amount_yuan"]) == ("900000.00", "900000.00")
    assert BudgetLine.objects.get(pk=pk).amount_fen == 90_000_000
    # The amount is base + amendments: it is never written by itself.
    for field in ("amount_fen", "amended_fen"):
        response = api(city, "patch", f"/api/v1/budget-lines/{pk}", {field: 1})
        assert response.status_code == 400 and "请修改预算基数（base_fen）" in response.json()[field][0]
    assert BudgetLine.objects.get(pk=pk).amount_fen == 90_000_000


def test_line_input_errors_are_4xx_with_reasons(api, world, lines):
    city = world.users["city"]
    make_commitment(lines.city, 1_000_000, city)
    dup = api(
        city,
        "post",
        "/api/v1/budget-lines",
        {"union": world.yixian.pk, "year": 2024, "kind": "studio", "name": "x", "amount_fen": 1},
    )
    assert dup.status_code == 400 and "已有「工作室补助」预算科目" in dup.json()["kind"][0]
    neg = api(
        city,
        "post",
        "/api/v1/budget-lines",
        {"union": world.city.pk, "year": 2025, "kind": "other", "name": "x", "amount_fen": -5},
    )
    assert neg.status_code == 400 and "amount_fen" in neg.json()
    bad_kind = api(
        city,
        "post",
        "/api/v1/budget-lines",
        {"union": world.city.pk, "year": 2025, "kind": "nope", "name": "x", "amount_fen": 5},
    )
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()
    below = api(city, "patch", f"/api/v1/budget-lines/{lines.city.pk}", {"base_fen": 999_999})
    assert below.status_code == 400 and "预算金额不能低于已承诺金额" in below.json()["base_fen"][0]
    fixed = api(city, "patch", f"/api/v1/budget-lines/{lines.city.pk}", {"year": 2030})
    assert fixed.status_code == 400 and "不能修改" in fixed.json()["year"][0]
    unknown = api(city, "get", "/api/v1/budget-lines?colour=red")
    assert unknown.status_code == 400 and "不支持的查询参数" in unknown.json()["detail"]
    assert BudgetLine.objects.get(pk=lines.city.pk).amount_fen == 10_000_000


def test_a_district_admin_cannot_write_through_the_api(api, world, lines):
    yixian = world.users["yixian"]
    created = api(
        yixian,
        "post",
        "/api/v1/budget-lines",
        {"union": world.yixian.pk, "year": 2025, "kind": "other", "name": "x", "amount_fen": 1},
    )
    assert created.status_code == 403 and created.json()["detail"] == "您无权管理经费。"
    changed = api(yixian, "patch", f"/api/v1/budget-lines/{lines.yixian.pk}", {"base_fen": 1})
    assert changed.status_code == 403 and "您无权管理「义县总工会」的经费" in changed.json()["detail"]
    other = api(yixian, "patch", f"/api/v1/budget-lines/{lines.heishan.pk}", {"base_fen": 1})
    assert other.status_code == 404
    c = make_commitment(lines.yixian, 100, world.users["city"])
    paid = api(
        yixian,
        "post",
        f"/api/v1/commitments/{c.pk}/pay",
        {"amount_fen": 1, "paid_on": "2024-06-01", "voucher_no": "Y"},
    )
    assert paid.status_code == 403
    assert BudgetLine.objects.get(pk=lines.yixian.pk).amount_fen == 5_000_000
    assert not Payment.objects.exists()


def test_pay_and_cancel_through_the_api(api, world, lines):
    city = world.users["city"]
    c = make_commitment(lines.city, 500_000, city)
    response = api(
        city,
        "post",
        f"/api/v1/commitments/{c.pk}/pay",
        {"amount_fen": 500_000, "paid_on": "2024-06-01", "voucher_no": "A-1"},
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["amount_yuan"], response.json()["voucher_no"]) == ("5000.00", "A-1")
    detail = api(city, "get", f"/api/v1/commitments/{c.pk}").json()
    assert (detail["state"], detail["paid_yuan"], detail["approved_by_name"]) == ("paid", "5000.00", "t_city")
    assert (detail["policy_ref"], detail["decision_ref"]) == (
        "AwardGrade#1 2024 一等奖 ¥5,000.00",
        "Decision#1",
    )
    assert [p["voucher_no"] for p in detail["payments"]] == ["A-1"]
    other = make_commitment(lines.city, 100_000, city)
    cancelled = api(city, "post", f"/api/v1/commitments/{other.pk}/cancel", {"reason": "重复授奖"})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert BudgetLine.objects.get(pk=lines.city.pk).committed_fen == 500_000
    payments = api(city, "get", f"/api/v1/payments?line={lines.city.pk}").json()["results"]
    assert [(p["voucher_no"], p["payee"], p["amount_fen"]) for p in payments] == [("A-1", "李营", 500_000)]


def test_payment_errors_are_4xx_with_reasons_and_audited(api, world, lines):
    city = world.users["city"]
    c = make_commitment(lines.city, 500_000, city)
    url = f"/api/v1/commitments/{c.pk}/pay"
    over = api(city, "post", url, {"amount_fen": 500_001, "paid_on": "2024-06-01", "voucher_no": "B-1"})
    assert over.status_code == 400
    assert over.json()["amount_fen"] == [
        "支付金额5,000.01元超过承诺未付余额：承诺5,000.00元，已支付0.00元，尚余5,000.00元。"
    ]
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    assert api(city, "post", url, {"amount_fen": 1, "paid_on": future, "voucher_no": "B-2"}).json() == {
        "paid_on": ["支付日期不能晚于今天。"]
    }
    bad_date = api(city, "post", url, {"amount_fen": 1, "paid_on": "2024-13-45", "voucher_no": "B-3"})
    assert bad_date.status_code == 400 and "paid_on" in bad_date.json()
    floaty = api(city, "post", url, {"amount_fen": 1.5, "paid_on": "2024-06-01", "voucher_no": "B-4"})
    assert floaty.status_code == 400 and "amount_fen" in floaty.json()
    huge = api(city, "post", url, {"amount_fen": 10**20, "paid_on": "2024-06-01", "voucher_no": "B-5"})
    assert huge.status_code == 400
    assert (
        api(city, "post", url, {"amount_fen": 1, "paid_on": "2024-06-01", "voucher_no": "B-6"}).status_code
        == 201
    )
    dup = api(city, "post", url, {"amount_fen": 1, "paid_on": "2024-06-01", "voucher_no": "B-6"})
    assert dup.status_code == 400 and dup.json()["voucher_no"] == [
        "凭证号「B-6」已登记过支付，不能重复使用。"
    ]
    no_reason = api(city, "post", f"/api/v1/commitments/{c.pk}/cancel", {})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    paid_cancel = api(city, "post", f"/api/v1/commitments/{c.pk}/cancel", {"reason": "x"})
    assert paid_cancel.status_code == 400 and paid_cancel.json() == {
        "detail": ["该经费承诺已支付0.01元，不能撤销。"]
    }
    assert api(city, "post", "/api/v1/commitments/999999/pay", {"amount_fen": 1}).status_code == 404
    assert Commitment.objects.get(pk=c.pk).paid_fen == 1
    assert AuditEntry.objects.filter(detail__startswith="funds.pay refused").count() == 3


def test_stats_funds_lines_within_scope(api, world, lines):
    city = world.users["city"]
    c = make_commitment(lines.heishan, 1_234_567, city)
    from innovation.funds import services

    services.pay(
        commitment=c, amount_fen=34_567, paid_on=datetime.date(2024, 6, 1), voucher_no="S-1", actor=city
    )
    data = api(city, "get", "/api/v1/stats").json()["funds_lines"]
    assert len(data) == 3
    heishan = next(r for r in data if r["id"] == lines.heishan.pk)
    assert heishan == {
        "id": lines.heishan.pk,
        "year": 2024,
        "kind": "studio",
        "kind_label": "工作室补助",
        "name": "黑山县工作室补助",
        "union": "黑山县总工会",
        "base_yuan": "30000.00",
        "amended_yuan": "0.00",
        "amount_yuan": "30000.00",
        "committed_yuan": "12345.67",
        "paid_yuan": "345.67",
        "available_yuan": "17654.33",
    }
    yixian = api(world.users["yixian"], "get", "/api/v1/stats").json()["funds_lines"]
    assert [r["name"] for r in yixian] == ["义县工作室补助"]
    assert api(world.users["worker"], "get", "/api/v1/stats").json()["funds_lines"] == []
