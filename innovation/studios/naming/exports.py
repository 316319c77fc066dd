"""The Excel export of the naming applications."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.core.exports import Column, Exporter


class ApplicationExporter(Exporter):
    title = _("工作室命名申请")
    columns = [
        Column(_("编号"), lambda a: a.pk, 8),
        Column(_("工作室名称"), lambda a: a.name, 36),
        Column(_("申请类型"), lambda a: a.get_type_display(), 16),
        Column(_("申请级别"), lambda a: a.get_level_display(), 8),
        Column(_("性质"), lambda a: str(_("升级") if a.studio_id else _("新建")), 8),
        Column(_("申请单位"), lambda a: a.enterprise.name, 32),
        Column(_("带头人"), lambda a: a.leader.name, 10),
        Column(_("状态"), lambda a: a.get_state_display(), 12),
        Column(
            _("提交时间"),
            lambda a: timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
            18,
        ),
        Column(_("县区推荐意见"), lambda a: a.district_opinion, 30),
        Column(_("评审组意见"), lambda a: a.panel_opinion, 30),
        Column(_("审核意见/不予命名理由"), lambda a: a.decision_reason, 30),
        Column(_("命名文号"), lambda a: a.document_no, 20),
    ]
