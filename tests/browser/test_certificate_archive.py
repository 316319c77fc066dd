"""The certificate zip in the browser: the city admin asks for it, the page follows the
background job by htmx polling (no reload) until the download is offered, and the file is the
campaign's certificates. The job waits in the database queue until a worker runs it."""

import io
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from innovation.awards.models import CertificateArchive
from tests.awards import test_certificates

awarded = test_certificates.awarded
liying = test_certificates.liying


@pytest.fixture
def database_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_zip_page_follows_the_job_and_offers_the_download(
    page, logged_in, world, awarded, database_queue
):
    campaign, first, _third = awarded
    logged_in("t_city")
    page.goto(f"/awards/decisions/{first.decision_id}/")
    page.locator("#certificates-link").click()
    expect(page.locator("h1")).to_contain_text("获奖证书压缩包")
    expect(page.locator("body")).to_contain_text("本活动共 3 份获奖证书")

    page.locator("#archive-start").click()
    progress = page.locator("#archive-progress")
    expect(progress).to_have_attribute("data-status", "pending")
    expect(progress).to_contain_text("排队中")

    call_command("run_worker", "--batch", verbosity=0)  # the worker process, here in the test's thread
    archive = CertificateArchive.objects.get()
    assert (archive.status, archive.done_count) == ("done", 3)

    # The page was not reloaded: htmx polled the progress until the job was done.
    expect(page.locator("#archive-done")).to_be_visible()
    expect(page.locator("#archive-done")).to_contain_text("共 3 份证书")
    with page.expect_download() as download_info:
        page.locator("#archive-download").click()
    download = download_info.value
    assert download.suggested_filename.startswith(
        "2020年度获奖证书-"
    ) and download.suggested_filename.endswith(".zip")
    with open(download.path(), "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len(names) == 3 and all(name.startswith("2020-") and name.endswith(".pdf") for name in names)
