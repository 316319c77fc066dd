"""The serializers of the orders' API (api/orders.py): what an order shows (the masked phone only,
never the clear one), and what each write takes, with its types and bounds checked here and the
rules in the services and the workflow."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innovation.accounts.policy import Action
from innovation.api.base import ScopedRelatedFieldsMixin, StepLogSerializer
from innovation.api.converters import ID_MAX
from innovation.core import workflow as kernel
from innovation.funds.models import MAX_FEN
from innovation.org.models import Enterprise

from .. import sla
from ..models import (
    MAX_HEADCOUNT,
    TEXT_MAX,
    Category,
    ExpenseKind,
    Outcome,
    ServiceExpense,
    ServiceOrder,
    ServiceTraining,
    ServiceVisit,
)
from ..workflow import EXPENSE_STEPS, ORDER_STEPS

ORDER_STEP_CHOICES = list({s.name: (s.name, str(s.label)) for s in ORDER_STEPS if s.manual}.values())
EXPENSE_STEP_CHOICES = [(s.name, str(s.label)) for s in EXPENSE_STEPS if s.manual]


def _id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


def _ids_field(limit: int, **kwargs):
    return serializers.ListField(child=_id_field(), max_length=limit, **kwargs)


class ServiceAvailableStepSerializer(serializers.Serializer):
    """A step the caller may take now (a button on the page)."""

    step = serializers.CharField(source="name")
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()
    reason_label = serializers.CharField(allow_null=True)


class _StepsMixin(serializers.Serializer):
    """`steps` (what the caller may do now) and `history` (the kernel's step log)."""

    steps = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    @extend_schema_field(ServiceAvailableStepSerializer(many=True))
    def get_steps(self, obj) -> list:
        request = self.context.get("request")
        if request is None:
            return []
        steps = kernel.steps_for(obj, request.user)
        return [
            {
                "step": s.name,
                "label": str(s.label),
                "needs_reason": s.needs_reason,
                "reason_label": str(s.reason_label) if s.reason_label else None,
            }
            for s in steps
        ]

    @extend_schema_field(StepLogSerializer(many=True))
    def get_history(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data


class ServiceClockSerializer(serializers.Serializer):
    label = serializers.CharField()
    target_hours = serializers.IntegerField(allow_null=True)
    used_hours = serializers.FloatField()
    left_hours = serializers.FloatField(allow_null=True)
    due = serializers.DateTimeField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()


class ServicePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ServiceVisitSerializer(serializers.ModelSerializer):
    members = ServicePersonSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceVisit
        fields = ["id", "on", "hours", "members", "notes", "recorded_at"]
        read_only_fields = fields


class ServiceTrainingSerializer(serializers.ModelSerializer):
    trainees = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ServiceTraining
        fields = ["id", "on", "topic", "headcount", "trainees", "recorded_at"]
        read_only_fields = fields


class ServicePauseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()


class ServiceExpenseSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    paid_fen = serializers.SerializerMethodField()

    class Meta:
        model = ServiceExpense
        fields = [
            "id",
            "order",
            "kind",
            "kind_label",
            "amount_fen",
            "note",
            "payee",
            "state",
            "state_label",
            "commitment",
            "paid_fen",
            "created_at",
        ]
        read_only_fields = fields

    def get_paid_fen(self, obj) -> int:
        return obj.commitment.paid_fen if obj.commitment_id else 0


class ServiceExpenseDetailSerializer(_StepsMixin, ServiceExpenseSerializer):
    class Meta(ServiceExpenseSerializer.Meta):
        fields = [*ServiceExpenseSerializer.Meta.fields, "steps", "history"]
        read_only_fields = fields


class ServiceOrderSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True, default=None)
    # Blank until the team reports it (a read-only model field would lose the blank in the schema).
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = ServiceOrder
        fields = [
            "id",
            "code",
            "title",
            "enterprise",
            "enterprise_name",
            "district",
            "district_name",
            "category",
            "category_label",
            "state",
            "state_label",
            "team",
            "team_name",
            "posted_at",
            "response_due",
            "resolution_due",
            "outcome",
            "rating",
        ]
        read_only_fields = fields


class ServiceOrderDetailSerializer(_StepsMixin, ServiceOrderSerializer):
    # The masked phone only: the clear one is never in an answer of the API.
    contact_phone = serializers.CharField(source="contact_phone_masked", read_only=True)
    clocks = serializers.SerializerMethodField()
    pauses = ServicePauseSerializer(many=True, read_only=True)
    visits = ServiceVisitSerializer(many=True, read_only=True)
    trainings = ServiceTrainingSerializer(many=True, read_only=True)
    expenses = ServiceExpenseSerializer(many=True, read_only=True)

    class Meta(ServiceOrderSerializer.Meta):
        fields = [
            *ServiceOrderSerializer.Meta.fields,
            "description",
            "desired_from",
            "desired_to",
            "contact_name",
            "contact_phone",
            "sla_response_hours",
            "sla_resolution_hours",
            "responded_at",
            "resolved_at",
            "diagnosis",
            "solution",
            "rating_comment",
            "rated_at",
            "benefit_claimed_fen",
            "benefit_verified_fen",
            "clocks",
            "pauses",
            "visits",
            "trainings",
            "expenses",
            "steps",
            "history",
        ]
        read_only_fields = fields

    @extend_schema_field(ServiceClockSerializer(many=True))
    def get_clocks(self, obj) -> list:
        return ServiceClockSerializer(sla.clocks(obj), many=True).data


class ServiceMatchSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    team_name = serializers.CharField(source="team.name")
    capacity = serializers.IntegerField(source="team.capacity")
    eligible = serializers.BooleanField()
    score = serializers.IntegerField()
    load = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    refusals = serializers.ListField(child=serializers.CharField())


# ---------------------------------------------------------------- writes


class ServiceOrderWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    scoped_fields = {"enterprise": Action.SERVICE_POST}
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    category = serializers.ChoiceField(choices=Category.choices)
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=TEXT_MAX)
    contact_name = serializers.CharField(max_length=20)
    contact_phone = serializers.CharField(max_length=20, write_only=True)
    desired_from = serializers.DateField(required=False, allow_null=True, default=None)
    desired_to = serializers.DateField(required=False, allow_null=True, default=None)


class ServiceOrderStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=ORDER_STEP_CHOICES, error_messages={"invalid_choice": _("未知的操作「{input}」。")}
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX)
    team = _id_field(required=False, allow_null=True, default=None, help_text="dispatch / claim")
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, allow_null=True, default=None, help_text="resolve"
    )
    diagnosis = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX, help_text="resolve"
    )
    solution = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX, help_text="resolve"
    )
    rating = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=5,
        error_messages={"min_value": _("请给出1至5分的评价。"), "max_value": _("请给出1至5分的评价。")},
        help_text="confirm: 1–5",
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX, help_text="confirm"
    )
    benefit_claimed_fen = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=MAX_FEN, help_text="confirm"
    )
    benefit_verified_fen = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=MAX_FEN, help_text="close"
    )


class ServiceExpenseStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=EXPENSE_STEP_CHOICES, error_messages={"invalid_choice": _("未知的操作「{input}」。")}
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX)


class ServiceReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class ServiceVisitWriteSerializer(serializers.Serializer):
    on = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=Decimal("24")
    )
    members = _ids_field(100)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX)


class ServiceTrainingWriteSerializer(serializers.Serializer):
    on = serializers.DateField()
    topic = serializers.CharField(max_length=100)
    headcount = serializers.IntegerField(
        min_value=1,
        max_value=MAX_HEADCOUNT,
        error_messages={
            "min_value": _("培训人数须为正整数。"),
            "max_value": _("培训人数不能超过{max_value}人。"),
        },
    )
    trainees = _ids_field(MAX_HEADCOUNT, required=False, default=list)


class ServiceExpenseWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExpenseKind.choices)
    amount_fen = serializers.IntegerField(min_value=1, max_value=MAX_FEN)
    note = serializers.CharField(max_length=200)
    payee = serializers.CharField(max_length=100)


class ServiceExpensePaySerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    voucher_no = serializers.CharField(max_length=40)
