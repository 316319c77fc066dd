"""Bad filters get a clear Chinese reason (a 400, no chart), and the API twin answers exactly the
page's data under the same filters and scope."""

import json

import pytest

from tests.dashboards.conftest import charts_of


def test_a_district_outside_the_scope_is_refused_with_a_reason(client, rows):
    w = rows.world
    client.force_login(w.users["yixian"])
    response = client.get("/dashboard/", {"district": w.heishan.pk})
    assert response.status_code == 400
    body = response.content.decode()
    assert "所选县(市、区)/产业工会不存在或不在您的权限范围内" in body
    assert 'id="dashboard-data"' not in body and "dashboard-chart" not in body
    api = client.get("/api/v1/dashboard", {"district": w.heishan.pk})
    assert api.status_code == 400
    assert "不在您的权限范围内" in api.json()["district"][0]
    # The same answer for a district that does not exist: nothing learnt about other areas.
    missing = client.get("/api/v1/dashboard", {"district": 999999}).json()
    assert missing == api.json()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"year": "abc"}, "year"),
        ({"year": "1899"}, "year"),
        ({"year": "99999999999999999999999"}, "year"),
        ({"node": "-1"}, "node"),
        ({"node": str(2**64)}, "node"),
        ({"district": "1.5"}, "district"),
    ],
)
def test_malformed_filters_are_a_400_not_a_500(client, rows, params, field):
    client.force_login(rows.world.users["city"])
    response = client.get("/api/v1/dashboard", params)
    assert response.status_code == 400 and field in response.json()
    assert client.get("/dashboard/", params).status_code == 400


def test_a_node_outside_the_scope_or_the_district_is_refused(client, rows):
    w = rows.world
    client.force_login(w.users["yixian"])
    assert client.get("/api/v1/dashboard", {"node": w.units["hs_a"].union.pk}).status_code == 400
    client.force_login(w.users["city"])
    response = client.get("/api/v1/dashboard", {"district": w.yixian.pk, "node": w.units["hs_a"].union.pk})
    assert response.status_code == 400 and "不在所选县" in response.json()["node"][0]
    # A unit union is not a district.
    assert client.get("/api/v1/dashboard", {"district": w.units["yx_a"].union.pk}).status_code == 400


def test_a_worker_cannot_filter_by_area(client, rows):
    w = rows.world
    client.force_login(w.users["worker"])
    response = client.get("/api/v1/dashboard", {"node": w.units["yx_a"].union.pk})
    assert response.status_code == 400 and "本人" in response.json()["node"][0]


@pytest.mark.parametrize(
    "who, params",
    [
        ("city", {}),
        ("city", {"year": 2023, "district": "yixian"}),
        ("yixian", {}),
        ("unit", {}),
        ("worker", {}),
    ],
)
def test_the_api_twin_answers_the_pages_data(client, rows, who, params):
    w = rows.world
    if params.get("district") == "yixian":
        params = {**params, "district": w.yixian.pk}
    client.force_login(w.users[who])
    page = client.get("/dashboard/", params).context["data"]
    api = client.get("/api/v1/dashboard", params)
    assert api.status_code == 200
    assert api.json() == json.loads(json.dumps(page))


def test_the_api_twin_of_a_county_holds_only_its_figures(client, rows):
    client.force_login(rows.world.users["yixian"])
    data = client.get("/api/v1/dashboard").json()
    assert charts_of(data)["achievements_by_year"]["申报成果"] == {"2023": 2, "2024": 1}
    assert "黑山" not in json.dumps(data, ensure_ascii=False)


def test_the_home_page_loads_the_dashboard_for_staff_and_the_worker(client, rows):
    w = rows.world
    client.force_login(w.users["yixian"])
    home = client.get("/").content.decode()
    todos_at, slot_at = home.find('id="home-todos"'), home.find('hx-get="/dashboard/home/"')
    assert slot_at > 0 and (todos_at == -1 or todos_at < slot_at)  # the to-do list stays on top
    fragment = client.get("/dashboard/home/")
    assert fragment.status_code == 200 and 'id="home-dashboard"' in fragment.content.decode()
    assert [c["key"] for c in fragment.context["data"]["charts"]] == [
        "achievements_by_year",
        "achievements_by_area",
    ]
    client.force_login(w.users["worker"])
    assert client.get("/dashboard/home/").context["data"]["scope"] == "self"


def test_the_schema_documents_the_dashboard(client, rows):
    schema = client.get("/api/v1/openapi.json").json()
    names = {p["name"] for p in schema["paths"]["/api/v1/dashboard"]["get"]["parameters"]}
    assert names == {"year", "district", "node"}
