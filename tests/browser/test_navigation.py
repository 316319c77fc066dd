"""The menu and the buttons follow the role."""

import pytest
from playwright.sync_api import expect

ORG_ENTRIES = ["工会组织", "单位", "职工", "行政区划"]


def nav_link(page, label):
    return page.locator("#main-nav").get_by_role("link", name=label, exact=True)


@pytest.mark.browser
def test_city_admin_menu_has_org_entries_but_no_audit_log(page, logged_in, world):
    logged_in("t_city")

    nav = page.locator("#main-nav")
    expect(nav.locator(".nav-group", has_text="组织与职工")).to_have_count(1)
    expect(nav.locator(".nav-group", has_text="安全审计")).to_have_count(0)
    # All four org entries, in menu order (other groups may come and go around them).
    links = [t.strip() for t in nav.locator("a.nav-link").all_inner_texts()]
    assert links[0] == "首页" and [t for t in links if t in ORG_ENTRIES] == ORG_ENTRIES, links
    expect(nav_link(page, "审计日志")).to_have_count(0)

    nav_link(page, "职工").click()
    expect(page.locator("h1")).to_have_text("职工")
    expect(nav_link(page, "职工")).to_have_class("nav-link active")
    expect(page.locator("#create-link")).to_have_text("新建")


@pytest.mark.browser
def test_audit_admin_menu_has_audit_log_and_no_worker_entries(page, logged_in, world, console):
    console.allow(r"status of 403 .*/org/workers/")  # the refused list, opened on purpose
    logged_in("t_audit")

    nav = page.locator("#main-nav")
    expect(nav.locator(".nav-group", has_text="安全审计")).to_have_count(1)
    expect(nav.locator(".nav-group", has_text="组织与职工")).to_have_count(0)
    expect(nav_link(page, "审计日志")).to_be_visible()
    for label in ORG_ENTRIES:
        expect(nav_link(page, label)).to_have_count(0)
    expect(page.locator("#home-figures")).to_have_count(0)

    nav_link(page, "审计日志").click()
    expect(nav_link(page, "审计日志")).to_have_class("nav-link active")
    expect(page.locator("#result-count")).to_be_visible()

    # The worker list itself is refused, not just hidden from the menu.
    response = page.goto("/org/workers/")
    assert response.status == 403
    expect(page.locator("#result-count")).to_have_count(0)


@pytest.mark.browser
def test_worker_sees_own_record_but_no_create_button(page, logged_in, world):
    logged_in("t_worker")

    expect(nav_link(page, "职工")).to_be_visible()
    expect(nav_link(page, "审计日志")).to_have_count(0)

    nav_link(page, "职工").click()
    expect(page.locator("h1")).to_have_text("职工")
    expect(page.locator("#result-count")).to_have_text("共 1 条")
    expect(page.locator("#list-container tbody tr")).to_have_count(1)
    expect(page.locator("#list-container tbody tr").first).to_contain_text(world.workers["yx_a_1"].name)
    expect(page.locator("#create-link")).to_have_count(0)
    expect(page.get_by_role("link", name="新建")).to_have_count(0)
