from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter


def _members(studio) -> str:
    return "、".join(
        f"{m.worker.name}({m.get_role_display()})" for m in studio.members.all() if m.left_on is None
    )


def _namings(studio) -> str:
    return "；".join(
        f"{n.year}年{n.get_level_display()}{n.get_type_display()} {n.document_no}"
        for n in studio.namings.all()
    )


class StudioExporter(Exporter):
    title = _("创新工作室")
    columns = [
        Column(_("编号"), lambda s: s.pk, 8),
        Column(_("工作室名称"), lambda s: s.name, 36),
        Column(_("类型"), lambda s: s.get_type_display(), 16),
        Column(_("级别"), lambda s: s.get_level_display(), 8),
        Column(_("所在单位"), lambda s: s.enterprise.name, 32),
        Column(_("带头人"), lambda s: s.leader.name, 10),
        Column(_("所属领域"), lambda s: s.get_field_display(), 10),
        Column(_("成立日期"), lambda s: s.founded_on, 12),
        Column(_("命名年度"), lambda s: s.named_year, 10),
        Column(_("命名文号"), lambda s: s.document_no, 20),
        Column(_("命名单位"), lambda s: s.named_by, 16),
        Column(_("历次命名"), _namings, 48),
        Column(_("在册成员"), _members, 48),
        Column(_("孵化成果数"), lambda s: getattr(s, "incubated", 0) or 0, 10),
        Column(_("前身工作室"), lambda s: s.grew_from.name if s.grew_from_id else "", 30),
        Column(_("地址"), lambda s: s.address, 30),
        Column(_("状态"), lambda s: s.get_status_display(), 8),
        Column(_("摘牌日期"), lambda s: s.revoked_on, 12),
        Column(_("摘牌文号"), lambda s: s.revoke_document_no, 20),
    ]


def user_name(u) -> str:
    if u is None:
        return ""
    return getattr(u, "display_name", "") or u.username


def when_text(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def studio_columns(get=lambda x: x.studio) -> list[Column]:
    return [
        Column(_("工作室"), lambda x: get(x).name, 30),
        Column(_("级别"), lambda x: get(x).get_level_display(), 8),
        Column(_("类型"), lambda x: get(x).get_type_display(), 16),
        Column(_("所在单位"), lambda x: get(x).enterprise.name, 26),
        Column(_("工作室状态"), lambda x: get(x).get_status_display(), 10),
    ]
