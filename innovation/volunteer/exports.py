"""Excel exports of the volunteer-service lists (the core exporter: exactly the filtered rows)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter
from innovation.core.money import yuan

from .models import Category


def _categories(team) -> str:
    return "、".join(str(Category(c).label) for c in team.categories)


class TeamExporter(Exporter):
    title = _("志愿服务队")
    columns = [
        Column(_("编号"), lambda t: t.pk, 8),
        Column(_("服务队"), lambda t: t.name, 30),
        Column(_("所在单位"), lambda t: t.enterprise.name, 28),
        Column(_("队长"), lambda t: t.leader.name, 10),
        Column(_("队员人数"), lambda t: t.members_now, 10),
        Column(_("服务领域"), _categories, 30),
        Column(_("同时承接上限"), lambda t: t.capacity, 12),
        Column(_("组建日期"), lambda t: t.formed_on, 12),
        Column(_("在服务"), lambda t: str(_("是") if t.is_active else _("否")), 8),
    ]


def _date(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class OrderExporter(Exporter):
    title = _("服务订单")
    columns = [
        Column(_("编号"), lambda o: o.code, 14),
        Column(_("问题标题"), lambda o: o.title, 30),
        Column(_("需求企业"), lambda o: o.enterprise.name, 28),
        Column(_("所在县(市、区)"), lambda o: o.district.name, 14),
        Column(_("问题类别"), lambda o: str(o.get_category_display()), 12),
        Column(_("状态"), lambda o: str(o.get_state_display()), 12),
        Column(_("服务队"), lambda o: o.team.name if o.team_id else "", 28),
        Column(_("提交时间"), lambda o: _date(o.posted_at), 17),
        Column(_("解决情况"), lambda o: str(o.get_outcome_display()) if o.outcome else "", 10),
        Column(_("联系人"), lambda o: o.contact_name, 10),
        # Only the masked phone leaves the system.
        Column(_("联系电话"), lambda o: o.contact_phone_masked, 14),
        Column(_("企业评价"), lambda o: o.rating or "", 8),
        Column(
            _("核实效益（元）"), lambda o: yuan(o.benefit_verified_fen) if o.benefit_verified_fen else "", 14
        ),
    ]
