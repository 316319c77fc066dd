"""Excel batch registration (批量报名): a unit admin's file of contestants for one competition,
all or nothing.

The approach of innovation.achievements.importer and innovation.experts.importer, kept small (a
unit enters tens of workers): the header must match the template; every row is checked cell by
cell with bulk look-ups (the occupations by code, the workers by ID-number hash within the
admin's scope) and then through the same rules as one registration
(`services.check_registrable`: window, quota counting the file's earlier rows, eligibility,
the same worker twice); every problem is {"row": Excel row number, "column": header,
"message": text}. Only a file without a problem is registered, in one transaction."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.importer import xlsx
from innovation.core.pii import keyed_hash
from innovation.org.models import Worker

from .. import services
from ..models import Competition, Occupation, Registration

SHEET = "报名"
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024
COLUMNS = (
    ("occupation", gettext_lazy("工种代码")),
    ("name", gettext_lazy("姓名")),
    ("id_number", gettext_lazy("身份证号码")),
)
# Where a rule's field is shown in the file.
FIELD_COLUMN = {"occupation": "occupation", "worker": "id_number"}


class ImportRefused(Exception):
    """The file as a whole cannot be read (not a workbook, wrong header, empty, too big)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    created: list[Registration] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def build_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for index, (_key, header) in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=index, value=str(header)).font = Font(bold=True, color="B3261E")
        ws.column_dimensions[get_column_letter(index)].width = 22
        ws.column_dimensions[get_column_letter(index)].number_format = "@"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_rows(fileobj) -> list[tuple[int, dict]]:
    """(Excel row number, {column key: value}) of every non-blank data row. Raises ImportRefused."""

    def header_error(header: list[str], expected: list[str]) -> str:
        return _("表头与报名模板不一致。第1行应依次为：%(e)s；文件中为：%(f)s。") % xlsx.header_lists(
            header, expected
        )

    return xlsx.template_rows(
        fileobj,
        sheet=SHEET,
        columns=COLUMNS,
        max_bytes=MAX_BYTES,
        max_unzipped=MAX_UNZIPPED,
        max_rows=MAX_ROWS,
        refused=ImportRefused,
        unreadable=_("无法读取该文件：请上传用报名模板填写的 Excel 文件（.xlsx）。"),
        header_error=header_error,
        empty=_("文件中没有数据：请从第2行开始填写报名职工。"),
    )


def _by_field(error: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(error, "error_dict"):
        return list(error.message_dict.items())
    return [("worker", error.messages)]


def validate(
    rows: list[tuple[int, dict]], *, actor, competition: Competition, today: datetime.date
) -> tuple[list[dict], list[tuple[int, Occupation, Worker]]]:
    """Check every row. Returns (errors, [(row, occupation, worker)])."""
    errors: list[dict] = []
    header = {key: str(h) for key, h in COLUMNS}

    def error(row: int, key: str, message: str) -> None:
        errors.append({"row": row, "column": header[key], "message": message})

    occupations = {o.code: o for o in Occupation.objects.filter(competition=competition)}
    for occupation in occupations.values():
        occupation.competition = competition
    numbers: dict[int, str] = {}
    for row, cells in rows:
        number, problem = xlsx.cell_id_number(cells["id_number"])
        if problem:
            error(row, "id_number", problem)
        elif number:
            numbers[row] = number
    # Only workers within the admin's scope: an ID number tells nothing about anyone else.
    hashes = {keyed_hash(n): n for n in numbers.values()}
    workers = {
        w.id_number_hash: w
        for w in restrict(
            Worker.objects.select_related("enterprise__union"), actor, Action.WORKER_VIEW
        ).filter(id_number_hash__in=list(hashes))
    }
    pending: dict[tuple[int, int], int] = {}
    seen: dict[tuple[int, int], int] = {}
    prepared = []
    for row, cells in rows:
        code = xlsx.cell_text(cells["occupation"]).upper()
        name = xlsx.cell_text(cells["name"])
        occupation = occupations.get(code)
        if not code:
            error(row, "occupation", _("必填项不能为空。"))
        elif occupation is None:
            error(
                row,
                "occupation",
                _("本赛事没有代码为「%(c)s」的工种（可选：%(o)s）。")
                % {"c": code, "o": "、".join(sorted(occupations))},
            )
        if not name:
            error(row, "name", _("必填项不能为空。"))
        if not xlsx.cell_text(cells["id_number"]):
            error(row, "id_number", _("必填项不能为空。"))
        worker = workers.get(keyed_hash(numbers[row])) if row in numbers else None
        if row in numbers and worker is None:
            error(row, "id_number", _("在您管理的单位中未找到该身份证号码的职工，请先登记职工。"))
        elif worker is not None and name and worker.name != name:
            error(row, "name", _("姓名与身份证号码登记的职工（%(n)s）不一致。") % {"n": worker.name})
            continue  # not this worker's row: it takes no place of the quota
        if occupation is None or worker is None:
            continue
        key = (occupation.pk, worker.pk)
        if key in seen:
            error(row, "id_number", _("与第%(r)d行是同一职工同一工种。") % {"r": seen[key]})
            continue
        seen[key] = row
        unit_key = (occupation.pk, worker.enterprise_id)
        try:
            services.check_registrable(
                actor=actor,
                occupation=occupation,
                worker=worker,
                today=today,
                pending=pending.get(unit_key, 0),
            )
        except PermissionDenied as exc:
            error(row, "id_number", str(exc))
            continue
        except ValidationError as exc:
            for key_, messages in _by_field(exc):
                for message in messages:
                    error(row, FIELD_COLUMN.get(key_, "id_number"), message)
            continue
        pending[unit_key] = pending.get(unit_key, 0) + 1
        prepared.append((row, occupation, worker))
    return errors, prepared


def import_registrations(
    *, actor, competition: Competition, fileobj, today: datetime.date | None = None
) -> ImportResult:
    """Read, check and (only when every row is right) register the contestants of one file."""
    today = today or timezone.localdate()
    rows = read_rows(fileobj)
    errors, prepared = validate(rows, actor=actor, competition=competition, today=today)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            for row, occupation, worker in prepared:
                try:
                    result.created.append(
                        services.register(actor=actor, occupation=occupation, worker=worker, today=today)
                    )
                except ValidationError as exc:  # a registration made meanwhile by someone else
                    for key, messages in _by_field(exc):
                        header = dict(COLUMNS)[FIELD_COLUMN.get(key, "id_number")]
                        result.errors.extend(
                            {"row": row, "column": str(header), "message": m} for m in messages
                        )
                    raise
    except ValidationError:
        return ImportResult(errors=result.errors)
    return result
