"""The competitions' API: leagues, events (create, each step), registrations (register, confirm /
return / resubmit / withdraw), and per occupation the judge's sheet, the marks (several at once,
all or nothing), the theory scores and the chief judge's sign-off. Everything written goes through
innovation.competitions.services; the scope as on the pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.api.base import ScopedReadOnlyViewSet

from .. import selectors, services
from ..filters import (
    CompetitionFilterSet,
    JudgeAssignmentFilterSet,
    LeagueFilterSet,
    OccupationFilterSet,
    RegistrationFilterSet,
)
from ..models import Competition, JudgeAssignment, League, Occupation, Registration, RegistrationState
from .results import CompetitionComputeSerializer, CompetitionResultRunSerializer
from .serializers import (
    CompetitionDetailSerializer,
    CompetitionEnteredSerializer,
    CompetitionJudgingSerializer,
    CompetitionLeagueSerializer,
    CompetitionLeagueWriteSerializer,
    CompetitionMarksSerializer,
    CompetitionOccupationSerializer,
    CompetitionRegisterSerializer,
    CompetitionRegistrationDetailSerializer,
    CompetitionRegistrationSerializer,
    CompetitionRegistrationStepSerializer,
    CompetitionSerializer,
    CompetitionSheetSerializer,
    CompetitionStepSerializer,
    CompetitionTheorySerializer,
    CompetitionUpdateSerializer,
    CompetitionWriteSerializer,
)


def _messages(exc) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


class CompetitionLeagueViewSet(ScopedReadOnlyViewSet):
    """Skills leagues (联赛) of several rounds."""

    queryset = League.objects.select_related("union")
    serializer_class = CompetitionLeagueSerializer
    filterset_class = LeagueFilterSet
    view_action = Action.COMPETITION_VIEW

    @extend_schema(request=CompetitionLeagueWriteSerializer, responses={201: CompetitionLeagueSerializer})
    def create(self, request):
        s = CompetitionLeagueWriteSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        league = services.league_create(actor=request.user, **s.validated_data)
        return Response(CompetitionLeagueSerializer(league).data, status=201)


class CompetitionViewSet(ScopedReadOnlyViewSet):
    """Skills competitions (职工职业技能大赛) within the caller's scope; every step through the kernel."""

    queryset = Competition.objects.select_related("union")
    serializer_class = CompetitionSerializer
    filterset_class = CompetitionFilterSet
    view_action = Action.COMPETITION_VIEW

    def get_serializer_class(self):
        return CompetitionDetailSerializer if self.action != "list" else CompetitionSerializer

    def _answer(self, competition, status=200):
        obj = Competition.objects.prefetch_related("occupations__sections__aspects").get(pk=competition.pk)
        return Response(
            CompetitionDetailSerializer(obj, context={"request": self.request}).data, status=status
        )

    @extend_schema(request=CompetitionWriteSerializer, responses={201: CompetitionDetailSerializer})
    def create(self, request):
        s = CompetitionWriteSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        competition = services.competition_create(actor=request.user, **s.validated_data)
        return self._answer(competition, 201)

    @extend_schema(request=CompetitionUpdateSerializer, responses=CompetitionDetailSerializer)
    def update(self, request, pk=None):
        """Correct the event's particulars before it starts."""
        s = CompetitionUpdateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        competition = self.get_scoped(Action.COMPETITION_MANAGE)
        services.competition_update(actor=request.user, competition=competition, **s.validated_data)
        return self._answer(competition)

    @extend_schema(request=CompetitionStepSerializer, responses=CompetitionDetailSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        s = CompetitionStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        competition = self.get_object()
        services.competition_step(actor=request.user, competition=competition, **s.validated_data)
        return self._answer(competition)


class CompetitionRegistrationViewSet(ScopedReadOnlyViewSet):
    """Registrations: a unit sees its own contestants, the organiser all of its events'."""

    queryset = Registration.objects.select_related("occupation__competition", "worker", "enterprise")
    serializer_class = CompetitionRegistrationSerializer
    filterset_class = RegistrationFilterSet
    view_action = Action.COMPETITION_VIEW

    def get_serializer_class(self):
        return (
            CompetitionRegistrationDetailSerializer
            if self.action != "list"
            else CompetitionRegistrationSerializer
        )

    def _answer(self, registration, status=200):
        obj = self.base_queryset().get(pk=registration.pk)
        return Response(CompetitionRegistrationDetailSerializer(obj).data, status=status)

    @extend_schema(
        request=CompetitionRegisterSerializer, responses={201: CompetitionRegistrationDetailSerializer}
    )
    def create(self, request):
        s = CompetitionRegisterSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        registration = services.register(actor=request.user, **s.validated_data)
        return self._answer(registration, 201)

    @extend_schema(
        request=CompetitionRegistrationStepSerializer, responses=CompetitionRegistrationDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        s = CompetitionRegistrationStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        registration = self.get_object()
        services.registration_step(actor=request.user, registration=registration, **s.validated_data)
        return self._answer(registration)


class CompetitionOccupationViewSet(ScopedReadOnlyViewSet):
    """Occupations (工种) with their marking schemes; the judge's sheet and marks, the theory
    scores, the chief judge's sign-off."""

    queryset = Occupation.objects.prefetch_related("sections__aspects")
    serializer_class = CompetitionOccupationSerializer
    filterset_class = OccupationFilterSet
    view_action = Action.COMPETITION_VIEW

    @extend_schema(
        responses=CompetitionSheetSerializer,
        parameters=[
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1, "maximum": 1000000},
                description="评分表的页（每页至多40名选手，与页面相同）；超出范围取最近的一页",
            )
        ],
    )
    @action(detail=True, methods=["get"])
    def sheet(self, request, pk=None):
        """A page of the caller's sheet: the contestants of the page and the caller's marks of them."""
        occupation = self.get_scoped(Action.COMPETITION_JUDGE)
        text = request.query_params.get("page", "1")
        if not text.isdigit() or not 1 <= int(text) <= 1000000:
            raise serializers.ValidationError({"page": [_("页码须为1至1000000之间的整数。")]})
        aspects, everyone = selectors.judge_sheet(request.user, occupation)
        page, pages, contestants = selectors.sheet_page(everyone, len(aspects), int(text))
        marks = selectors.judge_marks(request.user, [r.pk for r in contestants])
        return Response(
            CompetitionSheetSerializer(
                {
                    "occupation": occupation.pk,
                    "locked": occupation.marks_locked,
                    "page": page,
                    "pages": pages,
                    "contestants_total": len(everyone),
                    "aspects": aspects,
                    "contestants": [
                        {"id": r.pk, "anonymous_number": r.anonymous_number} for r in contestants
                    ],
                    "marks": [
                        {"registration": m.registration_id, "aspect": m.aspect_id, "value": m.value}
                        for m in marks
                    ],
                }
            ).data
        )

    @extend_schema(request=CompetitionMarksSerializer, responses=CompetitionEnteredSerializer)
    @action(detail=True, methods=["post"])
    def marks(self, request, pk=None):
        """Several marks of the caller's sheet at once: all are entered, or none (400 naming each)."""
        occupation = self.get_scoped(Action.COMPETITION_JUDGE)
        s = CompetitionMarksSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        aspects, contestants = selectors.judge_sheet(request.user, occupation)
        by_reg, by_aspect = {r.pk: r for r in contestants}, {a.pk: a for a in aspects}
        errors = []
        with transaction.atomic():
            for i, cell in enumerate(s.validated_data["marks"]):
                registration, aspect = by_reg.get(cell["registration"]), by_aspect.get(cell["aspect"])
                if registration is None or aspect is None:
                    errors.append({"index": i, "message": _("该选手或评分项不在您的评分表中。")})
                    continue
                try:
                    services.mark_enter(
                        actor=request.user,
                        registration=registration,
                        aspect=aspect,
                        value=cell["value"],
                        time_taken=cell.get("time_taken"),
                        reason=s.validated_data["reason"],
                    )
                except (ValidationError, PermissionDenied) as exc:
                    errors.append({"index": i, "message": _messages(exc)})
            if errors:
                transaction.set_rollback(True)
        if errors:
            return Response({"marks": errors}, status=400)
        return Response({"entered": len(s.validated_data["marks"])})

    @extend_schema(request=CompetitionTheorySerializer, responses=CompetitionEnteredSerializer)
    @action(detail=True, methods=["post"])
    def theory(self, request, pk=None):
        """The organiser's theory scores (0–100) of confirmed contestants: all or none."""
        occupation = self.get_scoped(Action.COMPETITION_MANAGE)
        s = CompetitionTheorySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        regs = {
            r.pk: r
            for r in Registration.objects.filter(occupation=occupation, state=RegistrationState.CONFIRMED)
        }
        errors = []
        with transaction.atomic():
            for i, row in enumerate(s.validated_data["scores"]):
                registration = regs.get(row["registration"])
                if registration is None:
                    errors.append({"index": i, "message": _("该选手不在本工种已确认的选手中。")})
                    continue
                try:
                    services.theory_enter(
                        actor=request.user,
                        registration=registration,
                        score=row["score"],
                        reason=s.validated_data["reason"],
                    )
                except (ValidationError, PermissionDenied) as exc:
                    errors.append({"index": i, "message": _messages(exc)})
            if errors:
                transaction.set_rollback(True)
        if errors:
            return Response({"scores": errors}, status=400)
        return Response({"entered": len(s.validated_data["scores"])})

    @extend_schema(request=CompetitionComputeSerializer, responses=CompetitionResultRunSerializer)
    @action(detail=True, methods=["post"], url_path="compute-results")
    def compute_results(self, request, pk=None):
        """Compute the occupation's results from its locked marks (a later run needs a reason or
        corrections since the last); the run with its reason and what moved."""
        s = CompetitionComputeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        occupation = self.get_scoped(Action.COMPETITION_VIEW)
        run = services.results_compute(actor=request.user, occupation=occupation, **s.validated_data)
        return Response(CompetitionResultRunSerializer(run).data)

    @extend_schema(request=None, responses=CompetitionOccupationSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        occupation = self.get_scoped(Action.COMPETITION_CHIEF)
        services.marks_sign_off(actor=request.user, occupation=occupation)
        return Response(CompetitionOccupationSerializer(Occupation.objects.get(pk=occupation.pk)).data)


class CompetitionJudgingViewSet(ScopedReadOnlyViewSet):
    """The caller's places on judge panels (我的裁判任务): their sheets are under occupations."""

    queryset = JudgeAssignment.objects.select_related("occupation__competition").prefetch_related("aspects")
    serializer_class = CompetitionJudgingSerializer
    filterset_class = JudgeAssignmentFilterSet
    view_action = Action.COMPETITION_JUDGE
