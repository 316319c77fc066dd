"""The workbooks of the import: the template (sheet 成果 with its drop-downs and formats, the
units the actor may import for, sheet 填写说明) and the list of a failed batch's errors."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.exports import escape_cell
from innovation.org.models import Enterprise

from ..models import Achievement, Campaign, Field, ImportBatch, Kind, Patent
from .columns import (
    COLUMNS,
    MAX_ROWS,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_UNITS,
    TEMPLATE_UNITS,
    header,
    import_max_bytes,
)


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
