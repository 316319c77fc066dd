import django_tables2 as tables

from .models import AuditEntry


class AuditEntryTable(tables.Table):
    changes = tables.TemplateColumn(template_name="audit/_changes.html", orderable=False)

    class Meta:
        model = AuditEntry
        fields = (
            "at",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "detail",
            "ip",
        )
        attrs = {"class": "table table-sm table-hover align-middle small"}
