"""Decisions, notices, objections and awards in /api/v1/: the same services, selectors, filters
and scope as the pages; what the answers hold is in innovation.awards.serializers. Every refusal
is a 4xx with a Chinese reason (innovation.api.exceptions)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404
from innovation.api.base import ScopedReadOnlyViewSet

from . import selectors, services
from .filters import AwardFilterSet, DecisionFilterSet, NoticeFilterSet, ObjectionFilterSet
from .models import Award, AwardShare, Decision, Objection
from .serializers import (
    AwardSerializer,
    DecisionAdjustSerializer,
    DecisionBudgetLineSerializer,
    DecisionDetailSerializer,
    DecisionProposeSerializer,
    DecisionReturnSerializer,
    DecisionSerializer,
    NoticeDetailSerializer,
    NoticeSerializer,
    ObjectionAnswerSerializer,
    ObjectionRaiseSerializer,
    ObjectionSerializer,
)

api_urlpatterns: list = []


# ---------------------------------------------------------------- viewsets


class DecisionViewSet(ScopedReadOnlyViewSet):
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


class NoticeViewSet(ScopedReadOnlyViewSet):
    """Public notices (公示): every signed-in user."""

    queryset = Decision.objects.select_related("campaign__union").filter(
        state__in=(Decision.State.NOTICE, Decision.State.FINAL)
    )
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet
    view_action = Action.NOTICE_VIEW

    def get_serializer_class(self):
        return NoticeDetailSerializer if self.action == "retrieve" else NoticeSerializer


class ObjectionViewSet(ScopedReadOnlyViewSet):
    """Raise an objection (anyone signed in, during the notice); answer it (city admin)."""

    queryset = Objection.objects.select_related("line__achievement", "raised_by", "answered_by")
    serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilterSet
    view_action = Action.OBJECTION_RAISE

    def get_queryset(self):
        return selectors.objections_for(self.request.user).select_related(
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


class AwardViewSet(ScopedReadOnlyViewSet):
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
