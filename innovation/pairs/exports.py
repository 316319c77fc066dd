"""The Excel export of the agreements list (exactly its filtered rows)."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter

from .models import Side


def _names(agreement, side: str) -> str:
    return "、".join(p.worker.name for p in agreement.parties.all() if p.side == side)


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


class AgreementExporter(Exporter):
    title = _("师徒协议")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("师徒"), lambda a: a.title, 24),
        Column(_("师傅"), lambda a: _names(a, Side.MASTER), 16),
        Column(_("徒弟"), lambda a: _names(a, Side.APPRENTICE), 16),
        Column(_("所在单位"), lambda a: a.enterprise.name, 28),
        Column(_("产业工会"), lambda a: a.industry_union.name if a.industry_union_id else "", 16),
        Column(_("开始日期"), lambda a: _date(a.start_on), 12),
        Column(_("结束日期"), lambda a: _date(a.end_on), 12),
        Column(_("版本"), lambda a: a.version, 6),
        Column(_("状态"), lambda a: a.get_state_display(), 12),
        Column(_("审批时间"), lambda a: a.approved_at.strftime("%Y-%m-%d") if a.approved_at else "", 12),
        Column(_("终止日期"), lambda a: _date(a.ended_on), 12),
        Column(_("变更/终止原因"), lambda a: a.end_reason or a.change_reason, 30),
    ]
