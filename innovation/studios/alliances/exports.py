"""The Excel export of the alliances."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter


class AllianceExporter(Exporter):
    title = _("工作室联盟")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("联盟名称"), lambda a: a.name, 30),
        Column(_("牵头工作室"), lambda a: a.lead.name, 30),
        Column(_("成员工作室"), lambda a: "、".join(s.name for s in a.members.all()), 60),
        Column(_("成员数"), lambda a: a.member_count, 8),
        Column(_("联合项目"), lambda a: "；".join(f"{p.year} {p.title}" for p in a.projects.all()), 60),
        Column(_("成立日期"), lambda a: a.founded_on.isoformat(), 12),
        Column(_("简介"), lambda a: a.description, 40),
    ]
