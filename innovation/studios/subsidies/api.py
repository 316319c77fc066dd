"""The API of the subsidy policies, rounds and lines."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import can
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin
from innovation.funds.api import PaymentSerializer, YuanField
from innovation.funds.models import BudgetLine
from innovation.funds.services import MAX_FEN
from innovation.org.models import TradeUnion

from ..api_fields import StudioReasonSerializer, choices_help, coded, inline_choice_field, user_name
from ..models import (
    StudioLevel,
    StudioType,
    SubsidyLine,
    SubsidyPolicy,
    SubsidyRound,
)
from . import models, selectors, services
from .filters import SubsidyLineFilterSet, SubsidyPolicyFilterSet, SubsidyRoundFilterSet

SubsidyKindField = inline_choice_field(SubsidyPolicy.Kind.choices)


StudioTypeField = inline_choice_field([("", ""), *StudioType.choices])


StudioLevelField = inline_choice_field(StudioLevel.choices)


class SubsidyPolicySerializer(serializers.ModelSerializer):
    kind = SubsidyKindField(
        choices=SubsidyPolicy.Kind.choices, help_text=choices_help(SubsidyPolicy.Kind.choices)
    )
    studio_type = StudioTypeField(
        choices=StudioType.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=choices_help(StudioType.choices) + "；空：全部类型",
    )
    amount_yuan = YuanField(source="amount_fen")
    cap_fen = serializers.IntegerField(min_value=1, max_value=MAX_FEN, required=False, allow_null=True)
    amount_fen = serializers.IntegerField(min_value=0, max_value=MAX_FEN, required=False, default=0)
    by_result_fen = serializers.DictField(
        child=serializers.IntegerField(min_value=0), required=False, default=dict
    )
    levels = serializers.ListField(child=StudioLevelField(choices=StudioLevel.choices))
    use_scope = serializers.CharField(max_length=models.USE_SCOPE_MAX, help_text="资金使用范围")
    document = serializers.CharField(max_length=models.DOCUMENT_MAX, help_text="政策依据（文件名称或文号）")

    class Meta:
        model = SubsidyPolicy
        fields = [
            "id",
            "kind",
            "studio_type",
            "levels",
            "effective_from",
            "amount_fen",
            "amount_yuan",
            "by_result_fen",
            "cap_fen",
            "use_scope",
            "document",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class SubsidyPolicyViewSet(ScopedReadOnlyViewSet):
    """Subsidy policies (city-wide rows, never edited: a revision is a new row)."""

    queryset = SubsidyPolicy.objects.order_by("kind", "studio_type", "-effective_from", "-pk")
    serializer_class = SubsidyPolicySerializer
    filterset_class = SubsidyPolicyFilterSet

    def get_queryset(self):
        return self.queryset.all() if can(self.request.user, Action.SUBSIDY_MANAGE) else self.queryset.none()

    def get_object(self):
        row = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if row is None:
            raise NotFound(_("未找到，或不在您的权限范围内。"))
        return row

    def create(self, request):
        serializer = SubsidyPolicySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = services.policy_create(actor=request.user, **serializer.validated_data)
        return Response(SubsidyPolicySerializer(policy).data, status=201)


class SubsidyLineSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="round.year", read_only=True)
    kind = coded(SubsidyPolicy.Kind.choices)
    studio_name = serializers.CharField(source="studio.name", read_only=True)
    amount_yuan = YuanField(source="amount_fen")
    proposed_yuan = YuanField(source="proposed_fen")
    cap_fen = serializers.SerializerMethodField()
    paid_fen = serializers.IntegerField(source="commitment.paid_fen", default=0, read_only=True)
    payments = serializers.SerializerMethodField()

    class Meta:
        model = SubsidyLine
        fields = [
            "id",
            "round",
            "year",
            "studio",
            "studio_name",
            "kind",
            "policy",
            "proposed_fen",
            "proposed_yuan",
            "amount_fen",
            "amount_yuan",
            "cap_fen",
            "reason",
            "basis",
            "use_scope",
            "commitment",
            "paid_fen",
            "payments",
        ]
        read_only_fields = fields

    def get_cap_fen(self, obj) -> int:
        return selectors.cap_of(obj.policy)

    def get_payments(self, obj) -> list[dict]:
        if not obj.commitment_id:
            return []
        rows = PaymentSerializer(obj.commitment.payments.all(), many=True).data
        # What the money may be used for travels with every payment.
        return [{**row, "use_scope": obj.use_scope} for row in rows]


class SubsidyRoundSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    state = coded(SubsidyRound.State.choices)
    total_fen = serializers.IntegerField(read_only=True)
    line_count = serializers.IntegerField(read_only=True)
    proposed_by = serializers.SerializerMethodField()
    first_approver = serializers.SerializerMethodField()
    second_approver = serializers.SerializerMethodField()

    class Meta:
        model = SubsidyRound
        fields = [
            "id",
            "union",
            "union_name",
            "year",
            "state",
            "budget_line",
            "line_count",
            "total_fen",
            "proposed_by",
            "proposed_at",
            "first_approver",
            "first_approved_at",
            "second_approver",
            "second_approved_at",
        ]
        read_only_fields = fields

    def get_proposed_by(self, obj) -> str | None:
        return user_name(obj.proposed_by)

    def get_first_approver(self, obj) -> str | None:
        return user_name(obj.first_approver)

    def get_second_approver(self, obj) -> str | None:
        return user_name(obj.second_approver)


class SubsidyRoundDetailSerializer(SubsidyRoundSerializer):
    shortfall_fen = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()

    class Meta(SubsidyRoundSerializer.Meta):
        fields = [*SubsidyRoundSerializer.Meta.fields, "shortfall_fen", "lines"]

    def get_shortfall_fen(self, obj) -> int:
        return selectors.shortfall_fen(obj)

    def get_lines(self, obj) -> list[dict]:
        rows = obj.lines.select_related("round", "studio", "policy", "commitment").prefetch_related(
            "commitment__payments__recorded_by", "commitment__payments__commitment"
        )
        return SubsidyLineSerializer(rows.order_by("kind", "studio__name", "pk"), many=True).data


class SubsidyProposeSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    union = serializers.PrimaryKeyRelatedField(queryset=TradeUnion.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    budget_line = serializers.PrimaryKeyRelatedField(queryset=BudgetLine.objects.all())

    scoped_fields = {"union": Action.SUBSIDY_MANAGE, "budget_line": Action.FUNDS_VIEW}


class SubsidyAdjustSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    amount_fen = serializers.IntegerField(min_value=0, max_value=MAX_FEN)
    reason = serializers.CharField(max_length=models.REASON_MAX)


class SubsidyPaySerializer(serializers.Serializer):
    line = serializers.IntegerField()
    amount_fen = serializers.IntegerField(min_value=1, max_value=MAX_FEN)
    paid_on = serializers.DateField()
    voucher_no = serializers.CharField(max_length=40)


class SubsidyRoundViewSet(ScopedReadOnlyViewSet):
    """The yearly subsidy round (city): propose, adjust, approve twice (commits), pay."""

    queryset = SubsidyRound.objects.select_related(
        "union", "budget_line", "proposed_by", "first_approver", "second_approver"
    ).annotate(line_count=Count("lines"), total_fen=Sum("lines__amount_fen"))
    serializer_class = SubsidyRoundSerializer
    filterset_class = SubsidyRoundFilterSet
    view_action = Action.SUBSIDY_MANAGE

    def get_serializer_class(self):
        return SubsidyRoundSerializer if self.action == "list" else SubsidyRoundDetailSerializer

    def _answer(self, round_, status=200):
        return Response(
            SubsidyRoundDetailSerializer(self.base_queryset().get(pk=round_.pk)).data, status=status
        )

    def _line(self, round_, line_id) -> SubsidyLine:
        line = (
            round_.lines.select_related("round", "studio", "policy", "commitment").filter(pk=line_id).first()
        )
        if line is None:
            raise NotFound(_("该批次中没有这一补助。"))
        return line

    @extend_schema(
        request=SubsidyProposeSerializer,
        responses=SubsidyRoundDetailSerializer,
        summary="Propose from policy",
    )
    def create(self, request):
        serializer = SubsidyProposeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        round_ = services.propose_round(actor=request.user, **serializer.validated_data)
        response = self._answer(round_, 201)
        response.data["notes"] = [str(n) for n in round_.notes]
        return response

    @extend_schema(
        request=SubsidyAdjustSerializer, responses=SubsidyRoundDetailSerializer, summary="Adjust one line"
    )
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        round_ = self.get_object()
        serializer = SubsidyAdjustSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.adjust_line(
            line=self._line(round_, data["line"]),
            amount_fen=data["amount_fen"],
            reason=data["reason"],
            actor=request.user,
        )
        return self._answer(round_)

    @extend_schema(
        request=None,
        responses=SubsidyRoundDetailSerializer,
        summary="Approve (four-eyes; the second commits)",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._answer(services.approve_round(round=self.get_object(), actor=request.user))

    @extend_schema(
        request=StudioReasonSerializer, responses=SubsidyRoundDetailSerializer, summary="Return to draft"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_round(self, request, pk=None):
        serializer = StudioReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round_ = services.return_round(
            round=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return self._answer(round_)

    @extend_schema(
        request=SubsidyPaySerializer, responses={201: SubsidyLineSerializer}, summary="Pay a committed line"
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        round_ = self.get_object()
        serializer = SubsidyPaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        line = self._line(round_, data.pop("line"))
        services.pay_line(line=line, actor=request.user, **data)
        fresh = SubsidyLine.objects.select_related("round", "studio", "policy", "commitment").get(pk=line.pk)
        return Response(SubsidyLineSerializer(fresh).data, status=201)


class SubsidyLineViewSet(ScopedReadOnlyViewSet):
    queryset = SubsidyLine.objects.select_related("round", "studio", "policy", "commitment").order_by(
        "-round__year", "kind", "studio__name", "pk"
    )
    serializer_class = SubsidyLineSerializer
    filterset_class = SubsidyLineFilterSet

    def get_queryset(self):
        return self.queryset.filter(round__in=selectors.rounds_visible_to(self.request.user).values("pk"))

    def get_object(self):
        row = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if row is None:
            raise NotFound(_("未找到，或不在您的权限范围内。"))
        return row
