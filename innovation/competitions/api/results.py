"""The competitions' results in the API, beside their pages: the results (a unit its own
contestants'), the computation of an occupation's results, the prize winners and their prizes
paid, the promotion recommendations and their confirmation. Everything written goes through
innovation.competitions.services."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404
from innovation.api.base import ScopedReadOnlyViewSet

from .. import services
from ..filters import AwardFilterSet, PromotionFilterSet, ResultFilterSet
from ..models import Competition, CompetitionAward, PromotionRecommendation, Result, ResultRun
from ..models.events import REASON_MAX


class CompetitionResultSerializer(serializers.ModelSerializer):
    competition = serializers.IntegerField(source="occupation.competition_id", read_only=True)
    card_number = serializers.CharField(source="registration.card_number", read_only=True)
    worker_name = serializers.CharField(source="registration.worker.name", read_only=True)
    unit_name = serializers.CharField(source="registration.enterprise.name", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "competition",
            "occupation",
            "registration",
            "card_number",
            "worker_name",
            "unit_name",
            "theory",
            "practical",
            "total",
            "standardised",
            "rank",
            "rank_shared",
            "place",
            "title",
            "promotion",
            "flags",
            "explanation",
            "sections",
            "aspects",
            "run_number",
            "computed_at",
        ]
        read_only_fields = fields


class CompetitionResultRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultRun
        fields = ["id", "occupation", "number", "computed_at", "reason", "contestants", "changes"]
        read_only_fields = fields


class CompetitionComputeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX, default="")


class CompetitionAwardSerializer(serializers.ModelSerializer):
    paid_fen = serializers.SerializerMethodField()

    class Meta:
        model = CompetitionAward
        fields = [
            "id",
            "competition",
            "occupation",
            "registration",
            "name",
            "unit",
            "rank",
            "place",
            "title",
            "amount_fen",
            "paid_fen",
            "certificate_code",
            "awarded_at",
        ]
        read_only_fields = fields

    def get_paid_fen(self, award) -> int:
        return award.commitment.paid_fen if award.commitment_id else 0


class CompetitionPayPrizesSerializer(serializers.Serializer):
    competition = serializers.IntegerField(min_value=1)
    voucher_prefix = serializers.CharField(max_length=30)


class CompetitionPaidSerializer(serializers.Serializer):
    paid = serializers.IntegerField()


class CompetitionPromotionSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.name", read_only=True)

    class Meta:
        model = PromotionRecommendation
        fields = [
            "id",
            "competition",
            "occupation",
            "registration",
            "worker",
            "worker_name",
            "rank",
            "from_level",
            "to_level",
            "state",
            "certificate_no",
            "confirmed_at",
        ]
        read_only_fields = fields


class CompetitionConfirmSerializer(serializers.Serializer):
    certificate_no = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")


class CompetitionResultViewSet(ScopedReadOnlyViewSet):
    """Competition results: a unit sees its own contestants', the organiser all of its events'."""

    queryset = Result.objects.select_related(
        "occupation", "registration__worker", "registration__enterprise"
    ).order_by("occupation__competition_id", "occupation_id", "rank", "registration_id")
    serializer_class = CompetitionResultSerializer
    filterset_class = ResultFilterSet
    view_action = Action.COMPETITION_VIEW


class CompetitionAwardViewSet(ScopedReadOnlyViewSet):
    """Prize winners (获奖人) with their prizes committed and paid; the organiser pays them all."""

    queryset = CompetitionAward.objects.select_related("commitment").order_by("competition_id", "rank", "pk")
    serializer_class = CompetitionAwardSerializer
    filterset_class = AwardFilterSet
    view_action = Action.COMPETITION_VIEW

    @extend_schema(request=CompetitionPayPrizesSerializer, responses=CompetitionPaidSerializer)
    @action(detail=False, methods=["post"], url_path="pay-all")
    def pay_all(self, request):
        """Pay every unpaid prize of one competition (one voucher each: `<prefix>-<award id>`)."""
        s = CompetitionPayPrizesSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        competition = get_scoped_or_404(
            Competition.objects.all(),
            request.user,
            Action.COMPETITION_VIEW,
            pk=s.validated_data["competition"],
        )
        paid = services.prizes_pay_all(
            actor=request.user,
            competition=competition,
            paid_on=timezone.localdate(),
            voucher_prefix=s.validated_data["voucher_prefix"],
        )
        return Response({"paid": paid})


class CompetitionPromotionViewSet(ScopedReadOnlyViewSet):
    """Skill-level promotions recommended by the title rules; the organiser confirms them."""

    queryset = PromotionRecommendation.objects.select_related("worker").order_by(
        "competition_id", "rank", "pk"
    )
    serializer_class = CompetitionPromotionSerializer
    filterset_class = PromotionFilterSet
    view_action = Action.COMPETITION_VIEW

    @extend_schema(request=CompetitionConfirmSerializer, responses=CompetitionPromotionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        s = CompetitionConfirmSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        recommendation = self.get_scoped(Action.COMPETITION_VIEW)
        services.promotion_confirm(actor=request.user, recommendation=recommendation, **s.validated_data)
        recommendation.refresh_from_db()
        return Response(CompetitionPromotionSerializer(recommendation).data)
