"""Certificates (获奖证书), the notice PDF and the public verification page.

`make_award` builds decided awards straight through the ORM (the decision workflow has its
own tests); test_mayday and test_awards_stats reuse it.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from innovation.achievements import services as achievement_services
from innovation.achievements.models import Achievement
from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards.certificates import new_certificate_code
from innovation.awards.models import Award, AwardShare, Decision, DecisionLine
from tests.achievements.conftest import full_fields, make_campaign
from tests.factories import make_worker

# ---------------------------------------------------------------- builders


def decision_for(world, campaign, *, state=Decision.State.FINAL) -> Decision:
    now = timezone.now()
    decision, _ = Decision.objects.get_or_create(
        campaign=campaign,
        defaults={
            "state": state,
            "proposed_by": world.users["city"],
            "proposed_at": now,
            "notice_starts": now - datetime.timedelta(days=8),
            "notice_ends": now - datetime.timedelta(days=1),
            "scope_path": campaign.union.path,
        },
    )
    return decision


def make_award(
    world,
    campaign,
    *,
    title: str,
    grade: str,
    authors: list[tuple],
    enterprise=None,
    rank: int = 1,
    benefit_verified: str | None = None,
    awarded_at: datetime.datetime | None = None,
) -> Award:
    """authors: (worker, share) pairs in order; the first is the first author."""
    enterprise = enterprise or authors[0][0].enterprise
    achievement = achievement_services.achievement_create(
        actor=None,
        campaign=campaign,
        enterprise=enterprise,
        authors=[{"worker": worker.pk, "share": share} for worker, share in authors],
        **full_fields(title=title),
    )
    if benefit_verified is not None:
        Achievement.objects.filter(pk=achievement.pk).update(benefit_verified=Decimal(benefit_verified))
    decision = decision_for(world, campaign)
    grade_row = campaign.grades.get(code=grade)
    DecisionLine.objects.create(
        decision=decision, achievement=achievement, rank=rank, score=Decimal("90"), grade=grade_row
    )
    award = Award.objects.create(
        achievement=achievement,
        campaign=campaign,
        decision=decision,
        grade=grade_row,
        prize_fen=grade_row.prize_fen,
        awarded_at=awarded_at or timezone.now(),
        scope_path=campaign.union.path,
    )
    for author in achievement.authors.select_related("worker__enterprise"):
        AwardShare.objects.create(
            award=award,
            author=author,
            name=author.name,
            unit=author.worker.enterprise.name,
            share=author.share,
            amount_fen=grade_row.prize_fen * int(author.share) // 100,
            certificate_code=new_certificate_code(),
        )
    return award


@pytest.fixture
def liying(world):
    return make_worker(world.units["yx_a"], "李营")


@pytest.fixture
def awarded(world, liying):
    """A 2020 campaign with a first prize (李营 60 %, t_worker 40 %) and a third prize of 黑山."""
    campaign = make_campaign(world, year=2020)
    first = make_award(
        world,
        campaign,
        title="蓄电池组充放电试验自动数据记录装置",
        grade="first",
        authors=[(liying, 60), (world.workers["yx_a_1"], 40)],
        rank=1,
    )
    third = make_award(
        world,
        campaign,
        title="危化品装卸防静电监测仪",
        grade="third",
        authors=[(world.workers["hs_a_1"], 100)],
        rank=2,
    )
    return campaign, first, third


def share_of(award, worker) -> AwardShare:
    return award.shares.get(author__worker=worker)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def embedded_fonts(data: bytes) -> list[tuple[str, str]]:
    """(BaseFont, font-file key) of every embedded font in the document."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for d in descendants:
                descriptor = d["/FontDescriptor"].get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        found.append((str(d["/BaseFont"]), key))
    return found


# ---------------------------------------------------------------- the certificate PDF


def test_the_certificate_names_the_author_and_embeds_a_cjk_font(world, awarded, liying):
    from innovation.awards.certificates import certificate_pdf

    _, first, _ = awarded
    share = share_of(first, liying)
    data = certificate_pdf(share)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "荣誉证书" in text
    assert "李营" in text
    assert "一等奖" in text
    assert "蓄电池组充放电试验自动数据记录装置" in text
    assert "锦州市总工会" in text and "2020" in text
    assert share.certificate_code in text
    assert f"/verify/{share.certificate_code}/" in text
    fonts = embedded_fonts(data)
    assert fonts, "no embedded font"
    assert any(
        "Noto" in name and "CJK" in name and key in ("/FontFile2", "/FontFile3") for name, key in fonts
    )
    # A4 landscape, one page
    page = PdfReader(io.BytesIO(data)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert round(width / 72 * 25.4) == 297 and round(height / 72 * 25.4) == 210


def test_a_long_title_still_fits_on_one_page(world, liying):
    from innovation.awards.certificates import certificate_pdf

    campaign = make_campaign(world, year=2021)
    award = make_award(world, campaign, title="长" * 200, grade="excellence", authors=[(liying, 100)])
    data = certificate_pdf(award.shares.get())
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_the_certificate_uses_the_site_url_when_set(world, awarded, liying, settings):
    from innovation.awards.certificates import certificate_pdf

    settings.SITE_URL = "https://cx.jzgh.example/"
    share = share_of(awarded[1], liying)
    assert f"https://cx.jzgh.example/verify/{share.certificate_code}/" in pdf_text(certificate_pdf(share))


def test_the_author_downloads_their_certificate_and_it_is_audited(client, world, awarded):
    _, first, _ = awarded
    share = share_of(first, world.workers["yx_a_1"])
    client.force_login(world.users["worker"])
    response = client.get(f"/awards/certificates/{share.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "义县职工一" in text
    assert f"http://testserver/verify/{share.certificate_code}/" in text
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="awards.awardshare").get()
    assert entry.object_id == str(share.pk) and entry.actor == world.users["worker"]


def test_another_workers_certificate_is_not_found(client, world, awarded, liying):
    _, first, third = awarded
    client.force_login(world.users["worker"])
    assert client.get(f"/awards/certificates/{share_of(first, liying).pk}.pdf").status_code == 404
    assert client.get(f"/awards/certificates/{third.shares.get().pk}.pdf").status_code == 404
    denied = AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, object_type="awards.awardshare")
    assert denied.count() == 2


def test_a_district_admin_outside_the_awards_scope_gets_404(client, world, awarded, liying):
    share = share_of(awarded[1], liying)
    client.force_login(world.users["yixian"])
    assert client.get(f"/awards/certificates/{share.pk}.pdf").status_code == 404


def test_the_city_admin_downloads_any_certificate(client, world, awarded):
    client.force_login(world.users["city"])
    response = client.get(f"/awards/certificates/{awarded[2].shares.get().pk}.pdf")
    assert response.status_code == 200 and "危化品装卸防静电监测仪" in pdf_text(response.content)


def test_signed_out_visitors_are_sent_to_login(client, world, awarded, liying):
    response = client.get(f"/awards/certificates/{share_of(awarded[1], liying).pk}.pdf")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---------------------------------------------------------------- the notice PDF


def test_the_notice_pdf_lists_the_awarded_titles_and_no_personal_numbers(client, world, awarded, liying):
    campaign, first, third = awarded
    decision = first.decision
    client.force_login(world.users["worker"])  # any signed-in user may read a published notice
    response = client.get(f"/awards/notices/{decision.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "蓄电池组充放电试验自动数据记录装置" in text
    assert "危化品装卸防静电监测仪" in text
    assert "李营" in text and "义县职工一" in text and "黑山职工一" in text
    assert "一等奖" in text and "三等奖" in text
    assert "义县甲机械有限公司" in text
    assert "第1页/共1页" in text
    for worker in (liying, world.workers["yx_a_1"], world.workers["hs_a_1"]):
        assert worker.id_number_masked not in text
        assert worker.phone_masked not in text
    assert not re.search(r"\d{17}[\dX]", text)  # no ID-card number
    assert not re.search(r"1[3-9]\d{9}", text)  # no mobile number
    assert "5000" not in text and "500000" not in text  # no prize money


def test_an_unpublished_decision_has_no_notice_pdf(client, world):
    campaign = make_campaign(world, year=2019)
    decision = decision_for(world, campaign, state=Decision.State.LOCKED)
    client.force_login(world.users["city"])
    assert client.get(f"/awards/notices/{decision.pk}/pdf/").status_code == 404
    Decision.objects.filter(pk=decision.pk).update(state=Decision.State.NOTICE)
    assert client.get(f"/awards/notices/{decision.pk}/pdf/").status_code == 200


def test_the_notice_pdf_needs_a_signed_in_user(client, world, awarded):
    response = client.get(f"/awards/notices/{awarded[1].decision.pk}/pdf/")
    assert response.status_code == 302


# ---------------------------------------------------------------- the public check


def test_a_genuine_certificate_is_confirmed_without_login(client, world, awarded, liying):
    share = share_of(awarded[1], liying)
    response = client.get(f"/verify/{share.certificate_code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-genuine="true"' in page
    for fact in (
        "李营",
        "义县甲机械有限公司",
        "蓄电池组充放电试验自动数据记录装置",
        "一等奖",
        "2020",
        "锦州市总工会",
    ):
        assert fact in page
    assert liying.id_number_masked not in page and liying.phone_masked not in page
    assert "5,000" not in page and "3000" not in page and "¥" not in page  # no amounts


def test_codes_are_case_insensitive(client, world, awarded, liying):
    code = share_of(awarded[1], liying).certificate_code
    response = client.get(f"/verify/{code.lower()}/")
    assert 'data-genuine="true"' in response.content.decode()
    typed = client.get("/verify/", {"code": f"  {code.lower()} "})
    assert typed.status_code == 302 and typed["Location"] == f"/verify/{code}/"


def test_an_unknown_code_says_not_found(client, world, awarded):
    response = client.get("/verify/ZZZZZZZZZZZZ/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "未找到该证书" in page and 'data-genuine="false"' in page
    garbage = client.get("/verify/", {"code": "<script>"})
    assert garbage.status_code == 200 and "未找到该证书" in garbage.content.decode()
    assert "<script>" not in garbage.content.decode()


def test_the_verify_form_is_public(client, db):
    response = client.get("/verify/")
    assert response.status_code == 200
    assert 'id="verify-form"' in response.content.decode()
    assert 'id="verify-result"' not in response.content.decode()


def test_a_signed_in_user_sees_the_same_check(client, world, awarded, liying):
    client.force_login(world.users["expert"])
    response = client.get(f"/verify/{share_of(awarded[1], liying).certificate_code}/")
    assert 'data-genuine="true"' in response.content.decode()


def test_too_many_lookups_from_one_address_are_slowed_down(client, world, awarded, settings):
    assert settings.VERIFY_RATE_LIMIT == 30
    for _ in range(30):
        assert client.get("/verify/ABCDEFGHJKMN/").status_code == 200
    response = client.get("/verify/ABCDEFGHJKMN/")
    assert response.status_code == 429
    assert "查询过于频繁" in response.content.decode()


def test_new_codes_are_twelve_unambiguous_characters(db):
    from innovation.awards.certificates import CODE_ALPHABET

    codes = {new_certificate_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert len(code) == 12 and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01ILO")
