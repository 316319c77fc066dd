"""The province's result sheet (省总结果表), imported into a contest's recommendations: one row
per item — 成果名称, 完成单位, 获奖级别 (省级 / 全国), 获奖等级 (一等奖 … 优秀奖, 未获奖),
证书编号, 获奖日期. All or nothing: every row is checked (the item among the contest's
submitted recommendations, by title and unit; the level, prize, number and date; the same item
twice) and only then is each result recorded through the workflow (services.record_result), in
one transaction. Errors name the row and the column."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from innovation.achievements.importer import xlsx

from . import services
from .models import Contest, ContestLevel, Prize, Recommendation, RecState
from .workflow import clean_result

SHEET = "获奖结果"
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024
COLUMNS = (
    ("title", gettext_lazy("成果名称")),
    ("unit", gettext_lazy("完成单位")),
    ("level", gettext_lazy("获奖级别")),
    ("prize", gettext_lazy("获奖等级")),
    ("certificate_no", gettext_lazy("证书编号")),
    ("result_date", gettext_lazy("获奖日期")),
)
LETTERS = {key: get_column_letter(i) for i, (key, _h) in enumerate(COLUMNS, start=1)}


class ImportRefused(Exception):
    """The file as a whole cannot be read (not a workbook, wrong header, empty, too big)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ResultImport:
    recorded: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _awaiting(contest: Contest):
    return (
        Recommendation.objects.filter(contest=contest, state=RecState.SUBMITTED)
        .select_related("achievement__enterprise", "category")
        .order_by("category__order", "id")
    )


def build_template(contest: Contest) -> bytes:
    """The sheet to fill: the contest's items submitted and waiting for their result."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for index, (_key, header) in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=index, value=str(header)).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(index)].width = 24
    for number, rec in enumerate(_awaiting(contest), start=2):
        ws.cell(row=number, column=1, value=rec.achievement.title)
        ws.cell(row=number, column=2, value=rec.achievement.enterprise.name)
        ws.cell(row=number, column=3, value=str(ContestLevel(contest.level).label))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _read(fileobj) -> list[tuple[int, dict]]:
    def header_error(header: list[str], expected: list[str]) -> str:
        wrong = [
            _("%(l)s列应为「%(e)s」，文件中为「%(f)s」")
            % {
                "l": get_column_letter(i),
                "e": e,
                "f": (header[i - 1] if i <= len(header) else "") or _("（空）"),
            }
            for i, e in enumerate(expected, start=1)
            if i > len(header) or header[i - 1] != e
        ] or [_("第%(n)d列起多出了列") % {"n": len(expected) + 1}]
        return _("第1行表头与获奖结果表不一致：%(w)s。") % {"w": "；".join(wrong)}

    return xlsx.template_rows(
        fileobj,
        sheet=SHEET,
        columns=COLUMNS,
        max_bytes=MAX_BYTES,
        max_unzipped=MAX_UNZIPPED,
        max_rows=MAX_ROWS,
        refused=ImportRefused,
        unreadable=_("无法读取该文件：请上传获奖结果 Excel 文件（.xlsx）。"),
        header_error=header_error,
        empty=_("文件中没有数据：请从第2行开始填写获奖结果。"),
    )


_LEVELS = {str(label): value for value, label in ContestLevel.choices} | {
    "省级": "provincial",
    "国家级": "national",
}
_PRIZES = {str(label): value for value, label in Prize.choices}


def import_results(*, actor, contest: Contest, fileobj) -> ResultImport:
    """Read, check and (only when every row is right) record the results of one sheet."""
    rows = _read(fileobj)
    header = {key: str(h) for key, h in COLUMNS}
    result = ResultImport()

    def error(row: int, key: str, message: str) -> None:
        result.errors.append({"row": row, "column": header[key], "letter": LETTERS[key], "message": message})

    by_key = {
        (r.achievement.title.strip(), r.achievement.enterprise.name.strip()): r for r in _awaiting(contest)
    }
    known = {
        (r.achievement.title.strip(), r.achievement.enterprise.name.strip()): r
        for r in Recommendation.objects.filter(contest=contest).select_related("achievement__enterprise")
    }
    seen: dict[int, int] = {}
    prepared = []
    for row, cells in rows:
        title, unit = xlsx.cell_text(cells["title"]), xlsx.cell_text(cells["unit"])
        rec = by_key.get((title, unit))
        if not title:
            error(row, "title", _("必填项不能为空。"))
        elif rec is None:
            other = known.get((title, unit))
            if other is not None:
                error(
                    row,
                    "title",
                    _("「%(t)s」当前状态为「%(s)s」，只能为已报送的推荐录入结果。")
                    % {"t": title, "s": other.get_state_display()},
                )
            else:
                error(
                    row, "title", _("本大赛的推荐中没有「%(t)s」（%(u)s）。") % {"t": title, "u": unit or "—"}
                )
        elif rec.pk in seen:
            error(row, "title", _("与第%(r)d行是同一成果。") % {"r": seen[rec.pk]})
            rec = None
        else:
            seen[rec.pk] = row
        level_text, prize_text = xlsx.cell_text(cells["level"]), xlsx.cell_text(cells["prize"])
        level = _LEVELS.get(level_text) if level_text else contest.level
        if level is None:
            error(row, "level", _("「%(v)s」不是有效的获奖级别（省级或全国）。") % {"v": level_text})
        prize = _PRIZES.get(prize_text)
        if prize is None:
            error(
                row,
                "prize",
                _("「%(v)s」不是有效的获奖等级（一等奖、二等奖、三等奖、优秀奖或未获奖）。")
                % {"v": prize_text or _("（空）")},
            )
        date, problem = xlsx.cell_date(cells["result_date"])
        if problem:
            error(row, "result_date", problem)
        payload = {
            "prize": prize,
            "level": level,
            "certificate_no": xlsx.cell_text(cells["certificate_no"]),
            "result_date": date,
        }
        if prize is not None and level is not None and not problem:
            try:
                clean_result(payload, contest.level)
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    for message in messages:
                        error(row, key if key in header else "prize", message)
                continue
        if rec is not None:
            prepared.append((row, rec, payload))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for row, rec, payload in prepared:
                try:
                    services.record_result(actor=actor, recommendation=rec, **payload)
                except ValidationError as exc:
                    for message in exc.messages:
                        error(row, "prize", message)
                    raise
                result.recorded += 1
    except ValidationError:
        return ResultImport(errors=result.errors)
    return result
