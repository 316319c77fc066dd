"""The selections' API: selections (the call, each step, the experts, the budget line, the
payments), nominations (nominate, recommend / return / resubmit, the committee's adjustments,
the experts of one, an objection), the expert's score sheets, the awards and the objections.
Everything written goes through innovation.pairs.services; the scope as on the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.api.base import ScopedReadOnlyViewSet

from .. import selectors, services
from ..filters import NominationFilterSet, PairAwardFilterSet, PairScoreFilterSet, SelectionFilterSet
from ..models import Nomination, PairAward, PairObjection, PairScore, Selection
from .selection_serializers import (
    PairAnswerSerializer,
    PairAssignSerializer,
    PairAwardSerializer,
    PairBudgetLineChoiceSerializer,
    PairNominateSerializer,
    PairNominationDetailSerializer,
    PairNominationSerializer,
    PairNominationStepSerializer,
    PairObjectionRaiseSerializer,
    PairObjectionSerializer,
    PairPayAllSerializer,
    PairPaySerializer,
    PairScoreSerializer,
    PairScoreSubmitSerializer,
    PairSelectionDetailSerializer,
    PairSelectionSerializer,
    PairSelectionWriteSerializer,
    PairStepSerializer,
)


class PairSelectionViewSet(ScopedReadOnlyViewSet):
    """金牌师徒 selections (public calls: every signed-in user sees them)."""

    queryset = Selection.objects.all()
    serializer_class = PairSelectionSerializer
    filterset_class = SelectionFilterSet
    view_action = Action.NOTICE_VIEW

    def base_queryset(self):
        return selectors.selection_queryset()

    def get_serializer_class(self):
        return PairSelectionDetailSerializer if self.action != "list" else PairSelectionSerializer

    def _answer(self, selection, status=200):
        return Response(
            PairSelectionDetailSerializer(self.base_queryset().get(pk=selection.pk)).data, status=status
        )

    @extend_schema(
        request=PairSelectionWriteSerializer, responses=PairSelectionDetailSerializer, summary="Open a call"
    )
    def create(self, request):
        s = PairSelectionWriteSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        d["criteria"] = [dict(c) for c in d["criteria"]]
        selection = services.selection_create(actor=request.user, **d)
        return self._answer(selection, 201)

    @extend_schema(request=PairStepSerializer, responses=PairSelectionDetailSerializer, summary="Take a step")
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        s = PairStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        selection = self.get_object()
        services.selection_step(
            actor=request.user,
            selection=selection,
            step=s.validated_data["step"],
            reason=s.validated_data["reason"],
        )
        return self._answer(selection)

    @extend_schema(
        request=None, responses=PairSelectionDetailSerializer, summary="Assign experts from the pool"
    )
    @action(detail=True, methods=["post"], url_path="auto-assign")
    def auto_assign(self, request, pk=None):
        selection = self.get_object()
        services.experts_auto_assign(actor=request.user, selection=selection)
        return self._answer(selection)

    @extend_schema(
        request=PairBudgetLineChoiceSerializer, responses=PairSelectionDetailSerializer, summary="Budget line"
    )
    @action(detail=True, methods=["post"], url_path="budget-line")
    def budget_line(self, request, pk=None):
        s = PairBudgetLineChoiceSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        selection = self.get_object()
        services.budget_line_set(
            actor=request.user, selection=selection, line=s.validated_data["budget_line"]
        )
        return self._answer(selection)

    @extend_schema(
        request=PairPayAllSerializer, responses=PairSelectionDetailSerializer, summary="Pay every prize"
    )
    @action(detail=True, methods=["post"], url_path="pay-all")
    def pay_all(self, request, pk=None):
        s = PairPayAllSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        selection = self.get_object()
        services.prizes_pay_all(actor=request.user, selection=selection, **s.validated_data)
        return self._answer(selection)


class PairNominationViewSet(ScopedReadOnlyViewSet):
    queryset = Nomination.objects.all()
    serializer_class = PairNominationSerializer
    filterset_class = NominationFilterSet
    view_action = Action.PAIR_VIEW

    def base_queryset(self):
        return selectors.nomination_queryset()

    def get_serializer_class(self):
        return PairNominationDetailSerializer if self.action != "list" else PairNominationSerializer

    def _answer(self, nomination, status=200):
        return Response(
            PairNominationDetailSerializer(self.base_queryset().get(pk=nomination.pk)).data, status=status
        )

    @extend_schema(
        request=PairNominateSerializer, responses=PairNominationDetailSerializer, summary="Nominate a pair"
    )
    def create(self, request):
        s = PairNominateSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        nomination = services.nominate(actor=request.user, **s.validated_data)
        return self._answer(nomination, 201)

    @extend_schema(
        request=PairNominationStepSerializer, responses=PairNominationDetailSerializer, summary="Take a step"
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        s = PairNominationStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        nomination = self.get_object()
        step, reason = s.validated_data["step"], s.validated_data["reason"]
        if step in ("include", "exclude"):
            services.decision_adjust(
                actor=request.user, nomination=nomination, include=step == "include", reason=reason
            )
        else:
            services.nomination_step(actor=request.user, nomination=nomination, step=step, reason=reason)
        return self._answer(nomination)

    @extend_schema(
        request=PairAssignSerializer, responses=PairNominationDetailSerializer, summary="Assign experts"
    )
    @action(detail=True, methods=["post"])
    def experts(self, request, pk=None):
        s = PairAssignSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        nomination = self.get_object()
        services.experts_assign(
            actor=request.user, nomination=nomination, experts=s.validated_data["experts"]
        )
        return self._answer(nomination)

    @extend_schema(
        request=PairObjectionRaiseSerializer,
        responses=PairObjectionSerializer,
        summary="Object (during the notice)",
    )
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        s = PairObjectionRaiseSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        found = services.objection_raise(
            actor=request.user, nomination=self.get_object(), reason=s.validated_data["reason"]
        )
        return Response(PairObjectionSerializer(found).data, status=201)


class PairScoreViewSet(ScopedReadOnlyViewSet):
    """The expert's score sheets (an expert sees their own; the organiser those of its selections)."""

    queryset = PairScore.objects.all()
    serializer_class = PairScoreSerializer
    filterset_class = PairScoreFilterSet
    view_action = Action.PAIR_SCORE

    def base_queryset(self):
        return selectors.score_queryset()

    @extend_schema(
        request=PairScoreSubmitSerializer, responses=PairScoreSerializer, summary="Submit the sheet"
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        s = PairScoreSubmitSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        sheet = self.get_object()
        services.score_submit(actor=request.user, sheet=sheet, **s.validated_data)
        return Response(PairScoreSerializer(self.base_queryset().get(pk=sheet.pk)).data)


class PairAwardViewSet(ScopedReadOnlyViewSet):
    queryset = PairAward.objects.all()
    serializer_class = PairAwardSerializer
    filterset_class = PairAwardFilterSet
    view_action = Action.PAIR_VIEW

    def base_queryset(self):
        return selectors.award_queryset()

    @extend_schema(request=PairPaySerializer, responses=PairAwardSerializer, summary="Pay the prize")
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        s = PairPaySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        award = self.get_object()
        services.prize_pay(actor=request.user, award=award, **s.validated_data)
        return Response(PairAwardSerializer(self.base_queryset().get(pk=award.pk)).data)


class PairObjectionViewSet(ScopedReadOnlyViewSet):
    """Objections: the organiser answers them; the objector sees their own."""

    queryset = PairObjection.objects.all()
    serializer_class = PairObjectionSerializer
    view_action = Action.PAIR_SELECTION

    def base_queryset(self):
        return PairObjection.objects.select_related("nomination")

    @extend_schema(request=PairAnswerSerializer, responses=PairObjectionSerializer, summary="Answer")
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        s = PairAnswerSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        found = self.get_object()
        services.objection_answer(
            actor=request.user,
            objection=found,
            upheld=s.validated_data["upheld"],
            answer=s.validated_data["answer"],
        )
        return Response(PairObjectionSerializer(PairObjection.objects.get(pk=found.pk)).data)
