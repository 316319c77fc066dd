"""Assessment and revocation pages and API: run, list, export, proposals, revoke, rubrics, scope."""

from decimal import Decimal

import pytest

from innovation.studios.models import Assessment, Studio, StudioType
from innovation.studios.reports import assessment
from tests.studios.builders import make_studio

from .report_builders import RUBRIC_2019, incubate, make_rubric, sheet, verified_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(world, model_worker):
    """2022 and 2023 assessed: 高颖明 (义县) excellent in 2023; 黑山丙 (黑山县) unqualified twice."""
    make_rubric(2019)
    gao = make_studio(world, "高颖明劳模创新工作室", studio_type=StudioType.MODEL_WORKER, leader=model_worker)
    hs = make_studio(world, "黑山丙化工职工创新工作室", "hs_a")
    incubate(world, gao, 2023, verified="6000000.00", patents=4)
    verified_report(world, gao, 2023, problems=5, people=120, benefit="0")
    city = world.users["city"]
    assessment.run_assessment(year=2022, actor=city)
    assessment.run_assessment(year=2023, actor=city)
    return {"gao": gao, "hs": hs}


def test_city_list_counts_filters_and_export(client, world, assessed):
    client.force_login(world.users["city"])
    response = client.get("/studios/assessments/?year=2023")
    assert response.status_code == 200
    assert {a.studio.name for a in response.context["table"].data} == {
        "高颖明劳模创新工作室",
        "黑山丙化工职工创新工作室",
    }
    assert [(v, n) for v, _label, n in response.context["result_counts"]] == [
        ("excellent", 1),
        ("qualified", 0),
        ("unqualified", 1),
    ]
    assert response.context["run_form"] is not None
    only = client.get("/studios/assessments/?result=unqualified")
    assert {a.year for a in only.context["table"].data} == {2022, 2023}
    rows = sheet(client.get("/studios/assessments/?year=2023&result=excellent&export=xlsx"))
    header, (row,) = rows[0], rows[1:]
    assert row[header.index("工作室")] == "高颖明劳模创新工作室"
    # 1 × 5 + 4 × 5 + 5 × 4 (max 20) + 120 × 0.1 (max 10) + 600 × 0.2 (max 20) = 75
    assert (Decimal(str(row[header.index("得分")])), row[header.index("考核结果")]) == (Decimal("75"), "优秀")
    detail = client.get(
        f"/studios/assessments/{Assessment.objects.get(studio=assessed['gao'], year=2023).pk}/"
    )
    assert [i["points"] for i in detail.context["items"]] == ["5.00", "20.00", "20.00", "10.00", "20.00"]


def test_yixian_sees_no_heishan_assessments(client, world, assessed):
    client.force_login(world.users["yixian"])
    response = client.get("/studios/assessments/")
    assert {a.studio.name for a in response.context["table"].data} == {"高颖明劳模创新工作室"}
    assert response.context["run_form"] is None
    assert {r[2] for r in sheet(client.get("/studios/assessments/?export=xlsx"))[1:]} == {
        "高颖明劳模创新工作室"
    }
    hs_row = Assessment.objects.filter(studio=assessed["hs"]).first()
    assert client.get(f"/studios/assessments/{hs_row.pk}/").status_code == 404
    assert {r["studio_name"] for r in client.get("/api/v1/studio-assessments").json()["results"]} == {
        "高颖明劳模创新工作室"
    }
    assert client.get(f"/api/v1/studio-assessments/{hs_row.pk}").status_code == 404
    assert client.get("/studios/revocations/").status_code == 403
    assert client.post("/studios/assessments/run/", {"year": 2023}).status_code == 403
    assert client.get("/api/v1/studio-assessments/revocation-proposals?year=2023").status_code == 403


def test_run_proposals_and_revoke_through_the_pages(client, world, assessed):
    client.force_login(world.users["city"])
    response = client.post("/studios/assessments/run/", {"year": 2023, "note": ""})
    assert response.url == "/studios/revocations/?year=2023"  # a proposal is waiting
    page = client.get("/studios/revocations/?year=2023")
    assert [p["studio"] for p in page.context["proposals"]] == [assessed["hs"]]
    hs = assessed["hs"]
    form = client.get(f"/studios/revocations/{hs.pk}/?reason=连续两年不合格")
    assert form.context["form"].initial["reason"] == "连续两年不合格"
    bad = client.post(
        f"/studios/revocations/{hs.pk}/", {"document_no": "", "reason": "x", "on": "2024-03-01"}
    )
    assert bad.status_code == 400
    ok = client.post(
        f"/studios/revocations/{hs.pk}/",
        {"document_no": "锦工发〔2024〕5号", "reason": "2022—2023年连续2年考核不合格", "on": "2024-03-01"},
    )
    assert ok.url == "/studios/revocations/"
    hs.refresh_from_db()
    assert (hs.status, hs.revoke_document_no) == (Studio.Status.REVOKED, "锦工发〔2024〕5号")
    after = client.get("/studios/revocations/?year=2023")
    assert after.context["proposals"] == []
    assert [s.name for s in after.context["revoked"]] == ["黑山丙化工职工创新工作室"]
    # History stays: its assessments are still listed, marked revoked.
    listing = client.get("/studios/assessments/?studio_status=revoked")
    assert {a.studio_id for a in listing.context["table"].data} == {hs.pk}


def test_rubric_pages(client, world, assessed):
    client.force_login(world.users["city"])
    assert client.get("/studios/assessments/rubrics/").context["can_create"] is True
    form = client.get("/studios/assessments/rubrics/new/")
    assert form.status_code == 200
    import json

    response = client.post(
        "/studios/assessments/rubrics/new/",
        {
            "effective_year": 2024,
            "criteria": json.dumps(RUBRIC_2019),
            "excellent_from": "85",
            "qualified_from": "60",
            "revoke_after_unqualified": "2",
            "one_roster_only": "on",
            "note": "2024年修订",
        },
    )
    assert response.url == "/studios/assessments/rubrics/"
    bad = client.post(
        "/studios/assessments/rubrics/new/",
        {
            "effective_year": 2023,
            "criteria": "[",
            "excellent_from": "85",
            "qualified_from": "60",
            "revoke_after_unqualified": "2",
        },
    )
    assert bad.status_code == 400
    client.force_login(world.users["yixian"])
    assert client.get("/studios/assessments/rubrics/new/").status_code == 403


def test_assessment_api_run_proposals_revoke_and_rubrics(client, world, assessed):
    client.force_login(world.users["city"])
    run = client.post("/api/v1/studio-assessments/run", {"year": 2023}, content_type="application/json")
    assert run.status_code == 200
    body = run.json()
    assert (body["assessed"], body["excellent"], body["unqualified"]) == (2, 1, 1)
    assert [p["studio_name"] for p in body["proposals"]] == ["黑山丙化工职工创新工作室"]
    proposals = client.get("/api/v1/studio-assessments/revocation-proposals?year=2023").json()
    assert [p["years"] for p in proposals] == [[2022, 2023]]
    assert client.get("/api/v1/studio-assessments/revocation-proposals?year=x").status_code == 400

    hs = assessed["hs"]
    bad = client.post("/api/v1/studio-revocations", {"studio": hs.pk, "document_no": "", "reason": "x"})
    assert bad.status_code == 400
    done = client.post(
        "/api/v1/studio-revocations",
        {
            "studio": hs.pk,
            "document_no": "锦工发〔2024〕5号",
            "reason": "连续两年考核不合格",
            "on": "2024-03-01",
        },
        content_type="application/json",
    )
    assert done.status_code == 201, done.json()
    assert done.json()["status"] == "revoked"
    again = client.post(
        "/api/v1/studio-revocations",
        {"studio": hs.pk, "document_no": "x", "reason": "y"},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert [r["id"] for r in client.get("/api/v1/studio-revocations").json()["results"]] == [hs.pk]

    rubrics = client.get("/api/v1/studio-rubrics").json()["results"]
    assert [r["effective_year"] for r in rubrics] == [2019]
    created = client.post(
        "/api/v1/studio-rubrics",
        {"effective_year": 2024, "criteria": RUBRIC_2019, "excellent_from": "80", "qualified_from": "50"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    dup = client.post(
        "/api/v1/studio-rubrics",
        {"effective_year": 2024, "criteria": RUBRIC_2019, "excellent_from": "80", "qualified_from": "50"},
        content_type="application/json",
    )
    assert dup.status_code == 400

    client.force_login(world.users["yixian"])
    refused = client.post("/api/v1/studio-assessments/run", {"year": 2023}, content_type="application/json")
    assert refused.status_code == 403
