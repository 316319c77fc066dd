"""The agreements viewset: list, detail, the draft, each step through the kernel, progress."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.achievements.models import Achievement, Patent
from innovation.api.base import ScopedReadOnlyViewSet

from .. import selectors, services
from ..filters import AgreementFilterSet
from ..models import Agreement
from .serializers import (
    PairAgreementDetailSerializer,
    PairAgreementSerializer,
    PairAgreementWriteSerializer,
    PairCompleteSerializer,
    PairJointSerializer,
    PairPatentWriteSerializer,
    PairReasonSerializer,
    PairSignSerializer,
    PairSkillChangeSerializer,
    PairTargetWriteSerializer,
    PairTeachingSerializer,
    PairTrainingSerializer,
)


def _party_worker(agreement, worker_id):
    """A worker of this agreement by id, or None (the service says what is wrong)."""
    if worker_id is None:
        return None
    party = agreement.parties.select_related("worker").filter(worker_id=worker_id).first()
    if party is None:
        raise ValidationError({"worker": [_("该职工不是本协议的当事人。")]})
    return party.worker


class PairAgreementViewSet(ScopedReadOnlyViewSet):
    """Master-apprentice agreements within the caller's scope; every step through the kernel."""

    queryset = Agreement.objects.all()
    serializer_class = PairAgreementSerializer
    filterset_class = AgreementFilterSet
    view_action = Action.PAIR_VIEW

    def base_queryset(self):
        return selectors.list_queryset()

    def get_serializer_class(self):
        return PairAgreementDetailSerializer if self.action != "list" else PairAgreementSerializer

    def _answer(self, agreement, status=200):
        obj = self.base_queryset().get(pk=agreement.pk)
        return Response(PairAgreementDetailSerializer(obj).data, status=status)

    def _manage(self):
        return self.get_scoped(Action.PAIR_MANAGE)

    @extend_schema(
        request=PairAgreementWriteSerializer, responses=PairAgreementDetailSerializer, summary="Draft"
    )
    def create(self, request):
        s = PairAgreementWriteSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        d = s.validated_data
        agreement = services.agreement_create(
            actor=request.user,
            enterprise=d["enterprise"],
            industry_union=d["industry_union"],
            start_on=d["start_on"],
            end_on=d["end_on"],
            masters=list(d["masters"]),
            apprentices=list(d["apprentices"]),
            notes=d["notes"],
        )
        return self._answer(agreement, 201)

    @extend_schema(
        request=PairAgreementWriteSerializer,
        responses=PairAgreementDetailSerializer,
        summary="Change a draft",
    )
    def update(self, request, pk=None):
        agreement = self._manage()
        s = PairAgreementWriteSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        d = s.validated_data
        services.agreement_update(
            actor=request.user,
            agreement=agreement,
            industry_union=d["industry_union"],
            start_on=d["start_on"],
            end_on=d["end_on"],
            masters=list(d["masters"]),
            apprentices=list(d["apprentices"]),
            notes=d["notes"],
        )
        return self._answer(agreement)

    @extend_schema(
        request=PairSignSerializer, responses=PairAgreementDetailSerializer, summary="Record a signature"
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        agreement = self._manage()
        s = PairSignSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        party = agreement.parties.filter(pk=s.validated_data["party"]).first()
        if party is None:
            raise ValidationError({"party": [_("该当事人不属于本协议。")]})
        services.party_sign(actor=request.user, party=party, signed_on=s.validated_data["signed_on"])
        return self._answer(agreement)

    @extend_schema(
        request=PairTargetWriteSerializer, responses=PairAgreementDetailSerializer, summary="Add a target"
    )
    @action(detail=True, methods=["post"])
    def targets(self, request, pk=None):
        agreement = self._manage()
        s = PairTargetWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        d["apprentice"] = _party_worker(agreement, d["apprentice"])
        services.target_add(actor=request.user, agreement=agreement, **d)
        return self._answer(agreement)

    @extend_schema(
        request=PairReasonSerializer, responses=PairAgreementDetailSerializer, summary="Approve (the union)"
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        s = PairReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        agreement = self.get_object()
        services.agreement_approve(actor=request.user, agreement=agreement, note=s.validated_data["reason"])
        return self._answer(agreement)

    @extend_schema(
        request=None, responses=PairAgreementDetailSerializer, summary="Start (the start date reached)"
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        agreement = self.get_object()
        services.agreement_start(actor=request.user, agreement=agreement)
        return self._answer(agreement)

    @extend_schema(
        request=PairCompleteSerializer, responses=PairAgreementDetailSerializer, summary="出师 (assessment)"
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        s = PairCompleteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        agreement = self.get_object()
        services.agreement_complete(actor=request.user, agreement=agreement, **s.validated_data)
        return self._answer(agreement)

    @extend_schema(request=PairReasonSerializer, responses=PairAgreementDetailSerializer, summary="End early")
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        s = PairReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        agreement = self.get_object()
        services.agreement_end(actor=request.user, agreement=agreement, reason=s.validated_data["reason"])
        return self._answer(agreement)

    @extend_schema(
        request=PairReasonSerializer, responses=PairAgreementDetailSerializer, summary="New version"
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        s = PairReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        new = services.agreement_revise(
            actor=request.user, agreement=self._manage(), reason=s.validated_data["reason"]
        )
        return self._answer(new, 201)

    @extend_schema(
        request=PairTeachingSerializer, responses=PairAgreementDetailSerializer, summary="Teaching record"
    )
    @action(detail=True, methods=["post"])
    def teaching(self, request, pk=None):
        agreement = self._manage()
        s = PairTeachingSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.teaching_add(actor=request.user, agreement=agreement, **s.validated_data)
        return self._answer(agreement, 201)

    @extend_schema(
        request=PairTrainingSerializer, responses=PairAgreementDetailSerializer, summary="Training"
    )
    @action(detail=True, methods=["post"])
    def trainings(self, request, pk=None):
        agreement = self._manage()
        s = PairTrainingSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        d["apprentice"] = _party_worker(agreement, d["apprentice"])
        services.training_add(actor=request.user, agreement=agreement, **d)
        return self._answer(agreement, 201)

    @extend_schema(
        request=PairSkillChangeSerializer, responses=PairAgreementDetailSerializer, summary="Skill level"
    )
    @action(detail=True, methods=["post"], url_path="skill-levels")
    def skill_levels(self, request, pk=None):
        agreement = self._manage()
        s = PairSkillChangeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        d["worker"] = _party_worker(agreement, d["worker"])
        services.skill_change_record(actor=request.user, agreement=agreement, **d)
        return self._answer(agreement, 201)

    @extend_schema(
        request=PairPatentWriteSerializer, responses=PairAgreementDetailSerializer, summary="Patent"
    )
    @action(detail=True, methods=["post"])
    def patents(self, request, pk=None):
        agreement = self._manage()
        s = PairPatentWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        patent_id = d.pop("patent")
        patent = Patent.objects.filter(pk=patent_id).first() if patent_id else None
        if patent_id and patent is None:
            raise ValidationError({"patent": [_("成果库中没有编号为%(n)s的专利。") % {"n": patent_id}]})
        services.patent_add(actor=request.user, agreement=agreement, patent=patent, **d)
        return self._answer(agreement, 201)

    @extend_schema(
        request=PairJointSerializer, responses=PairAgreementDetailSerializer, summary="Joint achievement"
    )
    @action(detail=True, methods=["post"], url_path="joint-achievements")
    def joint_achievements(self, request, pk=None):
        agreement = self._manage()
        s = PairJointSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        achievement = Achievement.objects.filter(pk=s.validated_data["achievement"]).first()
        if achievement is None:
            raise ValidationError(
                {"achievement": [_("没有编号为%(n)s的成果。") % {"n": s.validated_data["achievement"]}]}
            )
        services.joint_achievement_link(actor=request.user, agreement=agreement, achievement=achievement)
        return self._answer(agreement, 201)
