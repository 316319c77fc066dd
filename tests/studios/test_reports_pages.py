"""Report pages and API: the lead's form, the city's list with filters, verify, export, scope."""

from decimal import Decimal

import pytest

from innovation.audit.models import AuditAction, AuditEntry
from innovation.studios.models import StudioType, YearReport
from innovation.studios.reports import services as reports
from tests.studios.builders import make_studio

from .report_builders import incubate, sheet, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_districts(world, model_worker):
    """A verified 2023 report in 义县 and a submitted one in 黑山县, a 2022 draft in 义县."""
    gao = make_studio(world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker)
    hs = make_studio(world, "黑山丙化工职工创新工作室", "hs_a")
    incubate(world, gao, 2023, verified="6000000.00", patents=1)
    incubate(world, hs, 2023, verified="100000.00")

    def report(studio, year, state):
        row = YearReport.objects.create(
            studio=studio,
            year=year,
            problems_solved=3,
            people_trained=40,
            reported_benefit=Decimal("10000"),
            summary="总结",
            state=state,
            scope_path=studio.scope_path,
        )
        if state == YearReport.State.VERIFIED:
            row.verified_by = world.users["city"]
            row.save()
        return row

    return {
        "gao": gao,
        "hs": hs,
        "yx_2023": report(gao, 2023, YearReport.State.VERIFIED),
        "yx_2022": report(gao, 2022, YearReport.State.DRAFT),
        "hs_2023": report(hs, 2023, YearReport.State.SUBMITTED),
    }


def test_city_list_with_figures_filters_and_export(client, world, two_districts):
    d = two_districts
    client.force_login(world.users["city"])
    response = client.get("/studios/reports/")
    assert response.status_code == 200
    assert table_rows(response) == {d["yx_2023"].pk, d["yx_2022"].pk, d["hs_2023"].pk}
    assert response.context["to_verify"] == 1
    html = response.content.decode()
    assert "6,000,000.00" in html  # the verified benefit from the records

    assert table_rows(client.get("/studios/reports/?year=2023")) == {d["yx_2023"].pk, d["hs_2023"].pk}
    assert table_rows(client.get("/studios/reports/?state=submitted")) == {d["hs_2023"].pk}
    assert table_rows(client.get(f"/studios/reports/?district={world.heishan.pk}")) == {d["hs_2023"].pk}
    assert table_rows(client.get("/studios/reports/?q=高颖明&year=2023")) == {d["yx_2023"].pk}

    rows = sheet(client.get("/studios/reports/?year=2023&export=xlsx"))
    assert rows[0][:3] == ["编号", "年度", "工作室"]
    by_name = {r[2]: r for r in rows[1:]}
    assert set(by_name) == {"高颖明劳模创新工作室", "黑山丙化工职工创新工作室"}
    gao = by_name["高颖明劳模创新工作室"]
    header = rows[0]
    assert gao[header.index("孵化成果(项)")] == 1
    assert gao[header.index("专利(件)")] == 1
    assert Decimal(str(gao[header.index("创效合计(元)")])) == Decimal("6010000.00")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="studios.yearreport").count() == 1


def test_yixian_sees_no_heishan_reports_anywhere(client, world, two_districts):
    d = two_districts
    client.force_login(world.users["yixian"])
    response = client.get("/studios/reports/")
    assert table_rows(response) == {d["yx_2023"].pk, d["yx_2022"].pk}
    assert "黑山" not in "".join(str(r.studio) for r in response.context["table"].data)
    rows = sheet(client.get("/studios/reports/?export=xlsx"))
    assert {r[2] for r in rows[1:]} == {"高颖明劳模创新工作室"}
    assert client.get(f"/studios/reports/{d['hs_2023'].pk}/").status_code == 404
    assert client.get(f"/studios/reports/edit/{d['hs'].pk}/2023/").status_code == 404
    assert client.get(f"/studios/{d['hs'].pk}/more/").status_code == 404
    api = client.get("/api/v1/studio-reports").json()
    assert {r["id"] for r in api["results"]} == {d["yx_2023"].pk, d["yx_2022"].pk}
    assert client.get(f"/api/v1/studio-reports/{d['hs_2023'].pk}").status_code == 404
    # ...and the district cannot verify its own either: that is the city's.
    assert client.post(f"/api/v1/studio-reports/{d['hs_2023'].pk}/verify", {}).status_code == 404


def test_lead_fills_the_form_and_submits(client, world, model_worker, studio_lead):
    gao = make_studio(world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker)
    incubate(world, gao, 2023, verified="6000000.00", patents=2)
    client.force_login(studio_lead)
    listing = client.get("/studios/reports/")
    assert listing.status_code == 200
    assert list(listing.context["start_form"].fields["studio"].queryset) == [gao]
    assert (
        client.get(f"/studios/reports/new/?studio={gao.pk}&year=2023").url
        == f"/studios/reports/edit/{gao.pk}/2023/"
    )
    assert client.get("/studios/reports/new/?studio=999999&year=2023").url == "/studios/reports/"

    page = client.get(f"/studios/reports/edit/{gao.pk}/2023/")
    assert page.status_code == 200
    figures = {f["key"]: f["value"] for f in page.context["figures"]}
    assert (figures["incubated"], figures["patents"], figures["verified_benefit"]) == (
        1,
        2,
        Decimal("6000000.00"),
    )

    bad = client.post(
        f"/studios/reports/edit/{gao.pk}/2023/",
        {"problems_solved": "-2", "people_trained": "10", "reported_benefit": "0", "summary": "x"},
    )
    assert bad.status_code == 400
    assert not YearReport.objects.exists()

    response = client.post(
        f"/studios/reports/edit/{gao.pk}/2023/",
        {
            "problems_solved": "5",
            "people_trained": "120",
            "reported_benefit": "300000",
            "summary": "多产航煤2吨/小时。",
            "action": "submit",
        },
    )
    report = YearReport.objects.get()
    assert response.url == f"/studios/reports/{report.pk}/"
    assert (report.state, report.problems_solved, report.people_trained) == ("submitted", 5, 120)
    # Submitted: the form sends the lead back to the report.
    assert client.get(f"/studios/reports/edit/{gao.pk}/2023/").status_code == 302

    client.force_login(world.users["city"])
    detail = client.get(f"/studios/reports/{report.pk}/")
    assert detail.context["verify_form"] is not None
    response = client.post(f"/studios/reports/{report.pk}/verify/", {"note": "属实"})
    report.refresh_from_db()
    assert (report.state, report.verify_note, report.verified_by) == ("verified", "属实", world.users["city"])


def test_studio_page_part_shows_reports_and_links(client, world, model_worker, studio_lead):
    gao = make_studio(world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker)
    reports.save_report(
        studio=gao, year=2023, actor=studio_lead, problems_solved=1, people_trained=2, reported_benefit=0
    )
    client.force_login(studio_lead)
    response = client.get(f"/studios/{gao.pk}/more/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="studio-reports"' in html and 'id="studio-alliances"' in html
    assert f"/studios/reports/edit/{gao.pk}/" in html  # the lead may fill this year's
    assert 'id="revoke-link"' not in html
    # The studio page loads this part (studios/_detail_lower.html).
    page = client.get(f"/studios/{gao.pk}/").content.decode()
    assert f'hx-get="/studios/{gao.pk}/more/"' in page
    client.force_login(world.users["city"])
    assert 'id="revoke-link"' in client.get(f"/studios/{gao.pk}/more/").content.decode()


def test_report_api_save_submit_verify(client, world, model_worker, studio_lead):
    gao = make_studio(world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker)
    incubate(world, gao, 2023, verified="6000000.00")
    client.force_login(studio_lead)
    data = {
        "studio": gao.pk,
        "year": 2023,
        "problems_solved": 5,
        "people_trained": 120,
        "reported_benefit": "0",
    }
    created = client.post("/api/v1/studio-reports", data, content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["figures"]["incubated"] == 1
    assert body["figures"]["verified_benefit"] == "6000000.00"
    assert body["figures"]["benefit_wan"] == "600.00"
    pk = body["id"]
    bad = client.patch(
        f"/api/v1/studio-reports/{pk}", {"people_trained": -5}, content_type="application/json"
    )
    assert bad.status_code == 400
    refused = client.post(f"/api/v1/studio-reports/{pk}/submit")
    assert refused.status_code == 400 and "summary" in refused.json()
    client.patch(f"/api/v1/studio-reports/{pk}", {"summary": "全年总结"}, content_type="application/json")
    assert client.post(f"/api/v1/studio-reports/{pk}/submit").json()["state"] == "submitted"
    assert client.post(f"/api/v1/studio-reports/{pk}/verify", {"note": "x"}).status_code == 403

    client.force_login(world.users["city"])
    verified = client.post(
        f"/api/v1/studio-reports/{pk}/verify", {"note": "属实"}, content_type="application/json"
    )
    assert verified.status_code == 200
    assert (verified.json()["state"], verified.json()["verified_by"]) == ("verified", "t_city")


PAGES = [
    "/studios/reports/",
    "/studios/assessments/",
    "/studios/assessments/rubrics/",
    "/studios/revocations/",
    "/studios/subsidies/",
    "/studios/subsidies/lines/",
    "/studios/subsidies/policies/",
    "/studios/alliances/",
]
# Who may open which list (the rest get 403, never a 500).
ALLOWED = {
    "city": set(PAGES),
    "yixian": {
        "/studios/reports/",
        "/studios/assessments/",
        "/studios/assessments/rubrics/",
        "/studios/alliances/",
    },
    "unit": {
        "/studios/reports/",
        "/studios/assessments/",
        "/studios/assessments/rubrics/",
        "/studios/alliances/",
    },
    "worker": {
        "/studios/reports/",
        "/studios/assessments/",
        "/studios/assessments/rubrics/",
        "/studios/alliances/",
    },
    "expert": set(),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_every_list_answers_each_role(client, world, two_districts, role):
    client.force_login(world.users[role])
    for url in PAGES:
        expected = 200 if url in ALLOWED[role] else 403
        assert client.get(url).status_code == expected, (role, url)
