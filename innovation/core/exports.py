"""Excel exports. Each export is a small class naming its columns; the base class writes
the workbook, escapes spreadsheet formulas and writes the audit entry."""

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import OperationalError, connections
from django.db.models import prefetch_related_objects
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


def _prefetch(objects: list, lookups: tuple, using: str) -> None:
    """prefetch_related_objects() for one batch, halving the batch while SQLite refuses it.

    Django 5.2 prefetches a forward foreign key (`authors__worker`) with a tuple IN that SQLite
    cannot run, so it writes `id = 1 OR id = 2 OR …`, one term per distinct target; past ~1,000
    terms SQLite answers "Expression tree is too large (maximum depth 1000)". How many targets a
    batch has depends on the data (authors per achievement …), so no fixed batch size is safe:
    a refused batch is split until its halves pass. Other backends run tuple IN and never split.
    """
    try:
        prefetch_related_objects(objects, *lookups)
    except OperationalError as error:
        if connections[using].features.supports_tuple_lookups or len(objects) < 2:
            raise
        if "too large" not in str(error) and "too many" not in str(error):
            raise
        middle = len(objects) // 2
        _prefetch(objects[:middle], lookups, using)
        _prefetch(objects[middle:], lookups, using)


def batched(queryset, *, limit: int, batch_size: int) -> Iterator[object]:
    """The queryset's first `limit` objects, read `batch_size` at a time with its
    prefetch_related() lookups done per batch (see _prefetch) — memory stays bounded and no
    query grows with the size of the scope, on SQLite and PostgreSQL alike."""
    lookups = tuple(queryset._prefetch_related_lookups)
    plain = queryset.prefetch_related(None)[:limit]
    batch: list = []
    for obj in plain.iterator(chunk_size=batch_size):
        batch.append(obj)
        if len(batch) == batch_size:
            _prefetch(batch, lookups, queryset.db)
            yield from batch
            batch = []
    if batch:
        _prefetch(batch, lookups, queryset.db)
        yield from batch


def batch_size_for(using: str) -> int:
    """Rows per batch: 2,000 where tuple IN works; 500 on SQLite, where a batch's forward
    foreign keys become OR terms (see _prefetch) and 500 rows rarely need splitting."""
    return 2000 if connections[using].features.supports_tuple_lookups else 500


class Exporter:
    title: str = "export"
    columns: list[Column] = []
    max_rows: int = 200_000

    def rows(self, queryset) -> Iterable[list]:
        size = batch_size_for(queryset.db)
        for obj in batched(queryset, limit=self.max_rows, batch_size=size):
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
