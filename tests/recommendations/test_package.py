"""The recommendation package: built by the background job (immediate under test) with its
progress row, downloaded by the city, opened again: the PDFs' names and text, the summary's rows."""

import io
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from innovation.audit.models import AuditAction, AuditEntry
from innovation.recommendations.models import PackageBuild
from tests.awards.test_certificates import pdf_text

from .conftest import select


def test_the_city_builds_and_downloads_the_package(client, world, awards, contest):
    select(world, contest, awards.liying, opinion="同意推荐，该成果为公司创造直接经济效益272万元。")
    select(world, contest, awards.third, name="青年组")
    page = reverse("recommendations:packages", args=[contest.pk])
    client.force_login(world.users["city"])
    html = client.get(page).content.decode()
    assert "本大赛共推荐 2 项" in html and 'id="package-start"' in html

    response = client.post(page)
    assert response.status_code == 302
    build = PackageBuild.objects.get()
    assert (build.status, build.total, build.done_count, build.requested_by) == (
        "done",
        2,
        2,
        world.users["city"],
    )
    assert build.scope_path == world.city.path and build.size == build.file.size > 0
    html = client.get(page).content.decode()
    download = reverse("recommendations:package_download", args=[build.pk])
    assert 'id="package-done"' in html and download in html
    progress = client.get(reverse("recommendations:package_progress", args=[build.pk])).content.decode()
    assert 'data-status="done"' in progress and "hx-get" not in progress

    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    unit_a = awards.liying.achievement.enterprise.name
    unit_b = awards.third.achievement.enterprise.name
    assert sorted(zipped.namelist()) == sorted(
        [
            f"蓄电池组充放电试验自动数据记录装置-{unit_a}-李营.pdf",
            f"食品包装封口温控改进-{unit_b}-义县职工一.pdf",
            "2020年辽宁省职工创新大赛-推荐汇总表.xlsx",
        ]
    )
    text = pdf_text(zipped.read(f"蓄电池组充放电试验自动数据记录装置-{unit_a}-李营.pdf"))
    for expected in (
        "2020年辽宁省职工创新大赛",
        "推荐表",
        "蓄电池组充放电试验自动数据记录装置",
        "李营",
        "职工组",
        "2020年一等奖",
        "同意推荐，该成果为公司创造直接经济效益272万元。",
        "锦州市总工会",
    ):
        assert expected in text, expected
    sheet = load_workbook(io.BytesIO(zipped.read("2020年辽宁省职工创新大赛-推荐汇总表.xlsx"))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["序号", "组别", "成果名称", "成果类别", "单位", "完成人", "市级奖项", "推荐意见"]
    assert [r[:3] for r in rows[1:]] == [
        [1, "职工组", "蓄电池组充放电试验自动数据记录装置"],
        [2, "青年组", "食品包装封口温控改进"],
    ]
    assert rows[1][5] == "李营、义县职工一" and rows[1][6] == "2020年一等奖"
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_type="recommendations.recommendation"
    ).exists()


def test_no_package_without_recommendations_and_not_for_the_district(client, world, awards, contest):
    client.force_login(world.users["city"])
    response = client.post(reverse("recommendations:packages", args=[contest.pk]))
    assert response.status_code == 400
    assert "该大赛还没有推荐任何成果，不能生成推荐材料包。" in response.content.decode()
    assert not PackageBuild.objects.exists()
    client.force_login(world.users["yixian"])
    assert client.get(reverse("recommendations:packages", args=[contest.pk])).status_code == 404
