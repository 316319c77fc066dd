"""The ledger in a browser: a line created, a commitment paid, a district kept to its own lines."""

import datetime

import pytest
from playwright.sync_api import expect

from innovation.funds.models import BudgetLine, Commitment
from tests.funds.conftest import lines, make_commitment  # noqa: F401


@pytest.mark.browser
def test_city_admin_creates_a_line_and_pays_a_commitment(page, logged_in, world, lines):  # noqa: F811
    logged_in("t_city")
    page.goto("/funds/lines/")
    expect(page.locator("#result-count")).to_have_text("共 3 条")
    page.locator("#create-link").click()
    page.locator("#id_union").select_option(str(world.city.pk))
    page.locator("#id_year").fill("2025")
    page.locator("#id_kind").select_option("master_apprentice")
    page.locator("#id_name").fill("2025年金牌师徒奖金")
    page.locator("#id_amount").fill("55000")
    page.locator("#form-save").click()
    expect(page.locator("#line-money [data-key=amount]")).to_have_text("55,000.00")
    line = BudgetLine.objects.get(name="2025年金牌师徒奖金")
    assert line.amount_fen == 5_500_000

    c = make_commitment(line, 300_000, world.users["city"], payee="张师傅", purpose="金牌师傅奖金")
    page.goto(f"/funds/commitments/{c.pk}/")
    expect(page.locator("#policy-ref")).to_have_text("AwardGrade#1 2024 一等奖 ¥5,000.00")
    page.locator("#id_paid_on").fill(datetime.date(2025, 5, 1).isoformat())
    page.locator("#id_voucher_no").fill("JZ-2025-0001")
    page.locator("#id_amount").fill("3000")
    page.locator("#pay-submit").click()
    expect(page.locator("#state-badge")).to_have_text("已支付")
    expect(page.locator("#payments")).to_contain_text("JZ-2025-0001")
    c.refresh_from_db()
    assert (c.paid_fen, c.state) == (300_000, Commitment.State.PAID)


@pytest.mark.browser
def test_a_district_admin_sees_only_its_own_line(page, logged_in, world, lines, console):  # noqa: F811
    console.allow(r"status of 404 .*/funds/lines/")  # the other county's line, opened on purpose
    logged_in("t_yixian")
    assert page.goto(f"/funds/lines/{lines.heishan.pk}/").status == 404
    page.goto("/funds/lines/")
    expect(page.locator("#result-count")).to_have_text("共 1 条")
    expect(page.locator("#list-container")).to_contain_text("义县工作室补助")
    expect(page.locator("#list-container")).not_to_contain_text("黑山")
    expect(page.locator("#create-link")).to_have_count(0)
