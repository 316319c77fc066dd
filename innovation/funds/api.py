"""The funds ledger in /api/v1/: the same services, filters and scope as the pages.

Amounts go in as whole fen (`amount_fen`) and come out both as fen and as yuan strings
with two decimals (`amount_yuan`). A line's `amount_fen` is its `base_fen` plus its
amendments (`amended_fen`, the sum of /api/v1/budget-amendments: 调增 +, 调减 −)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin
from innovation.org.models import TradeUnion

from . import amendments, services
from .filters import AmendmentFilterSet, BudgetLineFilterSet, CommitmentFilterSet, PaymentFilterSet
from .models import BudgetAmendment, BudgetLine, Commitment, Payment, yuan

api_urlpatterns: list = []


@extend_schema_field({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "5000.00"})
class YuanField(serializers.ReadOnlyField):
    """A fen column shown as a yuan string with two decimals."""

    def to_representation(self, value):
        return f"{yuan(value):.2f}"


NOTE_MAX = 2000  # characters of a budget line's note


def _fen_field(minimum: int):
    return serializers.IntegerField(min_value=minimum, max_value=services.MAX_FEN)


class BudgetLineSerializer(ScopedRelatedFieldsMixin, serializers.ModelSerializer):
    union = serializers.PrimaryKeyRelatedField(queryset=TradeUnion.objects.all())
    union_name = serializers.CharField(source="union.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    # On create, the line's base (and amount: a new line has no amendments).
    amount_fen = _fen_field(0)
    available_fen = serializers.IntegerField(read_only=True)
    base_yuan = YuanField(source="base_fen")
    amended_yuan = YuanField(source="amended_fen")
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
            "base_fen",
            "amended_fen",
            "amount_fen",
            "committed_fen",
            "paid_fen",
            "available_fen",
            "base_yuan",
            "amended_yuan",
            "amount_yuan",
            "committed_yuan",
            "paid_yuan",
            "available_yuan",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "base_fen",
            "amended_fen",
            "committed_fen",
            "paid_fen",
            "created_at",
            "updated_at",
        ]
        validators = []  # one line per union, year and kind is the service's rule, with its message
        extra_kwargs = {"note": {"max_length": NOTE_MAX}}

    scoped_fields = {"union": Action.FUNDS_MANAGE}


class BudgetLineUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    base_fen = serializers.IntegerField(
        min_value=0,
        max_value=services.MAX_FEN,
        required=False,
        help_text="the line's base; its amount becomes base + amendments (调增/调减: budget-amendments)",
    )
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
# The amount is base + amendments: it moves with the base or by an amendment, never by itself.
DERIVED_LINE_FIELDS = ("amount_fen", "amended_fen")


class BudgetLineViewSet(ScopedReadOnlyViewSet):
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
        derived = sorted(k for k in DERIVED_LINE_FIELDS if k in request.data)
        if derived:
            raise DRFValidationError(
                {
                    k: [
                        _(
                            "预算金额 = 预算基数 + 预算调整，不能直接修改：请修改预算基数（base_fen），"
                            "或通过 /api/v1/budget-amendments 登记调增、调减。"
                        )
                    ]
                    for k in derived
                }
            )
        serializer = BudgetLineUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.line_update(actor=request.user, line=line, **serializer.validated_data)
        return Response(BudgetLineSerializer(line).data)

    @extend_schema(request=BudgetLineUpdateSerializer, responses=BudgetLineSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)


class CommitmentViewSet(ScopedReadOnlyViewSet):
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


class BudgetAmendmentSerializer(serializers.ModelSerializer):
    line_name = serializers.StringRelatedField(source="line")
    year = serializers.IntegerField(source="line.year", read_only=True)
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)
    delta_fen = serializers.IntegerField(read_only=True, help_text="signed: + 调增, − 调减")
    amount_yuan = YuanField(source="amount_fen")
    approved_by_name = serializers.StringRelatedField(source="approved_by")
    recorded_by_name = serializers.StringRelatedField(source="recorded_by")

    class Meta:
        model = BudgetAmendment
        fields = [
            "id",
            "line",
            "line_name",
            "year",
            "direction",
            "direction_label",
            "amount_fen",
            "amount_yuan",
            "delta_fen",
            "document_no",
            "decided_on",
            "reason",
            "approved_by",
            "approved_by_name",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields


class AmendmentInputSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    line = serializers.PrimaryKeyRelatedField(queryset=BudgetLine.objects.all())
    direction = serializers.ChoiceField(choices=BudgetAmendment.Direction.choices)
    amount_fen = _fen_field(1)
    document_no = serializers.CharField(max_length=amendments.DOCUMENT_MAX)
    decided_on = serializers.DateField()
    reason = serializers.CharField(max_length=amendments.REASON_MAX)
    approved_by = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,  # a BIGINT: beyond it the database cannot even look
        help_text="the approving user: an admin who may manage the line's funds",
    )

    # Lines the caller may not manage look exactly like missing ones.
    scoped_fields = {"line": Action.FUNDS_MANAGE}


class BudgetAmendmentViewSet(ScopedReadOnlyViewSet):
    """预算调整: list, one, and record a 调增 / 调减 (innovation.funds.amendments.amend)."""

    queryset = BudgetAmendment.objects.select_related("line__union", "approved_by", "recorded_by")
    serializer_class = BudgetAmendmentSerializer
    filterset_class = AmendmentFilterSet
    view_action = Action.FUNDS_VIEW

    @extend_schema(request=AmendmentInputSerializer, responses={201: BudgetAmendmentSerializer})
    def create(self, request):
        if not can(request.user, Action.FUNDS_MANAGE):
            raise PermissionDenied(_("您无权管理经费。"))
        serializer = AmendmentInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        line = data["line"]
        # Someone who may not approve (or no such user) gets the service's one message.
        approver = amendments.approvers_for(line.union).filter(pk=data["approved_by"]).first()
        amendment = amendments.amend(
            actor=request.user,
            line=line,
            direction=data["direction"],
            amount_fen=data["amount_fen"],
            document_no=data["document_no"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            approved_by=approver,
        )
        return Response(BudgetAmendmentSerializer(self.base_queryset().get(pk=amendment.pk)).data, status=201)


class PaymentViewSet(ScopedReadOnlyViewSet):
    queryset = Payment.objects.select_related("commitment", "recorded_by")
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilterSet
    view_action = Action.FUNDS_VIEW


def register(router) -> None:
    router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
    router.register("budget-amendments", BudgetAmendmentViewSet, basename="budget-amendment")
    router.register("commitments", CommitmentViewSet, basename="commitment")
    router.register("payments", PaymentViewSet, basename="payment")
