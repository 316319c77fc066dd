"""The order-based service in the browser, from the issue's "Done means": an enterprise (义县乙's
union) posts an order; the county triages it and sees the teams matched with their reasons; the
team's leader claims it, starts, pauses the clock while waiting for the enterprise (the clock
shows it stands still) and resumes, records a visit and a training session, proposes an expense
and marks the order solved; the enterprise confirms and rates it; the city approves the expense
and pays it through the ledger; the county verifies the benefit and closes the order; the figures
count it.

Screenshots go to test-artifacts/volunteer/."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from innovation.accounts.roles import Role
from innovation.core.stats import stats_for
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind
from innovation.volunteer.models import ServiceOrder

from ..factories import make_user
from ..volunteer.conftest import service  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "灌装线液压站频繁停机"


@pytest.fixture
def shots(pytestconfig):
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "volunteer"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return _shot


def menu(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name=label).click()


def open_order(page: Page) -> None:
    menu(page, "服务订单")
    page.get_by_role("row", name=TITLE).get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text(TITLE)


def test_an_order_from_posting_to_closing(service, as_user, shots):  # noqa: F811
    w = service.world
    year = timezone.localdate().year
    funds.line_create(
        actor=w.users["city"],
        union=w.city,
        year=year,
        kind=LineKind.SERVICE,
        name="志愿服务经费",
        amount_fen=5_000_000,
    )
    make_user("t_unit_b", (Role.UNIT_ADMIN, w.units["yx_b"].union))
    today = timezone.localdate().isoformat()

    # ------------------------------------------------------------ the enterprise posts
    firm = as_user("t_unit_b")
    menu(firm, "服务订单")
    firm.get_by_role("link", name="新建").click()
    form = firm.locator("#order-form")
    form.locator("#id_enterprise").select_option(str(w.units["yx_b"].pk))
    form.locator("#id_category").select_option("equipment")
    form.locator("#id_title").fill(TITLE)
    form.locator("#id_description").fill("液压站油温过高，灌装线每班停机两次，需要诊断并改造冷却系统。")
    form.locator("#id_contact_name").fill("王经理")
    form.locator("#id_contact_phone").fill("13812345678")
    form.locator("#form-save").click()
    expect(firm.locator("h1")).to_have_text(TITLE)
    expect(firm.locator("#state-badge")).to_have_text("待受理")
    expect(firm.locator("#contact-phone")).to_have_text("138****5678")
    expect(firm.locator("#sla-clocks")).to_contain_text("计时中")

    # ------------------------------------------------------------ the county triages; the matching
    county = as_user("t_yixian")
    open_order(county)
    county.locator("#step-triage").click()
    expect(county.locator("#state-badge")).to_have_text("待派单/认领")
    matches = county.locator("#matches")
    expect(matches).to_contain_text("义县甲劳模志愿服务队")
    expect(matches).to_contain_text("服务领域含「设备改造」")
    expect(matches).to_contain_text("队员专长与问题相符：液压")
    expect(matches).to_contain_text("同在义县")
    shots(county, "order-triaged-matches")

    # ------------------------------------------------------------ the team claims and serves
    lead = as_user("t_lead")
    open_order(lead)
    lead.locator("#step-claim").click()
    expect(lead.locator("#state-badge")).to_have_text("已接单")
    expect(lead.locator("#order-team")).to_have_text("义县甲劳模志愿服务队")
    lead.locator("#step-start").click()
    expect(lead.locator("#state-badge")).to_have_text("服务中")
    lead.locator("#id_pause-reason").fill("等待企业采购板式冷却器")
    lead.locator("#pause").click()
    expect(lead.locator("#paused-badge")).to_be_visible()
    expect(lead.locator("#clock-2")).to_have_text("暂停计时（等待企业）")
    expect(lead.locator("#sla-clocks")).to_contain_text("暂停中")
    shots(lead, "order-paused")
    lead.locator("#resume").click()
    expect(lead.locator("#paused-badge")).to_have_count(0)
    visit = lead.locator("#visit-add").locator("xpath=ancestor::form")
    visit.locator("#id_visit-on").fill(today)
    visit.locator("#id_visit-hours").fill("4")
    visit.locator("#id_visit-members").select_option(
        [str(w.workers["yx_a_1"].pk), str(w.workers["yx_a_2"].pk)]
    )
    visit.locator("#id_visit-notes").fill("更换冷却器，调整温控")
    lead.locator("#visit-add").click()
    expect(lead.locator("#visits")).to_contain_text("更换冷却器，调整温控")
    lead.locator("#id_training-on").fill(today)
    lead.locator("#id_training-topic").fill("液压站日常点检")
    lead.locator("#id_training-headcount").fill("12")
    lead.locator("#training-add").click()
    expect(lead.locator("#trainings")).to_contain_text("液压站日常点检")
    lead.locator("#id_expense-kind").select_option("materials")
    lead.locator("#id_expense-amount").fill("1200.00")
    lead.locator("#id_expense-note").fill("板式冷却器密封件")
    lead.locator("#id_expense-payee").fill("义县甲机械有限公司")
    lead.locator("#expense-add").click()
    expect(lead.locator("#expense-table")).to_contain_text("待审批")
    lead.locator("#id_resolve-outcome").select_option("solved")
    lead.locator("#id_resolve-diagnosis").fill("冷却器结垢，换热不足")
    lead.locator("#id_resolve-solution").fill("更换板式冷却器并增设温控")
    lead.locator("#step-resolve").click()
    expect(lead.locator("#state-badge")).to_have_text("待企业确认")
    expect(lead.locator("#order-outcome")).to_have_text("已解决")

    # ------------------------------------------------------------ the enterprise confirms and rates
    firm.reload()
    firm.locator("#id_confirm-rating").select_option("5")
    firm.locator("#id_confirm-comment").fill("解决及时，培训到位")
    firm.locator("#id_confirm-benefit_claimed").fill("80000")
    firm.locator("#step-confirm").click()
    expect(firm.locator("#state-badge")).to_have_text("待核实办结")
    expect(firm.locator("#order-rating")).to_contain_text("5分")

    # ------------------------------------------------------------ the city approves and pays the expense
    city = as_user("t_city")
    open_order(city)
    expense = ServiceOrder.objects.get(title=TITLE).expenses.get()
    city.locator(f"#expense-{expense.pk}-approve").click()
    expect(city.locator("#expense-table")).to_contain_text("待支付")
    city.locator(f"#id_pay-{expense.pk}-voucher_no").fill("FW-2026-001")
    city.locator(f"#expense-{expense.pk}-pay").click()
    expect(city.locator("#expense-table")).to_contain_text("已支付")
    line = BudgetLine.objects.get(year=year, kind=LineKind.SERVICE)
    assert (line.committed_fen, line.paid_fen) == (120_000, 120_000)

    # ------------------------------------------------------------ the county verifies and closes
    county.reload()
    county.locator("#id_close-benefit_verified").fill("60000")
    county.locator("#step-close").click()
    expect(county.locator("#state-badge")).to_have_text("已办结")
    expect(county.locator("#order-verified")).to_contain_text("60,000.00")
    expect(county.locator("#history")).to_contain_text("已办结")
    shots(county, "order-closed")

    figures = stats_for(w.users["city"])
    assert (
        figures["service_firms_served"],
        figures["service_problems_solved"],
        figures["service_people_trained"],
    ) == (1, 1, 12)
