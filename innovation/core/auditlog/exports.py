from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.audit.labels import changes_text, object_type_label
from innovation.core.exports import Column, Exporter


class AuditEntryExporter(Exporter):
    title = _("审计日志")
    columns = [
        Column(_("时间"), lambda e: timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), 20),
        Column(_("操作人账号"), lambda e: e.actor_name),
        Column(_("操作"), lambda e: e.get_action_display()),
        Column(_("对象类型"), lambda e: object_type_label(e.object_type)),
        Column(_("对象类型代码"), lambda e: e.object_type, 24),
        Column(_("对象编号"), lambda e: e.object_id),
        Column(_("对象"), lambda e: e.object_repr, 30),
        Column(_("变更内容"), lambda e: changes_text(e.changes), 50),
        Column(_("说明"), lambda e: e.detail, 30),
        Column(_("来源地址"), lambda e: e.ip or ""),
        Column(_("客户端"), lambda e: e.user_agent, 30),
    ]
