import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .labels import object_type_choices
from .models import AuditAction, AuditEntry


class AuditEntryFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("账号、对象或说明"))
    action = filters.MultipleChoiceFilter(choices=AuditAction.choices, label=_("操作"))
    object_type = filters.ChoiceFilter(choices=object_type_choices, label=_("对象类型"))
    ip = filters.CharFilter(label=_("来源地址"))
    since = filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("起始日期"))
    until = filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("截止日期"))

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "object_type", "ip", "since", "until"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(
            Q(actor_name__icontains=value)
            | Q(object_repr__icontains=value)
            | Q(detail__icontains=value)
            | Q(object_id=value)
        )
