"""Excel export of the progress table: the same rows as the page (progress.progress_rows), through
the core exporter's workbook writer (formula escaping, the audit entry)."""

from django.utils.translation import gettext_lazy as _

from innovation.audit.services import record_export
from innovation.core.exports import Column, Exporter, escape_cell

from .models import PlanTarget


def _percent(row):
    return "" if row.percent is None else f"{row.percent}%"


class ProgressExporter(Exporter):
    title = _("工作方案完成进度")
    columns = [
        Column(_("指标"), lambda r: r.indicator.name, 28),
        Column(_("单位"), lambda r: r.indicator.unit, 8),
        Column(_("年度"), lambda r: r.year, 8),
        Column(_("县(市、区)"), lambda r: r.district_name, 16),
        Column(_("年度目标"), lambda r: r.target, 12),
        Column(_("应完成（按进度）"), lambda r: r.expected, 14),
        Column(_("完成值"), lambda r: r.actual if r.actual is not None else r.actual_text, 14),
        Column(_("完成率"), _percent, 10),
        Column(_("状态"), lambda r: r.status_label, 10),
    ]

    def rows(self, rows):  # a list of progress rows, not a queryset
        for row in rows:
            yield [escape_cell(column.value(row)) for column in self.columns]

    def response(self, rows, *, user, description: str = ""):
        from urllib.parse import quote

        from django.http import HttpResponse
        from django.utils import timezone

        data, count = self.workbook_bytes(rows)
        record_export(user=user, model=PlanTarget, rows=count, description=description)
        filename = f"{self.title}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response
