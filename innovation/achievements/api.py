"""Achievements in /api/v1/: the same services, workflow, filters and scope as the pages."""

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
from innovation.api.converters import ID_MAX
from innovation.core import workflow as kernel

from . import services, workflow
from .filters import AchievementFilterSet, CampaignFilterSet, DemonstrationPostFilterSet
from .models import (
    Achievement,
    AwardGrade,
    Campaign,
    DemonstrationPost,
    Field,
    Kind,
    Patent,
    RubricCriterion,
)
from .rules import TEXT_LIMITS
from .selectors import campaign_union_of

# Caps of the free texts the API takes (characters); longer input is a 400 naming the limit.
REASON_MAX = 2000
DESCRIPTION_MAX = 5000


class AwardGradeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardGrade
        fields = ["code", "prize_fen", "quota"]


class RubricCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricCriterion
        fields = ["name", "weight", "max_score"]


class CampaignSerializer(serializers.ModelSerializer):
    grades = AwardGradeSerializer(many=True)
    criteria = RubricCriterionSerializer(many=True)
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=Kind.choices))
    fields = serializers.ListField(child=serializers.ChoiceField(choices=Field.choices))

    class Meta:
        model = Campaign
        fields = [
            "id",
            "union",
            "year",
            "title",
            "opens_at",
            "closes_at",
            "kinds",
            "fields",
            "experts_per_item",
            "notice_days",
            "description",
            "grades",
            "criteria",
        ]
        read_only_fields = ["union"]
        validators = []  # one campaign a year is the service's rule, with its message
        extra_kwargs = {"description": {"max_length": DESCRIPTION_MAX}}


class AuthorSerializer(serializers.Serializer):
    order = serializers.IntegerField(read_only=True)
    # An id, checked by the service (rules.author_candidates): a worker outside the unit is
    # refused exactly like one that does not exist.
    worker = serializers.IntegerField(
        source="worker_id",
        allow_null=True,
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text="申报单位在职职工的编号；外单位完成人留空并填写 outside_name",
    )
    name = serializers.CharField(read_only=True)
    outside_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    outside_unit = serializers.CharField(required=False, allow_blank=True, max_length=100)
    share = serializers.DecimalField(max_digits=5, decimal_places=2)


class PatentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patent
        fields = ["type", "number", "status"]


class AchievementSerializer(ScopedRelatedFieldsMixin, serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    authors = AuthorSerializer(many=True, required=False)
    patents = PatentSerializer(many=True, required=False)
    transitions = serializers.SerializerMethodField()
    studio = serializers.IntegerField(
        source="studio_id",
        allow_null=True,
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text="孵化该成果的本单位创新工作室编号",
    )

    class Meta:
        model = Achievement
        list_serializer_class = HistoryListSerializer
        fields = [
            "id",
            "campaign",
            "year",
            "enterprise",
            "enterprise_name",
            "post",
            "title",
            "kind",
            "field",
            "problem",
            "solution",
            "effect",
            "started_on",
            "completed_on",
            "benefit_type",
            "benefit_claimed",
            "benefit_basis",
            "studio",
            "benefit_verified",
            "benefit_verified_note",
            "benefit_locked",
            "state",
            "submitted_at",
            "authors",
            "patents",
            "transitions",
        ]
        read_only_fields = [
            "benefit_verified",
            "benefit_verified_note",
            "benefit_locked",
            "state",
            "submitted_at",
        ]
        extra_kwargs = {
            "benefit_claimed": {"validators": []},
            **{key: {"max_length": limit} for key, limit in TEXT_LIMITS.items()},
        }

    @extend_schema_field(StepLogSerializer(many=True))
    def get_transitions(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data

    scoped_fields = {"enterprise": Action.ENTERPRISE_VIEW, "campaign": Action.CAMPAIGN_VIEW}


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=list({s.name: (s.name, str(s.label)) for s in workflow.STEPS if s.manual}.values())
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX)
    pledge = serializers.BooleanField(required=False, default=False)


class VerifySerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX)


class DemonstrationPostSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    workers = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = DemonstrationPost
        fields = [
            "id",
            "year",
            "enterprise",
            "enterprise_name",
            "post",
            "first_achievement",
            "workers",
            "named_at",
        ]


class CampaignViewSet(ScopedReadOnlyViewSet):
    queryset = Campaign.objects.prefetch_related("grades", "criteria")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    view_action = Action.CAMPAIGN_VIEW

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        grades = [dict(g) for g in data.pop("grades")]
        criteria = [dict(c) for c in data.pop("criteria")]
        campaign = services.campaign_create(
            actor=request.user,
            union=campaign_union_of(request.user),
            grades=grades,
            criteria=criteria,
            **data,
        )
        return Response(CampaignSerializer(campaign).data, status=201)


class AchievementViewSet(ScopedReadOnlyViewSet):
    queryset = Achievement.objects.select_related("campaign", "enterprise").prefetch_related(
        "authors__worker", "patents"
    )
    serializer_class = AchievementSerializer
    filterset_class = AchievementFilterSet
    view_action = Action.ACHIEVEMENT_VIEW

    @staticmethod
    def _children(data: dict) -> tuple[list | None, list | None]:
        """Authors (worker ids) and patents as the service takes them; the studio by its id."""
        authors = None
        if "authors" in data:
            authors = [{**a, "worker": a.pop("worker_id", None)} for a in map(dict, data.pop("authors"))]
        patents = [dict(p) for p in data.pop("patents")] if "patents" in data else None
        if "studio_id" in data:
            data["studio"] = data.pop("studio_id")
        return authors, patents

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        authors, patents = self._children(data)
        item = services.achievement_create(
            actor=request.user,
            campaign=data.pop("campaign"),
            enterprise=data.pop("enterprise"),
            authors=authors,
            patents=patents,
            **data,
        )
        return Response(AchievementSerializer(item).data, status=201)

    def partial_update(self, request, pk=None):
        item = self.get_scoped(Action.ACHIEVEMENT_EDIT)
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("campaign", None)
        data.pop("enterprise", None)
        authors, patents = self._children(data)
        item = services.achievement_update(
            actor=request.user, achievement=item, authors=authors, patents=patents, **data
        )
        return Response(AchievementSerializer(item).data)

    @extend_schema(
        request=StepSerializer,
        responses=AchievementSerializer,
        summary="Take one workflow step (submit, recommend, return, …)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        item = self.get_object()
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kernel.run(obj=item, actor=request.user, **serializer.validated_data)
        return Response(AchievementSerializer(self.get_object()).data)

    @extend_schema(
        request=VerifySerializer,
        responses=AchievementSerializer,
        summary="Verify the economic benefit (city)",
    )
    @action(detail=True, methods=["post"], url_path="verify-benefit")
    def verify_benefit(self, request, pk=None):
        item = self.get_scoped(Action.BENEFIT_VERIFY)
        serializer = VerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.benefit_verify(actor=request.user, achievement=item, **serializer.validated_data)
        return Response(AchievementSerializer(self.get_object()).data)


class DemonstrationPostViewSet(ScopedReadOnlyViewSet):
    queryset = DemonstrationPost.objects.select_related("enterprise").prefetch_related("workers")
    serializer_class = DemonstrationPostSerializer
    filterset_class = DemonstrationPostFilterSet
    view_action = Action.DEMO_POST_VIEW


def register(router) -> None:
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("achievements", AchievementViewSet, basename="achievement")
    router.register("demonstration-posts", DemonstrationPostViewSet, basename="demonstration-post")
