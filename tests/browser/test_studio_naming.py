"""The naming path in the browser: the unit applies, 义县 recommends, the city names the studio;
the studio page, its plaque link and the counts page."""

import pytest
from playwright.sync_api import expect

from innovation.studios.models import Studio
from tests.factories import make_worker
from tests.studios.builders import honour, make_studio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_unit_applies_the_district_recommends_the_city_names(as_user, world, artifacts_dir):
    leader = make_worker(world.units["yx_a"], "高颖明")
    honour(leader)
    make_studio(world, "黑山丙化工职工创新工作室", "hs_a")

    unit = as_user("t_unit")
    unit.goto("/studios/applications/new/")
    unit.locator("#id_name").fill("高颖明劳模创新工作室")
    unit.locator("#id_type").select_option("model_worker")
    unit.locator("#id_leader").select_option(label="高颖明（钳工）")
    unit.locator("#id_results_so_far").fill("优化操作法，航煤多产2吨/小时，年创效近600万元。")
    unit.locator("#id_plan").fill("三年培养技师10名。")
    unit.locator("#form-save").click()
    expect(unit.locator("#state-badge")).to_have_text("草稿")
    unit.locator("#step-submit").click()
    expect(unit.locator("#state-badge")).to_have_text("待县区推荐")

    district = as_user("t_yixian")
    district.goto("/studios/applications/?awaiting=me")
    district.get_by_role("link", name="高颖明劳模创新工作室").click()
    district.locator("#workflow-actions textarea[name=reason]").first.fill("成果突出，同意推荐。")
    district.locator("#step-recommend").click()
    expect(district.locator("#state-badge")).to_have_text("待市总审核")

    city = as_user("t_city")
    city.goto("/studios/applications/?awaiting=me")
    city.get_by_role("link", name="高颖明劳模创新工作室").click()
    city.locator("#id_inspection_record").fill("现场考察：场地、设备、制度齐全。")
    city.locator("#id_panel_opinion").fill("同意命名。")
    city.locator("#id_document_no").fill("锦工发〔2024〕8号")
    city.locator("#step-name").click()
    expect(city.locator("#state-badge")).to_have_text("已命名")
    expect(city.locator("#plaque-link")).to_be_visible()
    city.screenshot(path=str(artifacts_dir / "studio_application_named.png"), full_page=True)
    city.locator("#studio-link").click()
    expect(city.locator("#studio-name")).to_have_text("高颖明劳模创新工作室")
    expect(city.locator("#members")).to_contain_text("带头人")
    city.screenshot(path=str(artifacts_dir / "studio_detail.png"), full_page=True)
    city.goto("/studios/stats/")
    expect(city.locator("#grand-total")).to_have_text("2")
    city.screenshot(path=str(artifacts_dir / "studio_stats.png"), full_page=True)
    city.goto("/studios/")
    assert Studio.objects.count() == 2
