"""The studio path after the naming (tests/browser/test_studio_naming.py stops there), in the
browser: the city proposes last year's subsidy round and sees the one-off naming subsidy with its
policy basis; two different city admins approve it (four-eyes) and the money is paid against the
studio budget line, which shows it committed and paid; the studio lead fills this year's report,
the city verifies it and runs this year's assessment; a studio unqualified two years running is
proposed for revocation and the city revokes it with a document — it stays in the list.

The services set up the starting data: the 2019-plan policy rows, the studio budget line of last
year (850,000 yuan), the assessment rubric, 高颖明劳模创新工作室 named last September through the
naming workflow (the clock is given through `now=` — the naming happened last year so that this
year's report can be assessed; a studio is assessed from the year after its naming), an older
studio left without a report last year, and two achievements incubated in the new studio.

Screenshots of every stage go to test-artifacts/studio-path/."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from innovation.accounts.roles import Role
from innovation.funds.models import BudgetLine
from innovation.studios.models import (
    Assessment,
    Studio,
    StudioType,
    SubsidyLine,
    SubsidyRound,
    YearReport,
)
from innovation.studios.reports import assessment as assessing
from tests.factories import make_user, make_worker
from tests.studios.builders import apply, honour, make_studio, push
from tests.studios.report_builders import incubate, make_rubric, plan_2019, studio_line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")
STUDIO = "高颖明劳模创新工作室"
OLD_STUDIO = "黑山丙化工职工创新工作室"
PLAN_DOC = "锦州市总工会服务振兴发展加强职工创新创造三年工作方案（2019）"


@pytest.fixture
def shots(pytestconfig):
    """shots(page, name): a full-page screenshot test-artifacts/studio-path/<name>.png."""
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "studio-path"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def alert(page: Page, kind: str = "success"):
    return page.locator(f"main .alert-{kind}")


def test_subsidy_report_assessment_and_revocation(as_user, world, shots):
    # ------------------------------------------------------------ the starting data
    year = timezone.localdate().year
    last = year - 1
    city = world.users["city"]
    leader = make_worker(world.units["yx_a"], "高颖明")
    honour(leader)
    make_user("t_lead", (Role.STUDIO_LEAD, world.units["yx_a"].union), worker=leader)
    make_user("t_city2", (Role.CITY_ADMIN, world.city))
    old = make_studio(world, OLD_STUDIO, "hs_a", year=2019)
    make_rubric(2019)
    plan_2019(world)
    budget = studio_line(world, last, 85_000_000)

    named_at = datetime.datetime(last, 9, 15, 10, 0, tzinfo=SHANGHAI)
    app = apply(world, name=STUDIO, type=StudioType.MODEL_WORKER, leader=leader)
    app = push(
        world,
        app,
        "submit",
        "recommend",
        "name",
        submit={"now": named_at - datetime.timedelta(days=30)},
        recommend={"now": named_at - datetime.timedelta(days=20)},
        name={"now": named_at, "document_no": f"锦工发〔{last}〕8号"},
    )
    assert app.state == "named"
    studio = Studio.objects.get(name=STUDIO)
    assert (studio.named_year, studio.type, studio.level) == (last, "model_worker", "city")
    # Last year's assessment: the older studio sent no report and is unqualified.
    assessing.run_assessment(year=last, actor=city, note="")
    assert Assessment.objects.get(studio=old, year=last).result == Assessment.Result.UNQUALIFIED
    for _n in range(2):
        incubate(world, studio, year, verified="300000", patents=1)

    # ------------------------------------------------------------ the subsidy round
    admin = as_user("t_city")
    admin.goto("/studios/subsidies/")
    expect(admin.locator("h1")).to_have_text("工作室补助批次")
    # The card's fields have their own ids: the filter form below has a "year" field too.
    propose = admin.locator("#propose-card")
    propose.locator("#propose_union").select_option(label="锦州市总工会")
    propose.locator("#propose_year").fill(str(last))
    propose.locator("#propose_budget_line").select_option(value=str(budget.pk))
    shots(admin, "01-propose-form")
    admin.locator("#propose-submit").click()
    expect(alert(admin)).to_contain_text(f"已按补助政策拟定{last}年工作室补助")
    expect(alert(admin, "info")).to_contain_text(f"「{OLD_STUDIO}」没有{last - 1}年度考核结果")
    expect(admin.locator("#round-state")).to_have_text("拟定中")
    round_ = SubsidyRound.objects.get(year=last)
    line = SubsidyLine.objects.get(round=round_)
    row = admin.locator(f"#line-{line.pk}")
    expect(row).to_contain_text(STUDIO)
    expect(row).to_contain_text("新命名一次性补助")
    expect(row.locator(".amount-cell")).to_have_text("30,000.00")
    expect(row).to_contain_text(f"{last}年命名为市级劳模创新工作室")
    expect(row).to_contain_text(f"补助政策#{line.policy_id}（{PLAN_DOC}")
    expect(admin.locator("#round-total")).to_have_text("30,000.00")
    shots(admin, "02-round-proposed")

    admin.locator("#approve-first").click()
    expect(alert(admin)).to_contain_text("已审批")
    expect(admin.locator("#round-state")).to_have_text("待第二人审批")
    expect(admin.locator("#first-approver")).to_contain_text("t_city")
    # The same admin cannot approve twice: no second button, a note instead.
    expect(admin.locator("#waiting-other")).to_be_visible()
    expect(admin.locator("#approve-second")).to_have_count(0)
    shots(admin, "03-first-approval")

    second = as_user("t_city2")
    second.goto(f"/studios/subsidies/{round_.pk}/")
    expect(second.locator("#round-state")).to_have_text("待第二人审批")
    second.locator("#approve-second").click()
    expect(alert(second)).to_contain_text("已审批")
    expect(second.locator("#round-state")).to_have_text("已审批（已承诺）")
    expect(second.locator("#second-approver")).to_contain_text("t_city2")
    expect(second.locator(f"#line-{line.pk}")).to_contain_text("承诺#")
    shots(second, "04-second-approval")

    # ------------------------------------------------------------ paying against the line
    admin.reload()
    pay = admin.locator("form.pay-form")
    expect(pay.locator("input[name$=amount]")).to_have_value("30000.00")
    expect(pay).to_contain_text("资金使用范围：用于工作室场地设备购置")
    pay.locator("input[name$=paid_on]").fill(timezone.localdate().isoformat())
    pay.locator("input[name$=voucher_no]").fill(f"FK-{year}-0815")
    pay.get_by_role("button", name="登记支付").click()
    expect(alert(admin)).to_contain_text(f"已向「{STUDIO}」支付 30,000.00 元（凭证号 FK-{year}-0815）")
    expect(admin.locator(f"#line-{line.pk} .payment")).to_contain_text("30,000.00")
    expect(admin.locator(f"#line-{line.pk} .payment")).to_contain_text("不得用于个人奖励")
    expect(admin.locator("form.pay-form")).to_have_count(0)
    shots(admin, "05-paid")

    admin.locator("#budget-line a").click()
    expect(admin.locator("h1")).to_have_text(f"{last}年工作室补助")
    money = admin.locator("#line-money")
    expect(money.locator("[data-key=amount]")).to_have_text("850,000.00")
    expect(money.locator("[data-key=committed]")).to_have_text("30,000.00")
    expect(money.locator("[data-key=paid]")).to_have_text("30,000.00")
    expect(money.locator("[data-key=unpaid]")).to_have_text("0.00")
    expect(money.locator("[data-key=available]")).to_have_text("820,000.00")
    expect(admin.locator("#line-payments")).to_contain_text(f"FK-{year}-0815")
    shots(admin, "06-budget-line")
    budget.refresh_from_db()
    assert (budget.committed_fen, budget.paid_fen) == (3_000_000, 3_000_000)
    assert BudgetLine.objects.count() == 1

    # ------------------------------------------------------------ the yearly report
    lead = as_user("t_lead")
    lead.goto("/studios/reports/")
    start = lead.locator("#report-start")
    start.locator("#id_studio").select_option(value=str(studio.pk))
    start.locator("#id_year").fill(str(year))
    start.locator("#report-start-submit").click()
    expect(lead.locator("h1")).to_have_text(f"{STUDIO} · {year}年度报告")
    figures = lead.locator("#record-figures")
    expect(figures.locator("tr[data-key=incubated] td").first).to_have_text("2")
    expect(figures.locator("tr[data-key=patents] td").first).to_have_text("2")
    lead.locator("#id_problems_solved").fill("5")
    lead.locator("#id_people_trained").fill("120")
    lead.locator("#id_reported_benefit").fill("500000")
    lead.locator("#id_summary").fill("完成航煤增产攻关，培训青年技工120人次。")
    shots(lead, "07-report-form")
    lead.locator("#report-form #report-submit").click()
    expect(alert(lead)).to_contain_text("年度报告已提交，等待市总工会核实")
    expect(lead.locator("#report-state")).to_have_text("待核实")
    shots(lead, "08-report-submitted")

    admin.goto("/studios/reports/")
    admin.locator("#to-verify a").click()
    admin.locator("#list-container").get_by_role("link", name=STUDIO).click()
    expect(admin.locator("#report-state")).to_have_text("待核实")
    admin.locator("#verify-card textarea[name=note], #verify-card input[name=note]").fill("数据与台账一致。")
    admin.locator("#report-verify").click()
    expect(alert(admin)).to_contain_text("年度报告已核实")
    expect(admin.locator("#report-state")).to_have_text("已核实")
    expect(admin.locator("#verified-by")).to_contain_text("t_city")
    shots(admin, "09-report-verified")
    assert YearReport.objects.get(studio=studio, year=year).state == YearReport.State.VERIFIED

    # ------------------------------------------------------------ the yearly assessment
    admin.goto("/studios/assessments/")
    run = admin.locator("#run-card")
    run.locator("#run_year").fill(str(year))
    run.locator("#run_note").fill(f"{year}年度创新工作室考核")
    run.locator("#run-submit").click()
    # The older studio is unqualified for the second year: the run leads to the proposals.
    expect(alert(admin)).to_contain_text(f"{year}年度考核完成（2019年起考核办法）：2个工作室")
    expect(alert(admin, "warning")).to_contain_text("1个工作室连续考核不合格，建议摘牌")
    expect(admin.locator("h1")).to_have_text("摘牌建议与已摘牌工作室")
    proposal = admin.locator(f"#proposals li[data-studio='{old.pk}']")
    expect(proposal).to_contain_text(OLD_STUDIO)
    shots(admin, "10-revocation-proposals")

    result = Assessment.objects.get(studio=studio, year=year)
    admin.goto(f"/studios/assessments/?year={year}")
    admin.locator("#list-container").get_by_role("link", name=STUDIO).click()
    expect(admin.locator("#result")).to_have_text(result.get_result_display())
    expect(admin.locator("#score")).to_have_text(re.compile(rf"^{re.escape(str(result.score))}"))
    expect(admin.locator("#assessment-items")).to_contain_text("孵化成果")
    shots(admin, "11-assessment-result")
    assert result.result in (Assessment.Result.EXCELLENT, Assessment.Result.QUALIFIED)

    # ------------------------------------------------------------ revocation
    admin.goto(f"/studios/revocations/?year={year}")
    admin.locator(f"#proposals li[data-studio='{old.pk}']").get_by_role("link", name="确认摘牌").click()
    expect(admin.locator("h1")).to_have_text(f"摘牌：{OLD_STUDIO}")
    expect(admin.locator("#revoke-history")).to_contain_text("不合格")
    expect(admin.locator("#id_reason")).not_to_have_value("")
    admin.locator("#id_document_no").fill(f"锦工发〔{year}〕21号")
    shots(admin, "12-revoke-form")
    admin.locator("#revoke-submit").click()
    expect(alert(admin)).to_contain_text(f"「{OLD_STUDIO}」已摘牌（锦工发〔{year}〕21号）")
    expect(admin.locator("#revoked")).to_contain_text(OLD_STUDIO)
    expect(admin.locator("#proposals")).not_to_contain_text(OLD_STUDIO)
    shots(admin, "13-revoked")

    admin.locator("#revoked").get_by_role("link", name=OLD_STUDIO).click()
    expect(admin.locator("#studio-name")).to_have_text(OLD_STUDIO)
    expect(admin.locator("#status-badge")).to_have_text("已摘牌")
    expect(admin.locator("#studio-revoked")).to_contain_text(f"锦工发〔{year}〕21号")
    shots(admin, "14-revoked-studio")

    admin.goto("/studios/")
    admin.locator("#id_status").select_option("revoked")
    expect(admin.locator("#list-container")).to_contain_text(OLD_STUDIO)
    expect(admin.locator("#list-container")).not_to_contain_text(STUDIO)
    shots(admin, "15-list-revoked")
    old.refresh_from_db()
    assert old.status == Studio.Status.REVOKED
    assert Studio.objects.count() == 2
