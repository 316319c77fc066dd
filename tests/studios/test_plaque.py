"""The naming plaque PDF (CJK font embedded), its download and the public check of its code."""

import datetime
import io

from pypdf import PdfReader

from innovation.audit.models import AuditAction, AuditEntry
from innovation.studios.models import Studio, StudioLevel, StudioType
from innovation.studios.naming import plaque, services
from tests.awards.test_certificates import embedded_fonts, pdf_text

from .builders import apply, make_studio, push


def named(world, model_worker):
    app = apply(world, name="高颖明劳模创新工作室", type=StudioType.MODEL_WORKER, leader=model_worker)
    push(world, app, "submit", "recommend", "name", name={"named_on": datetime.date(2024, 3, 8)})
    app.refresh_from_db()
    return app.naming


def test_the_plaque_names_the_studio_and_embeds_a_cjk_font(world, model_worker):
    naming = named(world, model_worker)
    data = plaque.plaque_pdf(naming)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "锦州市劳模创新工作室" in text
    assert "高颖明劳模创新工作室" in text
    assert "义县甲机械有限公司" in text
    assert "锦工发〔2024〕8号" in text
    assert "2024年3月8日" in text and "锦州市总工会" in text
    assert naming.certificate_code in text and f"/studios/verify/{naming.certificate_code}/" in text
    fonts = embedded_fonts(data)
    assert any(
        "Noto" in name and "CJK" in name and key in ("/FontFile2", "/FontFile3") for name, key in fonts
    )
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    assert len(reader.pages) == 1
    assert round(float(page.mediabox.width) / 72 * 25.4) == 297
    assert round(float(page.mediabox.height) / 72 * 25.4) == 210


def test_the_title_follows_the_issuer_and_type(world):
    studio = make_studio(world, "甲工作室", studio_type=StudioType.WORKER)
    assert plaque.plaque_title(studio.namings.get()) == "锦州市职工创新工作室"
    naming = studio.namings.get()
    naming.named_by = "某某单位"
    assert plaque.plaque_title(naming) == "市级职工创新工作室"


def test_a_long_name_still_fits_on_one_page(world):
    studio = make_studio(world, "长" * 90)
    assert len(PdfReader(io.BytesIO(plaque.plaque_pdf(studio.namings.get()))).pages) == 1


def test_the_download_is_scoped_and_audited(client, world, model_worker):
    naming = named(world, model_worker)
    client.force_login(world.users["yixian"])
    response = client.get(f"/studios/namings/{naming.pk}/plaque.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "高颖明劳模创新工作室" in pdf_text(response.content)
    assert (
        AuditEntry.objects.filter(action=AuditAction.EXPORT, detail__contains=naming.certificate_code).count()
        == 1
    )
    client.force_login(world.users["heishan"])
    assert client.get(f"/studios/namings/{naming.pk}/plaque.pdf").status_code == 404
    assert (
        AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=world.users["heishan"]).count() == 1
    )
    client.logout()
    assert client.get(f"/studios/namings/{naming.pk}/plaque.pdf").status_code == 302


def test_a_provincial_naming_has_no_plaque_from_the_city(client, world, model_worker):
    naming = services.studio_record(
        actor=world.users["city"],
        studio_type=StudioType.MODEL_WORKER,
        level=StudioLevel.PROVINCIAL,
        year=2020,
        document_no="辽工发〔2020〕15号",
        named_by="辽宁省总工会",
        named_on=datetime.date(2020, 6, 1),
        enterprise=world.units["yx_a"],
        name="高颖明劳模创新工作室",
        leader=model_worker,
    )
    client.force_login(world.users["city"])
    assert client.get(f"/studios/namings/{naming.pk}/plaque.pdf").status_code == 404


def test_anyone_checks_a_plaque_and_sees_a_revocation(client, world, model_worker):
    naming = named(world, model_worker)
    code = naming.certificate_code
    response = client.get(f"/studios/verify/{code.lower()}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "经核验，该牌匾真实有效" in body and "高颖明劳模创新工作室" in body and "锦工发〔2024〕8号" in body
    assert model_worker.name not in body.replace("高颖明劳模创新工作室", "")  # no personal names
    Studio.objects.filter(pk=naming.studio_id).update(
        status=Studio.Status.REVOKED, revoked_on=datetime.date(2025, 1, 2)
    )
    assert "工作室已摘牌（2025年1月2日）" in client.get(f"/studios/verify/{code}/").content.decode()
    assert 'data-genuine="false"' in client.get("/studios/verify/ZZZZZZZZZZZZ/").content.decode()
    assert client.get(f"/studios/verify/?code={code}").status_code == 302
