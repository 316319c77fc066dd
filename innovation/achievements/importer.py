"""Excel batch import of achievements (成果批量导入).

One file is one all-or-nothing import into one campaign:

1. `read_workbook` checks the header row against the template and reads the data rows;
2. `AchievementImporter.validate` checks every row cell by cell with the lookups done in
   bulk (workers by ID-number hash, workers by name within a unit, units by name, existing
   titles: a handful of queries for the whole file, none per row) and then runs each row
   through the same rules as the form (`services._apply`, `_authors_from`, `_patents_from`);
   every problem becomes {"row": Excel row number, "column": header, "message": text};
3. `AchievementImporter.create` writes everything with bulk inserts in one transaction,
   writes the audit rows itself (bulk creation bypasses the change tracker) and, when asked,
   submits each item through the workflow kernel. Any error rolls the whole file back.

`start_import` (the upload page) stores the file as an ImportBatch and queues the job
`tasks.run_import` (innovation.core.tasks); the job (`run_batch`) holds the batch's lease
(innovation.core.jobs) and records progress on it as it goes, so the page can show it. The
batch becomes "done" in the same transaction as the achievements, so a worker that dies at
any moment leaves either a complete import or none (and a batch a worker takes back or the
page marks interrupted).
"""

import datetime
import hashlib
import io
import logging
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from innovation.accounts.policy import Action, Scope, scope_for
from innovation.accounts.scope import can, restrict
from innovation.audit import context as audit_context
from innovation.audit.models import AuditAction, AuditEntry
from innovation.audit.services import record
from innovation.core import jobs, pii
from innovation.core import workflow as kernel
from innovation.core.exports import escape_cell
from innovation.core.validators import normalize_id_number, validate_id_number
from innovation.org.models import Enterprise, Worker

from .models import Achievement, Author, Campaign, Field, ImportBatch, Kind, Patent
from .services import _apply, _authors_from, _patents_from, build_search_text
from .uploads import check_upload

log = logging.getLogger(__name__)

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
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


class ImportRefused(Exception):
    """The file as a whole cannot be imported (wrong header, unreadable, already imported)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def header(key: str) -> str:
    return str(COLUMN_BY_KEY[key].header)


def _norm_header(value) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    return re.sub(r"\s+", "", text).replace("*", "")


def _choices(choices) -> dict[str, str]:
    """Label -> value, accepting the stored codes too."""
    mapping = {str(label): value for value, label in choices}
    mapping.update({value: value for value, _label in choices})
    return mapping


def normalise_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", title or "").split()).casefold()


def import_key(campaign_id: int, enterprise_id: int, title: str) -> str:
    return hashlib.sha256(f"{campaign_id}:{enterprise_id}:{normalise_title(title)}".encode()).hexdigest()


# ---------------------------------------------------------------- template


def _allowed_values(campaign: Campaign | None) -> list[tuple[str, list[str]]]:
    kinds = [str(Kind(k).label) for k in (campaign.kinds if campaign else Kind.values) if k in Kind.values]
    fields_ = [
        str(Field(f).label) for f in (campaign.fields if campaign else Field.values) if f in Field.values
    ]
    return [
        ("kind", kinds),
        ("field", fields_),
        ("benefit_type", [str(label) for _v, label in Achievement.BenefitType.choices]),
        ("patent_type", [str(label) for _v, label in Patent.Type.choices]),
        ("patent_status", [str(label) for _v, label in Patent.Status.choices]),
    ]


def build_template(*, campaign: Campaign | None = None, actor=None) -> bytes:
    """The import template: sheet 成果 (headers, drop-downs, formats) and sheet 填写说明."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_DATA
    bold = Font(bold=True)
    required_font = Font(bold=True, color="B3261E")
    fill = PatternFill("solid", fgColor="FBE9E7")
    last = MAX_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=str(column.header))
        cell.font = required_font if column.required else bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.key in ("first_id", "patent_number", "others", "unit", "title", "first_name"):
            ws.column_dimensions[letter].number_format = "@"  # keep 18-digit ID numbers as text
        elif column.key in ("started_on", "completed_on"):
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30

    letters = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    for key, values in _allowed_values(campaign):
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.error = _("请从下拉列表中选择：%(v)s") % {"v": "、".join(values)}
        dv.errorTitle = header(key)
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{letters[key]}2:{letters[key]}{last}")
    for key in ("started_on", "completed_on"):
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        dv.error = _("请填写日期，如 2025-03-01。")
        dv.errorTitle = header(key)
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{letters[key]}2:{letters[key]}{last}")
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    dv.error = _("份额为大于0且不超过100的数字。")
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(f"{letters['first_share']}2:{letters['first_share']}{last}")

    if actor is not None:
        names = list(
            restrict(Enterprise.objects.filter(is_active=True), actor, Action.ACHIEVEMENT_IMPORT)
            .order_by("scope_path", "name")
            .values_list("name", flat=True)[:TEMPLATE_UNITS]
        )
        if names:
            units = wb.create_sheet(SHEET_UNITS)
            units.append([_("可选申报单位（您的管辖范围内）")])
            units["A1"].font = bold
            units.column_dimensions["A"].width = 40
            for name in names:
                units.append([escape_cell(name)])
            dv = DataValidation(
                type="list", formula1=f"'{SHEET_UNITS}'!$A$2:$A${len(names) + 1}", allow_blank=True
            )
            dv.errorStyle = "warning"  # the list may be cut short: typing another name stays possible
            dv.error = _("该单位不在单位名单中，请核对名称。")
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(f"{letters['unit']}2:{letters['unit']}{last}")

    _write_help(wb.create_sheet(SHEET_HELP), campaign)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_help(ws, campaign: Campaign | None) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 90
    ws.append([_("五小创新成果批量导入 填写说明")])
    ws["A1"].font = Font(bold=True, size=14)
    if campaign is not None:
        ws.append([_("征集活动"), "", campaign.title])
    rules = [
        _("在“成果”工作表中每行填写一项成果，从第2行开始；第1行表头不能修改或删除；红色表头为必填列。"),
        _(
            "整个文件逐行逐格校验，只要有一处错误，整个文件都不会导入；请按错误清单（行号、列名）修改后重新上传。"
        ),
        _("同一文件在同一征集活动中只能成功导入一次；已有同名成果（同一单位、同一活动）的行会报错。"),
        _("导入的成果为草稿；勾选“导入后直接提交”并确认承诺的，导入后直接提交县区预审。"),
        _("单个文件最多 %(n)d 行，文件不超过 %(m)d MB，只接受 .xlsx 格式。")
        % {"n": MAX_ROWS, "m": import_max_bytes() // 1048576},
        _("身份证号请按文本填写，避免 Excel 把18位数字截断。"),
    ]
    ws.append([])
    ws.append([_("总体要求")])
    ws.cell(row=ws.max_row, column=1).font = bold
    for number, rule in enumerate(rules, start=1):
        ws.append([f"{number}.", "", rule])
        ws.cell(row=ws.max_row, column=3).alignment = wrap
    ws.append([])
    ws.append([_("列名"), _("是否必填"), _("填写要求")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for column in COLUMNS:
        ws.append([str(column.header), _("必填") if column.required else _("选填"), str(column.help)])
        ws.cell(row=ws.max_row, column=3).alignment = wrap
    ws.append([])
    ws.append([_("可选值")])
    ws.cell(row=ws.max_row, column=1).font = bold
    for key, values in _allowed_values(campaign):
        ws.append([header(key), "", "、".join(values)])
    ws.append([])
    ws.append([_("其他完成人示例")])
    ws.cell(row=ws.max_row, column=1).font = bold
    for example in (
        _("王伟:210727199001011234:30（申报单位的职工，按身份证号查找）"),
        _("王伟:30（申报单位内不重名的职工，按姓名查找）"),
        _("李娜:锦州市某某研究所:10（外单位人员）"),
        _("王伟:210727199001011234:30;李娜:锦州市某某研究所:10（多人用分号分隔）"),
    ):
        ws.append(["", "", example])


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
    data = fileobj.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused(str(UNREADABLE)) from None
    if unzipped > MAX_UNZIPPED:
        raise ImportRefused(str(UNREADABLE))
    try:
        rows = list(_fast_rows(data))
    except Exception as exc:  # anything unusual: let openpyxl read it
        log.info("fast xlsx reader fell back to openpyxl: %r", exc)
        rows = _openpyxl_rows(data)
    return _collect(rows)


def _collect(rows: list[tuple[int, tuple]]) -> SheetRows:
    head = rows[0][1] if rows and rows[0][0] == 1 else ()
    found = [_norm_header(v) for v in head]
    while found and not found[-1]:
        found.pop()
    expected = [_norm_header(c.header) for c in COLUMNS]
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


def _openpyxl_rows(data: bytes) -> list[tuple[int, tuple]]:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportRefused(str(UNREADABLE)) from None
    try:
        ws = wb[SHEET_DATA] if SHEET_DATA in wb.sheetnames else wb.worksheets[0]
        return [
            (number, values)
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1)
            if len(values) > 0 and any(v is not None for v in values)
        ]
    except Exception:
        raise ImportRefused(str(UNREADABLE)) from None
    finally:
        wb.close()


# A lean reader of the one sheet we need: values only, as openpyxl's read-only mode gives them,
# about three times faster (openpyxl builds an object per cell). Anything it does not
# expect raises, and `read_workbook` then reads the file with openpyxl instead.
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# East Asian built-in date formats (yyyy"年"m"月"d"日" and the like): dates in a Chinese Excel.
_CJK_DATE_FORMATS = frozenset([*range(27, 37), *range(50, 59)])


def _rich_text(node) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t> (phonetic runs left out)."""
    t = node.find(f"{_MAIN}t")
    if t is not None:
        return t.text or ""
    return "".join(r.findtext(f"{_MAIN}t") or "" for r in node.iterfind(f"{_MAIN}r"))


def _fast_rows(data: bytes) -> list[tuple[int, tuple]]:
    # openpyxl's parser functions: defusedxml when it is installed, else the standard library's
    # (expat >= 2.4 limits entity expansion; ElementTree never fetches external entities).
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
    from openpyxl.xml.functions import fromstring, iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = {
            rel.get("Id"): (rel.get("Type", "").rsplit("/", 1)[-1], rel.get("Target", ""))
            for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(f"{_PKG}Relationship")
        }

        def part(target: str) -> str:
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"

        props = book.find(f"{_MAIN}workbookPr")
        epoch = (
            CALENDAR_MAC_1904
            if props is not None and props.get("date1904") in ("1", "true")
            else CALENDAR_WINDOWS_1900
        )
        sheets = [(s.get("name"), s.get(f"{_REL}id")) for s in book.iter(f"{_MAIN}sheet")]
        rel_id = next((rid for name, rid in sheets if name == SHEET_DATA), sheets[0][1])
        kind, target = rels[rel_id]
        if kind != "worksheet":
            raise ValueError(f"first sheet is a {kind}")
        sheet_path = part(target)

        strings: list[str] = []
        styles_path = next((part(t) for k, t in rels.values() if k == "styles"), None)
        strings_path = next((part(t) for k, t in rels.values() if k == "sharedStrings"), None)
        if strings_path:
            with archive.open(strings_path) as source:
                for _event, node in iterparse(source):
                    if node.tag == f"{_MAIN}si":
                        strings.append(_rich_text(node).replace("x005F_", ""))
                        node.clear()
        date_styles: set[int] = set()
        if styles_path:
            styles = fromstring(archive.read(styles_path))
            custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")}
            xfs = styles.find(f"{_MAIN}cellXfs")
            for index, xf in enumerate(xfs if xfs is not None else ()):
                fmt = int(xf.get("numFmtId", 0))
                code = custom.get(fmt, BUILTIN_FORMATS.get(fmt, ""))
                if fmt in _CJK_DATE_FORMATS or (code and is_date_format(code)):
                    date_styles.add(index)

        rows: list[tuple[int, tuple]] = []
        number = 0
        with archive.open(sheet_path) as source:
            for _event, node in iterparse(source):
                if node.tag != f"{_MAIN}row":
                    continue
                number = int(node.get("r") or number + 1)
                values: dict[int, object] = {}
                column = 0
                for cell in node.iterfind(f"{_MAIN}c"):
                    ref = cell.get("r")
                    column = column_index_from_string(ref.rstrip("0123456789")) if ref else column + 1
                    kind = cell.get("t", "n")
                    raw = cell.findtext(f"{_MAIN}v") or None
                    if kind == "inlineStr":
                        inline = cell.find(f"{_MAIN}is")
                        value = _rich_text(inline) if inline is not None else None
                    elif raw is None:
                        value = None
                    elif kind == "s":
                        value = strings[int(raw)]
                    elif kind in ("str", "e"):
                        value = raw
                    elif kind == "b":
                        value = raw.strip() in ("1", "true")
                    elif kind == "d":
                        value = datetime.datetime.fromisoformat(raw)
                    elif kind == "n":
                        value = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
                        if int(cell.get("s") or 0) in date_styles:
                            value = from_excel(value, epoch)
                    else:
                        raise ValueError(f"cell type {kind}")
                    if value is not None:
                        values[column] = value
                node.clear()
                if values:
                    rows.append((number, tuple(values.get(i) for i in range(1, max(values) + 1))))
    return rows


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


# ---------------------------------------------------------------- cells


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value) -> tuple[datetime.date | None, str]:
    if value is None or value == "":
        return None, ""
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    if isinstance(value, int | float) and 1 <= value < 2958466 and not isinstance(value, bool):
        # a date cell Excel kept as a serial number (a format the reader did not know as a date)
        from openpyxl.utils.datetime import from_excel

        serial = from_excel(value)
        if 1900 <= serial.year <= 2100:
            return serial.date(), ""
    text = _text(value)
    if not text:
        return None, ""
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date(), ""
        except ValueError:
            continue
    return None, _("「%(v)s」不是有效日期，请按 2025-03-01 的格式填写。") % {"v": text}


def _share(value) -> tuple[Decimal | None, str]:
    text = _text(value).rstrip("%％").strip()
    if not text:
        return None, ""
    try:
        share = Decimal(text).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None, _("份额「%(v)s」不是数字，请填写百分数，如 60。") % {"v": text}
    if share <= 0 or share > 100:
        return None, _("份额须大于0且不超过100，现为%(v)s。") % {"v": f"{share:g}"}
    return share, ""


def _id_number(value) -> tuple[str, str]:
    """(normalised number, error)"""
    if isinstance(value, int | float):
        return "", _("身份证号被 Excel 存成了数字（18位会被截断），请把该列设为文本格式后重新填写。")
    text = normalize_id_number(_text(value))
    if not text:
        return "", ""
    try:
        return validate_id_number(text), ""
    except ValidationError as exc:
        return "", exc.messages[0]


def _amount(value) -> object:
    """What `_clean_amount` reads: numbers as they are, text without thousands separators."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    return (
        _text(value).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "").removesuffix("元")
    )


@dataclass
class PersonRef:
    name: str
    id_hash: str = ""
    id_masked: str = ""
    outside_unit: str = ""
    share: Decimal | None = None
    worker: Worker | None = None
    by_name: bool = False


@dataclass
class RowDraft:
    row: int
    cells: dict
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # column key -> [message]
    unit_name: str = ""
    first: PersonRef | None = None
    others: list[PersonRef] = field(default_factory=list)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


@dataclass
class Prepared:
    row: int
    achievement: Achievement
    authors: list[dict]
    patents: list[dict]


@dataclass
class ImportOutcome:
    created: int = 0
    errors: list[dict] = field(default_factory=list)
    validate_seconds: float = 0.0
    create_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def _coauthor(index: int, text: str) -> str:
    return _("第%(i)d位完成人「%(c)s」：") % {"i": index, "c": text}


def _file_error(message: str) -> dict:
    return {"row": None, "column": "", "message": message}


# ---------------------------------------------------------------- the importer


class AchievementImporter:
    """Validates and creates one file's achievements for one actor and campaign."""

    def __init__(
        self,
        *,
        campaign: Campaign,
        actor,
        submit: bool = False,
        batch: ImportBatch | None = None,
        lease: jobs.Lease | None = None,
    ):
        self.campaign = campaign
        self.actor = actor
        self.submit = submit
        self.batch = batch
        self.lease = lease
        self.kinds = _choices(Kind.choices)
        self.fields = _choices(Field.choices)
        self.benefit_types = _choices(Achievement.BenefitType.choices)
        self.patent_types = _choices(Patent.Type.choices)
        self.patent_statuses = _choices(Patent.Status.choices)
        self.errors: list[dict] = []
        # Translated once: gettext per row and cell adds up over 10,000 rows.
        self.choice_labels = {"kind": _("成果类别"), "field": _("所属领域"), "benefit_type": _("效益类型")}

    # -- progress

    def _progress(self, done: int) -> None:
        if self.lease is not None:
            self.lease.renew(processed_rows=done)
        elif self.batch is not None:
            ImportBatch.objects.filter(pk=self.batch.pk).update(processed_rows=done)

    # -- pass 1: each row on its own

    def _parse(self, number: int, cells: dict) -> RowDraft:
        draft = RowDraft(row=number, cells=cells)
        v = draft.values
        for key in ("title", "post", "problem", "solution", "effect", "benefit_basis"):
            v[key] = _text(cells.get(key))
        for key in ("title", "post", "first_name"):
            if not _text(cells.get(key)) and not (key == "first_name" and _text(cells.get("first_id"))):
                draft.error(key, _("此项为必填项。"))
        for key, limit in TEXT_LIMITS.items():
            if len(v[key]) > limit:
                draft.error(key, _("不能超过%(n)d字，现为%(l)d字。") % {"n": limit, "l": len(v[key])})
                v[key] = v[key][:limit]
        for key, mapping in (
            ("kind", self.kinds),
            ("field", self.fields),
            ("benefit_type", self.benefit_types),
        ):
            text = _text(cells.get(key))
            v[key] = mapping.get(text, "")
            if text and not v[key]:
                allowed = "、".join(k for k in mapping if not k.isascii())
                draft.error(
                    key,
                    _("「%(v)s」不是有效的%(l)s，应为：%(a)s。")
                    % {"v": text, "l": self.choice_labels[key], "a": allowed},
                )
            elif not text and key in ("kind", "field"):
                draft.error(key, _("此项为必填项。"))
        for key in ("started_on", "completed_on"):
            v[key], message = _date(cells.get(key))
            if message:
                draft.error(key, message)
        v["benefit_claimed"] = _amount(cells.get("benefit_claimed"))
        draft.unit_name = " ".join(_text(cells.get("unit")).split())

        # first author
        first = PersonRef(name=_text(cells.get("first_name")))
        number_, message = _id_number(cells.get("first_id"))
        if message:
            draft.error("first_id", message)
        elif number_:
            first.id_hash, first.id_masked = pii.keyed_hash(number_), pii.mask_id_number(number_)
        else:
            first.by_name = bool(first.name)
        first.share, message = _share(cells.get("first_share"))
        if message:
            draft.error("first_share", message)
        draft.first = first
        self._parse_others(draft)
        if first.share is None and "first_share" not in draft.errors:
            if draft.others:
                draft.error("first_share", _("有其他完成人时须填写第一完成人份额。"))
            else:
                first.share = Decimal("100.00")

        # patent
        p_number = _text(cells.get("patent_number")).upper()
        p_type, p_status = _text(cells.get("patent_type")), _text(cells.get("patent_status"))
        v["patents"] = []
        if p_type and p_type not in self.patent_types:
            draft.error(
                "patent_type",
                _("「%(v)s」不是有效的专利类型，应为：发明、实用新型、外观设计。") % {"v": p_type},
            )
        if p_status and p_status not in self.patent_statuses:
            draft.error(
                "patent_status", _("「%(v)s」不是有效的专利状态，应为：已受理、已授权。") % {"v": p_status}
            )
        if p_number:
            if len(p_number) > PATENT_NUMBER_MAX:
                draft.error("patent_number", _("专利号不能超过%(n)d字。") % {"n": PATENT_NUMBER_MAX})
            if not p_type:
                draft.error("patent_type", _("填写了专利号，请填写专利类型。"))
            if not p_status:
                draft.error("patent_status", _("填写了专利号，请填写专利状态。"))
            v["patents"] = [
                {
                    "type": self.patent_types.get(p_type),
                    "number": p_number,
                    "status": self.patent_statuses.get(p_status),
                }
            ]
        elif p_type or p_status:
            draft.error("patent_number", _("填写了专利类型或状态，请填写专利号。"))
        return draft

    def _parse_others(self, draft: RowDraft) -> None:
        text = unicodedata.normalize("NFKC", _text(draft.cells.get("others")))
        if not text:
            return
        for index, chunk in enumerate((c.strip() for c in re.split(r"[;\n]", text)), start=2):
            if not chunk:
                continue
            parts = [p.strip() for p in chunk.split(":")]
            if len(parts) not in (2, 3) or not parts[0]:
                draft.error(
                    "others",
                    _coauthor(index, chunk)
                    + _("格式应为“姓名:身份证号:份额”“姓名:份额”或“姓名:外单位名称:份额”。"),
                )
                continue
            person = PersonRef(name=parts[0])
            person.share, message = _share(parts[-1])
            if message or person.share is None:
                draft.error("others", _coauthor(index, chunk) + (message or _("请填写份额。")))
                continue
            middle = parts[1] if len(parts) == 3 else ""
            if middle and ID_LIKE.match(middle.upper()):
                number, message = _id_number(middle)
                if message:
                    draft.error("others", _coauthor(index, chunk) + message)
                    continue
                person.id_hash, person.id_masked = pii.keyed_hash(number), pii.mask_id_number(number)
            elif middle:
                if len(person.name) > OUTSIDE_NAME_MAX or len(middle) > OUTSIDE_UNIT_MAX:
                    draft.error(
                        "others",
                        _coauthor(index, chunk)
                        + _("外单位人员姓名不超过%(a)d字、单位名称不超过%(b)d字。")
                        % {"a": OUTSIDE_NAME_MAX, "b": OUTSIDE_UNIT_MAX},
                    )
                    continue
                person.outside_unit = middle
            else:
                person.by_name = True
            draft.others.append(person)

    # -- bulk look-ups

    def _lookup_units(self, drafts: list[RowDraft]) -> tuple[dict, set, set, Enterprise | None]:
        names = {d.unit_name for d in drafts if d.unit_name}
        by_name: dict[str, list[Enterprise]] = {}
        in_scope: set[int] = set()
        submittable: set[int] = set()
        base = Enterprise.objects.only("id", "name", "scope_path", "union_id", "is_active")
        if names:
            for enterprise in base.filter(name__in=names):
                by_name.setdefault(enterprise.name, []).append(enterprise)
            in_scope = set(
                self._scoped(base.filter(name__in=names), Action.ACHIEVEMENT_IMPORT).values_list(
                    "pk", flat=True
                )
            )
            if self.submit:
                submittable = set(
                    self._scoped(base.filter(name__in=names), Action.ACHIEVEMENT_SUBMIT).values_list(
                        "pk", flat=True
                    )
                )
        default = None
        if any(not d.unit_name for d in drafts):
            candidates = list(self._scoped(base.filter(is_active=True), Action.ACHIEVEMENT_IMPORT)[:2])
            if len(candidates) == 1:
                default = candidates[0]
                in_scope.add(default.pk)
                if (
                    self.submit
                    and self._scoped(base.filter(pk=default.pk), Action.ACHIEVEMENT_SUBMIT).exists()
                ):
                    submittable.add(default.pk)
        return by_name, in_scope, submittable, default

    def _scoped(self, queryset, action: str):
        return queryset if self.actor is None else restrict(queryset, self.actor, action)

    def _lookup_workers(self, drafts: list[RowDraft], unit_ids: set[int]) -> tuple[dict, dict]:
        fields_ = ("id", "name", "enterprise_id", "post", "id_number_hash", "is_active")
        hashes = sorted({p.id_hash for d in drafts for p in [d.first, *d.others] if p and p.id_hash})
        by_hash: dict[str, Worker] = {}
        # Only workers within the importer's scope: an ID number tells nothing about anyone else.
        workers = self._scoped(Worker.objects.only(*fields_), Action.ACHIEVEMENT_IMPORT)
        for start in range(0, len(hashes), LOOKUP_CHUNK):
            chunk = hashes[start : start + LOOKUP_CHUNK]
            by_hash.update({w.id_number_hash: w for w in workers.filter(id_number_hash__in=chunk)})
        names = {p.name for d in drafts for p in [d.first, *d.others] if p and p.by_name}
        by_name: dict[tuple[int, str], list[Worker]] = {}
        if names and unit_ids:
            for worker in Worker.objects.only(*fields_).filter(name__in=names, enterprise_id__in=unit_ids):
                by_name.setdefault((worker.enterprise_id, worker.name), []).append(worker)
        return by_hash, by_name

    def _existing_keys(self, keys: set[str], unit_ids: set[int]) -> set[str]:
        existing = set()
        rows = Achievement.objects.filter(campaign=self.campaign, enterprise_id__in=unit_ids).values_list(
            "enterprise_id", "title", "import_key"
        )
        for enterprise_id, title, key in rows:
            existing.add(import_key(self.campaign.pk, enterprise_id, title))
            if key:
                existing.add(key)
        if keys:
            existing.update(
                Achievement.objects.filter(import_key__in=keys).values_list("import_key", flat=True)
            )
        return existing

    # -- pass 2: resolve and apply the services' rules

    @staticmethod
    def _resolve_person(
        draft: RowDraft, person: PersonRef, enterprise, by_hash, by_name, *, key: str, index: int = 0
    ):
        """The worker a first author (index 0) or a co-author (index >= 2) names, or None with an error."""

        def fail(column: str, message: str) -> None:
            draft.error(column, (_coauthor(index, person.name) if index else "") + message)

        if person.id_hash:
            worker = by_hash.get(person.id_hash)
            if worker is None:
                fail(
                    key,
                    _("未找到身份证号为 %(m)s 的职工，请核对号码或先在“职工”中登记。")
                    % {"m": person.id_masked}
                    + (_("其他单位的人员请按“姓名:单位名称:份额”填写为外单位完成人。") if index else ""),
                )
                return None
            if person.name and worker.name != person.name:
                fail(
                    "first_name" if key == "first_id" else key,
                    _("姓名「%(n)s」与身份证号 %(m)s 登记的职工姓名不一致。")
                    % {"n": person.name, "m": person.id_masked},
                )
                return None
            return worker
        if person.by_name and enterprise is not None:
            found = by_name.get((enterprise.pk, person.name), [])
            if not found:
                fail(
                    key,
                    _("申报单位「%(u)s」中没有名为「%(n)s」的职工，请核对姓名或填写身份证号。")
                    % {"u": enterprise.name, "n": person.name},
                )
                return None
            if len(found) > 1:
                fail(
                    key,
                    _("申报单位「%(u)s」中有%(c)d名职工叫「%(n)s」，请填写身份证号以区分。")
                    % {"u": enterprise.name, "c": len(found), "n": person.name},
                )
                return None
            return found[0]
        return None

    def _resolve(
        self, draft: RowDraft, units, default, by_hash, by_name, seen: dict, existing: set
    ) -> Prepared | None:
        by_unit, in_scope, submittable = units
        enterprise = None
        if draft.unit_name:
            found = by_unit.get(draft.unit_name, [])
            allowed = [e for e in found if e.pk in in_scope]
            if not found:
                draft.error(
                    "unit", _("平台中没有名为「%(u)s」的单位，请填写单位全称。") % {"u": draft.unit_name}
                )
            elif not allowed:
                draft.error(
                    "unit", _("单位「%(u)s」不在您的管辖范围内，不能为其导入成果。") % {"u": draft.unit_name}
                )
            elif len(allowed) > 1:
                draft.error(
                    "unit",
                    _("平台中有%(c)d个名为「%(u)s」的单位，无法确定，请联系上级工会处理。")
                    % {"c": len(allowed), "u": draft.unit_name},
                )
            else:
                enterprise = allowed[0]
        elif default is not None:
            enterprise = default
        else:
            draft.error("unit", _("请填写申报单位（您管理多个单位）。"))
        if enterprise is not None and not enterprise.is_active:
            draft.error("unit", _("单位「%(u)s」已停用，不能申报成果。") % {"u": enterprise.name})
            enterprise = None
        if enterprise is not None and self.submit and enterprise.pk not in submittable:
            draft.error(
                "unit",
                _("您无权提交单位「%(u)s」的成果：导入后直接提交须由该单位工会办理。")
                % {"u": enterprise.name},
            )

        # Worker authors are active workers of the reporting unit, as on the form; people of
        # other units are entered as outside co-authors (name and unit).
        first = draft.first
        if enterprise is None:
            pass  # the unit's error says it all: people are looked up within the unit
        elif "first_id" not in draft.errors:
            column = "first_id" if first.id_hash else "first_name"
            first.worker = self._resolve_person(draft, first, enterprise, by_hash, by_name, key=column)
            if first.worker is not None:
                if first.worker.enterprise_id != enterprise.pk:
                    draft.error(
                        column,
                        _("第一完成人「%(n)s」不是申报单位「%(u)s」的职工。")
                        % {"n": first.worker.name, "u": enterprise.name},
                    )
                elif not first.worker.is_active:
                    draft.error(column, _("第一完成人「%(n)s」已标记为不在职。") % {"n": first.worker.name})
        for index, person in enumerate(draft.others, start=2):
            if person.outside_unit or enterprise is None:
                continue
            person.worker = worker = self._resolve_person(
                draft, person, enterprise, by_hash, by_name, key="others", index=index
            )
            if worker is not None:
                if worker.enterprise_id != enterprise.pk:
                    draft.error(
                        "others",
                        _coauthor(index, person.name)
                        + _("不是申报单位的职工；其他单位人员请按“姓名:单位名称:份额”填写为外单位完成人。"),
                    )
                elif not worker.is_active:
                    draft.error("others", _coauthor(index, person.name) + _("已标记为不在职。"))

        achievement = Achievement(
            campaign=self.campaign,
            enterprise=enterprise,
            created_by=self.actor,
            scope_path=enterprise.scope_path if enterprise else "",
        )
        service_errors: dict = {}
        fields_ = {
            k: draft.values[k]
            for k in (
                "title",
                "kind",
                "field",
                "post",
                "problem",
                "solution",
                "effect",
                "started_on",
                "completed_on",
                "benefit_type",
                "benefit_claimed",
                "benefit_basis",
            )
        }
        _apply(achievement, fields_, service_errors)
        authors: list[dict] = []
        if enterprise is not None and not any(k in draft.errors for k in AUTHOR_COLUMNS):
            people = [first, *draft.others]
            data = [{"worker": first.worker.pk if first.worker else None, "share": first.share}]
            data += [
                {
                    "worker": p.worker.pk if p.worker else None,
                    "outside_name": "" if p.worker else p.name,
                    "outside_unit": p.outside_unit,
                    "share": p.share,
                }
                for p in draft.others
            ]
            known = {p.worker.pk: p.worker for p in people if p.worker is not None}
            authors = _authors_from(data, enterprise, service_errors, known=known)
        patents = _patents_from(draft.values["patents"], service_errors)
        author_column = "others" if draft.others else "first_share"
        for key, messages in service_errors.items():
            column = SERVICE_KEY_COLUMN.get(key, author_column if key == "authors" else "title")
            if column in draft.errors:
                continue  # the cell check already said what is wrong there
            for message in messages:
                draft.error(column, str(message))

        if enterprise is not None and achievement.title and "title" not in draft.errors:
            key = import_key(self.campaign.pk, enterprise.pk, achievement.title)
            if key in existing:
                draft.error(
                    "title",
                    _("已存在同名成果：单位「%(u)s」在本次活动中已有成果「%(t)s」。")
                    % {"u": enterprise.name, "t": achievement.title},
                )
            elif key in seen:
                draft.error(
                    "title", _("已存在同名成果：与本文件第%(r)d行的成果名称相同。") % {"r": seen[key]}
                )
            else:
                seen[key] = draft.row
            achievement.import_key = key
        if draft.errors:
            return None
        return Prepared(row=draft.row, achievement=achievement, authors=authors, patents=patents)

    def validate(self, sheet: SheetRows) -> list[Prepared]:
        """Check every row; fills self.errors and returns the rows ready to create."""
        drafts = [self._parse(number, cells) for number, cells in sheet.rows]
        by_unit, in_scope, submittable, default = self._lookup_units(drafts)
        unit_ids = set(in_scope)
        by_hash, by_name = self._lookup_workers(drafts, unit_ids)
        candidate_keys = {
            import_key(self.campaign.pk, e.pk, d.values["title"])
            for d in drafts
            if d.values["title"]
            for e in (by_unit.get(d.unit_name, []) if d.unit_name else ([default] if default else []))
        }
        existing = self._existing_keys(candidate_keys, unit_ids)
        prepared: list[Prepared] = []
        seen: dict[str, int] = {}
        for done, draft in enumerate(drafts, start=1):
            item = self._resolve(
                draft, (by_unit, in_scope, submittable), default, by_hash, by_name, seen, existing
            )
            if item is not None:
                prepared.append(item)
            if done % PROGRESS_EVERY == 0:
                self._progress(done)
        self._progress(len(drafts))
        order = {c.key: i for i, c in enumerate(COLUMNS)}
        for draft in drafts:
            for key in sorted(draft.errors, key=order.__getitem__):
                for message in draft.errors[key]:
                    self.errors.append({"row": draft.row, "column": header(key), "message": message})
        return prepared

    # -- creation

    def create(self, prepared: list[Prepared]) -> list[Achievement]:
        """Write all rows in one transaction (bulk inserts), audit them, submit if asked."""
        now = timezone.now()
        ctx = audit_context.current()
        actor = self.actor if getattr(self.actor, "is_authenticated", False) else None
        if self.lease is not None:
            # The transaction below is one step with no progress to report (and on SQLite it
            # holds the only write lock): a lease long enough for it, with room to spare.
            per_row = CREATE_SECONDS_PER_ROW * (SUBMIT_FACTOR if self.submit else 1)
            self.lease.renew(seconds=int(len(prepared) * per_row) + jobs.lease_seconds())
        with transaction.atomic():
            achievements = []
            for item in prepared:
                names = [a["worker"].name if a["worker"] else a["outside_name"] for a in item.authors]
                item.achievement.search_text = build_search_text(item.achievement, names)
                achievements.append(item.achievement)
            try:
                Achievement.objects.bulk_create(achievements, batch_size=500)
            except IntegrityError:  # another import of the same rows committed meanwhile
                raise ImportRefused(
                    _(
                        "导入时发现重复成果（可能有人同时导入了相同内容），本次导入未写入任何数据，请刷新后重试。"
                    )
                ) from None
            # ids rather than instances below: the relation descriptors cost more than the inserts
            Author.objects.bulk_create(
                [
                    Author(
                        achievement_id=item.achievement.pk,
                        order=i,
                        worker_id=a["worker"].pk if a["worker"] else None,
                        outside_name=a["outside_name"],
                        outside_unit=a["outside_unit"],
                        share=a["share"],
                    )
                    for item in prepared
                    for i, a in enumerate(item.authors, start=1)
                ],
                batch_size=1000,
            )
            Patent.objects.bulk_create(
                [Patent(achievement_id=item.achievement.pk, **p) for item in prepared for p in item.patents],
                batch_size=1000,
            )
            where = _("Excel导入批次 #%(b)s") % {"b": self.batch.pk} if self.batch else _("Excel导入")
            line = _("%(w)s 第%(r)d行")
            actor_id, actor_name = (actor.pk, actor.username) if actor else (None, "")
            AuditEntry.objects.bulk_create(
                [
                    AuditEntry(
                        at=now,
                        actor_id=actor_id,
                        actor_name=actor_name,
                        action=AuditAction.CREATE,
                        object_type="achievements.achievement",
                        object_id=str(item.achievement.pk),
                        object_repr=item.achievement.title[:255],
                        changes=_snapshot(item.achievement),
                        detail=line % {"w": where, "r": item.row},
                        ip=ctx.ip,
                        user_agent=ctx.user_agent,
                    )
                    for item in prepared
                ],
                batch_size=1000,
            )
            record(
                action=AuditAction.CREATE,
                actor=actor,
                obj=self.batch,
                object_type="" if self.batch else "achievements.achievement",
                detail=_("%(w)s：征集活动「%(c)s」，新增成果 %(n)d 项%(s)s。")
                % {
                    "w": where,
                    "c": self.campaign.title,
                    "n": len(prepared),
                    "s": _("并提交") if self.submit else "",
                },
            )
            if self.submit:
                self._submit_all(prepared, now)
            if self.lease is not None:  # done with the rows, or not at all (LeaseLost rolls back)
                self.lease.finish(status=ImportBatch.Status.DONE, created_count=len(prepared), errors=[])
        return achievements

    def _submit_all(self, prepared: list[Prepared], now) -> None:
        problems: list[dict] = []
        for item in prepared:
            try:
                kernel.run(obj=item.achievement, step="submit", actor=self.actor, pledge=True, now=now)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for key, messages in exc.message_dict.items():
                        column = SERVICE_KEY_COLUMN.get(key, "others" if key == "authors" else "")
                        for message in messages:
                            problems.append(
                                {
                                    "row": item.row,
                                    "column": header(column) if column else "",
                                    "message": message,
                                }
                            )
                else:
                    problems.extend({"row": item.row, "column": "", "message": m} for m in exc.messages)
            except PermissionDenied as exc:
                problems.append({"row": item.row, "column": header("unit"), "message": str(exc)})
        if problems:
            raise SubmitFailed(problems)


class SubmitFailed(Exception):
    """Some rows could not be submitted: the whole file is rolled back."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} rows could not be submitted")
        self.errors = errors


_SNAPSHOT_FIELDS = tuple(
    f.attname for f in Achievement._meta.concrete_fields if f.name not in ("id", "search_text")
)


def _snapshot(achievement: Achievement) -> dict:
    """The audit `changes` of a creation, as the change tracker writes them."""
    changes = {}
    for name in _SNAPSHOT_FIELDS:
        value = getattr(achievement, name)
        if value is None or value == "":
            continue
        if not isinstance(value, bool | int | float | str):
            value = str(value)
        changes[name] = [None, value]
    return changes


# ---------------------------------------------------------------- whole files


def import_workbook(
    fileobj,
    *,
    campaign: Campaign,
    actor,
    submit: bool = False,
    batch: ImportBatch | None = None,
    sha256: str = "",
    lease: jobs.Lease | None = None,
) -> ImportOutcome:
    """Validate and, when everything is valid, create. Nothing is written on any error."""
    outcome = ImportOutcome()
    started = time.perf_counter()
    try:
        if campaign.closes_at <= timezone.now():
            raise ImportRefused(_("%(c)s 已截止申报，不能再导入成果。") % {"c": campaign.title})
        if submit and not campaign.is_open():
            raise ImportRefused(_("%(c)s 不在申报期内，不能导入后直接提交。") % {"c": campaign.title})
        if sha256:
            previous = ImportBatch.objects.filter(
                campaign=campaign, sha256=sha256, status=ImportBatch.Status.DONE
            )
            if batch is not None:
                previous = previous.exclude(pk=batch.pk)
            done = previous.order_by("finished_at").first()
            if done is not None:
                raise ImportRefused(
                    _("该文件已于 %(t)s 导入到“%(c)s”（导入批次 #%(b)d），同一文件不能重复导入。")
                    % {
                        "t": timezone.localtime(done.finished_at or done.created_at).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                        "c": campaign.title,
                        "b": done.pk,
                    }
                )
        sheet = read_workbook(fileobj)
        if lease is not None:
            lease.renew(total_rows=len(sheet.rows))
        elif batch is not None:
            ImportBatch.objects.filter(pk=batch.pk).update(total_rows=len(sheet.rows))
        importer = AchievementImporter(
            campaign=campaign, actor=actor, submit=submit, batch=batch, lease=lease
        )
        prepared = importer.validate(sheet)
        outcome.validate_seconds = time.perf_counter() - started
        if importer.errors:
            outcome.errors = importer.errors
            return outcome
        started = time.perf_counter()
        try:
            created = importer.create(prepared)
        except SubmitFailed as exc:
            outcome.errors = exc.errors
            return outcome
        outcome.created = len(created)
        outcome.create_seconds = time.perf_counter() - started
    except ImportRefused as exc:
        outcome.errors = [_file_error(exc.message)]
    return outcome


def run_batch(batch_id: int, *, ip: str | None = None, user_agent: str = "") -> None:
    """The background job (tasks.run_import): import one stored batch under its lease and
    record the outcome on it. A successful import marks the batch done in its own transaction."""
    with jobs.lease(ImportBatch, batch_id) as lease:
        if lease is None:
            return  # already run or running (a retried job, a second worker)
        batch = ImportBatch.objects.select_related("campaign__union", "created_by").get(pk=batch_id)
        with audit_context.acting_as(batch.created_by, ip=ip, user_agent=user_agent):
            try:
                with batch.file.open("rb") as handle:
                    data = handle.read()
                outcome = import_workbook(
                    io.BytesIO(data),
                    campaign=batch.campaign,
                    actor=batch.created_by,
                    submit=batch.submit,
                    batch=batch,
                    sha256=batch.sha256,
                    lease=lease,
                )
            except jobs.LeaseLost:
                log.warning("import batch %s was taken back from this worker; its work is dropped", batch_id)
                return
            except Exception:
                log.exception("import batch %s failed", batch_id)
                outcome = ImportOutcome(
                    errors=[
                        _file_error(_("导入时发生系统错误，未写入任何数据。请稍后重试，或联系系统管理员。"))
                    ]
                )
        if outcome.errors:
            try:
                lease.finish(status=ImportBatch.Status.FAILED, created_count=0, errors=outcome.errors)
            except jobs.LeaseLost:
                log.warning("import batch %s was taken back from this worker", batch_id)


def _grant_path(actor, campaign: Campaign) -> str:
    """Where a batch hangs in the scope tree: the widest node the actor imports at."""
    paths = []
    for grant in actor.active_grants():
        kind = scope_for(grant.role, Action.ACHIEVEMENT_IMPORT)
        if kind is Scope.ALL:
            return campaign.union.path
        if kind is Scope.SUBTREE and grant.node_id:
            paths.append(grant.node.path)
    return min(paths, key=len) if paths else ""


def start_import(
    *,
    actor,
    campaign: Campaign,
    upload,
    submit: bool = False,
    pledge: bool = False,
    ip: str | None = None,
    user_agent: str = "",
) -> ImportBatch:
    """Check the upload, store it as a batch and queue the import. Raises ValidationError."""
    from innovation.core.tasks import enqueue

    from .tasks import run_import

    if not can(actor, Action.ACHIEVEMENT_IMPORT):
        raise PermissionDenied(_("您无权批量导入成果。"))
    if not restrict(Campaign.objects.filter(pk=campaign.pk), actor, Action.CAMPAIGN_VIEW).exists():
        raise PermissionDenied(_("您无权查看该征集活动。"))
    errors: dict[str, list] = {}
    if not campaign.is_open():
        errors["campaign"] = [_("该征集活动不在申报期内，不能导入。")]
    if submit:
        if not can(actor, Action.ACHIEVEMENT_SUBMIT):
            errors["submit"] = [_("您无权直接提交成果（须由基层工会提交），请取消勾选“导入后直接提交”。")]
        elif not pledge:
            errors["pledge"] = [_("导入后直接提交须确认真实性承诺。")]
    if upload.size > import_max_bytes():
        errors["file"] = [
            _("文件大小为 %(s).1f MB，超过导入上限 %(l)d MB，请拆分后导入。")
            % {"s": upload.size / 1048576, "l": import_max_bytes() // 1048576}
        ]
    if errors:
        raise ValidationError(errors)
    try:
        _ext, _type, digest = check_upload(upload, allowed=("xlsx",))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    if ImportBatch.objects.filter(campaign=campaign, sha256=digest, status=ImportBatch.Status.DONE).exists():
        raise ValidationError(
            {"file": [_("该文件已成功导入到“%(c)s”，同一文件不能重复导入。") % {"c": campaign.title}]}
        )
    upload.seek(0)
    content = upload.read()
    batch = ImportBatch(
        campaign=campaign,
        original_name=upload.name[:200],
        sha256=digest,
        submit=bool(submit),
        created_by=actor,
        scope_path=_grant_path(actor, campaign),
    )
    with transaction.atomic():
        batch.file.save(f"{digest[:16]}.xlsx", ContentFile(content), save=False)
        batch.save()
        task_id = enqueue(run_import, batch.pk, ip=ip, user_agent=user_agent)
        if task_id:
            ImportBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=task_id)
    batch.refresh_from_db()
    return batch


# ---------------------------------------------------------------- error list


def errors_workbook(batch: ImportBatch) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_("错误清单"))
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 90
    ws.append([_("行号"), _("列"), _("错误说明")])
    for error in batch.errors:
        ws.append(
            [
                error.get("row") or "",
                escape_cell(error.get("column", "")),
                escape_cell(error.get("message", "")),
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
