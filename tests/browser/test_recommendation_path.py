"""Recommendation to the provincial contest in the browser: the city opens the 2020
辽宁省职工创新大赛 from the menu, builds the recommendation package (the page follows the background
job by htmx polling until the download is offered), downloads it (the 推荐表 PDFs named
成果名称-单位-第一完成人 and the 推荐汇总表), and enters the province's result for 李营's item,
which then shows on the achievement's page. The job waits in the database queue until a worker
runs it."""

import io
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from innovation.recommendations import services
from innovation.recommendations.models import PackageBuild, Recommendation
from tests.recommendations import conftest as recommendation_world
from tests.recommendations.conftest import IN_2020, select

# The 2020 awards (李营's 一等奖 among them) and the 2020 contest, from the recommendation tests.
awards = recommendation_world.awards
contest = recommendation_world.contest


@pytest.fixture
def database_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_city_builds_the_package_and_enters_the_result(
    page, logged_in, world, awards, contest, database_queue
):
    liying = select(world, contest, awards.liying, opinion="同意推荐。")
    select(world, contest, awards.third, name="青年组")
    services.submit(actor=world.users["city"], recommendation=liying, now=IN_2020)

    logged_in("t_city")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="上级大赛").click()
    page.get_by_role("link", name="辽宁省职工创新大赛").click()
    expect(page.locator("h1")).to_have_text("2020年辽宁省职工创新大赛")
    expect(page.locator("#quota-tally")).to_contain_text("已推荐 1 / 名额 2")

    page.locator("#go-package").click()
    expect(page.locator("body")).to_contain_text("本大赛共推荐 2 项")
    page.locator("#package-start").click()
    progress = page.locator("#package-progress")
    expect(progress).to_have_attribute("data-status", "pending")
    call_command("run_worker", "--batch", verbosity=0)
    assert PackageBuild.objects.get().status == "done"
    expect(page.locator("#package-done")).to_contain_text("共 2 份推荐表")
    with page.expect_download() as download_info:
        page.locator("#package-download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("2020年辽宁省职工创新大赛-推荐材料-")
    with open(download.path(), "rb") as handle:
        names = sorted(zipfile.ZipFile(io.BytesIO(handle.read())).namelist())
    unit = awards.liying.achievement.enterprise.name
    assert f"蓄电池组充放电试验自动数据记录装置-{unit}-李营.pdf" in names
    assert "2020年辽宁省职工创新大赛-推荐汇总表.xlsx" in names and len(names) == 3

    page.get_by_role("link", name="返回大赛").click()
    page.get_by_role("link", name="蓄电池组充放电试验自动数据记录装置").click()
    expect(page.locator("#state-badge")).to_have_text("已报送")
    form = page.locator("#form-result")
    form.locator("#id_prize").select_option("first")
    form.locator("#id_level").select_option("provincial")
    form.locator("#id_certificate_no").fill("辽工创赛〔2020〕001号")
    form.locator("#id_result_date").fill("2020-11-20")
    page.locator("#step-record_result").click()
    expect(page.locator("#state-badge")).to_have_text("已录入结果")
    expect(page.locator("#rec-result")).to_contain_text("省级职工组一等奖")
    liying.refresh_from_db()
    assert (liying.result_prize, liying.certificate_no) == ("first", "辽工创赛〔2020〕001号")
    assert Recommendation.objects.filter(state="result").count() == 1

    page.get_by_role("link", name="蓄电池组充放电试验自动数据记录装置").first.click()
    expect(page.locator("#related")).to_contain_text("省级职工组一等奖（证书编号 辽工创赛〔2020〕001号）")
