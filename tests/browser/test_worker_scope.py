"""The worker list and detail pages, seen by roles with different scopes."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from innovation.audit.models import AuditAction, AuditEntry


def table_column(page, header: str) -> list[str]:
    """The texts of one column of the list table, found by its header."""
    headers = [h.strip() for h in page.locator("#list-container thead th").all_inner_texts()]
    index = headers.index(header) + 1
    return [
        t.strip() for t in page.locator(f"#list-container tbody tr td:nth-child({index})").all_inner_texts()
    ]


@pytest.mark.browser
@pytest.mark.parametrize(
    "username, count, units, other_district",
    [
        # 锦州市第一中学 is located in 义县 but hangs under the city's 教育 union,
        # so its workers (锦州职工一/二) are not 义县's to see.
        ("t_yixian", 4, {"义县甲机械有限公司", "义县乙食品有限公司"}, "黑山"),
        ("t_heishan", 4, {"黑山丙化工有限公司", "黑山丁物流有限公司"}, "义县"),
    ],
    ids=["yixian", "heishan"],
)
def test_worker_list_follows_the_union_tree(page, logged_in, world, username, count, units, other_district):
    logged_in(username)
    page.goto("/org/workers/")

    expect(page.locator("#result-count")).to_have_text(f"共 {count} 条")
    expect(page.locator("#list-container tbody tr")).to_have_count(count)
    prefix = next(iter(units))[:2]
    assert sorted(table_column(page, "姓名")) == sorted([f"{prefix}职工一", f"{prefix}职工二"] * 2)
    assert set(table_column(page, "所在单位")) == units
    for text in (other_district, "锦州职工", "锦州市第一中学"):
        expect(page.locator("#list-container")).not_to_contain_text(text)
    # Personal data in the list is masked.
    for masked in table_column(page, "身份证号码"):
        assert re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", masked), masked

    # The district filter offers only the user's own part of the tree.
    options = page.locator("#id_district option").all_inner_texts()
    assert options and not any(other_district in o or "教育" in o for o in options), options


@pytest.mark.browser
@pytest.mark.parametrize("target", ["hs_a_1", "edu_1"])
def test_worker_detail_outside_scope_is_a_404(page, logged_in, world, target, console):
    console.allow(r"status of 404 .*/org/workers/\d+/")  # out of scope, opened on purpose
    logged_in("t_yixian")
    worker = world.workers[target]

    response = page.goto(f"/org/workers/{worker.pk}/")

    assert response.status == 404
    expect(page.locator(".display-3")).to_have_text("404")
    expect(page.get_by_text("页面不存在，或不在您的权限范围内。")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(worker.name)
    expect(page.locator("body")).not_to_contain_text(worker.enterprise.name)
    assert (
        AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=world.users["yixian"]).count() == 1
    )


@pytest.mark.browser
def test_worker_detail_inside_scope_opens(page, logged_in, world):
    logged_in("t_yixian")
    worker = world.workers["yx_b_2"]

    response = page.goto(f"/org/workers/{worker.pk}/")

    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(worker.name)
    expect(page.get_by_role("link", name=worker.enterprise.name)).to_be_visible()


@pytest.mark.browser
def test_search_narrows_the_list_in_place_and_updates_the_url(page, logged_in, world, live_server):
    logged_in("t_city")
    page.goto("/org/workers/")
    expect(page.locator("#result-count")).to_have_text("共 10 条")
    # A full page load would wipe this; an htmx swap keeps it.
    page.evaluate("window.__sameDocument = 'yes'")

    page.locator("#id_q").fill("黑山")
    with page.expect_request(lambda r: urlsplit(r.url).path == "/org/workers/" and "q=" in r.url) as req:
        page.locator("#id_q").press("Enter")
    assert req.value.headers.get("hx-request") == "true"

    expect(page.locator("#result-count")).to_have_text("共 4 条")
    expect(page.locator("#list-container tbody tr")).to_have_count(4)
    assert set(table_column(page, "所在单位")) == {"黑山丙化工有限公司", "黑山丁物流有限公司"}
    expect(page).to_have_url(re.compile(r"/org/workers/\?.*q="))
    assert parse_qs(urlsplit(page.url).query)["q"] == ["黑山"]
    assert page.evaluate("window.__sameDocument") == "yes"
    # The partial went into the container: still one page frame, one filter form.
    expect(page.locator("#filter-form")).to_have_count(1)
    expect(page.locator("#main-nav")).to_have_count(1)
    expect(page.locator("#id_q")).to_have_value("黑山")

    # A select narrows on change, without pressing the button.
    page.locator("#id_district").select_option(label="义县总工会")
    expect(page.locator("#result-count")).to_have_text("共 0 条")
    assert page.evaluate("window.__sameDocument") == "yes"
    assert parse_qs(urlsplit(page.url).query)["district"] == [str(world.yixian.pk)]

    # The pushed URL is a real address: loading it gives the same narrowed list.
    page.goto("/org/workers/?q=%E9%BB%91%E5%B1%B1")
    expect(page.locator("#result-count")).to_have_text("共 4 条")


@pytest.mark.browser
def test_reveal_shows_the_full_id_number_and_is_audited(page, logged_in, world):
    logged_in("t_yixian")
    worker = world.workers["yx_a_1"]
    full = worker.id_number
    assert re.fullmatch(r"210727\d{11}[\dX]", full)

    page.goto(f"/org/workers/{worker.pk}/")
    shown = page.locator("#reveal-id_number")
    expect(shown).to_have_text(f"{full[:6]}********{full[-4:]}")
    expect(page.locator("body")).not_to_contain_text(full)

    page.locator("#reveal-id-button").click()

    expect(page.locator("#revealed-id_number")).to_have_text(full)
    # The button goes once used: each further reveal would be another audit entry.
    expect(page.locator("#reveal-id-button")).to_have_count(0)
    entries = AuditEntry.objects.filter(action=AuditAction.REVEAL, actor=world.users["yixian"])
    assert entries.count() == 1
    assert full not in str(list(entries.values()))


@pytest.mark.browser
def test_submitting_an_untouched_filter_form_keeps_the_same_rows(page, logged_in, world):
    """Regression: the 在职 select once had no blank choice, so it showed '是' over an unfiltered
    list and the first submission silently added is_active=true, hiding 离职 workers."""
    leaver = world.workers["hs_b_2"]
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    logged_in("t_city")
    page.goto("/org/workers/")
    expect(page.locator("#result-count")).to_have_text("共 10 条")
    expect(page.locator("#id_is_active option:checked")).to_have_text("全部")

    page.locator("#filter-submit").click()

    expect(page).to_have_url(re.compile(r"\?"))
    expect(page.locator("#result-count")).to_have_text("共 10 条")
    expect(page.locator("#list-container")).to_contain_text(leaver.enterprise.name)

    page.locator("#id_is_active").select_option(label="否")
    expect(page.locator("#result-count")).to_have_text("共 1 条")
    assert parse_qs(urlsplit(page.url).query)["is_active"] == ["false"]
