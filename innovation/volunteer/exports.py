"""Excel exports of the volunteer-service lists (the core exporter: exactly the filtered rows)."""

from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter

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
