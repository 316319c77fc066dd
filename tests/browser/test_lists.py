"""Filtering a list in place (htmx) and exporting what it shows.

Defect 9: every list page raised `htmx:syntax:error` (`change from:#filter-form select`: a
selector with a space must be parenthesised). The page fixture now fails a test on any console
or htmx error, so loading any list here is itself the check. Defect 8: after filtering in place the
Excel link was still `?export=xlsx` and exported every row (31 exported, 7 shown)."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect


def exported_rows(page) -> list[tuple]:
    with page.expect_download() as download:
        page.locator("#export-link").click()
    data = download.value.path().read_bytes()
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))[1:]


@pytest.mark.browser
def test_a_drop_down_refilters_in_place_and_the_export_follows_the_filter(page, logged_in, world):
    logged_in("t_city")
    page.goto("/org/workers/")
    expect(page.locator("#result-count")).to_have_text("共 10 条")
    assert len(exported_rows(page)) == 10
    page.evaluate("window.__sameDocument = 'yes'")

    page.locator("#id_district").select_option(label="黑山县总工会")

    expect(page.locator("#result-count")).to_have_text("共 4 条")
    assert page.evaluate("window.__sameDocument") == "yes"  # swapped in by htmx, not reloaded
    href = page.locator("#export-link").get_attribute("href")
    assert parse_qs(urlsplit(href).query) == {"district": [str(world.heishan.pk)], "export": ["xlsx"]}
    rows = exported_rows(page)
    assert sorted(r[1] for r in rows) == sorted(["黑山职工一", "黑山职工二"] * 2)

    # Searching on top of it (Enter in the text box) narrows both again.
    page.locator("#id_q").fill("职工一")
    page.locator("#id_q").press("Enter")
    expect(page.locator("#result-count")).to_have_text("共 2 条")
    expect(page.locator("#export-link")).to_have_attribute(
        "href", f"?q=%E8%81%8C%E5%B7%A5%E4%B8%80&district={world.heishan.pk}&export=xlsx"
    )
    assert sorted(r[4] for r in exported_rows(page)) == ["黑山丁物流有限公司", "黑山丙化工有限公司"]
    assert page.evaluate("window.__sameDocument") == "yes"
