"""The skills-competition path of issue 11 ("Done means"), in the browser: the city sets up an
event with its occupation, places, title rules and marking scheme and puts three judges of the
pool on the panel; the unit registers one contestant on the form and two from Excel; the city
confirms them and starts the event; the city enters the theory scores; the three judges score on
their sheets; the chief judge locks; the city computes the results — two contestants tie on the
total and the declared rule (practical first) ranks them — locks the marking and publishes the
results, finalises (prizes committed), pays the prizes, confirms a promotion; the winner's
certificate is downloaded and verified on /verify/; the promotion list is exported.

The services set up only the starting data: the three workers (中级工), the three experts of
another county's unit, and the year's 技能竞赛经费 line.

The marks (sections A 60 = A1 /10 + A2 /10, B 40 = B1 judgement /6, every judge B1 = 3, so B =
100; theory 30 : practical 70):
    甲 A1 8 A2 8 → A 80, practical 0.6 × 80 + 40 = 88, theory 60 → 18 + 61.6 = 79.600
    乙 A1 6 A2 6 → A 60, practical 76,                theory 88 → 26.4 + 53.2 = 79.600
    丙 A1 5 A2 5 → A 50, practical 70,                theory 50 → 15 + 49 = 64.000
甲 and 乙 tie on the total; practical (88 > 76) ranks 甲 first."""

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from innovation.competitions.models import (
    Aspect,
    Competition,
    CompetitionAward,
    CompetitionState,
    PromotionRecommendation,
    PromotionState,
    Registration,
)
from innovation.funds import services as funds_services
from innovation.funds.models import BudgetLine, LineKind
from tests.competitions.builders import judge
from tests.factories import make_worker, new_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "锦州市叉车司机职业技能大赛"
NAMES = ("叉车甲", "叉车乙", "叉车丙")
MARKS = {"叉车甲": ("8", "8"), "叉车乙": ("6", "6"), "叉车丙": ("5", "5")}
THEORY = {"叉车甲": "60", "叉车乙": "88", "叉车丙": "50"}
PLACES = "一等奖|1|3000\n二等奖|1|2000\n三等奖|1|1000"
TITLE_RULES = "1|1|技术能手|技师\n2|3||高级工"
SECTIONS = "A|场地驾驶|60\nB|安全操作|40"
ASPECTS = (
    "A|A1|绕桩行驶|measurement|10\n"
    "A|A2|叉取货物|measurement|10\n"
    "B|B1|安全规范|judgement|6|未完成|基本完成|完成良好|完成出色"
)


@pytest.fixture
def shots(pytestconfig):
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "competition-path"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return _shot


def alert(page: Page, kind: str = "success"):
    return page.locator(f"main .alert-{kind}")


def step(page: Page, name: str) -> None:
    page.locator(f"#step-{name}").click()


def excel(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "报名"
    ws.append(["工种代码", "姓名", "身份证号码"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_event_from_its_scheme_to_the_verified_certificate(
    world, as_user, browser, live_server, shots, tmp_path
):
    # ------------------------------------------------------------ the starting data
    today = datetime.date.today()
    year = today.year
    enterprise = world.units["yx_a"]
    numbers = {name: new_id_number("210727") for name in NAMES}
    workers = {
        name: make_worker(enterprise, name, skill_level="4", id_number=numbers[name]) for name in NAMES
    }
    judges = [judge(world, f"cc{i}", employer=world.units["hs_a"]) for i in range(3)]
    funds_services.line_create(
        actor=world.users["city"],
        union=world.city,
        year=year,
        kind=LineKind.COMPETITION,
        name="技能竞赛经费",
        amount_fen=1_000_000,
    )

    # ------------------------------------------------------------ 1. the city sets the event up
    city = as_user("t_city")
    city.goto("/competitions/")
    city.locator("#create-link").click()
    city.locator("#id_title").fill(TITLE)
    city.locator("#id_level").select_option("city")
    city.locator("#id_year").fill(str(year))
    city.locator("#id_venue").fill("锦州市职业技术学院实训场")
    city.locator("#id_registration_opens_on").fill((today - datetime.timedelta(days=1)).isoformat())
    city.locator("#id_registration_closes_on").fill((today + datetime.timedelta(days=10)).isoformat())
    city.locator("#id_starts_on").fill((today + datetime.timedelta(days=15)).isoformat())
    city.locator("#id_ends_on").fill((today + datetime.timedelta(days=16)).isoformat())
    city.locator("#form-save").click()
    expect(alert(city)).to_contain_text("赛事已设立")
    expect(city.locator("h1")).to_have_text(TITLE)
    competition = Competition.objects.get(title=TITLE)

    city.locator("#occupation-new").click()
    city.locator("#id_code").fill("CC")
    city.locator("#id_title").fill("叉车司机")
    city.locator("#id_quota_per_unit").fill("3")
    city.locator("#id_tie_break").fill("practical,time")
    city.locator("#id_places").fill(PLACES)
    city.locator("#id_title_rules").fill(TITLE_RULES)
    city.locator("#form-save").click()
    expect(alert(city)).to_contain_text("工种已添加")
    city.locator("#id_sections").fill(SECTIONS)
    city.locator("#id_aspects").fill(ASPECTS)
    city.locator("#form-save").click()
    expect(alert(city)).to_contain_text("评分方案已保存")
    expect(city.locator("#occupation-CC table.scheme tbody tr")).to_have_count(3)
    shots(city, "01-event-and-scheme")

    city.locator("#judges-CC").click()
    for i, expert in enumerate(judges):
        city.locator("#id_expert").select_option(value=str(expert.pk))
        for box in city.locator("#judge-form input[name=aspects]").all():
            box.check()
        if i == 0:
            city.locator("#id_chief").check()
        city.locator("#judge-add").click()
        expect(alert(city)).to_contain_text("已加入裁判组")
    expect(city.locator("#panel tbody tr")).to_have_count(3)
    expect(city.locator("#unjudged")).to_have_count(0)
    shots(city, "02-panel")
    city.goto(f"/competitions/{competition.pk}/")
    step(city, "open_registration")
    expect(city.locator("#state-badge")).to_have_text("报名中")

    # ------------------------------------------------------------ 2. the unit registers
    unit = as_user("t_unit")
    unit.goto("/competitions/registrations/new/")
    occupation = competition.occupations.get()
    unit.locator("#id_occupation").select_option(value=str(occupation.pk))
    unit.locator("#id_worker").select_option(value=str(workers["叉车甲"].pk))
    unit.locator("#form-save").click()
    expect(alert(unit)).to_contain_text("已报名，待主办方确认")
    unit.goto("/competitions/registrations/new/")
    unit.locator("#open-competitions a", has_text="Excel批量报名").click()
    upload = tmp_path / "报名.xlsx"
    upload.write_bytes(excel([("CC", name, numbers[name]) for name in ("叉车乙", "叉车丙")]))
    unit.locator("#id_file").set_input_files(str(upload))
    unit.locator("#form-save").click()
    expect(alert(unit)).to_contain_text("已报名2人")
    assert Registration.objects.filter(occupation=occupation).count() == 3
    shots(unit, "03-registered")

    # ------------------------------------------------------------ 3. confirmed, closed, started
    for registration in Registration.objects.filter(occupation=occupation).order_by("pk"):
        city.goto(f"/competitions/registrations/{registration.pk}/")
        step(city, "confirm")
        expect(alert(city)).to_contain_text("已办理")
    city.goto(f"/competitions/{competition.pk}/")
    step(city, "close_registration")
    expect(city.locator("#state-badge")).to_have_text("报名已截止")
    step(city, "start")
    expect(city.locator("#state-badge")).to_have_text("比赛中")
    regs = {
        r.worker.name: r for r in Registration.objects.filter(occupation=occupation).select_related("worker")
    }
    assert all(r.card_number and r.anonymous_number for r in regs.values())

    # ------------------------------------------------------------ 4. theory, then the judges' sheets
    city.goto(f"/competitions/occupations/{occupation.pk}/theory/")
    for name, score in THEORY.items():
        city.locator(f"#s-{regs[name].pk}").fill(score)
    city.locator("#theory-save").click()
    expect(alert(city)).to_contain_text("已保存3项理论成绩")

    aspects = {a.code: a for a in Aspect.objects.filter(occupation=occupation)}
    for i, expert in enumerate(judges):
        sheet = as_user(expert.user.username)
        sheet.goto("/competitions/judging/")
        sheet.locator("a", has_text="评分表").first.click()
        expect(sheet.locator("#sheet tbody tr")).to_have_count(3)
        for name, (a1, a2) in MARKS.items():
            reg = regs[name]
            sheet.locator(f"#m-{reg.pk}-{aspects['A1'].pk}").fill(a1)
            sheet.locator(f"#m-{reg.pk}-{aspects['A2'].pk}").fill(a2)
            sheet.locator(f"#m-{reg.pk}-{aspects['B1'].pk}").fill("3")
        sheet.locator("#sheet-save").click()
        expect(alert(sheet)).to_be_visible()
        if i == 0:
            chief = sheet
    chief.reload()
    expect(chief.locator("#missing")).to_contain_text("尚有0项评分未录入")
    chief.locator("#sign-off").click()
    expect(chief.locator("#locked")).to_be_visible()
    shots(chief, "04-chief-locked")

    # ------------------------------------------------------------ 5. results, tie by rule, publish
    city.goto(f"/competitions/{competition.pk}/")
    city.locator("#results-CC").click()
    city.locator("#compute").click()
    expect(alert(city)).to_contain_text("成绩已计算")
    rows = city.locator("#results tbody tr:not(.table-light)")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("叉车甲")
    expect(rows.nth(0)).to_contain_text("79.600")
    expect(rows.nth(0)).to_contain_text("一等奖")
    expect(rows.nth(0)).to_contain_text("技术能手")
    expect(rows.nth(1)).to_contain_text("叉车乙")
    expect(rows.nth(1)).to_contain_text("79.600")
    expect(rows.nth(1)).to_contain_text("二等奖")
    expect(rows.nth(2)).to_contain_text("64.000")
    expect(city.locator("#runs")).to_contain_text("首次计算")
    shots(city, "05-results")

    city.goto(f"/competitions/{competition.pk}/")
    step(city, "lock_marking")
    expect(city.locator("#state-badge")).to_have_text("评分已锁定")
    step(city, "publish")
    expect(city.locator("#state-badge")).to_have_text("成绩已公布")
    stranger = browser.new_context(base_url=live_server.url, locale="zh-CN")
    public = stranger.new_page()
    public.goto(f"/competitions/{competition.pk}/public/")
    expect(public.locator("#public-CC tbody tr")).to_have_count(3)
    expect(public.locator("#public-CC")).to_contain_text("叉车甲")
    expect(public.locator("#public-CC")).not_to_contain_text("79.600")

    # ------------------------------------------------------------ 6. final: prizes, promotions
    step(city, "finalise")
    expect(city.locator("#state-badge")).to_have_text("已办结")
    city.locator("#voucher_prefix").fill("JS")
    city.locator("#pay-all").click()
    expect(alert(city)).to_contain_text("奖金已支付")
    line = BudgetLine.objects.get(year=year, kind=LineKind.COMPETITION)
    assert (line.committed_fen, line.paid_fen) == (600_000, 600_000)
    first = PromotionRecommendation.objects.get(registration=regs["叉车甲"])
    city.locator(f"#cert-{first.pk}").fill("2026210700000001")
    city.locator("#promotions-card button").first.click()
    expect(alert(city)).to_contain_text("晋级已确认")
    first.refresh_from_db()
    assert first.state == PromotionState.CONFIRMED
    workers["叉车甲"].refresh_from_db()
    assert workers["叉车甲"].skill_level == "2"
    shots(city, "06-final")

    # ------------------------------------------------------------ 7. certificate, check, export
    award = CompetitionAward.objects.get(registration=regs["叉车甲"])
    city.goto(f"/competitions/awards/{award.pk}/")
    response = city.request.get(city.locator("#certificate-link").get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "叉车甲" in text and award.certificate_code in text
    public.goto(f"/verify/{award.certificate_code}/")
    expect(public.locator("main")).to_contain_text("叉车甲")
    expect(public.locator("main")).to_contain_text("一等奖")
    stranger.close()

    exported = city.request.get(f"/competitions/promotions/?competition={competition.pk}&export=xlsx")
    assert exported.status == 200
    sheet_rows = list(load_workbook(io.BytesIO(exported.body())).active.iter_rows(values_only=True))
    assert [r[4] for r in sheet_rows[1:] if r[0]] == ["叉车甲", "叉车乙", "叉车丙"]
    competition.refresh_from_db()
    assert competition.state == CompetitionState.FINAL
