"""The API twin of the plan pages: the plans the caller sees, a plan with its versions and
indicators, the targets, the progress per year and district, a revision's changes; the city
revises a plan and queues a quarterly snapshot. The same selectors and services as the pages;
every bad input is a 400 with its reason, a plan out of sight a 404, a caller who may not see
plans a 403."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.api.base import AuditedAPIMixin
from innovation.api.converters import ID_MAX
from innovation.org.models import TradeUnion

from . import progress, selectors, services
from .models import MAX_TARGET, Plan, PlanVersion


class PlanSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "title", "union", "union_name", "document_no", "adopted_on"]
        read_only_fields = fields


class PlanVersionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = [
            "number",
            "label",
            "effective_on",
            "title",
            "document_no",
            "note",
            "green_pct",
            "amber_pct",
            "has_file",
        ]
        read_only_fields = fields

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class PlanIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    formula = serializers.CharField()
    per_district = serializers.BooleanField()
    available = serializers.SerializerMethodField()

    def get_available(self, obj) -> bool:
        return progress.formulas.is_available(obj.formula)


class PlanDetailSerializer(PlanSerializer):
    versions = PlanVersionSerializer(many=True, read_only=True)
    indicators = PlanIndicatorSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "versions", "indicators"]
        read_only_fields = fields


class PlanProgressRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    year = serializers.IntegerField()
    district = serializers.IntegerField(source="district.pk", allow_null=True, default=None)
    district_name = serializers.CharField()
    target = serializers.IntegerField()
    expected = serializers.IntegerField()
    actual = serializers.IntegerField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()
    rows_url = serializers.CharField(source="link")


class PlanTargetSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    year = serializers.IntegerField()
    district = serializers.IntegerField(source="district_id", allow_null=True)
    district_name = serializers.SerializerMethodField()
    value = serializers.IntegerField()

    def get_district_name(self, obj) -> str:
        return obj.district.name if obj.district_id else "全市"


class PlanChangeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    indicator = serializers.CharField(source="indicator.code")
    year = serializers.IntegerField()
    district = serializers.IntegerField(source="district.pk", allow_null=True, default=None)
    old = serializers.IntegerField(allow_null=True)
    new = serializers.IntegerField(allow_null=True)


class PlanQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    district = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False)


QUERY_PARAMETERS = [
    OpenApiParameter("version", int, description="版本号（默认现行版本）"),
    OpenApiParameter("year", int, description="年度"),
    OpenApiParameter("district", int, description="县(市、区)工会编号"),
]


class PlanTargetChangeSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=40)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    district = serializers.IntegerField(min_value=1, max_value=ID_MAX, allow_null=True, default=None)
    # Negative values are the service's to refuse (with the row named), not the serializer's.
    value = serializers.IntegerField(min_value=-MAX_TARGET, max_value=MAX_TARGET, allow_null=True)


class PlanNewIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=80)
    unit = serializers.CharField(max_length=10, default="项")
    formula = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    per_district = serializers.BooleanField(default=False)


class PlanRevisionSerializer(serializers.Serializer):
    effective_on = serializers.DateField()
    title = serializers.CharField(max_length=150)
    document_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    changes = PlanTargetChangeSerializer(many=True, required=False, default=list)
    new_indicators = PlanNewIndicatorSerializer(many=True, required=False, default=list)
    green_pct = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    amber_pct = serializers.IntegerField(min_value=0, max_value=1000, required=False)


class PlanSnapshotRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class PlanSnapshotRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(source="version.number")
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    status = serializers.CharField()
    done_count = serializers.IntegerField()


class PlanViewSet(AuditedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The three-year plans (三年工作方案) the caller sees: a county union its own district's
    targets and progress; units and workers none (403)."""

    serializer_class = PlanSerializer
    queryset = Plan.objects.none()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not can(request.user, Action.PLAN_VIEW):
            raise exceptions.PermissionDenied(_("您无权查看工作方案。"))

    def get_queryset(self):
        return selectors.plans_visible_to(self.request.user).order_by("-adopted_on", "-id")

    def get_serializer_class(self):
        return PlanSerializer if self.action == "list" else PlanDetailSerializer

    def _query(self, request, plan) -> dict:
        allowed = {"version", "year", "district"}
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise exceptions.ValidationError(
                {"detail": _("不支持的查询参数：%(p)s") % {"p": "、".join(unknown)}}
            )
        s = PlanQuerySerializer(data=request.query_params)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        today = progress.today_local()
        if "version" in data:
            version = PlanVersion.objects.filter(plan=plan, number=data["version"]).first()
            if version is None:
                raise exceptions.ValidationError({"version": [_("本方案没有该版本。")]})
        else:
            version = selectors.current_version(plan, today)
        district = None
        if "district" in data:
            district = next(
                (d for d in selectors.visible_districts(request.user, version) if d.pk == data["district"]),
                None,
            )
            if district is None:
                raise exceptions.ValidationError(
                    {"district": [_("该县(市、区)没有目标，或不在您的权限范围内。")]}
                )
        return {"version": version, "year": data.get("year"), "district": district, "today": today}

    @extend_schema(parameters=QUERY_PARAMETERS, responses=PlanTargetSerializer(many=True), summary="Targets")
    @action(detail=True, methods=["get"], pagination_class=None)
    def targets(self, request, pk=None):
        plan = self.get_object()
        query = self._query(request, plan)
        rows = progress.visible_targets(request.user, query["version"])
        if query["year"] is not None:
            rows = rows.filter(year=query["year"])
        if query["district"] is not None:
            rows = rows.filter(district=query["district"])
        return Response(PlanTargetSerializer(rows, many=True).data)

    @extend_schema(
        parameters=QUERY_PARAMETERS, responses=PlanProgressRowSerializer(many=True), summary="Progress"
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def progress(self, request, pk=None):
        plan = self.get_object()
        q = self._query(request, plan)
        rows = progress.progress_rows(
            request.user, q["version"], year=q["year"], district=q["district"], today=q["today"]
        )
        return Response(PlanProgressRowSerializer(rows, many=True).data)

    @extend_schema(
        parameters=QUERY_PARAMETERS[:1], responses=PlanChangeSerializer(many=True), summary="Changes"
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def changes(self, request, pk=None):
        plan = self.get_object()
        version = self._query(request, plan)["version"]
        previous = PlanVersion.objects.filter(plan=plan, number=version.number - 1).first()
        return Response(PlanChangeSerializer(selectors.diff(previous, version, request.user), many=True).data)

    @extend_schema(request=PlanRevisionSerializer, responses={201: PlanVersionSerializer}, summary="Revise")
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        plan = self.get_object()
        s = PlanRevisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        districts = {
            u.pk: u
            for u in TradeUnion.objects.filter(
                pk__in=[c["district"] for c in data["changes"] if c["district"]]
            )
        }
        changes = []
        for n, change in enumerate(data.pop("changes"), start=1):
            district = change["district"]
            if district is not None and district not in districts:
                raise ValidationError(
                    {"changes": [_("第%(n)d项：编号为%(d)s的县(市、区)不存在。") % {"n": n, "d": district}]}
                )
            changes.append({**change, "district": districts.get(district)})
        new = [dict(i) for i in data.pop("new_indicators")]
        version = services.plan_revise(
            actor=request.user, plan=plan, changes=changes, new_indicators=new, **data
        )
        return Response(PlanVersionSerializer(version).data, status=201)

    @extend_schema(
        request=PlanSnapshotRequestSerializer, responses={202: PlanSnapshotRunSerializer}, summary="Snapshot"
    )
    @action(detail=True, methods=["post"])
    def snapshot(self, request, pk=None):
        plan = self.get_object()
        s = PlanSnapshotRequestSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        version = selectors.current_version(plan, progress.today_local())
        run = services.snapshot_request(actor=request.user, version=version, **s.validated_data)
        return Response(PlanSnapshotRunSerializer(run).data, status=202)


def register(router) -> None:
    router.register("plans", PlanViewSet, basename="plan")
