"""The API of the naming applications (their steps through the workflow kernel)."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.api.base import (
    HistoryListSerializer,
    ScopedReadOnlyViewSet,
    ScopedRelatedFieldsMixin,
    StepLogSerializer,
)
from innovation.core import workflow as kernel

from ..models import StudioApplication
from . import models, services, workflow
from .filters import ApplicationFilterSet


class ApplicationSerializer(ScopedRelatedFieldsMixin, serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    steps = serializers.SerializerMethodField()
    named_studio = serializers.SerializerMethodField()

    class Meta:
        model = StudioApplication
        list_serializer_class = HistoryListSerializer
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "studio",
            "name",
            "type",
            "level",
            "leader",
            "leader_name",
            "field",
            "founded_on",
            "address",
            "results_so_far",
            "plan",
            "state",
            "district_opinion",
            "inspection_record",
            "panel_opinion",
            "decision_reason",
            "document_no",
            "submitted_at",
            "decided_at",
            "named_studio",
            "steps",
        ]
        read_only_fields = [
            "level",
            "state",
            "district_opinion",
            "inspection_record",
            "panel_opinion",
            "decision_reason",
            "document_no",
            "submitted_at",
            "decided_at",
        ]
        extra_kwargs = {
            "results_so_far": {"required": False, "allow_blank": True, "max_length": models.TEXT_MAX},
            "plan": {"required": False, "allow_blank": True, "max_length": models.TEXT_MAX},
        }

    scoped_fields = {
        "enterprise": Action.STUDIO_APPLY,
        "studio": Action.STUDIO_VIEW,
        "leader": Action.WORKER_VIEW,
    }

    @extend_schema_field(StepLogSerializer(many=True))
    def get_steps(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data

    def get_named_studio(self, obj) -> int | None:
        naming = getattr(obj, "naming", None) if obj.state == StudioApplication.State.NAMED else None
        return naming.studio_id if naming else None


class ApplicationTransitionSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=list({s.name: (s.name, str(s.label)) for s in workflow.STEPS}.values())
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=workflow.TEXT_MAX)
    inspection_record = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=workflow.TEXT_MAX
    )
    panel_opinion = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=workflow.TEXT_MAX
    )
    document_no = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    named_on = serializers.DateField(required=False, allow_null=True, default=None)


class ApplicationViewSet(ScopedReadOnlyViewSet):
    queryset = StudioApplication.objects.select_related("enterprise", "leader", "naming")
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    view_action = Action.STUDIO_VIEW

    FIELDS = ("studio", "name", "type", "leader", "field", "founded_on", "address", "results_so_far", "plan")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        app = services.application_create(
            actor=request.user, enterprise=enterprise, **{k: v for k, v in data.items() if k in self.FIELDS}
        )
        return Response(ApplicationSerializer(self.base_queryset().get(pk=app.pk)).data, status=201)

    def partial_update(self, request, pk=None):
        app = self.get_scoped(Action.STUDIO_APPLY)
        serializer = self.get_serializer(app, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in self.FIELDS}
        app = services.application_update(actor=request.user, application=app, **data)
        return Response(ApplicationSerializer(self.base_queryset().get(pk=app.pk)).data)

    update = partial_update

    @extend_schema(
        request=ApplicationTransitionSerializer,
        responses=ApplicationSerializer,
        summary="Take one step (submit, recommend, return, name, decline, city_return)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        app = self.get_object()
        serializer = ApplicationTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kernel.run(obj=app, actor=request.user, **serializer.validated_data)
        return Response(ApplicationSerializer(self.get_object()).data)
