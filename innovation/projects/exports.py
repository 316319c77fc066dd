"""Excel export of the project list (the core exporter: exactly the filtered rows)."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter
from innovation.core.money import yuan


def _fen(value):
    return yuan(value) if value is not None else ""


class ProjectExporter(Exporter):
    title = _("技术攻关项目")
    columns = [
        Column(_("编号"), lambda p: p.code, 14),
        Column(_("项目名称"), lambda p: p.title, 30),
        Column(_("创效渠道"), lambda p: str(p.get_channel_display()), 10),
        Column(_("承担主体"), lambda p: str(p.get_owner_kind_display()), 10),
        Column(_("承担方"), lambda p: p.owner_name, 30),
        Column(_("所在单位"), lambda p: p.enterprise.name, 28),
        Column(_("状态"), lambda p: str(p.get_state_display()), 10),
        Column(_("计划开始"), lambda p: p.start_on, 12),
        Column(_("计划完成"), lambda p: p.end_on, 12),
        Column(_("结题日期"), lambda p: p.concluded_on or "", 12),
        Column(_("申报效益（元）"), lambda p: _fen(p.benefit_claimed_fen), 14),
        Column(_("核实效益（元）"), lambda p: _fen(p.benefit_verified_fen), 14),
        Column(_("申报五小成果"), lambda p: p.achievement.title if p.achievement_id else "", 28),
    ]
