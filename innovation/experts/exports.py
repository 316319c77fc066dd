from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter

from .tables import field_labels


class ExpertExporter(Exporter):
    """The pool. Phones are masked: the full number never leaves in a file."""

    title = _("评审专家库")
    columns = [
        Column(_("编号"), lambda e: e.pk, 8),
        Column(_("姓名"), lambda e: e.name, 12),
        Column(_("登录用户名"), lambda e: e.user.username, 16),
        Column(_("工作单位"), lambda e: e.employer_label, 32),
        Column(_("职称/职务"), lambda e: e.title, 16),
        Column(_("专业领域"), lambda e: field_labels(e.fields), 24),
        Column(_("细分专长"), lambda e: e.tags, 24),
        Column(_("联系电话"), lambda e: e.phone_masked, 14),
        Column(_("在库"), lambda e: str(_("是") if e.is_active else _("否")), 6),
    ]


class AssignmentExporter(Exporter):
    title = _("评审分配")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("征集活动"), lambda a: a.campaign.title, 30),
        Column(_("成果编号"), lambda a: a.achievement_id, 10),
        Column(_("成果名称"), lambda a: a.achievement.title, 40),
        Column(_("申报单位"), lambda a: a.achievement.enterprise.name, 30),
        Column(_("领域"), lambda a: a.achievement.get_field_display(), 10),
        Column(_("评审专家"), lambda a: a.expert.name, 12),
        Column(_("状态"), lambda a: a.get_state_display(), 10),
        Column(_("来源"), lambda a: a.get_origin_display(), 10),
        Column(_("理由"), lambda a: a.reason, 30),
        Column(_("分配时间"), lambda a: timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M"), 18),
    ]
