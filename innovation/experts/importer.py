"""Excel import of experts into a pool: template, cell-by-cell checks, all or nothing.

The approach of innovation.achievements.importer, kept small (a pool is tens or hundreds of
people): the header must match the template; every cell is checked with bulk look-ups (user
names, unit names) and every problem is reported as {row, column, message}; only a file with no
problem is imported, in one transaction, each expert through `services.expert_create` (a login
with a generated first password that must be changed, shown once to the importing admin).
"""

import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from innovation.accounts.models import User
from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, restrict
from innovation.achievements.importer import xlsx
from innovation.achievements.models import Field
from innovation.audit.models import AuditAction
from innovation.audit.services import record
from innovation.core.validators import validate_phone
from innovation.org.models import Enterprise

from . import services
from .models import ExpertProfile

SHEET = "专家"
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 100 * 1024 * 1024
USERNAME_RE = re.compile(r"^[\w.@+-]+\Z")
SPLIT_RE = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    width: int = 16


COLUMNS = (
    Column("name", gettext_lazy("姓名"), True, gettext_lazy("不超过50字。"), 12),
    Column(
        "username",
        gettext_lazy("登录用户名"),
        True,
        gettext_lazy("字母、数字、汉字或 . @ + - _，不能与已有账号重复；初始密码由系统生成。"),
        16,
    ),
    Column(
        "employer",
        gettext_lazy("工作单位（本市单位全称）"),
        False,
        gettext_lazy("本市单位填写平台登记的全称；与外单位二者至少填一项。"),
        30,
    ),
    Column("employer_outside", gettext_lazy("工作单位（外单位）"), False, gettext_lazy("不超过100字。"), 24),
    Column("title", gettext_lazy("职称/职务"), False, gettext_lazy("不超过50字。"), 16),
    Column(
        "fields",
        gettext_lazy("专业领域"),
        True,
        gettext_lazy("一个或多个，用顿号分隔，可选值见本表末尾。"),
        24,
    ),
    Column("tags", gettext_lazy("细分专长"), False, gettext_lazy("不超过200字，以顿号或逗号分隔。"), 24),
    Column("phone", gettext_lazy("联系电话"), False, gettext_lazy("11位手机号码或带区号的固定电话。"), 16),
)
LIMITS = {"name": 50, "username": 150, "employer_outside": 100, "title": 50, "tags": 200}


class ImportRefused(Exception):
    """The file as a whole cannot be read (not a workbook, wrong header, empty, too big)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    created: list[tuple[ExpertProfile, str | None]] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def build_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    fill = PatternFill("solid", fgColor="FBE9E7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=str(column.header))
        cell.font = Font(bold=True, color="B3261E" if column.required else "000000")
        cell.fill = fill
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"
    help_sheet = wb.create_sheet(_("填写说明"))
    help_sheet.column_dimensions["A"].width = 26
    help_sheet.column_dimensions["B"].width = 10
    help_sheet.column_dimensions["C"].width = 80
    help_sheet.append([_("评审专家批量导入 填写说明")])
    help_sheet.append([_("每行一位专家，从第2行开始；第1行表头不能修改；红色表头为必填列。")])
    help_sheet.append(
        [_("整个文件逐格校验，只要有一处错误，整个文件都不导入；请按错误清单（行号、列名）修改后重新上传。")]
    )
    help_sheet.append([])
    help_sheet.append([_("列名"), _("是否必填"), _("填写要求")])
    for column in COLUMNS:
        help_sheet.append([str(column.header), _("必填") if column.required else _("选填"), str(column.help)])
    help_sheet.append([])
    help_sheet.append([_("专业领域可选值"), "", "、".join(str(label) for label in Field.labels)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(fileobj) -> list[tuple[int, dict]]:
    """(Excel row number, {column key: text}) for every non-blank data row. Raises ImportRefused."""

    def header_error(header: list[str], expected: list[str]) -> str:
        return _(
            "表头与导入模板不一致。第1行应依次为：%(e)s；文件中为：%(f)s。请下载模板后重新填写。"
        ) % xlsx.header_lists(header, expected)

    rows = xlsx.template_rows(
        fileobj,
        sheet=SHEET,
        columns=[(c.key, c.header) for c in COLUMNS],
        max_bytes=MAX_BYTES,
        max_unzipped=MAX_UNZIPPED,
        max_rows=MAX_ROWS,
        refused=ImportRefused,
        unreadable=_("无法读取该文件：请上传用专家导入模板填写的 Excel 文件（.xlsx）。"),
        header_error=header_error,
        empty=_("文件中没有数据：请从第2行开始填写专家。"),
    )
    return [(number, {key: _text(value) for key, value in cells.items()}) for number, cells in rows]


FIELD_BY_TEXT = {str(label): value for value, label in Field.choices} | {v: v for v in Field.values}


def validate(rows: list[tuple[int, dict]], *, actor) -> tuple[list[dict], list[dict]]:
    """Check every cell. Returns (errors, prepared keyword arguments for expert_create)."""
    errors: list[dict] = []
    header = {c.key: str(c.header) for c in COLUMNS}

    def error(row: int, key: str, message: str) -> None:
        errors.append({"row": row, "column": header[key], "message": message})

    lowered = [cells["username"].lower() for _row, cells in rows if cells["username"]]
    taken = set(
        User.objects.annotate(low=Lower("username")).filter(low__in=lowered).values_list("low", flat=True)
    )
    names = {cells["employer"] for _row, cells in rows if cells["employer"]}
    units: dict[str, list[Enterprise]] = {}
    for unit in restrict(
        Enterprise.objects.filter(name__in=names, is_active=True), actor, Action.ENTERPRISE_VIEW
    ):
        units.setdefault(unit.name, []).append(unit)
    seen: dict[str, int] = {}
    prepared = []
    for row, cells in rows:
        for column in COLUMNS:
            if column.required and not cells[column.key]:
                error(row, column.key, _("必填项不能为空。"))
        for key, limit in LIMITS.items():
            if len(cells[key]) > limit:
                error(row, key, _("不能超过%(n)d个字。") % {"n": limit})
        username = cells["username"]
        if username:
            if not USERNAME_RE.match(username):
                error(row, "username", _("「%(u)s」含有不允许的字符。") % {"u": username})
            elif username.lower() in taken:
                error(row, "username", _("用户名「%(u)s」已存在。") % {"u": username})
            elif username.lower() in seen:
                error(
                    row,
                    "username",
                    _("用户名「%(u)s」与第%(r)d行重复。") % {"u": username, "r": seen[username.lower()]},
                )
            seen.setdefault(username.lower(), row)
        employer = None
        if cells["employer"]:
            found = units.get(cells["employer"], [])
            if len(found) == 1:
                employer = found[0]
            else:
                error(
                    row,
                    "employer",
                    _("未找到单位「%(n)s」，请填写平台登记的全称。")
                    if not found
                    else _("有多个名为「%(n)s」的单位。"),
                )
        elif not cells["employer_outside"]:
            error(row, "employer", _("本市工作单位与外单位至少填写一项。"))
        chosen = []
        for part in (p for p in SPLIT_RE.split(cells["fields"]) if p):
            value = FIELD_BY_TEXT.get(part)
            if value is None:
                error(
                    row,
                    "fields",
                    _("「%(p)s」不是可选的领域（%(f)s）。")
                    % {"p": part, "f": "、".join(str(x) for x in Field.labels)},
                )
            elif value not in chosen:
                chosen.append(value)
        phone = cells["phone"]
        if phone:
            try:
                phone = validate_phone(phone)
            except ValidationError as exc:
                error(row, "phone", exc.messages[0])
        prepared.append(
            {
                "row": row,
                "name": cells["name"],
                "username": username,
                "employer": employer,
                "employer_outside": "" if employer else cells["employer_outside"],
                "title": cells["title"],
                "fields": chosen,
                "tags": cells["tags"],
                "phone": phone,
            }
        )
    return errors, prepared


def import_experts(*, actor, union, fileobj) -> ImportResult:
    """Read, check and (only when every cell is right) create the experts of one file."""
    if actor is not None and not can_act_at(actor, Action.EXPERT_MANAGE, union):
        raise PermissionDenied(_("只有市总工会可以维护专家库。"))
    rows = read_rows(fileobj)
    errors, prepared = validate(rows, actor=actor)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            for values in prepared:
                row = values.pop("row")
                try:
                    result.created.append(services.expert_create(actor=actor, union=union, **values))
                except ValidationError as exc:
                    for key, messages in exc.message_dict.items():
                        column = next((str(c.header) for c in COLUMNS if c.key == key), "")
                        result.errors.extend({"row": row, "column": column, "message": m} for m in messages)
                    raise
            record(
                action=AuditAction.CREATE,
                actor=actor,
                object_type="experts.expertprofile",
                detail=_("Excel导入评审专家 %(n)d 位") % {"n": len(result.created)},
            )
    except ValidationError:
        return ImportResult(errors=result.errors)
    return result
