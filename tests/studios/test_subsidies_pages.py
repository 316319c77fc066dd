"""Subsidy pages and API: policies (list, new version), rounds (propose, adjust, approve, pay), export."""

import datetime

import pytest

from innovation.funds.models import Commitment, Payment
from innovation.studios.models import SubsidyLine, SubsidyPolicy, SubsidyRound

from .report_builders import USE_SCOPE, plan_2019, sheet, studio_line, table_rows
from .test_subsidies import setting_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_policy_pages_list_and_new_version(client, world):
    plan_2019(world)
    client.force_login(world.users["city"])
    assert client.get("/studios/subsidies/policies/new/").status_code == 200
    response = client.get("/studios/subsidies/policies/")
    assert response.status_code == 200
    assert len(table_rows(response)) == 3
    html = response.content.decode()
    assert "一次性 30,000.00" in html and "优秀 20,000.00；合格 10,000.00；不合格 0.00" in html
    assert {r[1] for r in sheet(client.get("/studios/subsidies/policies/?export=xlsx"))[1:]} == {
        "新命名一次性补助",
        "年度成果补助",
    }
    bad = client.post(
        "/studios/subsidies/policies/new/",
        {
            "kind": "yearly",
            "levels": ["city"],
            "effective_from": "2021-03-01",
            "excellent": "25000",
            "cap": "20000",
            "use_scope": USE_SCOPE,
            "document": "修订",
        },
    )
    assert bad.status_code == 400
    assert SubsidyPolicy.objects.count() == 3
    ok = client.post(
        "/studios/subsidies/policies/new/",
        {
            "kind": "yearly",
            "levels": ["provincial", "city"],
            "effective_from": "2021-03-01",
            "excellent": "20000",
            "qualified": "15000",
            "unqualified": "0",
            "cap": "20000",
            "use_scope": USE_SCOPE,
            "document": "三年工作方案（2021年3月修订）",
        },
    )
    assert ok.url == "/studios/subsidies/policies/"
    row = SubsidyPolicy.objects.get(document="三年工作方案（2021年3月修订）")
    assert (row.levels, row.by_result_fen, row.cap_fen) == (
        ["provincial", "city"],
        {"excellent": 2_000_000, "qualified": 1_500_000, "unqualified": 0},
        2_000_000,
    )
    client.force_login(world.users["yixian"])
    assert client.get("/studios/subsidies/policies/").status_code == 403
    assert client.get("/studios/subsidies/").status_code == 403


def test_round_pages_propose_adjust_approve_pay(client, world, setting, city2):
    line = studio_line(world, 2021, 8_500_000)
    client.force_login(world.users["city"])
    listing = client.get("/studios/subsidies/")
    assert listing.context["propose_form"] is not None
    response = client.post(
        "/studios/subsidies/propose/", {"union": world.city.pk, "year": 2021, "budget_line": line.pk}
    )
    round_ = SubsidyRound.objects.get()
    assert response.url == f"/studios/subsidies/{round_.pk}/"
    detail = client.get(response.url)
    assert detail.context["total_fen"] == 8_000_000
    assert detail.context["can_first_approve"] is True
    html = detail.content.decode()
    assert "80,000.00" in html and USE_SCOPE in html

    c1 = round_.lines.get(studio=setting["studios"]["c1"])
    over = client.post(
        f"/studios/subsidies/lines/{c1.pk}/adjust/", {"amount": "20000.01", "reason": "成果突出"}
    )
    assert over.status_code == 302
    assert SubsidyLine.objects.get(pk=c1.pk).amount_fen == 1_000_000
    client.post(f"/studios/subsidies/lines/{c1.pk}/adjust/", {"amount": "15000", "reason": "成果突出"})
    assert SubsidyLine.objects.get(pk=c1.pk).amount_fen == 1_500_000
    assert client.get(f"/studios/subsidies/{round_.pk}/").context["shortfall_fen"] == 0

    client.post(f"/studios/subsidies/{round_.pk}/approve/")
    again = client.get(f"/studios/subsidies/{round_.pk}/")
    assert again.context["waiting_other"] is True and again.context["can_second_approve"] is False
    client.post(f"/studios/subsidies/{round_.pk}/approve/")  # the same admin: refused
    assert not Commitment.objects.exists()

    client.force_login(city2)
    client.post(f"/studios/subsidies/{round_.pk}/approve/")
    round_.refresh_from_db()
    assert round_.state == "approved"
    assert Commitment.objects.filter(source_kind="studio_subsidy").count() == 4

    n1 = round_.lines.get(studio=setting["studios"]["n1"])
    prefix = f"pay{n1.pk}"
    client.post(
        f"/studios/subsidies/lines/{n1.pk}/pay/",
        {
            f"{prefix}-paid_on": "2021-07-01",
            f"{prefix}-voucher_no": "JZ-2021-001",
            f"{prefix}-amount": "30000",
        },
    )
    payment = Payment.objects.get()
    assert (payment.amount_fen, payment.voucher_no) == (3_000_000, "JZ-2021-001")
    page = client.get(f"/studios/subsidies/{round_.pk}/").content.decode()
    assert "JZ-2021-001" in page and f"使用范围：{USE_SCOPE}" in page

    rows = sheet(client.get(f"/studios/subsidies/lines/?round={round_.pk}&export=xlsx"))
    header = rows[0]
    paid = {r[header.index("工作室")]: r[header.index("已支付(元)")] for r in rows[1:]}
    assert paid["新命名劳模创新工作室"] == 30000
    assert {r[header.index("资金使用范围")] for r in rows[1:]} == {USE_SCOPE}
    lines_page = client.get("/studios/subsidies/lines/?kind=yearly")
    assert lines_page.context["totals"] == {"proposed": 3_000_000, "amount": 3_500_000, "paid": 0}
    assert len(table_rows(client.get("/studios/subsidies/lines/?adjusted=true"))) == 1

    # The studio page's part shows what the studio received, with its use scope.
    more = client.get(f"/studios/{setting['studios']['n1'].pk}/more/").content.decode()
    assert "30,000.00" in more and USE_SCOPE in more


def test_round_api(client, world, setting, city2):
    line = studio_line(world, 2021, 8_000_000)
    client.force_login(world.users["city"])
    created = client.post(
        "/api/v1/subsidy-rounds",
        {"union": world.city.pk, "year": 2021, "budget_line": line.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["total_fen"], body["line_count"], body["shortfall_fen"]) == (8_000_000, 4, 0)
    assert body["notes"] == ["「乙食品劳模创新工作室」2020年度考核不合格，按政策不予年度补助。"]
    pk = body["id"]
    c1 = next(x for x in body["lines"] if x["studio_name"] == "黑山丙化工职工创新工作室")
    assert (c1["amount_fen"], c1["cap_fen"], c1["amount_yuan"]) == (1_000_000, 2_000_000, "10000.00")
    over = client.post(
        f"/api/v1/subsidy-rounds/{pk}/adjust",
        {"line": c1["id"], "amount_fen": 2_000_001, "reason": "x"},
        content_type="application/json",
    )
    assert over.status_code == 400 and "amount_fen" in over.json()
    adjusted = client.post(
        f"/api/v1/subsidy-rounds/{pk}/adjust",
        {"line": c1["id"], "amount_fen": 1_200_000, "reason": "成果突出"},
        content_type="application/json",
    )
    assert adjusted.json()["shortfall_fen"] == 200_000
    approve = client.post(f"/api/v1/subsidy-rounds/{pk}/approve")
    assert approve.status_code == 400 and "还差2,000.00元" in approve.json()["detail"][0]
    client.post(
        f"/api/v1/subsidy-rounds/{pk}/adjust",
        {"line": c1["id"], "amount_fen": 1_000_000, "reason": "按预算"},
        content_type="application/json",
    )
    assert client.post(f"/api/v1/subsidy-rounds/{pk}/approve").json()["state"] == "approving"
    assert client.post(f"/api/v1/subsidy-rounds/{pk}/approve").status_code == 400  # four-eyes
    client.force_login(city2)
    done = client.post(f"/api/v1/subsidy-rounds/{pk}/approve").json()
    assert done["state"] == "approved" and all(x["commitment"] for x in done["lines"])
    paid = client.post(
        f"/api/v1/subsidy-rounds/{pk}/pay",
        {"line": c1["id"], "amount_fen": 1_000_000, "paid_on": "2021-07-01", "voucher_no": "JZ-7"},
        content_type="application/json",
    )
    assert paid.status_code == 201, paid.json()
    assert paid.json()["paid_fen"] == 1_000_000
    assert paid.json()["payments"][0]["use_scope"] == USE_SCOPE
    lines = client.get("/api/v1/subsidy-lines?kind=naming").json()["results"]
    assert sorted(x["amount_fen"] for x in lines) == [2_000_000, 3_000_000]
    assert client.get("/api/v1/subsidy-lines?bogus=1").status_code == 400

    policies = client.get("/api/v1/subsidy-policies").json()["results"]
    assert len(policies) == 3
    made = client.post(
        "/api/v1/subsidy-policies",
        {
            "kind": "naming",
            "studio_type": "worker",
            "levels": ["city"],
            "effective_from": "2021-03-01",
            "amount_fen": 2_500_000,
            "use_scope": USE_SCOPE,
            "document": "2021年3月修订",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["amount_yuan"] == "25000.00"

    client.force_login(world.users["yixian"])
    assert client.get("/api/v1/subsidy-rounds").json()["results"] == []
    assert client.get(f"/api/v1/subsidy-rounds/{pk}").status_code == 404
    assert client.get("/api/v1/subsidy-lines").json()["results"] == []
    assert client.get("/api/v1/subsidy-policies").json()["results"] == []
    refused = client.post(
        "/api/v1/subsidy-rounds",
        {"union": world.yixian.pk, "year": 2021, "budget_line": line.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400  # neither the union nor the line is one it may choose
    assert datetime.date.today().year >= 2021
