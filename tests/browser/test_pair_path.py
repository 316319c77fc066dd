"""The 金牌师徒 path of issue 10 ("Done means"), in the browser: the unit admin drafts an agreement
(a master and an apprentice of his unit, a skill-level target), records both signatures,
approves and starts it, records a teaching session and the apprentice's promotion (certificate
number and date); the city publishes its call on the selection form, the unit nominates the pair,
the county recommends it, two experts score it on their sheets, the city ranks, two different
city admins approve (four-eyes), the city chooses the 金牌师徒奖金 line and publishes the notice;
after the notice the prizes (3,000 yuan to the master, 2,000 yuan to the apprentice, the prize
policy row of the set-up) are committed and paid from the line, which shows 5,000 yuan committed
and paid; the apprentice downloads his certificate and a stranger verifies it on /verify/.

The services set up only the starting data: the two workers, the apprentice's worker account, a
second city admin, two experts of another county's unit, the cap and prize policy rows and the
year's 金牌师徒奖金 line. The clock is given once through the services: the city clicks
"评选结果生效" during the notice and is refused on the page; the finalisation is then run by the
same city admin through services.selection_step with `now=` one minute after the notice ends.

Screenshots of every stage go to test-artifacts/pair-path/."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from innovation.accounts.roles import Role
from innovation.funds.models import BudgetLine
from innovation.pairs import services
from innovation.pairs.models import (
    Agreement,
    Nomination,
    NominationState,
    PairAward,
    PairScore,
    Selection,
    SelectionState,
    SkillLevelChange,
    State,
)
from tests.factories import make_user, make_worker, new_id_number
from tests.pairs.builders import cap
from tests.pairs.selection_builders import experts, master_apprentice_line, prize_2020

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MASTER = "孙建军"
APPRENTICE = "王明亮"
PAIR = f"{MASTER} — {APPRENTICE}"
UNIT = "义县甲机械有限公司"
CERT_NO = "S2107270042"
SUMMARY = "徒弟一年内由中级工晋升高级工，师徒联合攻关数控刀具在线监测。"
# The experts' scores on the selection form's default rubric (weights 30, 30, 20, 20; max 100 each):
# 27 + 24 + 17 + 19 = 87 and 24 + 27 + 15 + 17 = 83; the pair's score is their mean, 85.000.
SHEETS = [
    {"skill": "90", "innovation": "80", "teaching": "85", "onsite": "95"},
    {"skill": "80", "innovation": "90", "teaching": "75", "onsite": "85"},
]
SHEET_TOTALS = ["87.000", "83.000"]


@pytest.fixture
def shots(pytestconfig):
    """shots(page, name): a full-page screenshot test-artifacts/pair-path/<name>.png."""
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "pair-path"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def alert(page: Page, kind: str = "success"):
    return page.locator(f"main .alert-{kind}")


def badge(page: Page):
    return page.locator("#state-badge")


def test_a_pair_from_its_agreement_to_the_verified_certificate(world, as_user, page, console, shots):
    # ------------------------------------------------------------ the starting data
    today = timezone.localdate()
    year = today.year
    start = today - datetime.timedelta(days=60)
    end = start + datetime.timedelta(days=730)
    enterprise = world.units["yx_a"]
    assert enterprise.name == UNIT
    master = make_worker(enterprise, MASTER, skill_level="2")  # 技师
    id_number, phone = new_id_number("210727"), "13904160042"
    apprentice = make_worker(enterprise, APPRENTICE, skill_level="4", id_number=id_number, phone=phone)
    make_user("t_apprentice", (Role.WORKER, enterprise.union), worker=apprentice)
    make_user("t_city2", (Role.CITY_ADMIN, world.city))
    cap(3)
    prize_2020()  # 3,000 yuan per master, 2,000 yuan per apprentice
    line = master_apprentice_line(world, 20_000)
    panel = experts(world, 2, employer=world.units["hs_a"])  # another county's unit: no conflict

    # ------------------------------------------------------------ 1. the unit drafts the agreement
    unit = as_user("t_unit")
    unit.goto("/pairs/")
    unit.locator("#create-link").click()
    # The unit admin has one unit: the start step is skipped, the parties' form is there.
    expect(unit.locator("#pair-form")).to_be_visible()
    unit.locator("#id_masters").select_option(value=str(master.pk))
    unit.locator("#id_apprentices").select_option(value=str(apprentice.pk))
    unit.locator("#id_start_on").fill(start.isoformat())
    unit.locator("#id_end_on").fill(end.isoformat())
    unit.locator("#id_notes").fill("一师一徒，目标两年内徒弟晋升高级工。")
    shots(unit, "01-draft-form")
    unit.locator("#form-save").click()
    expect(alert(unit)).to_contain_text("师徒协议已草拟")
    expect(unit.locator("h1")).to_have_text(f"师徒协议：{PAIR}")
    expect(badge(unit)).to_have_text("草拟中")
    agreement = Agreement.objects.get(title=PAIR)

    unit.locator("#id_target-kind").select_option("skill_level")
    unit.locator("#id_target-apprentice").select_option(value=str(apprentice.pk))
    unit.locator("#id_target-skill_level").select_option("3")
    unit.locator("#id_target-due_on").fill(end.isoformat())
    unit.locator("#id_target-description").fill("取得高级工职业技能等级证书")
    unit.locator("#target-add").click()
    expect(alert(unit)).to_contain_text("目标已添加")
    targets = unit.locator("#targets tbody tr")
    expect(targets).to_have_count(1)
    expect(targets).to_contain_text("技能等级")
    expect(targets).to_contain_text(APPRENTICE)
    expect(targets).to_contain_text("高级工")
    expect(targets).to_contain_text(end.isoformat())

    # Both parties' signatures, one row each.
    for name in (MASTER, APPRENTICE):
        row = unit.locator("#parties tbody tr", has_text=name)
        row.get_by_role("button", name="记录签署").click()
        expect(alert(unit)).to_contain_text(f"已记录{name}的签署。")
        expect(unit.locator("#parties tbody tr", has_text=name)).to_contain_text(today.isoformat())
    shots(unit, "02-draft-signed")

    unit.locator("#reason-approve").fill("双方已签署，同意。")
    unit.locator("#step-approve").click()
    expect(alert(unit)).to_contain_text("已处理：已审批")
    expect(badge(unit)).to_have_text("已审批")
    expect(unit.locator("#edit-link")).to_have_count(0)
    unit.locator("#step-start").click()
    expect(alert(unit)).to_contain_text("已处理：履行中")
    expect(badge(unit)).to_have_text("履行中")
    expect(unit.locator("#history")).to_contain_text("履行中")
    shots(unit, "03-agreement-active")
    agreement.refresh_from_db()
    assert (agreement.state, agreement.approved_by, agreement.started_on) == (
        State.ACTIVE,
        world.users["unit"],
        today,
    )

    # ------------------------------------------------------------ 2. teaching and the promotion
    unit.locator("#id_teaching-on").fill(today.isoformat())
    unit.locator("#id_teaching-kind").select_option("session")
    unit.locator("#id_teaching-hours").fill("8")
    unit.locator("#id_teaching-content").fill("数控车床刀具更换与对刀实操")
    unit.locator("#teaching-add").click()
    expect(alert(unit)).to_contain_text("带教记录已保存。")
    expect(unit.locator("#teaching tbody tr")).to_have_count(1)
    expect(unit.locator("#teaching tbody tr")).to_contain_text("授课/带教")
    expect(unit.locator("#teaching tbody tr td.text-end")).to_have_text("8.0")
    expect(unit.locator("#progress .card-header")).to_contain_text("合计 8.0 学时")

    promoted_on = today - datetime.timedelta(days=3)
    unit.locator("#id_skill-worker").select_option(value=str(apprentice.pk))
    unit.locator("#id_skill-to_level").select_option("3")
    unit.locator("#id_skill-certificate_no").fill(CERT_NO)
    unit.locator("#id_skill-on").fill(promoted_on.isoformat())
    unit.locator("#skill-add").click()
    expect(alert(unit)).to_contain_text("技能等级变更已记录")
    change = unit.locator("#skill-changes tbody tr")
    expect(change).to_have_count(1)
    expect(change).to_have_text(re.compile(rf"{promoted_on}\s*{APPRENTICE}\s*中级工 → 高级工\s*{CERT_NO}"))
    expect(unit.locator("#parties tbody tr", has_text=APPRENTICE)).to_contain_text("高级工")
    shots(unit, "04-progress")
    apprentice.refresh_from_db()
    assert apprentice.skill_level == "3"
    assert SkillLevelChange.objects.get(record__worker=apprentice).certificate_no == CERT_NO

    # ------------------------------------------------------------ 3. the city's call, the nomination
    city = as_user("t_city")
    city.goto("/pairs/selections/")
    city.locator("#create-link").click()
    form = city.locator("#selection-form")
    form.locator("#id_level").select_option("city")
    form.locator("#id_union").select_option(value=str(world.city.pk))
    expect(form.locator("#id_year")).to_have_value(str(year))
    form.locator("#id_title").fill(f"{year}年锦州市金牌师徒创新创效奖")
    form.locator("#id_opens_on").fill((today - datetime.timedelta(days=7)).isoformat())
    form.locator("#id_closes_on").fill((today + datetime.timedelta(days=20)).isoformat())
    form.locator("#id_quota").fill("11")
    shots(city, "05-call-form")
    form.locator("#form-save").click()
    expect(alert(city)).to_contain_text("评选已发布征集。")
    expect(badge(city)).to_have_text("征集中")
    expect(city.locator("#rubric tbody tr")).to_have_count(4)
    selection = Selection.objects.get(year=year)
    assert (selection.level, selection.quota, selection.union) == ("city", 11, world.city)

    unit.goto(f"/pairs/selections/{selection.pk}/")
    nominate = unit.locator("#nominate-form")
    nominate.locator("#id_agreement").select_option(value=str(agreement.pk))
    nominate.locator("#id_summary").fill(SUMMARY)
    shots(unit, "06-nominate")
    nominate.get_by_role("button", name="推荐").click()
    expect(alert(unit)).to_contain_text("已推荐。")
    expect(unit.locator("h1")).to_have_text(PAIR)
    expect(badge(unit)).to_have_text("单位已推荐")
    nomination = Nomination.objects.get(selection=selection)

    # ------------------------------------------------------------ 4. the county recommends
    county = as_user("t_yixian")
    county.goto("/pairs/nominations/")
    county.locator("#list-container").get_by_role("link", name=PAIR).click()
    expect(badge(county)).to_have_text("单位已推荐")
    county.locator("#step-recommend").click()
    expect(alert(county)).to_contain_text("已办理。")
    expect(badge(county)).to_have_text("上级工会已推荐")
    shots(county, "07-county-recommended")

    # ------------------------------------------------------------ 5. two experts score
    city.goto(f"/pairs/selections/{selection.pk}/")
    city.locator("#step-close_call").click()
    expect(badge(city)).to_have_text("评审中")
    city.locator("#auto-assign").click()
    expect(alert(city, "info")).to_contain_text("已分配评分表2份。")
    sheets = list(PairScore.objects.filter(nomination=nomination).order_by("expert__name"))
    assert [s.expert_id for s in sheets] == [e.pk for e in panel]

    for i, (profile, values) in enumerate(zip(panel, SHEETS, strict=True)):
        expert = as_user(profile.user.username)
        expert.goto("/pairs/scores/")
        expert.locator("#list-container").get_by_role("link", name=PAIR).click()
        expect(expert.locator("h1")).to_have_text(f"评分表：{PAIR}")
        if i == 0:  # a score outside the rubric's range is refused (a 400 page), nothing saved
            console.allow(rf"status of 400 .* @ .*/pairs/scores/{sheets[0].pk}/$")
            for key, value in values.items():
                expert.locator(f"#score-{key}").fill(value)
            expert.locator("#score-skill").fill("101")
            expert.locator("#score-submit").click()
            expect(alert(expert, "danger")).to_contain_text("0至100分")
            assert PairScore.objects.get(pk=sheets[i].pk).submitted_at is None
        for key, value in values.items():
            expert.locator(f"#score-{key}").fill(value)
        expert.locator("#notes").fill("现场考察：带教记录齐全，徒弟实操熟练。")
        shots(expert, f"08-score-sheet-{i + 1}")
        expert.locator("#score-submit").click()
        expect(alert(expert)).to_contain_text("评分已提交。")
        expect(expert.locator("#list-container tbody tr")).to_contain_text(SHEET_TOTALS[i])

    # ------------------------------------------------------------ 6. ranking and four-eyes
    city.reload()
    city.locator("#step-rank").click()
    expect(badge(city)).to_have_text("已排名")
    row = city.locator("#nominations tbody tr", has_text=PAIR)
    expect(row).to_have_text(re.compile(rf"^\s*1\s*{PAIR}\s*{UNIT}\s*85\.000\s*拟授奖\s*$"))
    shots(city, "09-ranked")

    city.locator("#step-approve").click()
    expect(alert(city)).to_contain_text("已办理。")
    expect(badge(city)).to_have_text("待第二人审批")
    # The first approver cannot approve a second time: no button, and the service refuses.
    expect(city.locator("#step-approve")).to_have_count(0)
    expect(city.locator("#waiting-other")).to_have_text(
        "您已作为第一审批人审批，须由另一位市总工会管理员进行第二次审批。"
    )
    with pytest.raises((PermissionDenied, ValidationError)):
        services.selection_step(
            actor=world.users["city"], selection=Selection.objects.get(pk=selection.pk), step="approve"
        )
    assert Selection.objects.get(pk=selection.pk).state == SelectionState.APPROVING
    shots(city, "10-first-approval")

    second = as_user("t_city2")
    second.goto(f"/pairs/selections/{selection.pk}/")
    expect(second.locator("#waiting-other")).to_have_count(0)
    second.locator("#step-approve").click()
    expect(alert(second)).to_contain_text("已办理。")
    expect(badge(second)).to_have_text("已审定")
    expect(second.locator("dl")).to_contain_text("t_city、t_city2")
    shots(second, "11-second-approval")

    # ------------------------------------------------------------ the line, the notice, the awards
    city.reload()
    city.locator("#budget-line").select_option(value=str(line.pk))
    city.locator("#set-line").click()
    expect(alert(city)).to_contain_text("已办理。")
    expect(city.locator("dl")).to_contain_text("金牌师徒奖金")
    city.locator("#step-publish").click()
    expect(badge(city)).to_have_text("公示中")
    expect(city.locator("#listed tbody tr")).to_have_count(1)
    expect(city.locator("#listed tbody tr")).to_contain_text(PAIR)
    selection.refresh_from_db()
    notice = f"{timezone.localtime(selection.notice_starts):%Y-%m-%d} 至 {timezone.localtime(selection.notice_ends):%Y-%m-%d}"
    expect(city.locator("dl")).to_contain_text(notice)
    shots(city, "12-notice")
    # During the notice the result cannot take effect.
    city.locator("#step-finalise").click()
    expect(alert(city, "danger")).to_contain_text(
        f"公示期至{timezone.localtime(selection.notice_ends):%Y-%m-%d}结束，公示期满后才能生效。"
    )
    expect(badge(city)).to_have_text("公示中")
    assert not PairAward.objects.exists()

    # The clock: the notice has ended (the city's own step, through the service).
    services.selection_step(
        actor=world.users["city"],
        selection=Selection.objects.get(pk=selection.pk),
        step="finalise",
        now=selection.notice_ends + datetime.timedelta(minutes=1),
    )
    city.reload()
    expect(badge(city)).to_have_text("已生效")
    expect(city.locator("#listed").locator("..")).to_contain_text("获奖名单")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.AWARDED
    awards = {a.side: a for a in PairAward.objects.filter(selection=selection)}
    assert {side: (a.name, a.amount_fen) for side, a in awards.items()} == {
        "master": (MASTER, 300_000),
        "apprentice": (APPRENTICE, 200_000),
    }

    # ------------------------------------------------------------ 7. prizes paid from the line
    city.locator("#voucher-prefix").fill(f"JP-{year}")
    shots(city, "13-final")
    city.locator("#pay-all").click()
    expect(alert(city)).to_contain_text("已办理。")
    city.goto("/pairs/awards/")
    award_rows = city.locator("#pair-award-table tbody tr")
    expect(award_rows).to_have_count(2)
    expect(award_rows.filter(has_text=MASTER)).to_contain_text("3,000.00元")
    expect(award_rows.filter(has_text=APPRENTICE)).to_contain_text("2,000.00元")
    shots(city, "14-awards")

    city.goto(f"/funds/lines/{line.pk}/")
    money = city.locator("#line-money")
    expect(money.locator("[data-key=amount]")).to_have_text("20,000.00")
    expect(money.locator("[data-key=committed]")).to_have_text("5,000.00")
    expect(money.locator("[data-key=paid]")).to_have_text("5,000.00")
    expect(money.locator("[data-key=unpaid]")).to_have_text("0.00")
    expect(money.locator("[data-key=available]")).to_have_text("15,000.00")
    expect(city.locator("#line-commitments tbody tr")).to_have_count(2)
    for award in awards.values():
        expect(city.locator("#line-payments")).to_contain_text(f"JP-{year}-{award.pk}")
    shots(city, "15-line-paid")
    line = BudgetLine.objects.get(pk=line.pk)
    assert (line.committed_fen, line.paid_fen) == (500_000, 500_000)

    # ------------------------------------------------------------ 8. the apprentice's certificate
    mine = awards["apprentice"]
    code = mine.certificate_code
    worker = as_user("t_apprentice")
    expect(worker.locator("a.my-link", has_text=MASTER)).to_have_text(
        f"{MASTER}（履行中 · 带教8.0学时 · 晋升1次）"
    )
    link = worker.locator("a.my-link", has_text=code)
    expect(link).to_contain_text(f"{year}年锦州市金牌师徒创新创效奖")
    shots(worker, "16-apprentice-home")
    link.click()
    expect(worker.locator("h1")).to_have_text(f"金牌师徒（徒弟）：{APPRENTICE}")
    expect(worker.locator("#amount")).to_have_text("2,000.00（已支付2,000.00）")
    expect(worker.locator("#code")).to_have_text(code)
    shots(worker, "17-apprentice-award")
    href = worker.locator("#certificate-link").get_attribute("href")
    response = worker.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()
    assert data.startswith(b"%PDF-")
    assert 10_000 < len(data) < 5_000_000, len(data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = "".join(p.extract_text() for p in reader.pages)
    assert code in text
    verify_path = re.search(r"/verify/([A-Z0-9]+)/", text)
    assert verify_path and verify_path.group(1) == code
    # Somebody else's certificate is not his.
    assert worker.request.get(f"/pairs/awards/{awards['master'].pk}/certificate.pdf").status == 404

    # ------------------------------------------------------------ a stranger verifies it
    page.goto("/verify/")
    page.locator("#id_code").fill(code.lower())
    page.locator("#verify-form").get_by_role("button", name="查询").click()
    result = page.locator("#verify-result")
    expect(result).to_have_attribute("data-genuine", "true")
    expect(result).to_contain_text("经核验，该证书真实有效")
    # The facts the certificate states, as for the five-smalls certificates (the name as printed
    # on it): no amount, no ID or phone number.
    facts = result.locator("dd")
    expect(facts).to_have_text([APPRENTICE, UNIT, PAIR, "金牌师徒（徒弟）", str(year), world.city.name, code])
    for private in ("2,000", id_number, id_number[-6:], phone, phone[-4:]):
        expect(result).not_to_contain_text(private)
    expect(page.get_by_role("link", name="登录")).to_be_visible()
    shots(page, "18-verify")
