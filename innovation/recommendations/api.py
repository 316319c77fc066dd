"""The API twin of the recommendation pages: /api/v1/recommendations (the scoped list with the
page's filters; selecting one item; its steps; its result) and /api/v1/recommendations/contests
(the contests; a new one; the candidates with their eligibility). Refusals are 4xx with the
services' Chinese reasons."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can_act_at, home_node
from innovation.achievements.models import Achievement
from innovation.api.base import ScopedReadOnlyViewSet, StepLogSerializer
from innovation.api.converters import ID_MAX
from innovation.core import workflow as kernel

from . import eligibility, selectors, services
from .filters import RecommendationFilterSet
from .models import Contest, ContestLevel, Prize, Recommendation

TEXT_MAX = 1000


def _id(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


class ContestCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=40)
    quota = serializers.IntegerField(min_value=1, max_value=1000)


class ContestSerializer(serializers.ModelSerializer):
    categories = ContestCategorySerializer(many=True, read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id",
            "name",
            "organiser",
            "level",
            "year",
            "deadline",
            "package_note",
            "eligible_grades",
            "max_age_years",
            "notice_days",
            "notice_starts",
            "notice_ends",
            "categories",
        ]
        read_only_fields = fields


class ContestWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    organiser = serializers.CharField(max_length=120)
    level = serializers.ChoiceField(choices=ContestLevel.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    deadline = serializers.DateField()
    categories = ContestCategorySerializer(many=True, allow_empty=False, max_length=20)
    package_note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    eligible_grades = serializers.ListField(
        child=serializers.ChoiceField(choices=["first", "second", "third", "excellence"]),
        required=False,
        max_length=4,
    )
    max_age_years = serializers.IntegerField(min_value=0, max_value=10, required=False, default=2)
    notice_days = serializers.IntegerField(min_value=1, max_value=30, required=False, default=5)


class RecommendationCandidateSerializer(serializers.Serializer):
    achievement = serializers.IntegerField(source="award.achievement_id")
    title = serializers.CharField(source="award.achievement.title")
    unit = serializers.CharField(source="award.achievement.enterprise.name")
    award_year = serializers.IntegerField(source="award.campaign.year")
    award_grade = serializers.CharField(source="award.grade.code")
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class RecommendationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="achievement.title")
    unit = serializers.CharField(source="achievement.enterprise.name")
    contest_name = serializers.CharField(source="contest.name")
    year = serializers.IntegerField(source="contest.year")
    category_name = serializers.CharField(source="category.name")
    result = serializers.CharField(source="result_label")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "contest",
            "contest_name",
            "year",
            "category",
            "category_name",
            "achievement",
            "title",
            "unit",
            "state",
            "opinion",
            "submitted_at",
            "result_prize",
            "result_level",
            "certificate_no",
            "result_date",
            "result",
            "withdraw_reason",
        ]
        read_only_fields = fields


class RecommendationDetailSerializer(RecommendationSerializer):
    history = serializers.SerializerMethodField()

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "history"]
        read_only_fields = fields

    @extend_schema(responses=StepLogSerializer(many=True))
    def get_history(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data


class RecommendationSelectSerializer(serializers.Serializer):
    contest = _id()
    category = _id()
    achievement = _id()
    opinion = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class RecommendationStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=["submit", "withdraw"], error_messages={"invalid_choice": _("未知的操作「{input}」。")}
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RecommendationResultSerializer(serializers.Serializer):
    prize = serializers.ChoiceField(choices=Prize.choices)
    # Left out: the contest's own level (record_result's default). No blank default here: a
    # default outside the enum breaks clients generated from the schema.
    level = serializers.ChoiceField(choices=ContestLevel.choices, required=False)
    certificate_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    result_date = serializers.DateField()


class ContestViewSet(ScopedReadOnlyViewSet):
    """Higher contests (省级、全国职工创新大赛) the city recommends to, with categories and quotas."""

    queryset = Contest.objects.prefetch_related("categories")
    serializer_class = ContestSerializer
    view_action = Action.RECOMMENDATION_VIEW

    def get_queryset(self):
        return (
            selectors.visible_contests(self.request.user)
            .prefetch_related("categories")
            .order_by("-year", "-id")
        )

    def get_object(self):
        return _one(self.get_queryset(), self.kwargs["pk"], _("大赛不存在或不在您的权限范围内。"))

    @extend_schema(
        request=ContestWriteSerializer, responses={201: ContestSerializer}, summary="Create a contest"
    )
    def create(self, request):
        s = ContestWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        data["categories"] = [(c["name"], c["quota"]) for c in data["categories"]]
        contest = services.contest_create(
            actor=request.user, union=home_node(request.user, Action.RECOMMENDATION_MANAGE), **data
        )
        return Response(ContestSerializer(contest).data, status=201)

    @extend_schema(
        request=None,
        responses=RecommendationCandidateSerializer(many=True),
        summary="Candidates and eligibility",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def candidates(self, request, pk=None):
        contest = self.get_object()
        if not can_act_at(request.user, Action.RECOMMENDATION_MANAGE, contest.union):
            raise PermissionDenied(_("向上推荐由市总工会管理员办理，您无权操作。"))
        return Response(RecommendationCandidateSerializer(eligibility.candidates(contest), many=True).data)


def _one(queryset, pk, message):
    row = queryset.filter(pk=pk).first()
    if row is None:
        from rest_framework.exceptions import NotFound

        raise NotFound(message)
    return row


class RecommendationViewSet(ScopedReadOnlyViewSet):
    """Items recommended upward within the caller's scope, with their steps and results."""

    queryset = selectors.recommendation_queryset()
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet
    view_action = Action.RECOMMENDATION_VIEW

    def get_queryset(self):
        return super().get_queryset().order_by("-contest__year", "contest_id", "category__order", "id")

    def get_serializer_class(self):
        return RecommendationSerializer if self.action == "list" else RecommendationDetailSerializer

    def _answer(self, rec, status=200):
        obj = selectors.recommendation_queryset().get(pk=rec.pk)
        return Response(RecommendationDetailSerializer(obj).data, status=status)

    @extend_schema(
        request=RecommendationSelectSerializer,
        responses={201: RecommendationDetailSerializer},
        summary="Select",
    )
    def create(self, request):
        s = RecommendationSelectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        contest = _one(
            selectors.visible_contests(request.user), data["contest"], _("大赛不存在或不在您的权限范围内。")
        )
        category = contest.categories.filter(pk=data["category"]).first()
        if category is None:
            raise ValidationError({"category": [_("请选择本大赛的组别。")]})
        achievement = Achievement.objects.filter(pk=data["achievement"]).first()
        if achievement is None:
            raise ValidationError(
                {"achievement": [_("编号为%(n)d的成果不存在。") % {"n": data["achievement"]}]}
            )
        rec = services.select(
            actor=request.user,
            contest=contest,
            category=category,
            achievement=achievement,
            opinion=data["opinion"],
        )
        return self._answer(rec, 201)

    @extend_schema(
        request=RecommendationStepSerializer,
        responses=RecommendationDetailSerializer,
        summary="Submit or withdraw",
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        rec = self.get_object()
        s = RecommendationStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        kernel.run(
            obj=rec, step=s.validated_data["step"], actor=request.user, reason=s.validated_data["reason"]
        )
        return self._answer(rec)

    @extend_schema(
        request=RecommendationResultSerializer,
        responses=RecommendationDetailSerializer,
        summary="Record the result",
    )
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        rec = self.get_object()
        s = RecommendationResultSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.record_result(actor=request.user, recommendation=rec, **s.validated_data)
        return self._answer(rec)


def register(router) -> None:
    router.register("recommendations/contests", ContestViewSet, basename="recommendation-contest")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
