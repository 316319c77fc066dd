"""The dashboard in the browser: a county's admin opens 数据看板 from the menu, the charts draw
(ECharts, no console error), clicking a bar opens the list of exactly its rows, and a number of
the table beneath does the same; the city drills down from a county's name (breadcrumb) and a
year filter narrows the whole dashboard; the home page shows the first charts under the to-dos.

Screenshots go to test-artifacts/dashboards/."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ..dashboards.conftest import rows  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The pixel of a series' point in a drawn chart, in page coordinates (ECharts' own conversion).
POINT_PIXEL = """([key, category, value]) => {
  const el = document.querySelector(`.dashboard-chart[data-chart="${key}"]`);
  const chart = echarts.getInstanceByDom(el);
  const [x, y] = chart.convertToPixel({seriesIndex: 0}, [category, value]);
  const box = el.getBoundingClientRect();
  return [box.left + x, box.top + y];
}"""


@pytest.fixture
def shots(pytestconfig):
    folder = Path(pytestconfig.rootpath) / "test-artifacts" / "dashboards"
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return _shot


def open_dashboard(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="数据看板", exact=True).click()
    expect(page.locator("h1")).to_have_text("数据看板")
    expect(page.locator('.dashboard-chart[data-chart="achievements_by_year"] canvas')).to_have_count(1)


def test_a_county_clicks_a_bar_and_a_number_and_the_city_drills_down(rows, as_user, shots):  # noqa: F811
    world = rows.world
    county = as_user(world.users["yixian"].username)
    open_dashboard(county)
    shots(county, "county")
    # 义县 filed 2 in 2023 (甲一, 甲二), 1 in 2024 (乙一): the table says so, each a link.
    table = county.locator('table[data-chart="achievements_by_year"]')
    expect(table.get_by_role("row", name="2023")).to_contain_text("2")
    # Click the 2023 bar of 申报成果 (the first series: a bar of 2 is left of the category's middle).
    x, y = county.evaluate(POINT_PIXEL, ["achievements_by_year", "2023", 1])
    width = county.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector('.dashboard-chart[data-chart="achievements_by_year"]'))
             .getWidth()"""
    )
    county.mouse.click(x - width / 16, y)
    expect(county).to_have_url("/achievements/?filed=true&year=2023")
    expect(county.locator("#list-container")).to_contain_text("共 2 条")
    county.go_back()
    county.locator('table[data-chart="achievements_by_year"]').get_by_role("row", name="2024").get_by_role(
        "link"
    ).first.click()
    expect(county.locator("#list-container")).to_contain_text("乙一")
    expect(county.locator("#list-container")).to_contain_text("共 1 条")

    city = as_user(world.users["city"].username)
    expect(city.locator("#home-dashboard")).to_be_visible()
    expect(city.locator("#home-dashboard canvas").first).to_be_visible()
    open_dashboard(city)
    city.locator('table[data-chart="achievements_by_area"]').get_by_role("link", name="义县").first.click()
    expect(city.locator("#dashboard-breadcrumb")).to_contain_text(world.city.name)
    expect(city.locator("#dashboard-breadcrumb .active")).to_have_text(world.units["yx_a"].union.parent.name)
    city.locator("#f-year").select_option("2024")
    city.get_by_role("button", name="查询").click()
    by_year = city.locator('table[data-chart="achievements_by_year"] tbody tr')
    expect(by_year).to_have_count(1)
    expect(by_year.first).to_contain_text("2024")
    shots(city, "city_drilled_2024")
