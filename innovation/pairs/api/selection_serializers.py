"""The serializers of the selections' API (read: the rows as the pages show them; write: input
only, every rule is in innovation.pairs.services)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innovation.accounts.policy import Action
from innovation.api.base import ScopedRelatedFieldsMixin, StepLogSerializer
from innovation.core import workflow as kernel
from innovation.experts.models import ExpertProfile
from innovation.funds.models import BudgetLine
from innovation.org.models import Enterprise, TradeUnion

from ..models import Agreement, Level, Nomination, PairAward, PairObjection, PairScore, Selection


class PairCriterionSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=32)
    label = serializers.CharField(max_length=50)
    weight = serializers.IntegerField(min_value=1, max_value=100)
    max = serializers.IntegerField(min_value=1, max_value=1000)


class PairSelectionSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    criteria = PairCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Selection
        fields = [
            "id",
            "level",
            "union",
            "union_name",
            "enterprise",
            "year",
            "title",
            "opens_on",
            "closes_on",
            "quota",
            "criteria",
            "experts_per_item",
            "notice_days",
            "state",
            "version",
            "first_approver",
            "second_approver",
            "notice_starts",
            "notice_ends",
            "budget_line",
            "finalised_at",
        ]
        read_only_fields = fields


class PairSelectionDetailSerializer(PairSelectionSerializer):
    steps = serializers.SerializerMethodField()

    class Meta(PairSelectionSerializer.Meta):
        fields = [*PairSelectionSerializer.Meta.fields, "steps"]
        read_only_fields = fields

    @extend_schema_field(StepLogSerializer(many=True))
    def get_steps(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data


class PairSelectionWriteSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    scoped_fields = {"union": Action.PAIR_SELECTION}

    level = serializers.ChoiceField(choices=Level.choices)
    union = serializers.PrimaryKeyRelatedField(queryset=TradeUnion.objects.all())
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    quota = serializers.IntegerField(min_value=1, max_value=500)
    criteria = PairCriterionSerializer(many=True)
    experts_per_item = serializers.IntegerField(min_value=1, max_value=9, default=2)
    notice_days = serializers.IntegerField(min_value=1, max_value=60, default=5)


SELECTION_STEPS = ["close_call", "rank", "approve", "return", "decide", "publish", "finalise"]


class PairStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=SELECTION_STEPS)
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PairBudgetLineChoiceSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    scoped_fields = {"budget_line": Action.FUNDS_VIEW}
    budget_line = serializers.PrimaryKeyRelatedField(queryset=BudgetLine.objects.all())


class PairPayAllSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    voucher_prefix = serializers.CharField(max_length=30)


class PairNominationSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "selection",
            "agreement",
            "series_id",
            "enterprise",
            "enterprise_name",
            "source",
            "title",
            "summary",
            "state",
            "return_reason",
            "score",
            "rank",
            "recommended_at",
        ]
        read_only_fields = fields


class PairNominationDetailSerializer(PairNominationSerializer):
    steps = serializers.SerializerMethodField()

    class Meta(PairNominationSerializer.Meta):
        fields = [*PairNominationSerializer.Meta.fields, "steps"]
        read_only_fields = fields

    @extend_schema_field(StepLogSerializer(many=True))
    def get_steps(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data


class PairNominateSerializer(ScopedRelatedFieldsMixin, serializers.Serializer):
    scoped_fields = {
        "selection": Action.NOTICE_VIEW,
        "agreement": Action.PAIR_VIEW,
        "source": Action.PAIR_VIEW,
    }

    selection = serializers.PrimaryKeyRelatedField(queryset=Selection.objects.all())
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    summary = serializers.CharField(max_length=2000)
    source = serializers.PrimaryKeyRelatedField(
        queryset=Nomination.objects.all(), required=False, allow_null=True
    )


NOMINATION_STEPS = ["recommend", "return", "resubmit", "include", "exclude"]


class PairNominationStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=NOMINATION_STEPS)
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PairAssignSerializer(serializers.Serializer):
    experts = serializers.PrimaryKeyRelatedField(queryset=ExpertProfile.objects.all(), many=True)


class PairObjectionRaiseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class PairScoreSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="nomination.title", read_only=True)
    selection = serializers.IntegerField(source="nomination.selection_id", read_only=True)
    criteria = PairCriterionSerializer(many=True, read_only=True, source="nomination.selection.criteria")

    class Meta:
        model = PairScore
        fields = [
            "id",
            "nomination",
            "selection",
            "title",
            "expert",
            "criteria",
            "scores",
            "total",
            "notes",
            "submitted_at",
        ]
        read_only_fields = fields


class PairScoreSubmitSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=7, decimal_places=1))
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PairAwardSerializer(serializers.ModelSerializer):
    paid_fen = serializers.SerializerMethodField()

    class Meta:
        model = PairAward
        fields = [
            "id",
            "selection",
            "nomination",
            "worker",
            "side",
            "name",
            "unit",
            "amount_fen",
            "paid_fen",
            "certificate_code",
            "awarded_at",
        ]
        read_only_fields = fields

    def get_paid_fen(self, obj) -> int:
        return obj.commitment.paid_fen if obj.commitment_id else 0


class PairPaySerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    voucher_no = serializers.CharField(max_length=40)


class PairObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PairObjection
        fields = ["id", "nomination", "reason", "state", "answer", "answered_at", "created_at"]
        read_only_fields = fields


class PairAnswerSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    answer = serializers.CharField(max_length=5000)
