"""The public notice as a member of the public finds it (issue 8, defect 15): from the login page,
without signing in, to a notice and its objection form, and the answer the city gives."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from innovation.awards.models import Objection
from tests.awards import decision_world as support
from tests.awards.decision_world import to_notice

city2 = support.city2
ranked = support.ranked


@pytest.fixture
def shots(pytestconfig):
    """shots(page, name): a full-page screenshot test-artifacts/public-notice/<name>.png."""
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "public-notice"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return _shot


@pytest.mark.browser
def test_a_member_of_the_public_reads_the_notice_and_objects(page, console, world, ranked, shots):
    decision = to_notice(ranked)
    first = ranked.items[0]

    page.goto("/accounts/login/")
    shots(page, "01-login-links")
    page.get_by_role("link", name="获奖名单公示").click()
    expect(page.locator("h1")).to_have_text("获奖名单公示")
    expect(page.locator("#notice-list a")).to_have_count(1)
    shots(page, "02-notice-list")

    page.locator("#notice-list a").first.click()
    expect(page.locator("#notice-lines tbody tr")).to_have_count(10)
    expect(page.locator("#notice-lines tbody tr").first).to_contain_text(first.title)
    expect(page.locator("#notice-lines tbody tr").first).to_contain_text("一等奖")
    expect(page.locator("#notice-state")).to_have_text("公示中")
    shots(page, "03-notice")

    # A wrong phone is refused in Chinese (the form comes back with status 400), and nothing is saved.
    console.allow(r"status of 400 \(Bad Request\) @ \S+/notices/\d+/objection/$")
    form = page.locator("#public-objection")
    form.get_by_label("异议对象").select_option(index=1)
    form.get_by_label("真实姓名").fill("张三")
    form.get_by_label("联系电话").fill("12345")
    form.get_by_label("异议理由").fill("该成果的经济效益计算依据不足。")
    page.locator("#objection-submit").click()
    expect(page.locator("#public-objection")).to_contain_text("请输入11位手机号码或带区号的固定电话。")
    shots(page, "04-objection-refused")
    assert not Objection.objects.exists()

    page.locator("#public-objection").get_by_label("联系电话").fill("13945678901")
    page.locator("#objection-submit").click()
    expect(page.locator("#objection-sent")).to_contain_text("139****8901")
    shots(page, "05-objection-sent")
    objection = Objection.objects.get()
    assert (objection.public_name, objection.phone, objection.line.achievement) == (
        "张三",
        "13945678901",
        first,
    )
    assert objection.decision == decision
    assert "13945678901" not in page.content()

    page.goto("/verify/")
    expect(page.locator("h1")).to_contain_text("获奖证书真伪查询")
