"""Org endpoints of /api/v1/: the same scope, filters and services as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin
from innovation.api.pagination import KeysFirstPagination

from . import filters, services
from .models import (
    WORKER_LIST_ORDER,
    Enterprise,
    Honour,
    Region,
    SkillLevel,
    SkillLevelRecord,
    TradeUnion,
    Worker,
)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent"]


class TradeUnionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TradeUnion
        fields = ["id", "name", "kind", "parent", "region", "path", "depth"]


class EnterpriseSerializer(serializers.ModelSerializer):
    parent_union = serializers.PrimaryKeyRelatedField(
        queryset=TradeUnion.objects.all(),
        write_only=True,
        required=False,
        help_text="Union under which the new unit's base union is created (create only).",
    )
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "uscc",
            "size",
            "industry",
            "region",
            "region_name",
            "union",
            "group",
            "address",
            "is_active",
            "parent_union",
        ]
        read_only_fields = ["union"]
        # Uniqueness is checked by the service with its own message.
        extra_kwargs = {"uscc": {"validators": []}}


class HonourSerializer(serializers.ModelSerializer):
    class Meta:
        model = Honour
        fields = ["id", "kind", "level", "year", "title"]


class SkillLevelRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = SkillLevelRecord
        fields = ["id", "from_level", "to_level", "certificate_no", "on", "source", "source_title"]


class WorkerSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    honours = HonourSerializer(many=True, read_only=True)
    skill_history = SkillLevelRecordSerializer(many=True, read_only=True)

    class Meta:
        model = Worker
        fields = [
            "id",
            "name",
            "gender",
            "birth_year",
            "enterprise",
            "enterprise_name",
            "post",
            "skill_level",
            "id_number_masked",
            "phone_masked",
            "is_active",
            "honours",
            "skill_history",
        ]


class WorkerWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=18, required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Worker._meta.get_field("gender").choices, required=False)
    birth_year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    post = serializers.CharField(max_length=100)
    skill_level = serializers.ChoiceField(choices=SkillLevel.choices, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)

    scoped_fields = {"enterprise": Action.WORKER_CHANGE}


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=[("id_number", _("身份证号码")), ("phone", _("联系电话"))])


class RevealedSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class RegionViewSet(ScopedReadOnlyViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_class = filters.RegionFilterSet
    view_action = Action.REGION_VIEW


class TradeUnionViewSet(ScopedReadOnlyViewSet):
    queryset = TradeUnion.objects.all()
    serializer_class = TradeUnionSerializer
    filterset_class = filters.TradeUnionFilterSet
    view_action = Action.UNION_VIEW


class EnterpriseViewSet(ScopedReadOnlyViewSet):
    queryset = Enterprise.objects.select_related("region").order_by("-id")
    serializer_class = EnterpriseSerializer
    filterset_class = filters.EnterpriseFilterSet
    view_action = Action.ENTERPRISE_VIEW

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parent = data.pop("parent_union", None)
        if parent is None:
            raise serializers.ValidationError({"parent_union": [_("新建单位须指定上级工会。")]})
        enterprise = services.enterprise_create(actor=request.user, parent_union=parent, **data)
        return Response(EnterpriseSerializer(enterprise).data, status=201)

    def partial_update(self, request, pk=None):
        enterprise = self.get_scoped(Action.ENTERPRISE_CHANGE)
        serializer = self.get_serializer(enterprise, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("parent_union", None)
        enterprise = services.enterprise_update(actor=request.user, enterprise=enterprise, **data)
        return Response(EnterpriseSerializer(enterprise).data)


class WorkerViewSet(ScopedReadOnlyViewSet):
    queryset = (
        Worker.objects.select_related("enterprise")
        .prefetch_related("honours", "skill_history")
        .defer("id_number", "phone")
        .order_by(*WORKER_LIST_ORDER)
    )
    serializer_class = WorkerSerializer
    filterset_class = filters.WorkerFilterSet
    view_action = Action.WORKER_VIEW
    pagination_class = KeysFirstPagination

    @extend_schema(request=WorkerWriteSerializer, responses={201: WorkerSerializer})
    def create(self, request):
        serializer = WorkerWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "id_number" not in data:
            raise serializers.ValidationError({"id_number": [_("请填写身份证号码。")]})
        worker = services.worker_create(actor=request.user, **data)
        return Response(WorkerSerializer(worker).data, status=201)

    @extend_schema(request=WorkerWriteSerializer, responses=WorkerSerializer)
    def partial_update(self, request, pk=None):
        worker = self.get_scoped(Action.WORKER_CHANGE)
        serializer = WorkerWriteSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        worker = services.worker_update(actor=request.user, worker=worker, **serializer.validated_data)
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=RevealSerializer, responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full ID-card or phone number, for those entitled; every call is audited."""
        worker = self.get_scoped(Action.WORKER_REVEAL)
        serializer = RevealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        field = serializer.validated_data["field"]
        value = services.worker_reveal(actor=request.user, worker=worker, field=field)
        return Response({"field": field, "value": value})


def register(router) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("unions", TradeUnionViewSet, basename="union")
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
    router.register("workers", WorkerViewSet, basename="worker")
