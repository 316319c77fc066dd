"""Excel batch import: template, cell-by-cell validation, all-or-nothing creation, idempotency,
submission through the workflow, scope, and the upload / progress pages."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from innovation.achievements import importer, services
from innovation.achievements.importer import xlsx
from innovation.achievements.models import (
    Achievement,
    Author,
    DemonstrationPost,
    Field,
    ImportBatch,
    Kind,
    Patent,
    State,
)
from innovation.audit.models import AuditEntry
from innovation.core.models import StepLog

from ..factories import make_worker, new_id_number
from .conftest import full_fields, make_campaign

HEADERS = [str(c.header) for c in importer.COLUMNS]
ALL_KINDS_BUT_SUGGESTION = [k for k in Kind.values if k != Kind.SUGGESTION]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def workbook(rows: list[dict | None], headers: list[str] | None = None) -> bytes:
    """An import file: the header row, then one row per dict (column key -> value); None is a blank row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "成果"
    ws.append(headers or HEADERS)
    keys = [c.key for c in importer.COLUMNS]
    for row in rows:
        ws.append([None] * len(keys) if row is None else [row.get(k) for k in keys])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(title: str, worker=None, **overrides) -> dict:
    data = {
        "title": title,
        "kind": "小革新",
        "field": "提高效率",
        "post": "钳工",
        "problem": "人工记录误差大。",
        "solution": "研制自动记录装置。",
        "effect": "效率提高一倍。",
        "started_on": datetime.date(2025, 3, 1),
        "completed_on": datetime.date(2025, 10, 31),
        "benefit_type": "节约",
        "benefit_claimed": 120000,
        "benefit_basis": "节约人工。",
    }
    if worker is not None:
        data.update(unit=worker.enterprise.name, first_name=worker.name, first_id=worker.id_number)
    data.update(overrides)
    return data


def run(content: bytes, campaign, actor, *, submit=False):
    return importer.import_workbook(
        io.BytesIO(content),
        campaign=campaign,
        actor=actor,
        submit=submit,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def upload(client, campaign, content: bytes, name="成果.xlsx", **extra):
    data = {"campaign": campaign.pk, "file": SimpleUploadedFile(name, content), **extra}
    return client.post(reverse("achievements:import_upload"), data)


def pairs(errors) -> list[tuple]:
    return [(e["row"], e["column"]) for e in errors]


# ---------------------------------------------------------------- template


def test_the_template_has_chinese_headers_instructions_and_drop_downs(world, campaign):
    data = importer.build_template(campaign=campaign, actor=world.users["yixian"])
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["成果", "单位名单", "填写说明"]
    ws = wb["成果"]
    assert [c.value for c in ws[1]] == HEADERS
    assert HEADERS[:3] == ["成果名称", "成果类别", "所属领域"]
    assert ws.column_dimensions["G"].number_format == "@"  # ID numbers stay text
    lists = {
        str(dv.sqref).split(":")[0][0]: dv.formula1
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    assert lists["B"] == '"小发明,小创造,小革新,小设计,小建议"'
    assert lists["O"] == '"创造,节约"'
    assert lists["R"] == '"发明,实用新型,外观设计"'
    assert lists["T"] == '"已受理,已授权"'
    assert lists["D"].startswith("'单位名单'!$A$2:$A$3")
    units = [c.value for c in wb["单位名单"]["A"]][1:]
    assert sorted(units) == sorted([world.units["yx_a"].name, world.units["yx_b"].name])  # only within scope
    help_text = "\n".join(str(c.value) for r in wb["填写说明"].iter_rows() for c in r if c.value)
    for fragment in (
        "姓名:身份证号:份额",
        "姓名:单位名称:份额",
        "安全生产、提高效率",
        "创造、节约",
        "已受理、已授权",
        "整个文件都不会导入",
    ):
        assert fragment in help_text


def test_a_filled_template_imports(world, campaign):
    data = importer.build_template(campaign=campaign, actor=world.users["unit"])
    wb = load_workbook(io.BytesIO(data))
    worker = world.workers["yx_a_1"]
    values = row("模板填写测试", first_name=worker.name)
    wb["成果"].append([values.get(c.key) for c in importer.COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    outcome = run(buffer.getvalue(), campaign, world.users["unit"])
    assert outcome.errors == []
    assert outcome.created == 1
    assert Achievement.objects.get().enterprise == world.units["yx_a"]  # blank unit: the admin's only unit


# ---------------------------------------------------------------- a valid file


def test_a_valid_file_creates_exactly_its_rows(world, campaign):
    a1, a2, b1 = world.workers["yx_a_1"], world.workers["yx_a_2"], world.workers["yx_b_1"]
    rows = [row(f"义县甲成果{i:02d}", a1) for i in range(1, 9)]
    # a co-author by ID number, one by name within the unit, one from outside
    rows.append(
        row(
            "三人合作成果",
            a1,
            first_share=50,
            others=f"{a2.name}:{a2.id_number}:30；{b1.name}:{b1.enterprise.name}:10;张工:锦州市机械研究所:10",
        )
    )
    rows.append(
        row(
            "按姓名找人",
            None,
            unit=a1.enterprise.name,
            first_name=a1.name,
            first_share="60%",
            others=f"{a2.name}:40",
        )
    )
    rows.append(
        row(
            "有专利的成果",
            b1,
            patent_type="实用新型",
            patent_number="zl202320123456.7",
            patent_status="已授权",
            benefit_claimed="1,234,567.80",
        )
    )
    rows.append(
        row(
            "日期为文本",
            b1,
            started_on="2025/03/01",
            completed_on="2025年10月31日",
            kind="小发明",
            field="安全生产",
        )
    )
    content = workbook(rows)
    user = world.users["yixian"]

    outcome = run(content, campaign, user)

    assert outcome.errors == []
    assert outcome.created == 12
    assert Achievement.objects.count() == 12
    assert Achievement.objects.filter(enterprise=world.units["yx_a"]).count() == 10
    assert Achievement.objects.filter(state=State.DRAFT, created_by=user, campaign=campaign).count() == 12
    assert Author.objects.count() == 8 + 4 + 2 + 1 + 1
    assert Author.objects.filter(worker__isnull=True).count() == 2
    assert set(Achievement.objects.values_list("scope_path", flat=True)) == {
        world.units["yx_a"].scope_path,
        world.units["yx_b"].scope_path,
    }
    assert Achievement.objects.filter(import_key__isnull=True).count() == 0

    team = Achievement.objects.get(title="三人合作成果")
    assert [(a.worker_id, a.outside_name, a.outside_unit, a.share) for a in team.authors.all()] == [
        (a1.pk, "", "", Decimal("50.00")),
        (a2.pk, "", "", Decimal("30.00")),
        (None, b1.name, b1.enterprise.name, Decimal("10.00")),
        (None, "张工", "锦州市机械研究所", Decimal("10.00")),
    ]
    assert a2.name.lower() in team.search_text and "张工" in team.search_text
    assert team.benefit_claimed == Decimal("120000.00") and team.benefit_type == "saved"
    by_name = Achievement.objects.get(title="按姓名找人")
    assert [(a.worker_id, a.share) for a in by_name.authors.all()] == [
        (a1.pk, Decimal("60.00")),
        (a2.pk, Decimal("40.00")),
    ]
    patented = Achievement.objects.get(title="有专利的成果")
    assert list(patented.patents.values_list("type", "number", "status")) == [
        (Patent.Type.UTILITY, "ZL202320123456.7", Patent.Status.GRANTED)
    ]
    assert patented.benefit_claimed == Decimal("1234567.80")
    assert [(a.worker_id, a.share) for a in patented.authors.all()] == [(b1.pk, Decimal("100.00"))]
    dated = Achievement.objects.get(title="日期为文本")
    assert (dated.started_on, dated.completed_on, dated.kind, dated.field) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 10, 31),
        Kind.INVENTION,
        Field.SAFETY,
    )

    audit = AuditEntry.objects.filter(object_type="achievements.achievement", action="create")
    assert audit.count() == 12 + 1  # one per achievement and the summary
    assert set(audit.values_list("actor_id", flat=True)) == {user.pk}
    assert set(audit.exclude(object_id="").values_list("object_id", flat=True)) == {
        str(pk) for pk in Achievement.objects.values_list("pk", flat=True)
    }
    entry = audit.get(object_id=str(team.pk))
    assert entry.object_repr == "三人合作成果" and entry.changes["title"] == [None, "三人合作成果"]
    assert "新增成果 12 项" in audit.get(object_id="").detail


def test_validation_makes_no_query_per_row(world, campaign):
    a1, a2 = world.workers["yx_a_1"], world.workers["yx_a_2"]
    user = world.users["yixian"]
    user.active_grants()  # loaded once per request anyway

    def queries(n):
        content = workbook([row(f"成果{i}", a1, first_share=70, others=f"{a2.name}:30") for i in range(n)])
        sheet = importer.read_workbook(io.BytesIO(content))
        imp = importer.AchievementImporter(campaign=campaign, actor=world.users["yixian"])
        with CaptureQueriesContext(connection) as ctx:
            prepared = imp.validate(sheet)
        assert imp.errors == [] and len(prepared) == n
        return len(ctx.captured_queries)

    # units by name, units in scope, workers by ID hash, workers by name, existing titles, existing keys
    assert queries(3) == queries(60) == 6


# ---------------------------------------------------------------- a broken file


def test_a_broken_file_reports_every_error_and_imports_nothing(world):
    campaign = make_campaign(world, kinds=ALL_KINDS_BUT_SUGGESTION)
    a1, a2, b1 = world.workers["yx_a_1"], world.workers["yx_a_2"], world.workers["yx_b_1"]
    make_worker(world.units["yx_a"], a2.name)  # a namesake: a2 can no longer be found by name alone
    gone = make_worker(world.units["yx_a"], "已离职", is_active=False)
    hs = world.workers["hs_a_1"]
    services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[{"worker": a1.pk, "share": 100}],
        **full_fields(title="已有的成果", kind=Kind.INVENTION),
    )
    bad_check = a1.id_number[:17] + ("0" if a1.id_number[17] != "0" else "1")
    unknown = new_id_number("210727")
    rows = [
        row("正确的一行", a1),  # 2
        row("校验位错误", a1, first_id=bad_check),  # 3
        row("未登记的职工", a1, first_name="查无此人", first_id=unknown),  # 4
        row("同名职工", None, unit=a2.enterprise.name, first_name=a2.name),  # 5
        row("活动不征集的类别", a1, kind="小建议"),  # 6
        row("负数效益", a1, benefit_claimed=-5),  # 7
        row("离谱的效益", a1, benefit_claimed=20_000_000_000),  # 8
        row("份额不足", a1, first_share=50, others=f"{a2.name}:{a2.id_number}:30"),  # 9
        row(
            "完成早于开始", a1, started_on=datetime.date(2025, 6, 1), completed_on=datetime.date(2025, 5, 1)
        ),  # 10
        row("不存在的单位", a1, unit="义县不存在有限公司"),  # 11
        row("管辖范围外的单位", world.workers["hs_a_1"]),  # 12
        row("已有的成果", a1),  # 13
        row("正确的一行", a1),  # 14: the same title twice in one file
        row("无效类别", a1, kind="大发明"),  # 15
        row("无效日期", a1, started_on="2025-13-45"),  # 16
        None,  # 17: blank rows are skipped, numbering follows Excel
        row("姓名与身份证不符", a1, first_name=a2.name),  # 18
        row("其他完成人格式错", a1, first_share=60, others="王伟 40"),  # 19
        row("", a1, post=""),  # 20: two required cells
        row("外单位职工按身份证号", a1, first_share=60, others=f"{b1.name}:{b1.id_number}:40"),  # 21
        row("离职职工", gone, unit=a1.enterprise.name),  # 22
        row("管辖范围外的职工", a1, first_share=60, others=f"{hs.name}:{hs.id_number}:40"),  # 23
    ]
    content = workbook(rows)

    outcome = run(content, campaign, world.users["yixian"])

    expected = [
        (3, "第一完成人身份证号", "校验位错误"),
        (4, "第一完成人身份证号", "未找到身份证号为 210727"),
        (5, "第一完成人姓名", "有2名职工叫"),
        (6, "成果类别", "本次活动不征集该类别的成果"),
        (7, "经济效益(元/年)", "经济效益不能为负数"),
        (8, "经济效益(元/年)", "超过100亿元"),
        (9, "其他完成人", "份额合计须为100%，现为80"),
        (10, "完成日期", "完成日期不能早于开始日期"),
        (11, "申报单位", "平台中没有名为「义县不存在有限公司」的单位"),
        (12, "申报单位", "不在您的管辖范围内"),
        (13, "成果名称", "已存在同名成果"),
        (14, "成果名称", "已存在同名成果：与本文件第2行"),
        (15, "成果类别", "「大发明」不是有效的成果类别"),
        (16, "开始日期", "「2025-13-45」不是有效日期"),
        (18, "第一完成人姓名", "不一致"),
        (19, "其他完成人", "格式应为"),
        (20, "成果名称", "此项为必填项"),
        (20, "岗位", "此项为必填项"),
        (21, "其他完成人", "不是申报单位的职工；其他单位人员请按“姓名:单位名称:份额”填写"),
        (22, "第一完成人身份证号", "已标记为不在职"),
        (23, "其他完成人", "未找到身份证号为"),  # out of scope: as if unknown
    ]
    assert pairs(outcome.errors) == [(r, c) for r, c, _m in expected]
    for error, (_r, _c, fragment) in zip(outcome.errors, expected, strict=True):
        assert fragment in error["message"], (error, fragment)
    assert outcome.created == 0
    assert Achievement.objects.count() == 1  # only the one made beforehand
    assert AuditEntry.objects.filter(object_type="achievements.achievement").count() == 1


def test_a_wrong_header_is_refused_with_a_chinese_message(world, campaign):
    headers = ["项目名称", *HEADERS[1:]]
    content = workbook([row("成果", world.workers["yx_a_1"])], headers=headers)
    outcome = run(content, campaign, world.users["yixian"])
    assert outcome.created == 0
    assert len(outcome.errors) == 1 and outcome.errors[0]["row"] is None
    message = outcome.errors[0]["message"]
    assert "表头与导入模板不一致" in message
    assert "缺少列：「成果名称」" in message and "无法识别的列：「项目名称」" in message
    assert "第1行应依次为：成果名称、成果类别" in message
    assert Achievement.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused(world, campaign):
    outcome = run(b"PK\x03\x04 not really a zip", campaign, world.users["yixian"])
    assert outcome.errors[0]["message"].startswith("无法读取该文件")


def test_the_fast_reader_reads_what_openpyxl_reads():
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = Workbook()
    ws = wb.active
    ws.title = "说明在前"
    data = wb.create_sheet("成果")
    data.append(["文本", "整数", "小数", "日期", "时间", "布尔", "公式", None, "富文本"])
    data.append(
        [
            "甲",
            1,
            2.5,
            datetime.date(2025, 3, 1),
            datetime.datetime(2025, 3, 1, 8, 30),
            True,
            "=B2+1",
            None,
            CellRichText("前", TextBlock(InlineFont(b=True), "后")),
        ]
    )
    data.append([None, None, None])
    data.append(["210727199001011234", -3, 1e-7, None, None, False])
    data["C6"] = "隔行"
    data["E6"] = datetime.date(2024, 2, 29)
    data["E6"].number_format = 'yyyy"年"m"月"d"日"'
    buffer = io.BytesIO()
    wb.save(buffer)
    content = buffer.getvalue()

    def trimmed(rows):
        result = []
        for number, values in rows:
            values = list(values)
            while values and values[-1] is None:
                values.pop()
            result.append((number, tuple(values)))
        return result

    fast = xlsx.fast_rows(content, importer.SHEET_DATA)
    assert trimmed(fast) == trimmed(xlsx.openpyxl_rows(content, importer.SHEET_DATA))
    assert fast[1] == (
        2,
        (
            "甲",
            1,
            2.5,
            datetime.datetime(2025, 3, 1),
            datetime.datetime(2025, 3, 1, 8, 30),
            True,
            None,
            None,
            "前后",
        ),
    )
    assert fast[-1] == (6, (None, None, "隔行", None, datetime.datetime(2024, 2, 29)))


def test_a_file_the_fast_reader_does_not_understand_is_read_by_openpyxl(world, campaign, monkeypatch):
    def broken(data, sheet):
        raise KeyError("xl/workbook.xml")

    monkeypatch.setattr(xlsx, "fast_rows", broken)
    content = workbook([None, row("成果", world.workers["yx_a_1"], completed_on=45900)])
    sheet = importer.read_workbook(io.BytesIO(content))
    assert [number for number, _cells in sheet.rows] == [3]
    assert run(content, campaign, world.users["yixian"]).created == 1
    assert Achievement.objects.get().completed_on == datetime.date(
        2025, 8, 31
    )  # a serial number in a date column


# ---------------------------------------------------------------- idempotency


def test_importing_the_same_file_twice_is_refused(client, world, campaign):
    client.force_login(world.users["yixian"])
    content = workbook([row(f"成果{i}", world.workers["yx_a_1"]) for i in range(3)])

    response = upload(client, campaign, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "achievements:import_detail", args=[batch.pk]
    )
    assert (batch.status, batch.created_count, batch.total_rows, batch.processed_rows) == ("done", 3, 3, 3)

    response = upload(client, campaign, content, name="再传一次.xlsx")
    assert response.status_code == 200
    assert "该文件已成功导入" in response.content.decode()
    assert ImportBatch.objects.count() == 1
    assert Achievement.objects.count() == 3

    # the same rows in another file: every row is already there
    again = workbook([row(f"成果{i}", world.workers["yx_a_1"], post="焊工") for i in range(3)])
    outcome = run(again, campaign, world.users["yixian"])
    assert pairs(outcome.errors) == [(2, "成果名称"), (3, "成果名称"), (4, "成果名称")]
    assert all("已存在同名成果" in e["message"] for e in outcome.errors)
    assert Achievement.objects.count() == 3


def test_a_stored_batch_of_an_imported_file_does_not_run_twice(world, campaign):
    content = workbook([row("成果", world.workers["yx_a_1"])])
    digest = hashlib.sha256(content).hexdigest()
    assert run(content, campaign, world.users["yixian"]).created == 1
    ImportBatch.objects.create(
        campaign=campaign,
        original_name="a.xlsx",
        sha256=digest,
        status="done",
        created_by=world.users["yixian"],
    )
    outcome = run(content, campaign, world.users["yixian"])
    assert "同一文件不能重复导入" in outcome.errors[0]["message"]
    assert Achievement.objects.count() == 1


# ---------------------------------------------------------------- submission


def test_the_submit_option_runs_the_workflow(client, world, campaign):
    user = world.users["unit"]
    a1, a2 = world.workers["yx_a_1"], world.workers["yx_a_2"]
    client.force_login(user)
    content = workbook(
        [
            row("直接提交一", None, first_name=a1.name),
            row(
                "直接提交二", None, first_name=a2.name, first_share=70, others=f"{a1.name}:{a1.id_number}:30"
            ),
        ]
    )

    response = upload(client, campaign, content, submit="on")
    assert response.status_code == 200
    assert "导入后直接提交须确认真实性承诺" in response.content.decode()
    assert ImportBatch.objects.count() == 0

    response = upload(client, campaign, content, submit="on", pledge="on")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_count, batch.errors) == ("done", 2, [])
    assert (
        Achievement.objects.filter(
            state=State.SUBMITTED, pledge_confirmed_by=user, submitted_at__isnull=False
        ).count()
        == 2
    )
    assert StepLog.objects.filter(step="submit", to_state=State.SUBMITTED, actor=user).count() == 2
    post = DemonstrationPost.objects.get(enterprise=world.units["yx_a"], year=campaign.year)
    assert post.post == "钳工"
    assert set(post.workers.all()) == {a1, a2}
    assert (
        "并已提交县区预审"
        in client.get(reverse("achievements:import_detail", args=[batch.pk])).content.decode()
    )


def test_a_row_that_cannot_be_submitted_rolls_the_whole_file_back(world, campaign):
    a1 = world.workers["yx_a_1"]
    content = workbook([row("完整的成果", a1), row("缺少方案", a1, solution="", effect="")])
    outcome = run(content, campaign, world.users["unit"], submit=True)
    assert pairs(outcome.errors) == [(3, "创新方案"), (3, "实施效果")]
    assert all(e["message"] == "提交前须填写此项。" for e in outcome.errors)
    assert Achievement.objects.count() == 0
    assert StepLog.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="achievements.achievement").count() == 0


def test_only_those_who_may_submit_can_ask_for_submission(world, campaign):
    content = SimpleUploadedFile("a.xlsx", workbook([row("成果", world.workers["yx_a_1"])]))
    with pytest.raises(ValidationError) as exc:
        importer.start_import(
            actor=world.users["yixian"], campaign=campaign, upload=content, submit=True, pledge=True
        )
    assert "您无权直接提交成果" in exc.value.message_dict["submit"][0]
    assert ImportBatch.objects.count() == 0


# ---------------------------------------------------------------- scope


def test_a_district_admin_cannot_import_into_another_districts_unit(client, world, campaign):
    client.force_login(world.users["heishan"])
    content = workbook([row("越界导入", world.workers["yx_a_1"]), row("本县的成果", world.workers["hs_a_1"])])
    upload(client, campaign, content)
    batch = ImportBatch.objects.get()
    assert batch.status == "failed"
    assert pairs(batch.errors) == [(2, "申报单位")]
    assert "不在您的管辖范围内" in batch.errors[0]["message"]
    assert Achievement.objects.count() == 0
    assert batch.scope_path == world.heishan.path

    page = client.get(reverse("achievements:import_detail", args=[batch.pk])).content.decode()
    assert "校验未通过，共 1 个问题" in page and "不在您的管辖范围内" in page
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("achievements:import_errors", args=[batch.pk])).content)
    ).active
    assert [[c.value for c in r] for r in sheet.iter_rows()][:2] == [
        ["行号", "列", "错误说明"],
        [2, "申报单位", batch.errors[0]["message"]],
    ]

    # a batch is its creator's own
    for other in ("yixian", "city"):
        client.force_login(world.users[other])
        for name in ("import_detail", "import_progress", "import_errors"):
            assert client.get(reverse(f"achievements:{name}", args=[batch.pk])).status_code == 404


def test_a_crash_during_the_import_is_recorded_on_the_batch(client, world, campaign, monkeypatch):
    def crash(self, prepared):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer.AchievementImporter, "create", crash)
    client.force_login(world.users["yixian"])
    upload(client, campaign, workbook([row("成果", world.workers["yx_a_1"])]))
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and batch.finished_at is not None
    assert batch.errors == [
        {
            "row": None,
            "column": "",
            "message": "导入时发生系统错误，未写入任何数据。请稍后重试，或联系系统管理员。",
        }
    ]
    assert Achievement.objects.count() == 0


def test_people_without_the_import_right_see_no_import_pages(client, world, campaign):
    client.force_login(world.users["worker"])
    assert client.get(reverse("achievements:import_upload")).status_code == 403
    assert client.get(reverse("achievements:import_template")).status_code == 403


# ---------------------------------------------------------------- pages


def test_the_upload_page_checks_the_real_file_type(client, world, campaign):
    client.force_login(world.users["yixian"])
    page = client.get(reverse("achievements:import_upload")).content.decode()
    assert campaign.title in page and reverse("achievements:import_template") in page
    response = upload(client, campaign, b"%PDF-1.4 a pdf in disguise", name="成果.xlsx")
    assert "实际类型不被接受" in response.content.decode()
    response = upload(client, campaign, b"a,b,c\n", name="成果.csv")
    assert "实际类型不被接受" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_the_upload_size_is_capped(client, world, campaign, settings):
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(world.users["yixian"])
    content = workbook([row(f"成果{i}", world.workers["yx_a_1"]) for i in range(30)])
    assert "超过导入上限" in upload(client, campaign, content).content.decode()
    assert ImportBatch.objects.count() == 0


def test_the_template_download(client, world, campaign):
    client.force_login(world.users["unit"])
    response = client.get(reverse("achievements:import_template"), {"campaign": campaign.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["成果"][1]] == HEADERS
    assert [c.value for c in wb["单位名单"]["A"]][1:] == [world.units["yx_a"].name]


def test_the_progress_partial_polls_while_the_batch_runs(client, world, campaign):
    user = world.users["yixian"]
    client.force_login(user)
    batch = ImportBatch.objects.create(
        campaign=campaign,
        original_name="a.xlsx",
        sha256="0" * 64,
        status="running",
        total_rows=1000,
        processed_rows=250,
        created_by=user,
        scope_path=world.yixian.path,
    )
    url = reverse("achievements:import_progress", args=[batch.pk])
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    assert 'value="250"' in html and "（25%）" in html and "style=" not in html and "<script" not in html
    ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=1000)
    assert "正在写入" in client.get(url).content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(status="done", created_count=1000)
    html = client.get(url).content.decode()
    assert "hx-get" not in html and "已导入 1000 项成果" in html
    detail = client.get(reverse("achievements:import_detail", args=[batch.pk])).content.decode()
    assert 'id="import-progress"' in detail and "style=" not in detail


def test_progress_is_recorded_every_few_hundred_rows(world, campaign, monkeypatch):
    seen = []
    monkeypatch.setattr(importer.AchievementImporter, "_progress", lambda self, done: seen.append(done))
    content = workbook([row(f"成果{i}", world.workers["yx_a_1"]) for i in range(600)])
    assert run(content, campaign, world.users["yixian"]).created == 600
    assert seen == [250, 500, 600]
