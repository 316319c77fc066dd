"""The API of the alliances and their projects."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin, StrictFilterBackend

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


class AllianceWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    name = serializers.CharField(max_length=services.NAME_MAX)
    lead = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.all())
    members = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.all(), many=True)
    founded_on = serializers.DateField()
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.TEXT_MAX
    )

    scoped_fields = {"lead": Action.STUDIO_MANAGE, "members": Action.STUDIO_MANAGE}


class ProjectWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    title = serializers.CharField(max_length=services.TITLE_MAX)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    studios = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.all(), many=True)
    result = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.TEXT_MAX)

    scoped_fields = {"studios": Action.STUDIO_MANAGE}


class AllianceViewSet(ScopedReadOnlyViewSet):
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
