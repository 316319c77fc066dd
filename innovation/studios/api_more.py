"""API twins of the yearly reports, assessments and revocation, subsidy policies and rounds, and
alliances: the same services, filters and scope as the pages. Amounts in fen (`*_fen`) and as
yuan strings; every refusal is a 4xx with a Chinese reason (innovation.api.exceptions)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.api.base import ScopedViewSet, StrictFilterBackend
from innovation.funds.api import PaymentSerializer, YuanField
from innovation.funds.models import BudgetLine
from innovation.funds.services import MAX_FEN
from innovation.org.models import TradeUnion

from . import alliances, assessment, reports, subsidies
from .forms_more import (
    AllianceFilterSet,
    AssessmentFilterSet,
    SubsidyLineFilterSet,
    SubsidyPolicyFilterSet,
    SubsidyRoundFilterSet,
    YearReportFilterSet,
)
from .models import (
    Alliance,
    AllianceProject,
    Assessment,
    AssessmentRubric,
    Studio,
    StudioLevel,
    StudioType,
    SubsidyLine,
    SubsidyPolicy,
    SubsidyRound,
    YearReport,
)

api_urlpatterns: list = []


def _name(user) -> str | None:
    return str(user) if user else None


def _choices_help(choices) -> str:
    return " / ".join(f"{value} {label}" for value, label in choices)


def _coded(choices, **kwargs) -> serializers.CharField:
    """A read-only coded field, documented inline: the studio app's enums share field names
    (state, kind, type, level) with other apps' enums, and named schema components would collide."""
    return serializers.CharField(read_only=True, help_text=_choices_help(choices), **kwargs)


def _inline_choice_field(choices):
    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField


# ---------------------------------------------------------------- reports


class YearReportSerializer(serializers.ModelSerializer):
    studio_name = serializers.CharField(source="studio.name", read_only=True)
    state = _coded(YearReport.State.choices)
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
        values = reports.figures(obj)
        return {k: (str(v) if not isinstance(v, int) else v) for k, v in values.items()}

    def get_submitted_by(self, obj) -> str | None:
        return _name(obj.submitted_by)

    def get_verified_by(self, obj) -> str | None:
        return _name(obj.verified_by)


class YearReportWriteSerializer(serializers.Serializer):
    studio = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.none())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    problems_solved = serializers.IntegerField(min_value=0, max_value=reports.MAX_COUNT)
    people_trained = serializers.IntegerField(min_value=0, max_value=reports.MAX_COUNT)
    reported_benefit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=reports.SUMMARY_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["studio"].queryset = restrict(Studio.objects.all(), request.user, Action.STUDIO_VIEW)


class YearReportUpdateSerializer(serializers.Serializer):
    problems_solved = serializers.IntegerField(min_value=0, max_value=reports.MAX_COUNT, required=False)
    people_trained = serializers.IntegerField(min_value=0, max_value=reports.MAX_COUNT, required=False)
    reported_benefit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=reports.SUMMARY_MAX)


class ReportNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=reports.NOTE_MAX)


class StudioReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class YearReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Yearly reports: the lead or the unit saves and submits; the city verifies or returns."""

    queryset = YearReport.objects.select_related("studio", "submitted_by", "verified_by")
    serializer_class = YearReportSerializer
    filterset_class = YearReportFilterSet
    view_action = Action.STUDIO_VIEW

    def base_queryset(self):
        return reports.with_figures(self.queryset.all())

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
        report = reports.save_report(actor=request.user, **data)
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
        reports.save_report(studio=report.studio, year=report.year, actor=request.user, **data)
        return self._answer(report)

    update = partial_update

    @extend_schema(request=None, responses=YearReportSerializer, summary="Submit (lead or unit)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._answer(reports.submit_report(report=self.get_object(), actor=request.user))

    @extend_schema(request=ReportNoteSerializer, responses=YearReportSerializer, summary="Verify (city)")
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        serializer = ReportNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = reports.verify_report(
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
        report = reports.return_report(
            report=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return self._answer(report)


# ---------------------------------------------------------------- assessment and revocation


class AssessmentSerializer(serializers.ModelSerializer):
    studio_name = serializers.CharField(source="studio.name", read_only=True)
    result = _coded(Assessment.Result.choices)
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
        return _name(obj.assessed_by)


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


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
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


class RubricViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
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
    type = _coded(StudioType.choices)
    level = _coded(StudioLevel.choices)
    status = _coded(Studio.Status.choices)

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


class StudioRevokeSerializer(serializers.Serializer):
    studio = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.none())
    document_no = serializers.CharField(max_length=60)
    reason = serializers.CharField(max_length=2000)
    on = serializers.DateField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["studio"].queryset = restrict(
                Studio.objects.all(), request.user, Action.STUDIO_MANAGE
            )


class RevocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
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


# ---------------------------------------------------------------- subsidies


SubsidyKindField = _inline_choice_field(SubsidyPolicy.Kind.choices)
StudioTypeField = _inline_choice_field([("", ""), *StudioType.choices])
StudioLevelField = _inline_choice_field(StudioLevel.choices)


class SubsidyPolicySerializer(serializers.ModelSerializer):
    kind = SubsidyKindField(
        choices=SubsidyPolicy.Kind.choices, help_text=_choices_help(SubsidyPolicy.Kind.choices)
    )
    studio_type = StudioTypeField(
        choices=StudioType.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_choices_help(StudioType.choices) + "；空：全部类型",
    )
    amount_yuan = YuanField(source="amount_fen")
    cap_fen = serializers.IntegerField(min_value=1, max_value=MAX_FEN, required=False, allow_null=True)
    amount_fen = serializers.IntegerField(min_value=0, max_value=MAX_FEN, required=False, default=0)
    by_result_fen = serializers.DictField(
        child=serializers.IntegerField(min_value=0), required=False, default=dict
    )
    levels = serializers.ListField(child=StudioLevelField(choices=StudioLevel.choices))
    use_scope = serializers.CharField(max_length=subsidies.USE_SCOPE_MAX, help_text="资金使用范围")
    document = serializers.CharField(
        max_length=subsidies.DOCUMENT_MAX, help_text="政策依据（文件名称或文号）"
    )

    class Meta:
        model = SubsidyPolicy
        fields = [
            "id",
            "kind",
            "studio_type",
            "levels",
            "effective_from",
            "amount_fen",
            "amount_yuan",
            "by_result_fen",
            "cap_fen",
            "use_scope",
            "document",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class SubsidyPolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Subsidy policies (city-wide rows, never edited: a revision is a new row)."""

    queryset = SubsidyPolicy.objects.order_by("kind", "studio_type", "-effective_from", "-pk")
    serializer_class = SubsidyPolicySerializer
    filterset_class = SubsidyPolicyFilterSet

    def get_queryset(self):
        return self.queryset.all() if can(self.request.user, Action.SUBSIDY_MANAGE) else self.queryset.none()

    def get_object(self):
        row = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if row is None:
            raise NotFound(_("未找到，或不在您的权限范围内。"))
        return row

    def create(self, request):
        serializer = SubsidyPolicySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = subsidies.policy_create(actor=request.user, **serializer.validated_data)
        return Response(SubsidyPolicySerializer(policy).data, status=201)


class SubsidyLineSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="round.year", read_only=True)
    kind = _coded(SubsidyPolicy.Kind.choices)
    studio_name = serializers.CharField(source="studio.name", read_only=True)
    amount_yuan = YuanField(source="amount_fen")
    proposed_yuan = YuanField(source="proposed_fen")
    cap_fen = serializers.SerializerMethodField()
    paid_fen = serializers.IntegerField(source="commitment.paid_fen", default=0, read_only=True)
    payments = serializers.SerializerMethodField()

    class Meta:
        model = SubsidyLine
        fields = [
            "id",
            "round",
            "year",
            "studio",
            "studio_name",
            "kind",
            "policy",
            "proposed_fen",
            "proposed_yuan",
            "amount_fen",
            "amount_yuan",
            "cap_fen",
            "reason",
            "basis",
            "use_scope",
            "commitment",
            "paid_fen",
            "payments",
        ]
        read_only_fields = fields

    def get_cap_fen(self, obj) -> int:
        return subsidies.cap_of(obj.policy)

    def get_payments(self, obj) -> list[dict]:
        if not obj.commitment_id:
            return []
        rows = PaymentSerializer(obj.commitment.payments.all(), many=True).data
        # What the money may be used for travels with every payment.
        return [{**row, "use_scope": obj.use_scope} for row in rows]


class SubsidyRoundSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    state = _coded(SubsidyRound.State.choices)
    total_fen = serializers.IntegerField(read_only=True)
    line_count = serializers.IntegerField(read_only=True)
    proposed_by = serializers.SerializerMethodField()
    first_approver = serializers.SerializerMethodField()
    second_approver = serializers.SerializerMethodField()

    class Meta:
        model = SubsidyRound
        fields = [
            "id",
            "union",
            "union_name",
            "year",
            "state",
            "budget_line",
            "line_count",
            "total_fen",
            "proposed_by",
            "proposed_at",
            "first_approver",
            "first_approved_at",
            "second_approver",
            "second_approved_at",
        ]
        read_only_fields = fields

    def get_proposed_by(self, obj) -> str | None:
        return _name(obj.proposed_by)

    def get_first_approver(self, obj) -> str | None:
        return _name(obj.first_approver)

    def get_second_approver(self, obj) -> str | None:
        return _name(obj.second_approver)


class SubsidyRoundDetailSerializer(SubsidyRoundSerializer):
    shortfall_fen = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()

    class Meta(SubsidyRoundSerializer.Meta):
        fields = [*SubsidyRoundSerializer.Meta.fields, "shortfall_fen", "lines"]

    def get_shortfall_fen(self, obj) -> int:
        return subsidies.shortfall_fen(obj)

    def get_lines(self, obj) -> list[dict]:
        rows = obj.lines.select_related("round", "studio", "policy", "commitment").prefetch_related(
            "commitment__payments__recorded_by", "commitment__payments__commitment"
        )
        return SubsidyLineSerializer(rows.order_by("kind", "studio__name", "pk"), many=True).data


class SubsidyProposeSerializer(serializers.Serializer):
    union = serializers.PrimaryKeyRelatedField(queryset=TradeUnion.objects.none())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    budget_line = serializers.PrimaryKeyRelatedField(queryset=BudgetLine.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["union"].queryset = restrict(
                TradeUnion.objects.all(), request.user, Action.SUBSIDY_MANAGE
            )
            self.fields["budget_line"].queryset = restrict(
                BudgetLine.objects.all(), request.user, Action.FUNDS_VIEW
            )


class SubsidyAdjustSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    amount_fen = serializers.IntegerField(min_value=0, max_value=MAX_FEN)
    reason = serializers.CharField(max_length=subsidies.REASON_MAX)


class SubsidyPaySerializer(serializers.Serializer):
    line = serializers.IntegerField()
    amount_fen = serializers.IntegerField(min_value=1, max_value=MAX_FEN)
    paid_on = serializers.DateField()
    voucher_no = serializers.CharField(max_length=40)


class SubsidyRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The yearly subsidy round (city): propose, adjust, approve twice (commits), pay."""

    queryset = SubsidyRound.objects.select_related(
        "union", "budget_line", "proposed_by", "first_approver", "second_approver"
    ).annotate(line_count=Count("lines"), total_fen=Sum("lines__amount_fen"))
    serializer_class = SubsidyRoundSerializer
    filterset_class = SubsidyRoundFilterSet
    view_action = Action.SUBSIDY_MANAGE

    def get_serializer_class(self):
        return SubsidyRoundSerializer if self.action == "list" else SubsidyRoundDetailSerializer

    def _answer(self, round_, status=200):
        return Response(
            SubsidyRoundDetailSerializer(self.base_queryset().get(pk=round_.pk)).data, status=status
        )

    def _line(self, round_, line_id) -> SubsidyLine:
        line = (
            round_.lines.select_related("round", "studio", "policy", "commitment").filter(pk=line_id).first()
        )
        if line is None:
            raise NotFound(_("该批次中没有这一补助。"))
        return line

    @extend_schema(
        request=SubsidyProposeSerializer,
        responses=SubsidyRoundDetailSerializer,
        summary="Propose from policy",
    )
    def create(self, request):
        serializer = SubsidyProposeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        round_ = subsidies.propose_round(actor=request.user, **serializer.validated_data)
        response = self._answer(round_, 201)
        response.data["notes"] = [str(n) for n in round_.notes]
        return response

    @extend_schema(
        request=SubsidyAdjustSerializer, responses=SubsidyRoundDetailSerializer, summary="Adjust one line"
    )
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        round_ = self.get_object()
        serializer = SubsidyAdjustSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subsidies.adjust_line(
            line=self._line(round_, data["line"]),
            amount_fen=data["amount_fen"],
            reason=data["reason"],
            actor=request.user,
        )
        return self._answer(round_)

    @extend_schema(
        request=None,
        responses=SubsidyRoundDetailSerializer,
        summary="Approve (four-eyes; the second commits)",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._answer(subsidies.approve_round(round=self.get_object(), actor=request.user))

    @extend_schema(
        request=StudioReasonSerializer, responses=SubsidyRoundDetailSerializer, summary="Return to draft"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_round(self, request, pk=None):
        serializer = StudioReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round_ = subsidies.return_round(
            round=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return self._answer(round_)

    @extend_schema(
        request=SubsidyPaySerializer, responses={201: SubsidyLineSerializer}, summary="Pay a committed line"
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        round_ = self.get_object()
        serializer = SubsidyPaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        line = self._line(round_, data.pop("line"))
        subsidies.pay_line(line=line, actor=request.user, **data)
        fresh = SubsidyLine.objects.select_related("round", "studio", "policy", "commitment").get(pk=line.pk)
        return Response(SubsidyLineSerializer(fresh).data, status=201)


class SubsidyLineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = SubsidyLine.objects.select_related("round", "studio", "policy", "commitment").order_by(
        "-round__year", "kind", "studio__name", "pk"
    )
    serializer_class = SubsidyLineSerializer
    filterset_class = SubsidyLineFilterSet

    def get_queryset(self):
        return self.queryset.filter(round__in=subsidies.rounds_visible_to(self.request.user).values("pk"))

    def get_object(self):
        row = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if row is None:
            raise NotFound(_("未找到，或不在您的权限范围内。"))
        return row


# ---------------------------------------------------------------- alliances


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
    name = serializers.CharField(max_length=alliances.NAME_MAX)
    lead = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.none())
    members = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.none(), many=True)
    founded_on = serializers.DateField()
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=alliances.TEXT_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["lead"].queryset = _manageable_studios(request)
            self.fields["members"].child_relation.queryset = _manageable_studios(request)


class ProjectWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=alliances.TITLE_MAX)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    studios = serializers.PrimaryKeyRelatedField(queryset=Studio.objects.none(), many=True)
    result = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=alliances.TEXT_MAX
    )

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
        return self._answer(alliances.alliance_save(actor=request.user, **serializer.validated_data), 201)

    @extend_schema(request=AllianceWriteSerializer, responses=AllianceSerializer, summary="Change (city)")
    def update(self, request, pk=None):
        alliance = self.get_scoped(Action.STUDIO_MANAGE)
        serializer = AllianceWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        alliances.alliance_save(actor=request.user, alliance=alliance, **serializer.validated_data)
        return self._answer(alliance)

    @extend_schema(
        request=ProjectWriteSerializer, responses=AllianceSerializer, summary="Add a joint project (city)"
    )
    @action(detail=True, methods=["post"])
    def projects(self, request, pk=None):
        alliance = self.get_scoped(Action.STUDIO_MANAGE)
        serializer = ProjectWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        alliances.project_save(actor=request.user, alliance=alliance, **serializer.validated_data)
        return self._answer(alliance, 201)


def register(router) -> None:
    router.register("studio-reports", YearReportViewSet, basename="studio-report")
    router.register("studio-assessments", AssessmentViewSet, basename="studio-assessment")
    router.register("studio-rubrics", RubricViewSet, basename="studio-rubric")
    router.register("studio-revocations", RevocationViewSet, basename="studio-revocation")
    router.register("subsidy-policies", SubsidyPolicyViewSet, basename="subsidy-policy")
    router.register("subsidy-rounds", SubsidyRoundViewSet, basename="subsidy-round")
    router.register("subsidy-lines", SubsidyLineViewSet, basename="subsidy-line")
    router.register("studio-alliances", AllianceViewSet, basename="studio-alliance")
