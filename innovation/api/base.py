"""Base classes for API views: scoped querysets, strict filters, audit context."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, mixins, serializers, viewsets

from innovation.accounts.scope import get_scoped_or_404, restrict
from innovation.audit import context as audit_context
from innovation.core import workflow as kernel

from .filtering import bound_number_filters

RESERVED_PARAMS = {"page", "page_size", "format", "ordering"}


class StrictFilterBackend(DjangoFilterBackend):
    """Like DjangoFilterBackend, and an unknown query parameter is a 400, not silently ignored;
    a number outside its range (a year of 0, an id beyond 64 bits) is a 400 too."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            bound_number_filters(filterset)
        return filterset

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known = set(filterset_class.base_filters) | RESERVED_PARAMS
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise exceptions.ValidationError(
                    {
                        "detail": _("不支持的查询参数：%(p)s") % {"p": "、".join(unknown)},
                        "allowed": sorted(known),
                    }
                )
        return super().filter_queryset(request, queryset, view)


class AuditedAPIMixin:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Token authentication happens here, after the middleware: name the actor now.
        if request.user and request.user.is_authenticated:
            audit_context.set_actor(request.user)


class ScopedViewSet(AuditedAPIMixin, viewsets.GenericViewSet):
    view_action: str = ""
    filter_backends = [StrictFilterBackend]

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return restrict(self.base_queryset(), self.request.user, self.view_action)

    def get_object(self):
        return get_scoped_or_404(
            self.base_queryset(), self.request.user, self.view_action, pk=self.kwargs["pk"]
        )

    def get_scoped(self, action: str):
        return get_scoped_or_404(self.base_queryset(), self.request.user, action, pk=self.kwargs["pk"])


# The list and the detail of a model within the caller's scope for `view_action`: what every
# app's read API is (a viewset adds its own actions for the writes). A comment, not a docstring:
# drf-spectacular would show a base class's docstring as the description of every viewset.
class ScopedReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


# A serializer whose related fields offer only the rows within the caller's scope: a row outside
# it is "not found" (400, "对象不存在"), as on the pages. `scoped_fields` maps a field to the action
# that scopes it: {"enterprise": Action.WORKER_CHANGE}. The field's declared queryset (a many=True
# field's child's) is what is restricted: declare it on all rows (X.objects.all()). A comment, not
# a docstring: drf-spectacular would show it as the description of every serializer using it.
class ScopedRelatedFieldsMixin:
    scoped_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for name, action in self.scoped_fields.items():
            field = self.fields[name]
            field = getattr(field, "child_relation", field)
            field.queryset = restrict(field.queryset.all(), request.user, action)


class StepLogSerializer(serializers.Serializer):
    """One step of a workflow item's history (the workflow kernel's step log)."""

    action = serializers.CharField(source="step")
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor_name = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class HistoryListSerializer(serializers.ListSerializer):
    """A page of workflow items loads all their histories in one query (`kernel.history(obj)`
    then reads them from the item)."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        kernel.attach_history(items)
        return super().to_representation(items)
