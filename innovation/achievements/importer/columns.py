"""The import template's columns, the limits of a file, and reading the data sheet against the
columns (header check, non-blank rows as {column key: raw value})."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Achievement, Author, Patent
from . import xlsx

SHEET_DATA = "成果"
SHEET_HELP = "填写说明"
SHEET_UNITS = "单位名单"
MAX_ROWS = 20_000
PROGRESS_EVERY = 250
# The lease a job takes for the one write transaction (innovation.core.jobs): seconds per row,
# times SUBMIT_FACTOR when each item is also submitted (a workflow step each). bench/README:
# 10,000 rows are written in 5-9 s, about twice that on a busy machine; this allows 50 s.
CREATE_SECONDS_PER_ROW = 0.005
SUBMIT_FACTOR = 6
LOOKUP_CHUNK = 10_000  # ID hashes per query (SQLite allows 32,766 parameters)
TEMPLATE_UNITS = 5_000  # units listed in the template's drop-down sheet


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 14
    required: bool = False
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        gettext_lazy("成果名称"),
        30,
        True,
        gettext_lazy("不超过200字。同一单位在同一征集活动中不能有同名成果。"),
    ),
    Column("kind", gettext_lazy("成果类别"), 10, True, gettext_lazy("从下拉列表中选择，可选值见下表。")),
    Column("field", gettext_lazy("所属领域"), 12, True, gettext_lazy("从下拉列表中选择，可选值见下表。")),
    Column(
        "unit",
        gettext_lazy("申报单位"),
        28,
        False,
        gettext_lazy(
            "单位全称，须与平台登记的名称完全一致，且在您的管辖范围内。基层工会管理员只管理一个单位时可不填。"
        ),
    ),
    Column("post", gettext_lazy("岗位"), 14, True, gettext_lazy("第一完成人所在岗位，不超过100字。")),
    Column(
        "first_name",
        gettext_lazy("第一完成人姓名"),
        12,
        True,
        gettext_lazy(
            "须是申报单位已登记的职工。只填姓名时在申报单位内按姓名查找，单位内有同名职工时须填写身份证号。"
        ),
    ),
    Column(
        "first_id",
        gettext_lazy("第一完成人身份证号"),
        22,
        False,
        gettext_lazy(
            "18位居民身份证号码，按文本填写（本列已设为文本格式）。填写后按身份证号查找职工，姓名须与登记一致。"
        ),
    ),
    Column(
        "first_share",
        gettext_lazy("第一完成人份额(%)"),
        10,
        False,
        gettext_lazy("贡献份额，百分数，如 60。没有其他完成人时可不填，视为100。全部完成人份额合计须为100。"),
    ),
    Column(
        "others",
        gettext_lazy("其他完成人"),
        40,
        False,
        gettext_lazy(
            "每人一段，用分号“;”分隔，每段用冒号“:”分隔：申报单位的职工写“姓名:身份证号:份额”，单位内不重名的"
            "也可写“姓名:份额”；其他单位的人员写“姓名:单位名称:份额”（作为外单位完成人）。"
            "例：王伟:210727199001011234:30;李娜:锦州市某某研究所:10"
        ),
    ),
    Column("problem", gettext_lazy("解决的问题"), 30, False, gettext_lazy("提交前须填写。")),
    Column("solution", gettext_lazy("创新方案"), 30, False, gettext_lazy("提交前须填写。")),
    Column("effect", gettext_lazy("实施效果"), 30, False, gettext_lazy("提交前须填写。")),
    Column("started_on", gettext_lazy("开始日期"), 12, False, gettext_lazy("日期，如 2025-03-01。")),
    Column(
        "completed_on",
        gettext_lazy("完成日期"),
        12,
        False,
        gettext_lazy("日期，如 2025-10-31；不能早于开始日期，不能晚于今天。"),
    ),
    Column(
        "benefit_type",
        gettext_lazy("效益类型"),
        10,
        False,
        gettext_lazy("创造或节约；填写经济效益时须填写。"),
    ),
    Column(
        "benefit_claimed",
        gettext_lazy("经济效益(元/年)"),
        14,
        False,
        gettext_lazy("单位为元/年，如 272000 或 272000.50；不能为负数，不能超过100亿元。"),
    ),
    Column(
        "benefit_basis",
        gettext_lazy("效益计算依据"),
        30,
        False,
        gettext_lazy("填写经济效益时须写明计算依据。"),
    ),
    Column(
        "patent_type",
        gettext_lazy("专利类型"),
        10,
        False,
        gettext_lazy("有专利时填写，可选值见下表。每行填写一项专利，更多专利请导入后在成果页面补充。"),
    ),
    Column(
        "patent_number", gettext_lazy("专利号"), 20, False, gettext_lazy("如 ZL202320123456.7，不超过40字。")
    ),
    Column("patent_status", gettext_lazy("专利状态"), 10, False, gettext_lazy("已受理或已授权。")),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

# Where a rule of the services reports, by the key it uses.
SERVICE_KEY_COLUMN = {
    "title": "title",
    "kind": "kind",
    "field": "field",
    "post": "post",
    "problem": "problem",
    "solution": "solution",
    "effect": "effect",
    "started_on": "started_on",
    "completed_on": "completed_on",
    "benefit_type": "benefit_type",
    "benefit_claimed": "benefit_claimed",
    "benefit_basis": "benefit_basis",
    "patents": "patent_number",
}
AUTHOR_COLUMNS = ("first_name", "first_id", "first_share", "others")
TEXT_LIMITS = {
    "title": Achievement._meta.get_field("title").max_length,
    "post": Achievement._meta.get_field("post").max_length,
}
OUTSIDE_NAME_MAX = Author._meta.get_field("outside_name").max_length
OUTSIDE_UNIT_MAX = Author._meta.get_field("outside_unit").max_length
PATENT_NUMBER_MAX = Patent._meta.get_field("number").max_length
ID_LIKE = re.compile(r"^\d{15,18}[X]?$")


class ImportRefused(Exception):
    """The file as a whole cannot be imported (wrong header, unreadable, already imported)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def header(key: str) -> str:
    return str(COLUMN_BY_KEY[key].header)


def choices_by_label(choices) -> dict[str, str]:
    """Label -> value, accepting the stored codes too."""
    mapping = {str(label): value for value, label in choices}
    mapping.update({value: value for value, _label in choices})
    return mapping


def normalise_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", title or "").split()).casefold()


def import_key(campaign_id: int, enterprise_id: int, title: str) -> str:
    return hashlib.sha256(f"{campaign_id}:{enterprise_id}:{normalise_title(title)}".encode()).hexdigest()


def import_max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024))


# ---------------------------------------------------------------- reading


@dataclass
class SheetRows:
    rows: list[tuple[int, dict]]  # (Excel row number, {column key: raw value})


UNREADABLE = gettext_lazy("无法读取该文件：请上传用平台模板填写的 Excel 文件（.xlsx）。")
MAX_UNZIPPED = 300 * 1024 * 1024  # a 10 MB upload that unpacks to more than this is not a spreadsheet


def read_workbook(fileobj) -> SheetRows:
    """Check the header row and read the non-blank data rows. Raises ImportRefused."""
    try:
        rows = xlsx.sheet_rows(fileobj.read(), sheet=SHEET_DATA, max_unzipped=MAX_UNZIPPED)
    except xlsx.Unreadable:
        raise ImportRefused(str(UNREADABLE)) from None
    return _collect(rows)


def _collect(rows: list[tuple[int, tuple]]) -> SheetRows:
    head = rows[0][1] if rows and rows[0][0] == 1 else ()
    found = [xlsx.norm_header(v) for v in head]
    while found and not found[-1]:
        found.pop()
    expected = [xlsx.norm_header(c.header) for c in COLUMNS]
    positions = _check_header(found, expected)
    data: list[tuple[int, dict]] = []
    for number, values in rows:
        if (
            number == 1
            or not values
            or all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
        ):
            continue
        if len(data) >= MAX_ROWS:
            raise ImportRefused(_("文件超过 %(n)d 行，请拆分为多个文件分别导入。") % {"n": MAX_ROWS})
        width = len(values)
        data.append((number, {key: values[i] if i < width else None for key, i in positions.items()}))
    if not data:
        raise ImportRefused(_("文件中没有数据：请从第2行开始填写成果。"))
    return SheetRows(rows=data)


def _check_header(found: list[str], expected: list[str]) -> dict[str, int]:
    missing = [h for h in expected if h not in found]
    extra = [h for h in found if h and h not in expected]
    duplicated = sorted({h for h in found if h and found.count(h) > 1})
    if missing or extra or duplicated:
        parts = []
        if missing:
            parts.append(_("缺少列：%(c)s") % {"c": "、".join(f"「{h}」" for h in missing)})
        if extra:
            parts.append(_("无法识别的列：%(c)s") % {"c": "、".join(f"「{h}」" for h in extra)})
        if duplicated:
            parts.append(_("重复的列：%(c)s") % {"c": "、".join(f"「{h}」" for h in duplicated)})
        raise ImportRefused(
            _(
                "表头与导入模板不一致（%(p)s）。第1行应依次为：%(e)s；文件中为：%(f)s。请下载最新模板，保留第1行表头后重新填写。"
            )
            % {
                "p": "；".join(parts),
                "e": "、".join(expected),
                "f": "、".join(h or _("（空）") for h in found) or _("（空）"),
            }
        )
    keys = [c.key for c in COLUMNS]
    return {keys[expected.index(h)]: i for i, h in enumerate(found) if h in expected}
