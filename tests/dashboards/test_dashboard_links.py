"""Every chart point links to the list of exactly its rows: the list opened with the point's URL,
by the same user, counts as many rows as the point's value."""

import pytest

from tests.dashboards.conftest import points_of

COUNT_CHARTS = [
    "achievements_by_year",
    "achievements_by_area",
    "achievements_by_field",
    "achievements_by_kind",
    "studios_by_type_level",
    "my_achievements_by_year",
    "my_achievements_by_state",
]


def _rows_behind(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    filterset = response.context["filter"]
    assert filterset.is_valid(), (url, filterset.errors)
    return response.context["table"].page.paginator.count


@pytest.mark.parametrize(
    "who, params",
    [
        ("city", {}),
        ("city", {"year": 2023}),
        ("yixian", {}),
        ("heishan", {}),
        ("unit", {}),
        ("city", "unit-node"),
        ("worker", {}),  # his own small dashboard
    ],
)
def test_each_segment_leads_to_a_list_of_as_many_rows(client, rows, who, params):
    w = rows.world
    if params == "unit-node":
        params = {"node": w.units["hs_a"].union.pk}  # the city drilled down to a unit: links by enterprise
    client.force_login(w.users[who])
    data = client.get("/dashboard/", params).context["data"]
    checked = 0
    for key in COUNT_CHARTS:
        if not any(c["key"] == key for c in data["charts"]):
            continue
        for category, series, p in points_of(data, key):
            assert p["url"], (key, category, series)
            assert _rows_behind(client, p["url"]) == p["value"], (key, category, series, p["url"])
            checked += 1
    assert checked >= 3


def test_a_county_segment_on_the_city_dashboard_opens_that_countys_rows(client, rows):
    w = rows.world
    client.force_login(w.users["city"])
    data = client.get("/dashboard/").context["data"]
    (yixian,) = [
        p for cat, s, p in points_of(data, "achievements_by_area") if cat == "义县总工会" and s == "申报成果"
    ]
    assert yixian["url"] == f"/achievements/?filed=true&district={w.yixian.pk}"
    titles = {str(r.record) for r in client.get(yixian["url"]).context["table"].page.object_list}
    assert titles == {"甲一", "甲二", "乙一"}


def test_the_table_beneath_each_chart_links_every_number(client, rows):
    client.force_login(rows.world.users["city"])
    body = client.get("/dashboard/").content.decode()
    assert 'id="dashboard-data"' in body and 'class="dashboard-chart"' in body
    assert 'href="/achievements/?filed=true&amp;year=2023" class="point-link">3</a>' in body
    assert f'href="/dashboard/?node={rows.world.yixian.pk}"' in body  # the county's name drills down
    assert "<script>" not in body  # no inline script (CSP): data as json_script, code in dashboard.js
