"""A technical breakthrough project in the browser: the studio's lead proposes it for his studio
with its members and milestones; the county approves it; the lead starts it, marks a milestone
done and concludes it with its result and benefit; the city verifies the benefit; the lead files
it as a five-smalls achievement with one button, and the draft opens with the project's texts;
filing again is no longer offered. The figure counts the verified benefit once.

Screenshots go to test-artifacts/projects/."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from innovation.achievements.models import Achievement
from innovation.core.stats import stats_for
from innovation.projects.models import Project

from ..achievements.conftest import make_campaign
from ..projects.conftest import pw  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "汽轮机轴封漏汽治理"


@pytest.fixture
def shots(pytestconfig):
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "projects"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return _shot


def open_project(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="技术攻关项目").click()
    page.get_by_role("row", name=TITLE).get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text(TITLE)


def test_a_project_from_proposal_to_an_achievement(pw, as_user, shots):  # noqa: F811
    w = pw.world
    make_campaign(w)
    today = timezone.localdate()

    # ------------------------------------------------------------ the studio's lead proposes
    lead = as_user("p_lead")
    lead.get_by_role("navigation", name="主菜单").get_by_role("link", name="技术攻关项目").click()
    lead.get_by_role("link", name="新建").click()
    form = lead.locator("#project-form")
    form.locator("#id_title").fill(TITLE)
    form.locator("#id_enterprise").select_option(str(w.units["yx_a"].pk))
    form.locator("#id_owner_kind").select_option("studio")
    form.locator("#id_studio").select_option(str(pw.studio.pk))
    form.locator("#id_start_on").fill((today - datetime.timedelta(days=30)).isoformat())
    form.locator("#id_end_on").fill((today + datetime.timedelta(days=90)).isoformat())
    form.locator("#id_members").select_option([str(w.workers["yx_a_1"].pk), str(w.workers["yx_a_2"].pk)])
    form.locator("#id_problem").fill("轴封漏汽导致油中带水。")
    form.locator("#id_goal").fill("漏汽量降低80%。")
    form.locator("#id_milestones").fill(f"{today.isoformat()} 完成方案设计")
    form.locator("#form-save").click()
    expect(lead.locator("h1")).to_have_text(TITLE)
    expect(lead.locator("#state-badge")).to_have_text("待审批")
    expect(lead.locator("#milestones")).to_contain_text("完成方案设计")

    # ------------------------------------------------------------ the county approves
    county = as_user("t_yixian")
    open_project(county)
    county.locator("#step-approve").click()
    expect(county.locator("#state-badge")).to_have_text("已立项")

    # ------------------------------------------------------------ the lead runs it to conclusion
    lead.reload()
    lead.locator("#step-start").click()
    expect(lead.locator("#state-badge")).to_have_text("攻关中")
    lead.locator("#milestones").get_by_role("button", name="标记完成").click()
    expect(lead.locator("#milestones")).to_contain_text("✓")
    lead.locator("#id_conclude-result").fill("漏汽消除，油质合格。")
    lead.locator("#id_conclude-benefit_claimed").fill("2720000")
    lead.locator("#id_conclude-benefit_basis").fill("减少停机与油耗。")
    lead.locator("#step-conclude").click()
    expect(lead.locator("#state-badge")).to_have_text("已结题")
    expect(lead.locator("#project-result")).to_have_text("漏汽消除，油质合格。")

    # ------------------------------------------------------------ the city verifies the benefit
    city = as_user("t_city")
    open_project(city)
    city.locator("#id_verify-benefit_verified").fill("2500000")
    city.locator("#verify").click()
    expect(city.locator("#project-verified")).to_contain_text("2,500,000.00")
    shots(city, "project-verified")

    # ------------------------------------------------------------ the lead files it
    lead.reload()
    lead.locator("#file").click()
    expect(lead.locator("h1")).to_contain_text(TITLE)
    expect(lead.locator("body")).to_contain_text("漏汽消除，油质合格。")
    expect(lead.locator("body")).to_contain_text("轴封漏汽导致油中带水。")
    shots(lead, "project-filed-draft")
    open_project(lead)
    expect(lead.locator("#filed-achievement")).to_have_text(TITLE)
    expect(lead.locator("#file")).to_have_count(0)

    project = Project.objects.get(title=TITLE)
    assert Achievement.objects.get().project == project
    figures = stats_for(w.users["city"])["benefit_by_channel_yuan"]
    assert figures["breakthrough"] == 2_500_000 and figures["five_smalls"] == 0
