"""The demo's studio lead, 高颖明 (demo_gaoyingming), as he finds the platform (issue 8,
defect 14): his home links to his studio, whose page lists its 21 incubated achievements; the
studio list and the naming history give the same document number; 李营's award notification
names the campaign once."""

from playwright.sync_api import expect

from tests.demo_site.conftest import log_in

STUDIO = "高颖明劳模创新工作室"


def test_the_studio_lead_reaches_his_studio_and_its_21_incubated_achievements(demo_site, browser_page):
    page = log_in(browser_page, "demo_gaoyingming")

    page.get_by_role("link", name=f"{STUDIO}（带头人）").click()

    expect(page.locator("h1")).to_have_text(STUDIO)
    expect(page.locator("#incubated-count")).to_have_text("21")
    expect(page.locator("#incubated li")).to_have_count(21)
    expect(page.get_by_text("您的权限范围内没有可查看的成果明细")).to_have_count(0)
    # One document number for the current naming: the history's 2018 provincial naming.
    expect(page.locator("#namings tbody tr").last).to_contain_text("辽工发〔2018〕11号")
    page.goto("/studios/?q=" + STUDIO)
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr")).to_contain_text("辽工发〔2018〕11号")


def test_every_demo_studio_shows_its_highest_naming_s_number_and_the_award_note_names_its_campaign_once(
    demo_site,
):
    out = demo_site.manage(
        "shell",
        "-c",
        "from innovation.studios.models import Studio; from innovation.studios import selectors; "
        "from innovation.notifications.models import Notification; "
        "print(sum(s.document_no != selectors.highest_naming(s.namings.all()).document_no "
        "for s in Studio.objects.prefetch_related('namings')), Studio.objects.count()); "
        "print(Notification.objects.get(user__username='demo_liying', title__contains='荣获').body.split(' ')[0])",
    ).stdout.splitlines()

    assert out[-2] == "0 91"
    assert out[-1] == "2020年锦州市职工“五小”创新成果征集活动，您的奖金为5,000.00元，证书验证码"
