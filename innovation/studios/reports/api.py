"""The API of the yearly reports, assessment, rubrics and revocation."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin

from ..api_fields import StudioReasonSerializer, coded, user_name
from ..models import (
    Assessment,
    AssessmentRubric,
    Studio,
    StudioLevel,
    StudioType,
    YearReport,
)
from . import assessment, models, selectors, services
from .filters import AssessmentFilterSet, YearReportFilterSet


class YearReportSerializer(serializers.ModelSerializer):
    studio_name = serializers.CharField(source="studio.name", read_only=True)
    state = coded(YearReport.State.choices)
    figures = serializers.SerializerMethodField()
    submitted_by = serializers.SerializerMethodField()
    verified_by = serializers.SerializerMethodField()

    class Meta:
        model = YearReport
        fields = [
            "id",
            "studio",
            "studio_name",
            "year",
            "state",
            "problems_solved",
            "people_trained",
            "reported_benefit",
            "summary",
            "figures",
            "submitted_by",
            "verified_by",
            "verified_at",
            "verify_note",
        ]
        read_only_fields = fields

    def get_figures(self, obj) -> dict:
        """incubated, patents, verified_benefit (from the records); problems_solved,
        people_trained, reported_benefit (reported); benefit and benefit_wan (totals)."""
        values = selectors.figures(obj)
        return {k: (str(v) if not isinstance(v, int) else v) for k, v in values.items()}

    def get_submitted_by(self, obj) -> str | None:
        return user_name(obj.submitted_by)

    def get_verified_by(self, obj) -> str | None:
        return user_name(obj.verified_by)


class YearReportWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    studio = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    problems_solved = serializers.IntegerField(min_value=0, max_value=models.MAX_COUNT)
    people_trained = serializers.IntegerField(min_value=0, max_value=models.MAX_COUNT)
    reported_benefit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=models.SUMMARY_MAX
    )

    scoped_fields = {"studio": Action.STUDIO_VIEW}


class YearReportUpdateSerializer(serializers.Serializer):
    problems_solved = serializers.IntegerField(min_value=0, max_value=models.MAX_COUNT, required=False)
    people_trained = serializers.IntegerField(min_value=0, max_value=models.MAX_COUNT, required=False)
    reported_benefit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=models.SUMMARY_MAX)


class ReportNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=models.NOTE_MAX)


class YearReportViewSet(ScopedReadOnlyViewSet):
    """Yearly reports: the lead or the unit saves and submits; the city verifies or returns."""

    queryset = YearReport.objects.select_related("studio", "submitted_by", "verified_by")
    serializer_class = YearReportSerializer
    filterset_class = YearReportFilterSet
    view_action = Action.STUDIO_VIEW

    def base_queryset(self):
        return selectors.with_figures(self.queryset.all())

    def _answer(self, report, status=200):
        return Response(YearReportSerializer(self.base_queryset().get(pk=report.pk)).data, status=status)

    @extend_schema(
        request=YearReportWriteSerializer, responses=YearReportSerializer, summary="Save a draft report"
    )
    def create(self, request):
        serializer = YearReportWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        existed = YearReport.objects.filter(studio=data["studio"], year=data["year"]).exists()
        report = services.save_report(actor=request.user, **data)
        return self._answer(report, 200 if existed else 201)

    @extend_schema(
        request=YearReportUpdateSerializer, responses=YearReportSerializer, summary="Change a draft"
    )
    def partial_update(self, request, pk=None):
        report = self.get_object()
        serializer = YearReportUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {
            "problems_solved": report.problems_solved,
            "people_trained": report.people_trained,
            "reported_benefit": report.reported_benefit,
            "summary": report.summary,
            **serializer.validated_data,
        }
        services.save_report(studio=report.studio, year=report.year, actor=request.user, **data)
        return self._answer(report)

    update = partial_update

    @extend_schema(request=None, responses=YearReportSerializer, summary="Submit (lead or unit)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._answer(services.submit_report(report=self.get_object(), actor=request.user))

    @extend_schema(request=ReportNoteSerializer, responses=YearReportSerializer, summary="Verify (city)")
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        serializer = ReportNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.verify_report(
            report=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return self._answer(report)

    @extend_schema(
        request=StudioReasonSerializer, responses=YearReportSerializer, summary="Return for revision (city)"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        serializer = StudioReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.return_report(
            report=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return self._answer(report)


class AssessmentSerializer(serializers.ModelSerializer):
    studio_name = serializers.CharField(source="studio.name", read_only=True)
    result = coded(Assessment.Result.choices)
    rubric_year = serializers.IntegerField(source="rubric.effective_year", read_only=True)
    assessed_by = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "studio",
            "studio_name",
            "year",
            "rubric",
            "rubric_year",
            "score",
            "result",
            "detail",
            "note",
            "assessed_by",
            "assessed_at",
        ]
        read_only_fields = fields

    def get_assessed_by(self, obj) -> str | None:
        return user_name(obj.assessed_by)


class AssessmentRunSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AssessmentYearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class RevocationProposalSerializer(serializers.Serializer):
    studio = serializers.IntegerField()
    studio_name = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    reason = serializers.CharField()


def _proposal(p: dict) -> dict:
    return {
        "studio": p["studio"].pk,
        "studio_name": p["studio"].name,
        "years": p["years"],
        "reason": p["reason"],
    }


class AssessmentViewSet(ScopedReadOnlyViewSet):
    queryset = Assessment.objects.select_related("studio", "rubric", "assessed_by")
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    view_action = Action.STUDIO_VIEW

    @extend_schema(
        request=AssessmentRunSerializer,
        responses={200: dict},
        summary="Assess every named studio of a year (city)",
    )
    @action(detail=False, methods=["post"])
    def run(self, request):
        serializer = AssessmentRunSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        summary = assessment.run_assessment(actor=request.user, **serializer.validated_data)
        summary["proposals"] = [_proposal(p) for p in summary["proposals"]]
        return Response(summary)

    @extend_schema(
        parameters=[AssessmentYearQuerySerializer],
        responses=RevocationProposalSerializer(many=True),
        summary="Studios proposed for revocation",
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="revocation-proposals",
        filter_backends=[],
        pagination_class=None,
    )
    def revocation_proposals(self, request):
        if not can(request.user, Action.STUDIO_MANAGE):
            raise PermissionDenied(_("您无权查看摘牌建议。"))
        serializer = AssessmentYearQuerySerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        proposals = assessment.revocation_proposals(year=serializer.validated_data["year"], user=request.user)
        return Response([_proposal(p) for p in proposals])


class RubricSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentRubric
        fields = [
            "id",
            "effective_year",
            "criteria",
            "excellent_from",
            "qualified_from",
            "revoke_after_unqualified",
            "one_roster_only",
            "note",
        ]
        # The service gives the message for a duplicate year.
        extra_kwargs = {"effective_year": {"validators": []}}


class RubricViewSet(ScopedReadOnlyViewSet):
    """Assessment rubrics (versions by the year they apply from): read by anyone who sees studios."""

    queryset = AssessmentRubric.objects.order_by("-effective_year")
    serializer_class = RubricSerializer
    filter_backends: list = []

    def get_queryset(self):
        return self.queryset.all() if can(self.request.user, Action.STUDIO_VIEW) else self.queryset.none()

    def get_object(self):
        row = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if row is None:
            raise NotFound(_("未找到，或不在您的权限范围内。"))
        return row

    def create(self, request):
        serializer = RubricSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rubric = assessment.rubric_create(actor=request.user, **serializer.validated_data)
        return Response(RubricSerializer(rubric).data, status=201)


class RevokedStudioSerializer(serializers.ModelSerializer):
    type = coded(StudioType.choices)
    level = coded(StudioLevel.choices)
    status = coded(Studio.Status.choices)

    class Meta:
        model = Studio
        fields = [
            "id",
            "name",
            "type",
            "level",
            "status",
            "revoked_on",
            "revoke_document_no",
            "revoke_reason",
        ]
        read_only_fields = fields


class StudioRevokeSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    studio = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.all())
    document_no = serializers.CharField(max_length=60)
    reason = serializers.CharField(max_length=2000)
    on = serializers.DateField(required=False, allow_null=True, default=None)

    scoped_fields = {"studio": Action.STUDIO_MANAGE}


class RevocationViewSet(ScopedReadOnlyViewSet):
    """Revoked studios (摘牌); POST revokes one (a confirmed proposal or a serious fault)."""

    queryset = Studio.objects.filter(status=Studio.Status.REVOKED).order_by("-revoked_on", "name")
    serializer_class = RevokedStudioSerializer
    view_action = Action.STUDIO_VIEW
    filter_backends: list = []

    @extend_schema(
        request=StudioRevokeSerializer, responses=RevokedStudioSerializer, summary="Revoke a studio (city)"
    )
    def create(self, request):
        serializer = StudioRevokeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        studio = assessment.revoke(actor=request.user, **data)
        return Response(RevokedStudioSerializer(studio).data, status=201)
