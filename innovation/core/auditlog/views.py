from innovation.accounts.policy import Action
from innovation.audit.filters import AuditEntryFilterSet
from innovation.audit.models import AuditEntry
from innovation.audit.tables import AuditEntryTable
from innovation.core.generic import ScopedListView

from .chain_views import chain_status
from .exports import AuditEntryExporter


class AuditEntryListView(ScopedListView):
    model = AuditEntry
    action = Action.AUDIT_VIEW
    filterset_class = AuditEntryFilterSet
    table_class = AuditEntryTable
    exporter_class = AuditEntryExporter
    paginate_by = 50
    template_name = "audit/auditentry_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **chain_status(self.request.user)}
