"""报告数据（实时）: one row per figure the report quotes, live within the scope, linked to its rows."""

from innovation.studios.models import StudioLevel, StudioType
from tests.studios.builders import make_studio


def _rows(client, user):
    client.force_login(user)
    response = client.get("/dashboard/report-figures/")
    assert response.status_code == 200
    return {r.key: r for r in response.context["rows"]}


def test_the_report_figures_are_live_and_linked(client, rows):
    w = rows.world
    figures = _rows(client, w.users["city"])
    assert figures["achievements_total"].value == 6
    assert figures["achievements_total"].url == "/achievements/?filed=true"
    assert figures["studios_total"].value == 3
    cell = figures["studios_by_type_level.worker.city"]
    assert (cell.value, cell.quoted) == (2, "25个")
    assert cell.url == "/studios/?status=active&type=worker&level=city"
    client.force_login(w.users["city"])
    listed = client.get(cell.url).context["table"].page.paginator.count
    assert listed == 2
    # A new city worker studio shows at once.
    make_studio(w, "新职工创新工作室", "edu", studio_type=StudioType.WORKER, level=StudioLevel.CITY)
    assert _rows(client, w.users["city"])["studios_by_type_level.worker.city"].value == 3


def test_a_county_sees_the_report_figures_of_its_own_area(client, rows):
    figures = _rows(client, rows.world.users["yixian"])
    assert figures["achievements_total"].value == 3
    assert figures["studios_total"].value == 2
    assert figures["studios_by_type_level.model_worker.provincial"].value == 1


def test_the_api_twin_of_the_report_figures(client, rows):
    client.force_login(rows.world.users["city"])
    data = client.get("/api/v1/dashboard/report-figures").json()["figures"]
    by_key = {r["key"]: r for r in data}
    assert by_key["studios_total"]["value"] == 3 and by_key["studios_total"]["quoted"] == "91个"
    client.force_login(rows.world.users["worker"])
    assert client.get("/api/v1/dashboard/report-figures").status_code == 403


def test_benefit_by_channel_links_to_its_rows(client, rows):
    client.force_login(rows.world.users["city"])
    data = client.get("/dashboard/").context["data"]
    chart = next(c for c in data["charts"] if c["key"] == "benefit_by_channel")
    points = dict(zip(chart["categories"], chart["series"][0]["data"]))
    # Verified benefit of the achievements filed since 2019: 1,000.40 + 2,000.00 + 500.00 yuan.
    assert points["五小创新"]["value"] == 3500
    listed = client.get(points["五小创新"]["url"]).context["table"].page.paginator.count
    assert listed == 3
    # Under a year filter the chart (the whole scope since 2019) says so instead of showing figures.
    filtered = client.get("/dashboard/", {"year": 2024}).context["data"]
    chart = next(c for c in filtered["charts"] if c["key"] == "benefit_by_channel")
    assert chart["series"] == [] and "不按年度" in chart["note"]
