from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter

from .tables import earlier_label


class DuplicatePairExporter(Exporter):
    title = _("相似成果（查重）")
    columns = [
        Column(_("编号"), lambda p: p.pk, 8),
        Column(_("后报成果编号"), lambda p: p.newer_id, 10),
        Column(_("后报成果"), lambda p: p.newer.title, 40),
        Column(_("年度"), lambda p: p.newer.campaign.year, 8),
        Column(_("申报单位"), lambda p: p.newer.enterprise.name, 32),
        Column(_("相似的先报成果"), lambda p: str(earlier_label(p)), 40),
        Column(_("先报成果编号"), lambda p: p.earlier_id if getattr(p, "earlier_visible", False) else "", 10),
        Column(_("相似度"), lambda p: round(p.jaccard, 4), 10),
        Column(_("认定"), lambda p: str(p.get_verdict_display() if p.verdict else _("待认定")), 14),
        Column(_("认定说明"), lambda p: p.note, 30),
        Column(_("发现时间"), lambda p: timezone.localtime(p.found_at).strftime("%Y-%m-%d %H:%M"), 18),
    ]
