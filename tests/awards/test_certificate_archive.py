"""A campaign's certificate zip as a background job: made on request with progress on its page,
kept in storage, downloaded by the campaign's admins only (audited), and never "running" for
ever when its worker dies."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards import certificates
from innovation.awards.models import AwardShare, CertificateArchive
from innovation.core import jobs
from tests.worker import run_worker_once

from . import test_certificates

# The 2020 campaign with a first prize (two authors) and a third prize, from the certificate tests.
awarded = test_certificates.awarded
liying = test_certificates.liying
pdf_text = test_certificates.pdf_text


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page_url(campaign) -> str:
    return reverse("awards:certificate_archives", args=[campaign.pk])


def expected_names() -> list[str]:
    codes = {s.name: s.certificate_code for s in AwardShare.objects.all()}
    return sorted(
        [
            f"2020-一等奖-李营-{codes['李营']}.pdf",
            f"2020-一等奖-义县职工一-{codes['义县职工一']}.pdf",
            f"2020-三等奖-黑山职工一-{codes['黑山职工一']}.pdf",
        ]
    )


def test_the_city_makes_the_zip_and_downloads_it(client, world, awarded):
    campaign = awarded[0]
    client.force_login(world.users["city"])
    html = client.get(page_url(campaign)).content.decode()
    assert "本活动共 3 份获奖证书" in html and 'id="archive-start"' in html and "archive-progress" not in html

    response = client.post(page_url(campaign))
    assert response.status_code == 302 and response["Location"] == page_url(campaign)
    archive = CertificateArchive.objects.get()  # the immediate backend (tests) made it at once
    assert (archive.status, archive.total, archive.done_count, archive.attempts) == ("done", 3, 3, 1)
    assert archive.requested_by == world.users["city"] and archive.scope_path == campaign.union.path
    assert archive.file.name.startswith(f"certificates/{timezone.localdate().year}/2020-{archive.pk}-")
    assert archive.size == archive.file.size > 3 * 10_000
    create = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="awards.certificatearchive")
    assert create.actor == world.users["city"]
    assert create.detail == "生成获奖证书压缩包：2020年职工“五小”创新成果征集活动，共 3 份证书。"

    html = client.get(page_url(campaign)).content.decode()
    assert 'id="archive-done"' in html and "共 3 份证书" in html and "hx-get" not in html
    download = reverse("awards:certificate_archive_download", args=[archive.pk])
    assert f'href="{download}"' in html

    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and "2020" in response["Content-Disposition"]
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(zipped.namelist()) == expected_names()
    for name in zipped.namelist():
        data = zipped.read(name)
        assert data.startswith(b"%PDF") and name.split("-")[2] in pdf_text(data)
        # the verification address printed on it is the host the request came to
        assert "http://testserver/verify/" in pdf_text(data)
    export = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="awards.awardshare")
    assert export.actor == world.users["city"] and export.detail.startswith("3 rows")


def test_the_kept_file_downloads_again_without_making_it_again(client, world, awarded, monkeypatch):
    campaign = awarded[0]
    client.force_login(world.users["city"])
    client.post(page_url(campaign))
    archive = CertificateArchive.objects.get()

    def no_rendering(*args, **kwargs):
        raise AssertionError("a download must not render certificates")

    monkeypatch.setattr(certificates, "certificate_pdf", no_rendering)
    for _ in range(2):
        response = client.get(reverse("awards:certificate_archive_download", args=[archive.pk]))
        assert sorted(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()) == (
            expected_names()
        )
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="awards.awardshare").count() == 2


def test_only_the_campaigns_admins_reach_the_zip(client, world, awarded):
    campaign = awarded[0]
    client.force_login(world.users["city"])
    client.post(page_url(campaign))
    archive = CertificateArchive.objects.get()
    urls = [
        page_url(campaign),
        reverse("awards:certificate_archive_progress", args=[archive.pk]),
        reverse("awards:certificate_archive_download", args=[archive.pk]),
    ]
    for who in ("worker", "yixian", "unit", "expert"):
        client.force_login(world.users[who])
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
        assert client.post(page_url(campaign)).status_code == 404, who
    assert CertificateArchive.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 16
    client.force_login(world.users["city"])
    assert client.get(reverse("awards:certificate_archives", args=[999999])).status_code == 404


def test_the_old_zip_address_leads_to_the_page(client, world, awarded):
    campaign = awarded[0]
    client.force_login(world.users["city"])
    response = client.get(f"/awards/certificates/campaign/{campaign.pk}.zip")
    assert response.status_code == 302 and response["Location"] == page_url(campaign)
    assert CertificateArchive.objects.count() == 0  # a GET never starts a job


def test_a_campaign_without_awards_has_nothing_to_zip(client, world):
    from tests.achievements.conftest import make_campaign

    campaign = make_campaign(world, year=2019)
    client.force_login(world.users["city"])
    response = client.post(page_url(campaign))
    assert response.status_code == 400 and "该活动还没有获奖证书。" in response.content.decode()
    assert CertificateArchive.objects.count() == 0


def test_the_final_decision_links_to_the_certificates(client, world, awarded):
    campaign, first, _third = awarded
    client.force_login(world.users["city"])
    html = client.get(reverse("awards:decision", args=[first.decision_id])).content.decode()
    assert f'href="{page_url(campaign)}"' in html


# ---------------------------------------------------------------- in the background


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.JOB_LEASE_SECONDS = 60


def test_progress_shows_while_the_worker_makes_it(client, world, awarded, database_queue):
    campaign = awarded[0]
    client.force_login(world.users["city"])
    client.post(page_url(campaign))
    archive = CertificateArchive.objects.get()
    assert archive.status == "pending" and DBTaskResult.objects.get().status == "READY"
    client.post(page_url(campaign))  # asking again while it waits does not queue a second
    assert CertificateArchive.objects.count() == 1 and DBTaskResult.objects.count() == 1

    with jobs.lease(CertificateArchive, archive.pk) as lease:
        lease.renew(done_count=1)
        progress = reverse("awards:certificate_archive_progress", args=[archive.pk])
        html = client.get(progress).content.decode()
        assert f'hx-get="{progress}"' in html and 'hx-trigger="every 1s"' in html
        assert "正在生成证书" in html and "1 / 3" in html and "（33%）" in html and 'value="1"' in html
        assert "style=" not in html and "<script" not in html
        # the worker is killed here: its lease is never renewed nor finished


def test_a_zip_whose_worker_died_is_made_by_the_next_worker(
    client, world, awarded, database_queue, monkeypatch
):
    campaign = awarded[0]
    client.force_login(world.users["city"])
    client.post(page_url(campaign))
    archive = CertificateArchive.objects.get()
    with jobs.lease(CertificateArchive, archive.pk) as lease:
        lease.renew(done_count=2)  # two PDFs in, then the worker is killed
    DBTaskResult.objects.get().claim("dead-worker")
    CertificateArchive.objects.filter(pk=archive.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    run_worker_once(monkeypatch)
    archive.refresh_from_db()
    assert (archive.status, archive.done_count, archive.attempts) == ("done", 3, 2)
    assert sorted(zipfile.ZipFile(archive.file.path).namelist()) == expected_names()


def test_the_page_of_a_zip_whose_worker_died_says_what_happened(
    client, world, awarded, database_queue, monkeypatch
):
    campaign = awarded[0]
    client.force_login(world.users["city"])
    client.post(page_url(campaign))
    archive = CertificateArchive.objects.get()
    with jobs.lease(CertificateArchive, archive.pk) as lease:
        lease.renew(done_count=2)
    CertificateArchive.objects.filter(pk=archive.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=121)
    )
    html = client.get(page_url(campaign)).content.decode()
    assert 'id="archive-interrupted"' in html and "生成已中断。" in html
    assert "生成证书压缩包时后台处理进程意外停止（服务重启或进程退出），没有生成文件。请重新生成。" in html
    assert "hx-get" not in html and 'id="archive-download"' not in html
    assert CertificateArchive.objects.get().status == "interrupted"

    client.post(page_url(campaign))  # make it again: a new job
    assert CertificateArchive.objects.count() == 2
    run_worker_once(monkeypatch)
    assert CertificateArchive.objects.order_by("-pk").first().status == "done"


def test_a_rendering_error_is_reported_and_leaves_no_file(client, world, awarded, monkeypatch):
    campaign = awarded[0]

    def broken(*args, **kwargs):
        raise OSError("font missing")

    monkeypatch.setattr(certificates, "certificate_pdf", broken)
    client.force_login(world.users["city"])
    client.post(page_url(campaign))
    archive = CertificateArchive.objects.get()
    assert archive.status == "failed" and not archive.file
    html = client.get(page_url(campaign)).content.decode()
    assert "生成证书时发生系统错误，没有生成文件。请稍后重试，或联系系统管理员。" in html
    assert client.get(reverse("awards:certificate_archive_download", args=[archive.pk])).status_code == 404
