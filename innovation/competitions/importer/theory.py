"""The organiser's theory scores from Excel (理论成绩导入): the sheet the testing centre returns,
one row per contestant — 参赛证号, 姓名, 理论成绩 (0–100, at most two decimals). The template is
filled with the occupation's confirmed contestants. All or nothing: every row is checked (the card
number among the occupation's confirmed contestants, the name matching it, the score, the same
contestant twice) and then entered through `services.theory_enter` (source 导入) in one
transaction; after the chief judge's lock a reason is required, as on the page."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from innovation.achievements.importer import xlsx

from .. import services
from ..models import Occupation, Registration, RegistrationState, TheoryScore
from .registrations import MAX_BYTES, MAX_ROWS, MAX_UNZIPPED, ImportRefused

SHEET = "理论成绩"
COLUMNS = (
    ("card", gettext_lazy("参赛证号")),
    ("name", gettext_lazy("姓名")),
    ("score", gettext_lazy("理论成绩")),
)


@dataclass
class TheoryImportResult:
    entered: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _confirmed(occupation: Occupation):
    return (
        Registration.objects.filter(occupation=occupation, state=RegistrationState.CONFIRMED)
        .select_related("worker")
        .order_by("card_number")
    )


def build_theory_template(occupation: Occupation) -> bytes:
    """The sheet to fill: the occupation's confirmed contestants with their current scores."""
    current = dict(
        TheoryScore.objects.filter(registration__occupation=occupation, is_current=True).values_list(
            "registration_id", "score"
        )
    )
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for index, (_key, header) in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=index, value=str(header)).font = Font(bold=True, color="B3261E")
        ws.column_dimensions[get_column_letter(index)].width = 22
    for number, registration in enumerate(_confirmed(occupation), start=2):
        ws.cell(row=number, column=1, value=registration.card_number).number_format = "@"
        ws.cell(row=number, column=2, value=registration.worker.name)
        score = current.get(registration.pk)
        if score is not None:
            ws.cell(row=number, column=3, value=float(score))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _read(fileobj) -> list[tuple[int, dict]]:
    def header_error(header: list[str], expected: list[str]) -> str:
        return _("表头与理论成绩模板不一致。第1行应依次为：%(e)s；文件中为：%(f)s。") % xlsx.header_lists(
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
        unreadable=_("无法读取该文件：请上传用理论成绩模板填写的 Excel 文件（.xlsx）。"),
        header_error=header_error,
        empty=_("文件中没有数据：请从第2行开始填写理论成绩。"),
    )


def _score(value) -> tuple[Decimal | None, str]:
    text = xlsx.cell_text(value)
    if not text:
        return None, ""  # a blank score: the row is left as it is
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, _("理论成绩须为数字。")
    if not number.is_finite() or not 0 <= number <= 100 or number != number.quantize(Decimal("0.01")):
        return None, _("理论成绩须在0到100之间，最多两位小数。")
    return number, ""


def import_theory_scores(*, actor, occupation: Occupation, fileobj, reason: str = "") -> TheoryImportResult:
    """Read, check and (only when every row is right) enter the theory scores of one file."""
    rows = _read(fileobj)
    header = {key: str(h) for key, h in COLUMNS}
    result = TheoryImportResult()

    def error(row: int, key: str, message: str) -> None:
        result.errors.append({"row": row, "column": header[key], "message": message})

    by_card = {r.card_number: r for r in _confirmed(occupation)}
    current = dict(
        TheoryScore.objects.filter(registration__occupation=occupation, is_current=True).values_list(
            "registration_id", "score"
        )
    )
    seen: dict[str, int] = {}
    prepared = []
    for row, cells in rows:
        card = xlsx.cell_text(cells["card"]).upper()
        name = xlsx.cell_text(cells["name"])
        number, problem = _score(cells["score"])
        registration = by_card.get(card)
        if not card:
            error(row, "card", _("必填项不能为空。"))
        elif registration is None:
            error(row, "card", _("本工种已确认的选手中没有参赛证号「%(c)s」。") % {"c": card})
        elif card in seen:
            error(row, "card", _("与第%(r)d行是同一选手。") % {"r": seen[card]})
            registration = None
        else:
            seen[card] = row
            if name and name != registration.worker.name:
                error(
                    row,
                    "name",
                    _("姓名与参赛证号登记的选手（%(n)s）不一致。") % {"n": registration.worker.name},
                )
                registration = None
        if problem:
            error(row, "score", problem)
        if registration is None or number is None:
            continue
        if current.get(registration.pk) == number:
            result.unchanged += 1
            continue
        prepared.append((row, registration, number))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for row, registration, number in prepared:
                try:
                    services.theory_enter(
                        actor=actor,
                        registration=registration,
                        score=number,
                        source=TheoryScore.Source.IMPORTED,
                        reason=reason,
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        error(row, "score", message)
                    raise
                result.entered += 1
    except ValidationError:
        return TheoryImportResult(errors=result.errors)
    return result
