"""Decisions, notices, objections and awards in /api/v1/: the same services, filters and scope
as the pages. Every refusal is a 4xx with a Chinese reason (innovation.api.exceptions)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404, restrict
from innovation.achievements.models import Author, Campaign
from innovation.api.base import ScopedViewSet
from innovation.funds.models import BudgetLine
from innovation.review.api import ScoringClosureSerializer

from . import services
from .filters import AwardFilterSet, DecisionFilterSet, NoticeFilterSet, ObjectionFilterSet
from .models import Award, AwardShare, Decision, DecisionLine, Objection

api_urlpatterns: list = []


def _name(user) -> str | None:
    return str(user) if user else None


# ---------------------------------------------------------------- serializers


class DecisionGradeTallySerializer(serializers.Serializer):
    code = serializers.CharField(source="grade.code")
    label = serializers.CharField(source="grade.get_code_display")
    quota = serializers.IntegerField()
    count = serializers.IntegerField()
    prize_fen = serializers.IntegerField()


class DecisionLineSerializer(serializers.ModelSerializer):
    achievement_title = serializers.CharField(source="achievement.title")
    unit = serializers.CharField(source="achievement.enterprise.name")
    proposed_grade = serializers.SlugRelatedField(slug_field="code", read_only=True)
    grade = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DecisionLine
        fields = [
            "id",
            "rank",
            "score",
            "achievement",
            "achievement_title",
            "unit",
            "proposed_grade",
            "grade",
            "reason",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    campaign_title = serializers.CharField(source="campaign.title", read_only=True)
    proposed_by = serializers.SerializerMethodField()
    first_approver = serializers.SerializerMethodField()
    second_approver = serializers.SerializerMethodField()
    finalised_by = serializers.SerializerMethodField()
    # Present when the city ended scoring before every sheet was in (innovation.review.closure).
    scoring_closure = ScoringClosureSerializer(
        source="campaign.scoring_closure", read_only=True, allow_null=True
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "campaign",
            "campaign_title",
            "year",
            "state",
            "version",
            "proposed_by",
            "proposed_at",
            "first_approver",
            "first_approved_at",
            "second_approver",
            "second_approved_at",
            "notice_starts",
            "notice_ends",
            "finalised_by",
            "finalised_at",
            "budget_line",
            "scoring_closure",
        ]

    def get_proposed_by(self, obj) -> str | None:
        return _name(obj.proposed_by)

    def get_first_approver(self, obj) -> str | None:
        return _name(obj.first_approver)

    def get_second_approver(self, obj) -> str | None:
        return _name(obj.second_approver)

    def get_finalised_by(self, obj) -> str | None:
        return _name(obj.finalised_by)


STATE_HELP = "draft 拟定中 / approving 待第二人审批 / locked 已审定 / notice 公示中 / final 已生效"


class DecisionDetailSerializer(DecisionSerializer):
    # The state's enum is documented once, on Decision (DecisionStateEnum).
    state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    tally = serializers.SerializerMethodField()
    prize_total_fen = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "tally", "prize_total_fen", "lines"]

    def get_tally(self, obj) -> list[dict]:
        return DecisionGradeTallySerializer(services.grade_tally(obj), many=True).data

    def get_prize_total_fen(self, obj) -> int:
        return services.prize_total_fen(obj)

    def get_lines(self, obj) -> list[dict]:
        lines = obj.lines.select_related("achievement__enterprise", "proposed_grade", "grade").order_by(
            "rank", "id"
        )
        return DecisionLineSerializer(lines, many=True).data


class DecisionProposeSerializer(serializers.Serializer):
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["campaign"].queryset = restrict(
                Campaign.objects.all(), request.user, Action.DECISION_MANAGE
            )


class DecisionAdjustSerializer(serializers.Serializer):
    line = serializers.IntegerField(min_value=1)
    # A plain string (the view checks it against the campaign's grades), so the schema keeps one
    # enum for AwardGrade.Code (CodeEnum, from the campaigns API).
    grade = serializers.CharField(
        allow_null=True,
        max_length=16,
        help_text="first / second / third / excellence（一等奖…优秀奖），null 表示不授奖",
    )
    reason = serializers.CharField(allow_blank=True, max_length=300)


class DecisionReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=300)


class DecisionBudgetLineSerializer(serializers.Serializer):
    budget_line = serializers.PrimaryKeyRelatedField(queryset=BudgetLine.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["budget_line"].queryset = restrict(
                BudgetLine.objects.all(), request.user, Action.FUNDS_VIEW
            )


class NoticeLineSerializer(serializers.Serializer):
    """Public: achievement, unit, authors' names and grade — nothing personal beyond names."""

    line = serializers.IntegerField(source="pk")
    achievement_title = serializers.CharField(source="achievement.title")
    unit = serializers.CharField(source="achievement.enterprise.name")
    authors = serializers.SerializerMethodField()
    grade = serializers.CharField(source="grade.code")
    grade_label = serializers.CharField(source="grade.get_code_display")

    def get_authors(self, obj) -> list[str]:
        return [a.name for a in obj.achievement.authors.all()]


class NoticeSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year")
    campaign_title = serializers.CharField(source="campaign.title")
    union = serializers.CharField(source="campaign.union.name")
    state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    open = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "year",
            "campaign_title",
            "union",
            "state",
            "version",
            "notice_starts",
            "notice_ends",
            "open",
        ]

    def get_open(self, obj) -> bool:
        return services.notice_is_open(obj)


class NoticeDetailSerializer(NoticeSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "lines"]

    def get_lines(self, obj) -> list[dict]:
        lines = (
            obj.lines.filter(grade__isnull=False)
            .select_related("achievement__enterprise", "grade")
            .prefetch_related(
                Prefetch("achievement__authors", queryset=Author.objects.select_related("worker"))
            )
            .order_by("grade__order", "rank", "id")
        )
        return NoticeLineSerializer(lines, many=True).data


class ObjectionSerializer(serializers.ModelSerializer):
    decision = serializers.IntegerField(source="decision_id", read_only=True)
    achievement_title = serializers.CharField(source="line.achievement.title", read_only=True)
    raised_by = serializers.SerializerMethodField()
    answered_by = serializers.SerializerMethodField()
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = [
            "id",
            "decision",
            "line",
            "achievement_title",
            "raised_by",
            "reason",
            "has_attachment",
            "state",
            "answer",
            "answered_by",
            "answered_at",
            "created_at",
        ]

    def get_raised_by(self, obj) -> str | None:
        return obj.objector  # an account, or a member of the public with the phone masked

    def get_answered_by(self, obj) -> str | None:
        return _name(obj.answered_by)

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.attachment)


class ObjectionRaiseSerializer(serializers.Serializer):
    line = serializers.PrimaryKeyRelatedField(queryset=DecisionLine.objects.none())
    reason = serializers.CharField(allow_blank=True, max_length=5000)
    attachment = serializers.FileField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            visible = services.notices_visible_to(request.user).values("pk")
            self.fields["line"].queryset = DecisionLine.objects.filter(decision__in=visible).select_related(
                "decision__campaign__union", "achievement"
            )


class ObjectionAnswerSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    answer = serializers.CharField(allow_blank=True, max_length=5000)


class AwardShareSerializer(serializers.ModelSerializer):
    commitment_state = serializers.CharField(source="commitment.state", default=None, read_only=True)
    commitment_paid_fen = serializers.IntegerField(source="commitment.paid_fen", default=None, read_only=True)

    class Meta:
        model = AwardShare
        fields = [
            "id",
            "author",
            "name",
            "unit",
            "share",
            "amount_fen",
            "certificate_code",
            "commitment",
            "commitment_state",
            "commitment_paid_fen",
        ]


class AwardSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year")
    achievement_title = serializers.CharField(source="achievement.title")
    unit = serializers.CharField(source="achievement.enterprise.name")
    grade = serializers.CharField(source="grade.code")
    grade_label = serializers.CharField(source="grade.get_code_display")
    shares = AwardShareSerializer(many=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "year",
            "campaign",
            "decision",
            "achievement",
            "achievement_title",
            "unit",
            "grade",
            "grade_label",
            "prize_fen",
            "awarded_at",
            "shares",
        ]


# ---------------------------------------------------------------- viewsets


class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The committee's work (city admins): propose, adjust, approve twice, publish, finalise."""

    queryset = Decision.objects.select_related(
        "campaign__union",
        "campaign__scoring_closure__closed_by",
        "proposed_by",
        "first_approver",
        "second_approver",
        "finalised_by",
    )
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilterSet
    view_action = Action.DECISION_MANAGE

    def get_serializer_class(self):
        return DecisionDetailSerializer if self.action != "list" else DecisionSerializer

    def _answer(self, decision: Decision, status: int = 200) -> Response:
        fresh = self.base_queryset().get(pk=decision.pk)
        return Response(DecisionDetailSerializer(fresh).data, status=status)

    @extend_schema(
        request=DecisionProposeSerializer, responses=DecisionDetailSerializer, summary="Propose by rank"
    )
    @action(detail=False, methods=["post"])
    def propose(self, request):
        serializer = DecisionProposeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        decision = services.propose(campaign=serializer.validated_data["campaign"], actor=request.user)
        return self._answer(decision, 201)

    @extend_schema(
        request=DecisionAdjustSerializer, responses=DecisionDetailSerializer, summary="Adjust one line"
    )
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        decision = self.get_object()
        serializer = DecisionAdjustSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        line = decision.lines.filter(pk=data["line"]).first()
        if line is None:
            raise NotFound(_("该审定中没有这一成果。"))
        grade = None
        if data["grade"]:
            grade = decision.campaign.grades.filter(code=data["grade"]).first()
            if grade is None:
                raise serializers.ValidationError({"grade": [_("本次征集活动没有设置该奖项。")]})
        services.adjust(line=line, grade=grade, reason=data["reason"], actor=request.user)
        return self._answer(decision)

    @extend_schema(request=None, responses=DecisionDetailSerializer, summary="Approve (four-eyes)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        decision = services.approve(decision=self.get_object(), actor=request.user)
        return self._answer(decision)

    @extend_schema(
        request=DecisionReturnSerializer, responses=DecisionDetailSerializer, summary="Return to draft"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_draft(self, request, pk=None):
        serializer = DecisionReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.return_to_draft(
            decision=self.get_object(), actor=request.user, reason=serializer.validated_data["reason"]
        )
        return self._answer(decision)

    @extend_schema(request=None, responses=DecisionDetailSerializer, summary="Publish the notice")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        decision = services.publish(decision=self.get_object(), actor=request.user)
        return self._answer(decision)

    @extend_schema(request=None, responses=DecisionDetailSerializer, summary="Finalise: make the awards")
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        decision = services.finalise(decision=self.get_object(), actor=request.user)
        return self._answer(decision)

    @extend_schema(
        request=DecisionBudgetLineSerializer,
        responses=DecisionDetailSerializer,
        summary="Choose the budget line",
    )
    @action(detail=True, methods=["post"], url_path="budget-line")
    def budget_line(self, request, pk=None):
        decision = self.get_object()
        serializer = DecisionBudgetLineSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.set_budget_line(
            decision=decision, line=serializer.validated_data["budget_line"], actor=request.user
        )
        return self._answer(decision)


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Public notices (公示): every signed-in user."""

    queryset = Decision.objects.select_related("campaign__union").filter(
        state__in=(Decision.State.NOTICE, Decision.State.FINAL)
    )
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet
    view_action = Action.NOTICE_VIEW

    def get_serializer_class(self):
        return NoticeDetailSerializer if self.action == "retrieve" else NoticeSerializer


class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Raise an objection (anyone signed in, during the notice); answer it (city admin)."""

    queryset = Objection.objects.select_related("line__achievement", "raised_by", "answered_by")
    serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilterSet
    view_action = Action.OBJECTION_RAISE

    def get_queryset(self):
        return services.objections_for(self.request.user).select_related(
            "line__achievement", "raised_by", "answered_by"
        )

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise NotFound(_("未找到，或不在您的权限范围内。"))
        return obj

    @extend_schema(
        request=ObjectionRaiseSerializer, responses=ObjectionSerializer, summary="Raise an objection"
    )
    def create(self, request):
        serializer = ObjectionRaiseSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        objection = services.raise_objection(
            line=data["line"], actor=request.user, reason=data["reason"], attachment=data.get("attachment")
        )
        return Response(ObjectionSerializer(objection).data, status=201)

    @extend_schema(
        request=ObjectionAnswerSerializer, responses=ObjectionSerializer, summary="Answer an objection"
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        objection = get_scoped_or_404(
            Objection.objects.select_related("decision", "line__achievement"),
            request.user,
            Action.OBJECTION_ANSWER,
            pk=pk,
        )
        serializer = ObjectionAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.answer_objection(objection=objection, actor=request.user, **serializer.validated_data)
        return Response(ObjectionSerializer(self.get_queryset().get(pk=objection.pk)).data)


class AwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = (
        Award.objects.select_related("campaign", "achievement__enterprise", "grade")
        .prefetch_related(
            Prefetch(
                "shares", queryset=AwardShare.objects.select_related("commitment").order_by("author__order")
            )
        )
        .order_by("-campaign__year", "grade__order", "id")
    )
    serializer_class = AwardSerializer
    filterset_class = AwardFilterSet
    view_action = Action.AWARD_VIEW


def register(router) -> None:
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("notices", NoticeViewSet, basename="notice")
    router.register("objections", ObjectionViewSet, basename="objection")
    router.register("awards", AwardViewSet, basename="award")
