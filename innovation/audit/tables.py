import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .labels import change_rows, object_type_label
from .models import AuditEntry


class AuditEntryTable(tables.Table):
    # Rendered here in Python, not by a template: a template's `changes.items` looked up a
    # change named "items" (the ranking's recomputation records one) and failed the page.
    changes = tables.Column(verbose_name=_("变更内容"), orderable=False, empty_values=())
    at = tables.DateTimeColumn(
        format="Y-m-d H:i:s", verbose_name=_("时间"), attrs={"td": {"class": "text-nowrap"}}
    )
    action = tables.Column(verbose_name=_("操作"), attrs={"td": {"class": "text-nowrap"}})

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

    def render_object_type(self, value):
        label = object_type_label(value)
        if label == value:
            return value
        return format_html('{} <code class="text-body-secondary">{}</code>', label, value)

    def render_changes(self, record):
        rows = change_rows(record.changes)
        if not rows:
            return ""
        items = format_html_join(
            "",
            "<li>{}</li>",
            (
                (
                    format_html("<code>{}</code>: {} → {}", field, before, after)
                    if after is not None
                    else (format_html("<code>{}</code>: {}", field, before) if field else before),
                )
                for field, before, after in rows
            ),
        )
        return format_html('<ul class="list-unstyled mb-0">{}</ul>', items)
