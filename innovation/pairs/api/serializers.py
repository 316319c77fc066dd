"""The serializers of the pairs API (every enum inline: other apps use the same field names)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.api.base import HistoryListSerializer, StepLogSerializer
from innovation.core import workflow as kernel
from innovation.org.models import Enterprise, SkillLevel, TradeUnion, Worker

from .. import selectors
from ..models import (
    Agreement,
    Graduation,
    PairPatent,
    Party,
    State,
    Target,
    TargetKind,
    TeachingRecord,
    Training,
)
from ..models.agreements import REASON_MAX, TEXT_MAX


def _coded(choices) -> serializers.CharField:
    # Inline (not a named enum): other apps have fields called state / kind with other values.
    return serializers.CharField(read_only=True, help_text=" / ".join(f"{v} {label}" for v, label in choices))


def _choice(choices, **kwargs):
    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class InlineChoice(serializers.ChoiceField):
        pass

    return InlineChoice(choices=choices, **kwargs)


def _hours(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.1")))


class PairPartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="worker.name", read_only=True)
    side = _coded(Party._meta.get_field("side").choices)

    class Meta:
        model = Party
        fields = ["id", "worker", "name", "side", "signed_on"]
        read_only_fields = fields


class PairTargetSerializer(serializers.ModelSerializer):
    kind = _coded(TargetKind.choices)
    skill_level = _coded(SkillLevel.choices)

    class Meta:
        model = Target
        fields = ["id", "kind", "apprentice", "skill_level", "quantity", "description", "due_on"]
        read_only_fields = fields


class PairAgreementSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    state = _coded(State.choices)
    parties = PairPartySerializer(many=True, read_only=True)
    steps = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        list_serializer_class = HistoryListSerializer
        fields = [
            "id",
            "title",
            "enterprise",
            "enterprise_name",
            "industry_union",
            "start_on",
            "end_on",
            "state",
            "version",
            "parent",
            "root",
            "change_reason",
            "approved_at",
            "started_on",
            "ended_on",
            "end_reason",
            "notes",
            "parties",
            "steps",
        ]
        read_only_fields = fields

    @extend_schema_field(StepLogSerializer(many=True))
    def get_steps(self, obj) -> list:
        return StepLogSerializer(kernel.history(obj), many=True).data


class PairAgreementDetailSerializer(PairAgreementSerializer):
    targets = PairTargetSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta(PairAgreementSerializer.Meta):
        list_serializer_class = serializers.ListSerializer
        fields = [*PairAgreementSerializer.Meta.fields, "targets", "progress"]
        read_only_fields = fields

    def get_progress(self, obj) -> dict:
        """teaching_hours, training_hours (by kind), skill_changes, patents, joint_achievements,
        benefits, assessment."""
        data = selectors.progress(obj)
        assessment = Graduation.objects.filter(agreement=obj).first()
        return {
            "teaching_hours": _hours(data["teaching_hours"]),
            "teaching_records": len(data["teaching"]),
            "training_hours": {str(label): _hours(h) for label, h in data["training_hours"]},
            "skill_changes": [
                {
                    "worker": c.worker_id,
                    "from": c.from_level,
                    "to": c.to_level,
                    "certificate_no": c.certificate_no,
                    "on": c.on.isoformat(),
                }
                for c in data["skill_changes"]
            ],
            "patents": [
                {
                    "type": p.type,
                    "number": p.number,
                    "title": p.title,
                    "holder": p.holder,
                    "patent": p.patent_id,
                }
                for p in data["patents"]
            ],
            "joint_achievements": list(obj.joint_achievements.values_list("pk", flat=True)),
            # 名师带徒创效: the benefit records, claimed and verified (fen).
            "benefits": [
                {
                    "title": b.title,
                    "on": b.on.isoformat(),
                    "claimed_fen": b.claimed_fen,
                    "verified_fen": b.verified_fen,
                }
                for b in obj.benefits.order_by("-on", "-pk")
            ],
            "assessment": {
                "result": assessment.result,
                "on": assessment.on.isoformat(),
                "notes": assessment.notes,
            }
            if assessment
            else None,
        }


class PairAgreementWriteSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())
    industry_union = serializers.PrimaryKeyRelatedField(
        queryset=TradeUnion.objects.none(), required=False, allow_null=True, default=None
    )
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    masters = serializers.PrimaryKeyRelatedField(queryset=Worker.objects.none(), many=True)
    apprentices = serializers.PrimaryKeyRelatedField(queryset=Worker.objects.none(), many=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["enterprise"].queryset = restrict(
                Enterprise.objects.all(), user, Action.ENTERPRISE_VIEW
            )
            self.fields["industry_union"].queryset = restrict(
                TradeUnion.objects.filter(kind=TradeUnion.Kind.INDUSTRY), user, Action.UNION_VIEW
            )
            workers = restrict(Worker.objects.all(), user, Action.WORKER_VIEW)
            self.fields["masters"].child_relation.queryset = workers
            self.fields["apprentices"].child_relation.queryset = workers


class PairReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX)


class PairCompleteSerializer(serializers.Serializer):
    result = _choice(Graduation.Result.choices)
    on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX)


class PairSignSerializer(serializers.Serializer):
    party = serializers.IntegerField()
    signed_on = serializers.DateField()


class PairTargetWriteSerializer(serializers.Serializer):
    kind = _choice(TargetKind.choices)
    due_on = serializers.DateField()
    apprentice = serializers.IntegerField(required=False, allow_null=True, default=None)
    skill_level = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=1,
        help_text=" / ".join(f"{v} {label}" for v, label in SkillLevel.choices if v),
    )
    quantity = serializers.IntegerField(required=False, default=0, min_value=0, max_value=100000)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class PairTeachingSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = _choice(TeachingRecord.Kind.choices)
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    content = serializers.CharField(max_length=TEXT_MAX)


class PairTrainingSerializer(serializers.Serializer):
    kind = _choice(Training.Kind.choices)
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    on = serializers.DateField()
    apprentice = serializers.IntegerField(required=False, allow_null=True, default=None)
    content = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class PairSkillChangeSerializer(serializers.Serializer):
    worker = serializers.IntegerField()
    to_level = _choice([c for c in SkillLevel.choices if c[0]])
    certificate_no = serializers.CharField(max_length=40)
    on = serializers.DateField()


class PairPatentWriteSerializer(serializers.Serializer):
    type = _choice(PairPatent.Type.choices)
    number = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=200)
    holder = _choice(PairPatent.Holder.choices)
    patent = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="成果库中的专利编号"
    )


class PairJointSerializer(serializers.Serializer):
    achievement = serializers.IntegerField()
