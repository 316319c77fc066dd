"""The funds ledger in /api/v1/: the same services, filters and scope as the pages.

Amounts go in as whole fen (`amount_fen`) and come out both as fen and as yuan strings
with two decimals (`amount_yuan`)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.api.base import ScopedViewSet
from innovation.org.models import TradeUnion

from . import services
from .filters import BudgetLineFilterSet, CommitmentFilterSet, PaymentFilterSet
from .models import BudgetLine, Commitment, Payment, yuan

api_urlpatterns: list = []


@extend_schema_field({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "5000.00"})
class YuanField(serializers.ReadOnlyField):
    """A fen column shown as a yuan string with two decimals."""

    def to_representation(self, value):
        return f"{yuan(value):.2f}"


NOTE_MAX = 2000  # characters of a budget line's note


def _fen_field(minimum: int):
    return serializers.IntegerField(min_value=minimum, max_value=services.MAX_FEN)


class BudgetLineSerializer(serializers.ModelSerializer):
    union = serializers.PrimaryKeyRelatedField(queryset=TradeUnion.objects.none())
    union_name = serializers.CharField(source="union.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    amount_fen = _fen_field(0)
    available_fen = serializers.IntegerField(read_only=True)
    amount_yuan = YuanField(source="amount_fen")
    committed_yuan = YuanField(source="committed_fen")
    paid_yuan = YuanField(source="paid_fen")
    available_yuan = YuanField(source="available_fen")

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "union",
            "union_name",
            "year",
            "kind",
            "kind_label",
            "name",
            "amount_fen",
            "committed_fen",
            "paid_fen",
            "available_fen",
            "amount_yuan",
            "committed_yuan",
            "paid_yuan",
            "available_yuan",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["committed_fen", "paid_fen", "created_at", "updated_at"]
        validators = []  # one line per union, year and kind is the service's rule, with its message
        extra_kwargs = {"note": {"max_length": NOTE_MAX}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["union"].queryset = restrict(
                TradeUnion.objects.all(), request.user, Action.FUNDS_MANAGE
            )


class BudgetLineUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    amount_fen = serializers.IntegerField(min_value=0, max_value=services.MAX_FEN, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX)


class PaymentSerializer(serializers.ModelSerializer):
    amount_yuan = YuanField(source="amount_fen")
    line = serializers.IntegerField(source="commitment.line_id", read_only=True)
    payee = serializers.CharField(source="commitment.payee", read_only=True)
    recorded_by_name = serializers.StringRelatedField(source="recorded_by")

    class Meta:
        model = Payment
        fields = [
            "id",
            "commitment",
            "line",
            "payee",
            "amount_fen",
            "amount_yuan",
            "paid_on",
            "voucher_no",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields


class CommitmentSerializer(serializers.ModelSerializer):
    line_name = serializers.StringRelatedField(source="line")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    amount_yuan = YuanField(source="amount_fen")
    paid_yuan = YuanField(source="paid_fen")
    approved_by_name = serializers.StringRelatedField(source="approved_by")
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "line",
            "line_name",
            "payee",
            "payee_worker",
            "purpose",
            "amount_fen",
            "paid_fen",
            "amount_yuan",
            "paid_yuan",
            "state",
            "state_label",
            "source_kind",
            "source_id",
            "policy_ref",
            "decision_ref",
            "approved_by",
            "approved_by_name",
            "created_at",
            "payments",
        ]
        read_only_fields = fields


class PaySerializer(serializers.Serializer):
    amount_fen = _fen_field(1)
    paid_on = serializers.DateField()
    voucher_no = serializers.CharField(max_length=40)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


FIXED_LINE_FIELDS = ("union", "year", "kind", "committed_fen", "paid_fen")


class BudgetLineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = BudgetLine.objects.select_related("union")
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilterSet
    view_action = Action.FUNDS_VIEW

    def create(self, request):
        if not can(request.user, Action.FUNDS_MANAGE):
            raise PermissionDenied(_("您无权管理经费。"))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        line = services.line_create(
            actor=request.user,
            union=data["union"],
            year=data["year"],
            kind=data["kind"],
            name=data["name"],
            amount_fen=data["amount_fen"],
            note=data.get("note", ""),
        )
        return Response(BudgetLineSerializer(line).data, status=201)

    @extend_schema(request=BudgetLineUpdateSerializer, responses=BudgetLineSerializer)
    def update(self, request, pk=None, partial=False):
        line = self.get_scoped(Action.FUNDS_VIEW)
        fixed = sorted(k for k in FIXED_LINE_FIELDS if k in request.data)
        if fixed:
            raise DRFValidationError(
                {k: [_("预算科目的单位、年度、类别和已承诺/已支付金额不能修改。")] for k in fixed}
            )
        serializer = BudgetLineUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.line_update(actor=request.user, line=line, **serializer.validated_data)
        return Response(BudgetLineSerializer(line).data)

    @extend_schema(request=BudgetLineUpdateSerializer, responses=BudgetLineSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)


class CommitmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Commitment.objects.select_related("line", "approved_by").prefetch_related(
        "payments__recorded_by", "payments__commitment"
    )
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    view_action = Action.FUNDS_VIEW

    @extend_schema(request=PaySerializer, responses={201: PaymentSerializer}, summary="Record a payment")
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        commitment = self.get_object()
        serializer = PaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payment = services.pay(commitment=commitment, actor=request.user, **serializer.validated_data)
        return Response(PaymentSerializer(payment).data, status=201)

    @extend_schema(
        request=CancelSerializer, responses=CommitmentSerializer, summary="Cancel an unpaid commitment"
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        commitment = self.get_object()
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cancel(commitment=commitment, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(CommitmentSerializer(self.get_object()).data)


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Payment.objects.select_related("commitment", "recorded_by")
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilterSet
    view_action = Action.FUNDS_VIEW


def register(router) -> None:
    router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
    router.register("commitments", CommitmentViewSet, basename="commitment")
    router.register("payments", PaymentViewSet, basename="payment")
