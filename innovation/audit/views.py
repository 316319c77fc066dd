from innovation.accounts.policy import Action
from innovation.core.generic import ScopedListView

from .exports import AuditEntryExporter
from .filters import AuditEntryFilterSet
from .models import AuditEntry
from .tables import AuditEntryTable


class AuditEntryListView(ScopedListView):
    model = AuditEntry
    action = Action.AUDIT_VIEW
    filterset_class = AuditEntryFilterSet
    table_class = AuditEntryTable
    exporter_class = AuditEntryExporter
    paginate_by = 50
