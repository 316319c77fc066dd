"""查重 in the browser: a unit submits a near-copy (traditional characters, other amounts) of its
own earlier item; it is warned, not blocked, and sees both texts side by side; the city records
its verdict on the pair, which the item then shows."""

import pytest
from playwright.sync_api import expect

from innovation.achievements import services
from innovation.achievements.models import DuplicatePair, State
from innovation.core import workflow as kernel
from tests.achievements.conftest import full_fields, make_campaign
from tests.similarity.texts import BATTERY, BATTERY_TRADITIONAL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _item(world, campaign, texts, title):
    return services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"].pk, "share": 100}],
        **full_fields(title=title, problem=texts[1], solution=texts[2], effect=texts[3]),
    )


def test_a_near_copy_is_flagged_with_a_diff_and_the_city_judges_it(as_user, world):
    campaign = make_campaign(world)
    earlier = _item(world, campaign, BATTERY, "单体电压自动巡检记录仪")
    kernel.run(obj=earlier, step="submit", actor=world.users["unit"], pledge=True)
    newer = _item(world, campaign, BATTERY_TRADITIONAL, "蓄電池組充放電試驗自動數據記錄裝置")

    unit = as_user("t_unit")
    unit.goto(f"/achievements/{newer.pk}/")
    unit.locator("#pledge-submit").check()
    unit.locator("#step-submit").click()
    expect(unit.locator("#state-badge")).to_have_text("待县区预审")
    expect(unit.get_by_text("该成果与1项已申报的成果相似")).to_be_visible()
    box = unit.locator("#duplicates")
    expect(box).to_contain_text("与已申报的成果相似")
    expect(box.locator(".duplicate-earlier")).to_have_text("单体电压自动巡检记录仪")
    expect(box.locator(".duplicate-diff")).to_be_visible()
    expect(box.locator(".duplicate-diff del").first).to_be_visible()
    expect(box.locator(".verdict-form")).to_have_count(0)
    newer.refresh_from_db()
    assert newer.state == State.SUBMITTED

    city = as_user("t_city")
    city.goto(f"/achievements/{newer.pk}/")
    form = city.locator("#duplicates .verdict-form")
    form.locator("select[name=verdict]").select_option("resubmission")
    form.locator("input[name=note]").fill("同一完成人将旧作改为繁体字再次申报")
    form.get_by_role("button", name="记录认定").click()
    expect(city.get_by_text("已认定：本人旧作再报")).to_be_visible()
    expect(city.locator("#duplicates .duplicate-verdict")).to_have_text("本人旧作再报")
    pair = DuplicatePair.objects.get()
    assert (pair.newer_id, pair.earlier_id, pair.verdict) == (newer.pk, earlier.pk, "resubmission")
    assert pair.verdict_by == world.users["city"]
