"""Every place a user can upload a file: it is uploaded as a person (or an API client) would,
downloaded again with the same bytes, its real type and a Content-Disposition that names it,
and someone out of scope gets a 404 (a 403 where the whole page is not theirs).

The places: achievement attachments (the unit's page; the assigned expert downloads them from
the review), objection attachments (the notice page and the API), the Excel batch import of
achievements (the uploaded workbook is kept with its batch) and the Excel import of experts
(nothing is kept: what comes back is the pool's export). Studio applications and namings,
yearly reports and decisions carry document numbers, not files."""

import io
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from innovation.achievements.models import Attachment, ImportBatch
from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards.models import Objection
from innovation.core import workflow as kernel
from innovation.experts import importer as expert_importer
from innovation.experts.models import Assignment, ExpertProfile
from tests.achievements import test_import as achievement_import
from tests.achievements.conftest import full_fields, make_campaign
from tests.awards import decision_world as support
from tests.awards.decision_world import line_of, to_notice

city2 = support.city2
ranked = support.ranked

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_file(response, *, data: bytes, content_type: str, filename: str):
    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(filename)}"


def denied(object_type: str, object_id) -> int:
    return AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, object_type=object_type, object_id=str(object_id)
    ).count()


# ---------------------------------------------------------------- achievement attachments


@pytest.fixture
def draft(world):
    from innovation.achievements import services

    campaign = make_campaign(world)
    return services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"], "share": 100}],
        **full_fields(),
    )


def test_an_achievement_attachment_uploaded_on_its_page_downloads_again(client, world, draft):
    client.force_login(world.users["unit"])
    response = client.post(
        f"/achievements/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile("成果报告.pdf", PDF), "purpose": "material"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(achievement=draft)
    url = f"/achievements/{draft.pk}/attachments/{attachment.pk}/"
    assert url in client.get(f"/achievements/{draft.pk}/").content.decode()

    assert_file(client.get(url), data=PDF, content_type="application/pdf", filename="成果报告.pdf")
    # Their county sees it too; another county does not, and the attempt is audited.
    client.force_login(world.users["yixian"])
    assert_file(client.get(url), data=PDF, content_type="application/pdf", filename="成果报告.pdf")
    client.force_login(world.users["heishan"])
    assert client.get(url).status_code == 404
    assert denied("achievements.achievement", draft.pk) == 1
    # An attachment id is only found under its own achievement.
    other = make_other_achievement(world, draft)
    client.force_login(world.users["city"])
    assert client.get(f"/achievements/{other.pk}/attachments/{attachment.pk}/").status_code == 404


def make_other_achievement(world, draft):
    from innovation.achievements import services

    return services.achievement_create(
        actor=None,
        campaign=draft.campaign,
        enterprise=world.units["hs_a"],
        authors=[{"worker": world.workers["hs_a_1"], "share": 100}],
        **full_fields(title="另一项成果"),
    )


def test_the_assigned_expert_downloads_the_attachment_and_no_other_expert_does(client, world, draft):
    from tests.review.conftest import make_expert

    client.force_login(world.users["unit"])
    client.post(
        f"/achievements/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile("现场照片.png", PNG), "purpose": "material"},
    )
    attachment = Attachment.objects.get(achievement=draft)
    for step in ("submit", "recommend", "pass"):
        kernel.run(obj=draft, step=step, actor=None, pledge=True)
    kernel.run(obj=draft, step="assign", actor=world.users["city"], by_service=True)
    mine = Assignment.objects.create(
        campaign=draft.campaign,
        achievement=draft,
        expert=make_expert(world, "", "专家王一", user=world.users["expert"]),
        scope_path=draft.scope_path,
    )
    theirs = Assignment.objects.create(
        campaign=draft.campaign,
        achievement=draft,
        expert=make_expert(world, "t_expert2", "专家李二"),
        scope_path=draft.scope_path,
    )
    client.force_login(world.users["expert"])
    assert_file(
        client.get(f"/review/{mine.pk}/attachments/{attachment.pk}/"),
        data=PNG,
        content_type="image/png",
        filename="现场照片.png",
    )
    assert client.get(f"/review/{theirs.pk}/attachments/{attachment.pk}/").status_code == 404


# ---------------------------------------------------------------- objection attachments


def test_an_objection_attachment_from_the_notice_page_downloads_again(client, world, ranked):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[1])
    client.force_login(world.users["worker"])
    response = client.post(
        f"/awards/notices/{decision.pk}/objection/",
        {
            "line": line.pk,
            "reason": "与本单位成果雷同",
            "attachment": SimpleUploadedFile("雷同证明.pdf", PDF),
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    url = f"/awards/objections/{objection.pk}/attachment/"

    assert_file(client.get(url), data=PDF, content_type="application/pdf", filename="雷同证明.pdf")
    client.force_login(world.users["city"])
    assert url in client.get("/awards/objections/").content.decode()
    assert_file(client.get(url), data=PDF, content_type="application/pdf", filename="雷同证明.pdf")
    for other in ("yixian", "expert", "unit"):
        client.force_login(world.users[other])
        assert client.get(url).status_code == 404


def test_an_objection_attachment_from_the_api_downloads_again(client, world, ranked):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[2])
    client.force_login(world.users["expert"])
    response = client.post(
        "/api/v1/objections",
        {"line": line.pk, "reason": "数据有误", "attachment": SimpleUploadedFile("说明.png", PNG)},
    )
    assert response.status_code == 201, response.content
    objection = Objection.objects.get()
    url = f"/awards/objections/{objection.pk}/attachment/"
    assert_file(client.get(url), data=PNG, content_type="image/png", filename="说明.png")
    client.force_login(world.users["heishan"])
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------- Excel import of achievements


def test_an_imported_workbook_is_kept_and_downloads_again_for_its_uploader_only(client, world):
    campaign = make_campaign(world)
    content = achievement_import.workbook([achievement_import.row("导入的成果", world.workers["yx_a_1"])])
    client.force_login(world.users["yixian"])
    response = achievement_import.upload(client, campaign, content, name="义县成果汇总.xlsx")
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE
    url = reverse("achievements:import_file", args=[batch.pk])
    assert url in client.get(reverse("achievements:import_detail", args=[batch.pk])).content.decode()

    assert_file(client.get(url), data=content, content_type=XLSX, filename="义县成果汇总.xlsx")
    for other in ("city", "heishan"):
        client.force_login(world.users[other])
        assert client.get(url).status_code == 404
    client.force_login(world.users["worker"])
    assert client.get(url).status_code == 403


# ---------------------------------------------------------------- Excel import of experts


def test_an_expert_workbook_imports_and_its_rows_come_back_in_the_pools_export(client, world):
    client.force_login(world.users["city"])
    template = client.get("/experts/import/?template=1")
    assert template["Content-Type"] == XLSX
    assert template["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote('评审专家导入模板.xlsx')}"
    wb = Workbook()
    ws = wb.active
    ws.title = expert_importer.SHEET
    ws.append([str(c.header) for c in expert_importer.COLUMNS])
    ws.append(["刘工", "liu_gong", "锦州市第一中学", "", "高级教师", "安全生产", "化工", "13800002222"])
    buffer = io.BytesIO()
    wb.save(buffer)
    upload = SimpleUploadedFile("专家.xlsx", buffer.getvalue(), content_type=XLSX)
    assert client.post("/experts/import/", {"file": upload}).status_code == 200
    assert ExpertProfile.objects.filter(name="刘工").count() == 1

    export = client.get("/experts/?export=xlsx")
    assert export["Content-Type"] == XLSX and export["Content-Disposition"].startswith("attachment; ")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))[1:]
    assert [(r[1], r[2], r[3], r[7]) for r in rows] == [("刘工", "liu_gong", "锦州市第一中学", "138****2222")]
    for other in ("yixian", "unit", "worker"):
        client.force_login(world.users[other])
        assert client.get("/experts/import/").status_code == 403
        assert client.post("/experts/import/", {"file": upload}).status_code == 403
