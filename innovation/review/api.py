"""The review in /api/v1/: the same services, anonymity rule and scope as the pages.

GET        review/my-assignments                       an expert's active assignments
GET        review/my-assignments/{id}                  one of them, with the item as the expert may see it
GET, PUT   review/my-assignments/{id}/sheet            the expert's own sheet: save a draft or submit
GET        review/campaigns/{id}/ranking               results and every expert's sheet (city admin)
POST       review/campaigns/{id}/ranking/compute       recompute the results (city admin)
GET        review/campaigns/{id}/progress              per-expert progress (city admin)
GET        review/campaigns/{id}/scoring               sheets due, submitted, outstanding; the closure
POST       review/campaigns/{id}/scoring/close         end scoring with a reason (city admin)
"""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.achievements.models import Campaign
from innovation.api.base import AuditedAPIMixin, ScopedReadOnlyViewSet, StrictFilterBackend
from innovation.api.pagination import Pagination
from innovation.experts.models import Assignment

from . import anonymity, closure, services
from .exports import RankingExporter
from .filters import MyAssignmentFilterSet, RankingFilterSet
from .models import ItemResult, ScoreSheet, ScoringClosure

# ---------------------------------------------------------------- serializers


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    max_score = serializers.IntegerField()


class AttachmentViewSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    size = serializers.IntegerField()
    purpose = serializers.CharField()


class ItemViewSerializer(serializers.Serializer):
    """An achievement as the expert may see it (innovation.review.anonymity.ItemView)."""

    id = serializers.IntegerField(source="pk")
    anonymous = serializers.BooleanField()
    title = serializers.CharField()
    kind = serializers.CharField()
    field = serializers.CharField(source="field_code")
    field_label = serializers.CharField(source="field")
    unit = serializers.CharField()
    authors = serializers.ListField(child=serializers.CharField())
    post = serializers.CharField()
    problem = serializers.CharField()
    solution = serializers.CharField()
    effect = serializers.CharField()
    benefit_type = serializers.CharField()
    benefit_claimed = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    benefit_verified = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    benefit_basis = serializers.CharField()
    started_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    patents = serializers.ListField(child=serializers.CharField())
    attachments = AttachmentViewSerializer(many=True)


class MyAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.IntegerField(source="campaign_id")
    campaign_title = serializers.CharField(source="campaign.title")
    review_deadline = serializers.DateTimeField(source="campaign.review_deadline", allow_null=True)
    state = serializers.CharField()
    sheet_status = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    field = serializers.CharField(source="achievement.field")
    my_total = serializers.SerializerMethodField()

    def get_sheet_status(self, obj) -> str:
        return services.sheet_status(obj)

    def get_title(self, obj) -> str:
        return anonymity.expert_title(obj.achievement)

    def get_unit(self, obj) -> str:
        return anonymity.expert_unit(obj.achievement)

    def get_my_total(self, obj) -> str | None:
        sheet = getattr(obj, "sheet", None)
        return str(sheet.total) if sheet is not None and sheet.total is not None else None


class MyAssignmentDetailSerializer(MyAssignmentSerializer):
    item = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()

    @extend_schema_field(ItemViewSerializer(allow_null=True))
    def get_item(self, obj) -> dict | None:
        if obj.state not in Assignment.ACTIVE_STATES:
            return None
        return ItemViewSerializer(anonymity.expert_view(obj.achievement)).data

    def get_criteria(self, obj) -> list[dict]:
        return CriterionSerializer(
            [
                {"id": c.pk, "name": c.name, "weight": c.weight, "max_score": c.max_score}
                for c in obj.campaign.criteria.all()
            ],
            many=True,
        ).data


class ScoreValueSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    # More places than a score may have, so that "80.125" reaches the service and gets its message.
    value = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)


class SheetInputSerializer(serializers.Serializer):
    """PUT replaces the sheet: criteria left out (or null) have no score afterwards."""

    scores = ScoreValueSerializer(many=True)
    comment = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=services.MAX_COMMENT
    )
    submit = serializers.BooleanField(required=False, default=False)

    def validate_scores(self, value):
        ids = [row["criterion"] for row in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("同一评分项只能出现一次。")
        return value


class ScoreOutSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=6, decimal_places=2)


class SheetSerializer(serializers.Serializer):
    """The expert's own sheet (their scores only; never another expert's)."""

    assignment = serializers.IntegerField()
    scores = ScoreOutSerializer(many=True)
    comment = serializers.CharField()
    total = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    editable = serializers.BooleanField()
    reason = serializers.CharField()


def sheet_data(assignment: Assignment) -> dict:
    sheet = ScoreSheet.objects.filter(assignment=assignment).prefetch_related("scores").first()
    editable, reason = services.sheet_editable(assignment)
    return {
        "assignment": assignment.pk,
        "scores": [{"criterion": s.criterion_id, "value": s.value} for s in sheet.scores.all()]
        if sheet
        else [],
        "comment": sheet.comment if sheet else "",
        "total": sheet.total if sheet else None,
        "submitted_at": sheet.submitted_at if sheet else None,
        "editable": editable,
        "reason": reason,
    }


# ---------------------------------------------------------------- an expert's assignments


class MyAssignmentViewSet(ScopedReadOnlyViewSet):
    """An expert's own assignments. Titles, units and texts follow the campaign's anonymity."""

    serializer_class = MyAssignmentSerializer
    filterset_class = MyAssignmentFilterSet
    view_action = Action.REVIEW_SCORE
    pagination_class = Pagination

    def base_queryset(self):
        select, prefetch = anonymity.assignment_related()
        return (
            Assignment.objects.select_related("campaign", "achievement", "sheet", *select)
            .prefetch_related(*prefetch, "campaign__criteria")
            .order_by("-campaign__year", "achievement_id")
        )

    def get_queryset(self):
        # Lists show the active ones; a declined or withdrawn one is still the expert's to ask about.
        return super().get_queryset().filter(state__in=Assignment.ACTIVE_STATES)

    def get_serializer_class(self):
        return MyAssignmentDetailSerializer if self.action == "retrieve" else MyAssignmentSerializer

    @extend_schema(
        methods=["GET"], responses=SheetSerializer, summary="The expert's own score sheet of an assignment"
    )
    @extend_schema(
        methods=["PUT"],
        request=SheetInputSerializer,
        responses=SheetSerializer,
        summary="Save the sheet as a draft, or submit it (submit: true); then it is final",
    )
    @action(detail=True, methods=["get", "put"], url_path="sheet", filter_backends=[])
    def sheet(self, request, pk=None):
        assignment = self.get_object()
        if request.method == "PUT":
            serializer = SheetInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            services.save_sheet(
                assignment=assignment,
                actor=request.user,
                values={row["criterion"]: row["value"] for row in data["scores"]},
                comment=data.get("comment", ""),
                submit=data.get("submit", False),
            )
            assignment = self.get_object()
        return Response(SheetSerializer(sheet_data(assignment)).data)


# ---------------------------------------------------------------- city: ranking and progress


class SheetRowSerializer(serializers.Serializer):
    expert_id = serializers.IntegerField(source="assignment.expert_id")
    expert = serializers.CharField(source="assignment.expert.name")
    total = serializers.DecimalField(max_digits=7, decimal_places=3)
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    scores = serializers.SerializerMethodField()

    def get_scores(self, obj) -> dict[str, str]:
        return {str(s.criterion_id): str(s.value) for s in obj.scores.all()}


class ResultSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="achievement.title")
    field = serializers.CharField(source="achievement.field")
    unit = serializers.CharField(source="achievement.enterprise.name")
    sheets = serializers.SerializerMethodField()

    class Meta:
        model = ItemResult
        fields = [
            "achievement",
            "title",
            "field",
            "unit",
            "rank",
            "field_rank",
            "score",
            "raw_mean",
            "n_scores",
            "spread",
            "disagreement",
            "computed_at",
            "sheets",
        ]

    def get_sheets(self, obj) -> list[dict]:
        sheets = self.context.get("sheets", {}).get(obj.achievement_id, [])
        return SheetRowSerializer(sheets, many=True).data


class _CityView(AuditedAPIMixin, generics.GenericAPIView):
    action_name: str = ""

    def campaign(self) -> Campaign:
        if not can(self.request.user, self.action_name):
            raise DRFPermissionDenied("您无权查看评审结果。")
        return get_scoped_or_404(
            Campaign.objects.select_related("union"),
            self.request.user,
            self.action_name,
            pk=self.kwargs["campaign_id"],
        )


class RankingAPI(_CityView):
    action_name = Action.REVIEW_RESULTS
    serializer_class = ResultSerializer
    filterset_class = RankingFilterSet
    filter_backends = [StrictFilterBackend]
    pagination_class = Pagination

    queryset = ItemResult.objects.none()  # the schema's model; get_queryset() is the real one

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return restrict(
            ItemResult.objects.select_related("achievement__enterprise").order_by("rank"),
            self.request.user,
            Action.REVIEW_RESULTS,
        ).filter(campaign=self._campaign)

    @extend_schema(
        responses=ResultSerializer(many=True),
        summary="The campaign's ranking with every expert's sheet (city admin), a page at a time",
    )
    def get(self, request, campaign_id: int):
        self._campaign = self.campaign()
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        sheets: dict[int, list] = {}
        for _result, sheet, _values in RankingExporter(self._campaign).expand(page):
            if sheet is not None:
                sheets.setdefault(sheet.assignment.achievement_id, []).append(sheet)
        data = ResultSerializer(page, many=True, context={"sheets": sheets}).data
        return self.get_paginated_response(data)


class ComputeResultSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    items = serializers.IntegerField(help_text="items with at least one submitted sheet")


class ComputeAPI(_CityView):
    action_name = Action.REVIEW_RESULTS
    serializer_class = ComputeResultSerializer

    @extend_schema(
        request=None,
        responses=ComputeResultSerializer,
        summary="Recompute the campaign's results (city admin)",
    )
    def post(self, request, campaign_id: int):
        campaign = self.campaign()
        n = services.compute_results(campaign=campaign, actor=request.user)
        return Response({"campaign": campaign.pk, "items": n})


class ProgressRowSerializer(serializers.Serializer):
    expert_id = serializers.IntegerField()
    name = serializers.CharField()
    employer = serializers.CharField()
    assigned = serializers.IntegerField()
    submitted = serializers.IntegerField()
    drafts = serializers.IntegerField()
    not_started = serializers.IntegerField()
    declined = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    percent = serializers.IntegerField()
    last_activity = serializers.DateTimeField(allow_null=True)


class ProgressQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100, help_text="专家姓名或单位")
    unfinished = serializers.BooleanField(required=False, help_text="只看未完成的专家")


class ProgressAPI(_CityView):
    action_name = Action.REVIEW_ASSIGN
    serializer_class = ProgressRowSerializer
    pagination_class = Pagination
    queryset = Assignment.objects.none()  # the schema's model: rows come from services.expert_progress
    filter_backends: list = []

    @extend_schema(
        parameters=[ProgressQuerySerializer],
        responses=ProgressRowSerializer(many=True),
        summary="Per-expert progress of a campaign's review (city admin), a page at a time",
    )
    def get(self, request, campaign_id: int):
        campaign = self.campaign()
        unknown = sorted(set(request.query_params) - {"q", "unfinished", "page", "page_size", "format"})
        if unknown:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"detail": "不支持的查询参数：" + "、".join(unknown)})
        rows = services.expert_progress(
            campaign=campaign,
            user=request.user,
            q=request.query_params.get("q", ""),
            unfinished_only=request.query_params.get("unfinished", "").lower() in ("1", "true", "yes"),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ProgressRowSerializer(page, many=True).data)


class ScoringClosureSerializer(serializers.ModelSerializer):
    """The city's end of scoring: who, when, why, and the sheets outstanding then."""

    closed_by = serializers.SerializerMethodField()
    outstanding = serializers.IntegerField(read_only=True)

    class Meta:
        model = ScoringClosure
        fields = ["reason", "closed_by", "closed_at", "assigned", "submitted", "outstanding"]
        read_only_fields = fields

    def get_closed_by(self, obj) -> str:
        return str(obj.closed_by)


class ScoringStateSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    assigned = serializers.IntegerField(help_text="sheets due: submitted + outstanding")
    submitted = serializers.IntegerField()
    outstanding = serializers.IntegerField(help_text="assigned sheets of items under review not submitted")
    complete = serializers.BooleanField(help_text="ranking and decision may proceed (all in, or closed)")
    closure = ScoringClosureSerializer(allow_null=True)


class CloseScoringSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=closure.REASON_MAX)


def scoring_state(campaign: Campaign) -> dict:
    counts = closure.sheet_counts(campaign)
    ended = closure.closure_of(campaign)
    return {
        "campaign": campaign.pk,
        "assigned": counts.assigned,
        "submitted": counts.submitted,
        "outstanding": counts.outstanding,
        "complete": counts.complete or ended is not None,
        "closure": ScoringClosureSerializer(ended).data if ended else None,
    }


class ScoringAPI(_CityView):
    action_name = Action.REVIEW_RESULTS
    serializer_class = ScoringStateSerializer

    @extend_schema(summary="Whether the campaign's scoring is complete or closed (city admin)")
    def get(self, request, campaign_id: int):
        return Response(scoring_state(self.campaign()))


class CloseScoringAPI(_CityView):
    action_name = Action.REVIEW_RESULTS
    serializer_class = CloseScoringSerializer

    @extend_schema(
        request=CloseScoringSerializer,
        responses={201: ScoringStateSerializer},
        summary="End the campaign's scoring with a reason while sheets are outstanding (city admin)",
    )
    def post(self, request, campaign_id: int):
        campaign = self.campaign()
        serializer = CloseScoringSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        closure.close_scoring(
            campaign=campaign, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(scoring_state(campaign), status=201)


api_urlpatterns = [
    path("review/campaigns/<id:campaign_id>/ranking", RankingAPI.as_view(), name="api-review-ranking"),
    path(
        "review/campaigns/<id:campaign_id>/ranking/compute",
        ComputeAPI.as_view(),
        name="api-review-compute",
    ),
    path("review/campaigns/<id:campaign_id>/progress", ProgressAPI.as_view(), name="api-review-progress"),
    path("review/campaigns/<id:campaign_id>/scoring", ScoringAPI.as_view(), name="api-review-scoring"),
    path(
        "review/campaigns/<id:campaign_id>/scoring/close",
        CloseScoringAPI.as_view(),
        name="api-review-close-scoring",
    ),
]


def register(router) -> None:
    router.register("review/my-assignments", MyAssignmentViewSet, basename="review-my-assignment")
