"""Excel exports. Each export is a small class naming its columns; the base class writes
the workbook, escapes spreadsheet formulas and writes the audit entry."""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from innovation.audit.services import record_export

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Keep user text from being run as a formula when the file is opened."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 16


class Exporter:
    title: str = "export"
    columns: list[Column] = []
    max_rows: int = 200_000

    def rows(self, queryset) -> Iterable[list]:
        for obj in queryset[: self.max_rows].iterator(chunk_size=2000):
            yield [escape_cell(column.value(obj)) for column in self.columns]

    def workbook_bytes(self, queryset) -> tuple[bytes, int]:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(title=str(self.title)[:31])
        for index, column in enumerate(self.columns):
            ws.column_dimensions[chr(ord("A") + index) if index < 26 else "A"].width = column.width
        from openpyxl.cell import WriteOnlyCell

        header = []
        for column in self.columns:
            cell = WriteOnlyCell(ws, value=str(column.header))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        count = 0
        for row in self.rows(queryset):
            ws.append(row)
            count += 1
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue(), count

    def response(self, queryset, *, user, description: str = "") -> HttpResponse:
        data, count = self.workbook_bytes(queryset)
        record_export(user=user, model=queryset.model, rows=count, description=description)
        filename = f"{self.title}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response
