"""The award path of issue 4 end to end, in the browser: after the formal check, the city admin
assigns experts; three experts score; the city ranks, proposes and adjusts the decision, two
city admins approve it (four-eyes) and it is published; a worker objects and is answered; after
the notice period the decision becomes final; the author downloads their certificate, anyone
checks it, and the city pays one commitment from the budget line.

Everything happens through the pages. The services only set up the starting data (items that
passed the formal check, the expert pool, a budget line) and the clock is moved once: the
notice period is made to have ended, instead of waiting seven days.

Screenshots of every stage go to test-artifacts/award-path/."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Frame, Page, expect
from pypdf import PdfReader

from innovation.accounts.roles import Role
from innovation.achievements.models import Achievement, Campaign, Field, State
from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards.models import Award, AwardShare, Decision, Objection
from innovation.experts.models import Assignment
from innovation.funds import services as funds_services
from innovation.funds.models import BudgetLine, Commitment, LineKind
from innovation.review.models import ItemResult
from tests.achievements.conftest import make_campaign
from tests.experts.conftest import make_expert, make_item
from tests.factories import PASSWORD, make_user

# The three items that passed the formal check, best first by the experts' scores below.
TITLE_A = "数控车床刀具磨损在线监测装置"  # 义县甲机械 — the author t_worker's item
TITLE_B = "反应釜温度联锁报警改造"  # 黑山丙化工
TITLE_C = "教学楼照明节能控制系统"  # the school

# Scores per expert per item, one value per rubric criterion (创新性 30, 实用性 30, 经济效益 25,
# 推广价值 15; every maximum 100).
SCORES = {
    "e_wang": {TITLE_A: [92, 90, 88, 85], TITLE_B: [80, 82, 78, 75], TITLE_C: [70, 72, 68, 65]},
    "e_li": {TITLE_A: [88, 86, 90, 80], TITLE_B: [78, 80, 76, 82], TITLE_C: [75, 70, 72, 70]},
    "e_zhang": {TITLE_A: [95, 92, 90, 88], TITLE_B: [84, 80, 82, 78], TITLE_C: [66, 68, 70, 72]},
}
WEIGHTS = [30, 30, 25, 15]
ADJUST_REASON = "与第二名差距较大，评审委员会评议后降为三等奖。"
OBJECTION_REASON = "该成果的温度联锁方案与我单位2022年的改造方案相同，请核实是否为原创。"
ANSWER = "经核查，两项方案的联锁逻辑和报警阈值不同，该成果为独立完成，异议不成立。"
AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$")


def weighted_total(values: list[int]) -> Decimal:
    """The rubric's weighted total on the 100-point scale, as the review service computes it."""
    total = sum(Decimal(v) * w for v, w in zip(values, WEIGHTS, strict=True)) / sum(WEIGHTS)
    return total.quantize(Decimal("0.001"))


def mean_of(title: str) -> Decimal:
    totals = [weighted_total(SCORES[e][title]) for e in SCORES]
    return (sum(totals) / len(totals)).quantize(Decimal("0.001"))


def pdf_text(data: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def embedded_fonts(data: bytes) -> list[tuple[str, str]]:
    """(BaseFont, font-file key) of every font embedded in the PDF."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for d in [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]:
                descriptor = d["/FontDescriptor"].get_object()
                found += [
                    (str(d["/BaseFont"]), k)
                    for k in ("/FontFile", "/FontFile2", "/FontFile3")
                    if k in descriptor
                ]
    return found


@pytest.fixture
def shots(pytestconfig):
    """shots(page, name): a full-page screenshot test-artifacts/award-path/<name>.png."""
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "award-path"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    _shot.folder = folder
    return _shot


def pdf_viewer(page: Page) -> Frame:
    """The frame of Chromium's built-in PDF viewer showing the page's PDF."""

    def is_viewer(frame: Frame) -> bool:
        return frame.url.startswith("chrome-extension://")

    found = [f for f in page.frames if is_viewer(f)]
    return found[0] if found else page.wait_for_event("framenavigated", predicate=is_viewer)


def alert(page: Page, kind: str = "success"):
    return page.locator(f"main .alert-{kind}")


def score_my_items(expert: Page, username: str, shots) -> None:
    """An expert scores their three items: the first one saved as a draft before it is submitted."""
    expert.goto("/review/")
    expect(expert.locator("h1")).to_have_text("我的评审任务")
    expect(expert.locator("#my-tasks tbody tr")).to_have_count(3)
    expect(expert.locator("#my-progress")).to_contain_text("已提交 0 / 3 项")
    for n, (title, values) in enumerate(SCORES[username].items(), start=1):
        expert.locator("#my-tasks").get_by_role("link", name=title).click()
        expect(expert.locator("#item-title")).to_have_text(title)
        inputs = expert.locator("#criteria input.score-input")
        expect(inputs).to_have_count(4)
        if n == 1:
            inputs.nth(0).fill(str(values[0]))
            inputs.nth(1).fill(str(values[1]))
            expert.locator("#id_comment").fill("方案可行，先保存，核对材料后再提交。")
            expert.locator("#save-draft").click()
            expect(alert(expert)).to_contain_text("草稿已保存")
            expect(inputs.nth(0)).to_have_value(f"{values[0]}.00")
            expect(inputs.nth(2)).to_have_value("")
            if username == "e_wang":
                shots(expert, "03-expert-draft-saved")
        for i, value in enumerate(values):
            inputs.nth(i).fill(str(value))
        expert.locator("#id_comment").fill(f"{username}：创新点明确，效益数据有财务证明。")
        expert.locator("#submit-sheet").click()
        expect(alert(expert)).to_contain_text("评分已提交")
        expect(expert.locator("#my-progress")).to_contain_text(f"已提交 {n} / 3 项")
    row = expert.locator("#my-tasks tbody tr").filter(has_text=TITLE_A)
    expect(row).to_contain_text(str(weighted_total(SCORES[username][TITLE_A])))


@pytest.mark.browser
def test_from_formal_check_to_paid_award(as_user, page, world, shots):
    # ------------------------------------------------------------ the starting data
    campaign = make_campaign(world)
    Campaign.objects.filter(pk=campaign.pk).update(
        experts_per_item=3, review_deadline=timezone.now() + datetime.timedelta(days=10)
    )
    campaign.refresh_from_db()
    author, coauthor = world.workers["yx_a_1"], world.workers["yx_a_2"]
    items = {
        TITLE_A: make_item(
            world,
            campaign,
            "yx_a",
            Field.EFFICIENCY,
            title=TITLE_A,
            authors=[{"worker": author.pk, "share": 60}, {"worker": coauthor.pk, "share": 40}],
        ),
        TITLE_B: make_item(world, campaign, "hs_a", Field.SAFETY, title=TITLE_B),
        TITLE_C: make_item(world, campaign, "edu", Field.ENERGY, title=TITLE_C),
    }
    assert {i.state for i in items.values()} == {State.READY_FOR_REVIEW}
    assert world.users["worker"].worker == author  # t_worker is the first author of item A

    fields = ("efficiency", "safety", "energy")
    experts = {
        "e_wang": make_expert(world, "e_wang", "专家王建国", outside="沈阳工业大学", fields=fields),
        "e_li": make_expert(world, "e_li", "专家李文华", outside="锦州市质量技术监督局", fields=fields),
        "e_zhang": make_expert(world, "e_zhang", "专家张立新", outside="辽宁工业大学", fields=fields),
    }
    for expert in experts.values():  # the first password was changed to the test one
        expert.user.set_password(PASSWORD)
        expert.user.save(update_fields=["password"])
    make_user("t_city2", (Role.CITY_ADMIN, world.city))
    objector_worker = world.workers["hs_b_1"]
    make_user("t_worker_hs", (Role.WORKER, world.units["hs_b"].union), worker=objector_worker)
    line = funds_services.line_create(
        actor=world.users["city"],
        union=world.city,
        year=campaign.year,
        kind=LineKind.FIVE_SMALLS,
        name="五小专项经费",
        amount_fen=5_000_000,  # 50,000.00 yuan
    )
    grades = {g.code: g for g in campaign.grades.all()}
    prize = {code: grades[code].prize_fen for code in ("first", "second", "third")}

    # ------------------------------------------------------------ 1. automatic assignment
    city = as_user("t_city")
    city.goto(f"/experts/assignments/?campaign={campaign.pk}")
    expect(city.locator("h1")).to_have_text(f"评审专家分配 · {campaign.title}")
    expect(city.locator("#assign-counts")).to_contain_text("3 / 0")
    expect(city.locator("#lacking-count")).to_have_text("3")
    expect(city.locator("#expert-progress tbody")).to_contain_text("尚未分配评审专家")
    shots(city, "01-assignment-before")
    city.locator("#auto-assign").click()

    expect(alert(city)).to_contain_text("自动分配完成：新增分配9条，3项成果配齐专家，0项未能配齐。")
    expect(city.locator("#report-assigned")).to_have_text("9")
    expect(city.locator("#assign-report")).to_contain_text("全部成果均已配齐专家。")
    expect(city.locator("#lacking-count")).to_have_text("0")
    expect(city.locator("#assign-counts")).to_contain_text("0 / 3")
    progress_rows = city.locator("#expert-progress tbody tr")
    expect(progress_rows).to_have_count(3)
    for expert in experts.values():
        expect(progress_rows.filter(has_text=expert.name).locator("td").nth(1)).to_have_text("3")
    shots(city, "02-assignment-done")
    assert Assignment.objects.filter(campaign=campaign, state=Assignment.State.ASSIGNED).count() == 9
    assert set(Achievement.objects.filter(campaign=campaign).values_list("state", flat=True)) == {
        State.UNDER_REVIEW
    }

    # ------------------------------------------------------------ 2. three experts score
    for username in SCORES:
        score_my_items(as_user(username), username, shots)
    assert Assignment.objects.filter(campaign=campaign, state=Assignment.State.SUBMITTED).count() == 9

    # ------------------------------------------------------------ 3. ranking
    city.goto("/review/ranking/")
    expect(city).to_have_url(re.compile(rf"/review/ranking/{campaign.pk}/$"))
    city.locator("#recompute").click()
    expect(alert(city)).to_contain_text("已重新计算：3项成果有评分结果。")
    ranking = city.locator("#ranking tbody tr")
    expect(ranking).to_have_count(3)
    for n, title in enumerate((TITLE_A, TITLE_B, TITLE_C)):
        expect(ranking.nth(n)).to_contain_text(title)
        expect(ranking.nth(n)).to_contain_text(str(mean_of(title)))
    shots(city, "04-ranking")
    ranking.nth(0).get_by_role("link", name=TITLE_A).click()
    for expert in experts.values():
        expect(city.locator("#sheets")).to_contain_text(expert.name)
    shots(city, "05-ranking-item")
    assert list(
        ItemResult.objects.filter(campaign=campaign).order_by("rank").values_list("score", flat=True)
    ) == [
        mean_of(TITLE_A),
        mean_of(TITLE_B),
        mean_of(TITLE_C),
    ]

    # ------------------------------------------------------------ 4. the committee's decision
    city.goto("/awards/decisions/")
    expect(city.locator("#propose-card")).to_be_visible()
    city.locator("#id_campaign").select_option(label=campaign.title)
    city.locator("#propose-submit").click()
    expect(alert(city)).to_contain_text("已按排名拟定审定方案。")
    expect(city).to_have_url(re.compile(r"/awards/decisions/\d+/$"))
    decision = Decision.objects.get(campaign=campaign)
    expect(city.locator("#decision-state")).to_have_text("拟定中")
    lines = {line.achievement.title: line for line in decision.lines.select_related("achievement")}
    # By rank within each grade's quota: 一等奖 1, 二等奖 2.
    for title, grade in ((TITLE_A, "一等奖"), (TITLE_B, "二等奖"), (TITLE_C, "二等奖")):
        expect(city.locator(f"#line-{lines[title].pk} .grade-cell")).to_have_text(grade)
    expect(city.locator("#tally-second")).to_contain_text("2 / 2")

    # The committee moves item C down to 三等奖, with its reason.
    row_c = city.locator(f"#line-{lines[TITLE_C].pk}")
    row_c.locator("select[name=grade]").select_option(label="三等奖")
    row_c.locator("input[name=reason]").fill(ADJUST_REASON)
    row_c.get_by_role("button", name="调整").click()
    expect(alert(city)).to_contain_text(f"「{TITLE_C}」已调整为：三等奖")
    expect(row_c.locator(".grade-cell")).to_have_text("三等奖")
    expect(row_c).to_contain_text(ADJUST_REASON)
    expect(city.locator("#tally-second")).to_contain_text("1 / 2")
    expect(city.locator("#tally-third")).to_contain_text("1 / 3")
    total_fen = prize["first"] + prize["second"] + prize["third"]
    expect(city.locator("#prize-total")).to_have_text(f"{total_fen / 100:,.2f}")

    # The prize money comes from this year's five-smalls line.
    city.locator("#id_budget_line").select_option(
        label=f"{campaign.year} 五小专项经费（预算50,000.00元，可用50,000.00元）"
    )
    city.locator("#budget-submit").click()
    expect(alert(city)).to_contain_text("奖金列支科目已设为")
    expect(city.locator("#budget-line")).to_have_text(f"{campaign.year} 五小专项经费")
    shots(city, "06-decision-draft-adjusted")

    # First approval. A stale second tab of the same admin shows the old button; pressing it
    # does not count as the second approval (four-eyes).
    stale = city.context.new_page()
    stale.goto(city.url)
    expect(stale.locator("#approve-first")).to_be_visible()
    city.locator("#approve-first").click()
    expect(alert(city)).to_contain_text("已审批。")
    expect(city.locator("#decision-state")).to_have_text("待第二人审批")
    expect(city.locator("#first-approver")).to_contain_text("t_city")
    expect(city.locator("#waiting-other")).to_be_visible()
    expect(city.locator("#approve-second")).to_have_count(0)
    expect(city.locator("#approve-first")).to_have_count(0)
    stale.locator("#approve-first").click()
    expect(alert(stale, "danger")).to_contain_text("四眼原则")
    expect(stale.locator("#decision-state")).to_have_text("待第二人审批")
    expect(stale.locator("#second-approver")).to_have_text("—")
    shots(stale, "07-decision-same-admin-refused")
    stale.close()
    decision.refresh_from_db()
    assert (decision.state, decision.first_approver, decision.second_approver) == (
        Decision.State.APPROVING,
        world.users["city"],
        None,
    )
    assert AuditEntry.objects.filter(
        action=AuditAction.REFUSED, actor=world.users["city"], detail__contains="四眼原则"
    ).exists()

    # The second city admin approves and the decision is locked.
    second = as_user("t_city2")
    second.goto("/awards/decisions/")
    second.locator("#list-container").get_by_role("link", name=campaign.title).click()
    expect(second.locator("#decision-state")).to_have_text("待第二人审批")
    expect(second.locator("#waiting-other")).to_have_count(0)
    second.locator("#approve-second").click()
    expect(alert(second)).to_contain_text("已审批。")
    expect(second.locator("#decision-state")).to_have_text("已审定")
    expect(second.locator("#second-approver")).to_contain_text("t_city2")
    expect(second.locator(".adjust-form")).to_have_count(0)  # locked: no more adjusting
    shots(second, "08-decision-locked")

    # ------------------------------------------------------------ 5. public notice
    city.reload()
    city.locator("#publish").click()
    expect(alert(city)).to_contain_text("已发布公示。")
    expect(city.locator("#decision-state")).to_have_text("公示中")
    expect(city.locator("#notice-period")).not_to_have_text("—")
    expect(city.locator("#finalise")).to_be_visible()
    expect(city.locator("#approvals")).to_contain_text("公示期未满。")

    # ------------------------------------------------------------ 6. a worker objects
    objector = as_user("t_worker_hs")
    objector.goto("/awards/notices/")
    objector.locator("#list-container").get_by_role("link", name=f"{campaign.title} 获奖名单公示").click()
    expect(objector.locator("#notice-state")).to_have_text("公示中")
    notice_rows = objector.locator("#notice-lines tbody tr")
    expect(notice_rows).to_have_count(3)
    expect(notice_rows.nth(0)).to_contain_text(TITLE_A)
    expect(notice_rows.nth(0)).to_contain_text("一等奖")
    expect(notice_rows.nth(0)).to_contain_text(f"{author.name}、{coauthor.name}")
    shots(objector, "09-notice")
    objector.locator("#id_line").select_option(label=f"{TITLE_B}（{world.units['hs_a'].name}，二等奖）")
    objector.locator("#id_reason").fill(OBJECTION_REASON)
    objector.locator("#objection-submit").click()
    expect(alert(objector)).to_contain_text("异议已提交")
    expect(objector.locator("#my-objections")).to_contain_text(OBJECTION_REASON)
    expect(objector.locator("#my-objections")).to_contain_text("待答复")
    shots(objector, "10-objection-raised")
    objection = Objection.objects.get(decision=decision)
    assert (objection.state, objection.line, objection.raised_by.username) == (
        Objection.State.OPEN,
        lines[TITLE_B],
        "t_worker_hs",
    )

    # The decision cannot become final while an objection is open.
    city.reload()
    expect(city.locator("#open-objections")).to_have_text("还有 1 条异议未答复。")

    # ------------------------------------------------------------ 7. the city answers it
    city.goto("/awards/objections/")
    item = city.locator(f"#objection-{objection.pk}")
    expect(item).to_contain_text(OBJECTION_REASON)
    expect(item).to_contain_text("待答复")
    # 异议不成立 is the preselected answer, so the admin leaves the select alone.
    expect(item.locator("select[name=upheld]")).to_have_value("false")
    expect(item.locator("select[name=upheld] option:checked")).to_have_text("异议不成立")
    item.locator("textarea[name=answer]").fill(ANSWER)
    item.get_by_role("button", name="答复").click()
    expect(alert(city)).to_contain_text("已答复异议。")
    expect(item).to_contain_text("异议不成立")
    expect(item).to_contain_text(ANSWER)
    expect(item.locator(".answer-form")).to_have_count(0)
    shots(city, "11-objection-answered")
    objection.refresh_from_db()
    assert (objection.state, objection.answered_by) == (Objection.State.DISMISSED, world.users["city"])

    objector.reload()
    expect(objector.locator("#my-objections")).to_contain_text("异议不成立")
    expect(objector.locator("#my-objections")).to_contain_text(ANSWER)

    # ------------------------------------------------------------ 8. the notice period ends
    # The one shortcut: the clock moves on by the notice period instead of waiting for it.
    city.goto(f"/awards/decisions/{decision.pk}/")
    expect(city.locator("#approvals")).to_contain_text("公示期未满。")
    city.locator("#finalise").click()  # too early: refused, nothing changes
    expect(alert(city, "danger")).to_contain_text("公示期满后才能生效")
    expect(city.locator("#decision-state")).to_have_text("公示中")
    elapsed = datetime.timedelta(days=campaign.notice_days, minutes=1)
    Decision.objects.filter(pk=decision.pk).update(
        notice_starts=F("notice_starts") - elapsed, notice_ends=F("notice_ends") - elapsed
    )
    city.reload()
    expect(city.locator("#approvals")).not_to_contain_text("公示期未满。")
    expect(city.locator("#open-objections")).to_have_count(0)
    city.locator("#finalise").click()

    expect(alert(city)).to_contain_text("审定已生效，获奖成果、奖金分配和经费承诺已生成。")
    expect(city.locator("#decision-state")).to_have_text("已生效")
    shots(city, "12-decision-final")
    assert Award.objects.filter(campaign=campaign).count() == 3
    assert set(Achievement.objects.filter(campaign=campaign).values_list("state", flat=True)) == {
        State.AWARDED
    }

    # ------------------------------------------------------------ 9. the awards
    city.locator("#awards-link").click()
    expect(city.locator("h1")).to_have_text("获奖成果")
    award_rows = city.locator("#list-container tbody tr")
    expect(award_rows).to_have_count(3)
    row_a = award_rows.filter(has_text=TITLE_A)
    expect(row_a).to_contain_text("一等奖")
    expect(row_a).to_contain_text(f"{prize['first'] / 100:,.2f}")
    expect(row_a).to_contain_text(f"{author.name}、{coauthor.name}")
    shots(city, "13-award-list")
    row_a.get_by_role("link", name=TITLE_A).click()
    expect(city.locator("h1")).to_have_text(TITLE_A)
    expect(city.locator("#award-grade")).to_have_text("一等奖")
    award = Award.objects.get(achievement=items[TITLE_A])
    share = AwardShare.objects.get(award=award, author__worker=author)
    coshare = AwardShare.objects.get(award=award, author__worker=coauthor)
    assert (share.amount_fen, coshare.amount_fen) == (prize["first"] * 60 // 100, prize["first"] * 40 // 100)
    share_row = city.locator(f"#share-{share.pk}")
    expect(share_row).to_contain_text("60%")
    expect(share_row.locator(".amount")).to_have_text(f"{share.amount_fen / 100:,.2f}")
    expect(share_row.locator(".commitment-state")).to_have_text("待支付")
    expect(city.locator("#share-total")).to_have_text(f"{prize['first'] / 100:,.2f}")
    expect(city.locator("#trace")).to_contain_text("t_city、t_city2")
    shots(city, "14-award-detail")

    # ------------------------------------------------------------ 10. the author's certificate
    worker = as_user("t_worker")
    worker.goto("/awards/")
    expect(worker.locator("#list-container tbody tr")).to_have_count(1)  # only their own award
    worker.locator("#list-container").get_by_role("link", name=TITLE_A).click()
    expect(worker.locator("#award-grade")).to_have_text("一等奖")
    link = worker.locator(f"#share-{share.pk}").get_by_role("link", name="证书PDF")
    expect(link).to_have_attribute("href", f"/awards/certificates/{share.pk}.pdf")
    href = link.get_attribute("href")
    # The link opens the certificate in Chromium's PDF viewer, which shows the PDF's title.
    link.click()
    expect(worker).to_have_url(re.compile(rf"{re.escape(href)}$"))
    viewer = pdf_viewer(worker)
    expect(viewer.locator("viewer-toolbar #title")).to_have_text(f"荣誉证书 · {author.name}")
    shots(worker, "15-certificate-in-browser")
    # The same URL read through the worker's signed-in session, to look inside the PDF.
    response = worker.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    data = response.body()
    certificate = shots.folder / "certificate.pdf"
    certificate.write_bytes(data)
    text = pdf_text(data)
    assert "荣誉证书" in text and author.name in text and TITLE_A in text and "一等奖" in text
    assert share.certificate_code in text
    fonts = embedded_fonts(data)
    assert any("Noto" in name and "CJK" in name for name, _key in fonts), fonts
    verify_path = re.search(r"/verify/([A-Z0-9]+)/", text)
    assert verify_path and verify_path.group(1) == share.certificate_code
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, actor=world.users["worker"], detail__contains=share.certificate_code
    ).exists()
    # The co-author's certificate is theirs alone.
    assert worker.request.get(f"/awards/certificates/{coshare.pk}.pdf").status == 404

    # ------------------------------------------------------------ 11. anyone checks it, signed out
    page.goto(verify_path.group(0))
    expect(page.locator("#verify-result")).to_have_attribute("data-genuine", "true")
    expect(page.locator("#verify-result")).to_contain_text("经核验，该证书真实有效")
    for fact in (author.name, TITLE_A, "一等奖", world.city.name, share.certificate_code):
        expect(page.locator("#verify-result")).to_contain_text(fact)
    expect(page.get_by_role("link", name="登录")).to_be_visible()
    shots(page, "16-verify-genuine")

    # ------------------------------------------------------------ 12. paying one commitment
    city.goto("/funds/lines/")
    city.locator("#list-container").get_by_role("link", name="五小专项经费").click()
    expect(city.locator("#line-money [data-key=committed]")).to_have_text(f"{total_fen / 100:,.2f}")
    expect(city.locator("#line-money [data-key=paid]")).to_have_text("0.00")
    commitment_rows = city.locator("#line-commitments tbody tr")
    expect(commitment_rows).to_have_count(4)  # 2 authors of A, 1 of B, 1 of C
    commitment = Commitment.objects.get(pk=share.commitment_id)
    commitment_rows.get_by_role("link", name=str(commitment.pk), exact=True).click()
    expect(city).to_have_url(re.compile(rf"/funds/commitments/{commitment.pk}/$"))
    expect(city.locator("#state-badge")).to_have_text("待支付")
    expect(city.locator("#commitment-facts")).to_contain_text(author.name)
    expect(city.locator("#policy-ref")).to_contain_text("一等奖")
    expect(city.locator("#approved-by")).to_have_text("t_city2")
    amount = f"{commitment.amount_fen / 100:.2f}"
    city.locator("#id_paid_on").fill(timezone.localdate().isoformat())
    city.locator("#id_voucher_no").fill(f"JZ-{campaign.year}-0017")
    city.locator("#id_amount").fill(amount)
    city.locator("#pay-submit").click()
    expect(alert(city)).to_contain_text(f"已登记支付 {commitment.amount_fen / 100:,.2f} 元")
    expect(city.locator("#state-badge")).to_have_text("已支付")
    expect(city.locator("#payments")).to_contain_text(f"JZ-{campaign.year}-0017")
    shots(city, "17-commitment-paid")

    city.locator("main").get_by_role("link", name="五小专项经费").click()
    money = city.locator("#line-money")
    expect(money.locator("[data-key=amount]")).to_have_text("50,000.00")
    expect(money.locator("[data-key=committed]")).to_have_text(f"{total_fen / 100:,.2f}")
    expect(money.locator("[data-key=paid]")).to_have_text(f"{commitment.amount_fen / 100:,.2f}")
    expect(money.locator("[data-key=unpaid]")).to_have_text(
        f"{(total_fen - commitment.amount_fen) / 100:,.2f}"
    )
    expect(money.locator("[data-key=available]")).to_have_text(f"{(line.amount_fen - total_fen) / 100:,.2f}")
    for key in ("amount", "committed", "paid", "unpaid", "available"):
        assert AMOUNT.match(money.locator(f"[data-key={key}]").inner_text().strip())
    shots(city, "18-budget-line")

    line.refresh_from_db()
    commitment.refresh_from_db()
    assert (line.committed_fen, line.paid_fen) == (total_fen, commitment.amount_fen)
    assert (commitment.state, commitment.paid_fen) == (Commitment.State.PAID, commitment.amount_fen)
    assert BudgetLine.objects.count() == 1
