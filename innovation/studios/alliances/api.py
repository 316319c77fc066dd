"""The API of the alliances and their projects."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.api.base import ScopedViewSet, StrictFilterBackend

from ..models import (
    Alliance,
    AllianceProject,
    Studio,
)
from . import services
from .filters import AllianceFilterSet


class AllianceProjectSerializer(serializers.ModelSerializer):
    studios = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AllianceProject
        fields = ["id", "title", "year", "studios", "result"]


class AllianceSerializer(serializers.ModelSerializer):
    lead_name = serializers.CharField(source="lead.name", read_only=True)
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    projects = AllianceProjectSerializer(many=True, read_only=True)

    class Meta:
        model = Alliance
        fields = ["id", "name", "lead", "lead_name", "members", "founded_on", "description", "projects"]
        read_only_fields = fields


def _manageable_studios(request):
    return restrict(Studio.objects.all(), request.user, Action.STUDIO_MANAGE)


class AllianceWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=services.NAME_MAX)
    lead = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.none())
    members = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.none(), many=True)
    founded_on = serializers.DateField()
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.TEXT_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["lead"].queryset = _manageable_studios(request)
            self.fields["members"].child_relation.queryset = _manageable_studios(request)


class ProjectWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=services.TITLE_MAX)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    studios = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.none(), many=True)
    result = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.TEXT_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["studios"].child_relation.queryset = _manageable_studios(request)


class AllianceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Alliance.objects.select_related("lead").prefetch_related("members", "projects__studios")
    serializer_class = AllianceSerializer
    filterset_class = AllianceFilterSet
    filter_backends = [StrictFilterBackend]
    view_action = Action.STUDIO_VIEW

    def _answer(self, alliance, status=200):
        return Response(AllianceSerializer(self.base_queryset().get(pk=alliance.pk)).data, status=status)

    @extend_schema(request=AllianceWriteSerializer, responses=AllianceSerializer, summary="Create (city)")
    def create(self, request):
        if not can(request.user, Action.STUDIO_MANAGE):
            raise PermissionDenied(_("工作室联盟须由市总工会管理。"))
        serializer = AllianceWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return self._answer(services.alliance_save(actor=request.user, **serializer.validated_data), 201)

    @extend_schema(request=AllianceWriteSerializer, responses=AllianceSerializer, summary="Change (city)")
    def update(self, request, pk=None):
        alliance = self.get_scoped(Action.STUDIO_MANAGE)
        serializer = AllianceWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.alliance_save(actor=request.user, alliance=alliance, **serializer.validated_data)
        return self._answer(alliance)

    @extend_schema(
        request=ProjectWriteSerializer, responses=AllianceSerializer, summary="Add a joint project (city)"
    )
    @action(detail=True, methods=["post"])
    def projects(self, request, pk=None):
        alliance = self.get_scoped(Action.STUDIO_MANAGE)
        serializer = ProjectWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.project_save(actor=request.user, alliance=alliance, **serializer.validated_data)
        return self._answer(alliance, 201)
