"""The API of 金牌师徒: agreements (list, detail, draft, each step) and their progress.
Registered on the router by config/api_urls.py (`register`)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.api.base import HistoryListSerializer, ScopedViewSet, StepLogSerializer
from innovation.core import workflow as kernel
from innovation.org.models import Enterprise, SkillLevel, TradeUnion, Worker

from . import selectors, services
from .filters import AgreementFilterSet
from .models import Agreement, Graduation, Party, State, Target, TargetKind, TeachingRecord, Training
from .models.agreements import REASON_MAX, TEXT_MAX


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
        assessment."""
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


def _party_worker(agreement, worker_id):
    """A worker of this agreement by id, or None (the service says what is wrong)."""
    if worker_id is None:
        return None
    party = agreement.parties.select_related("worker").filter(worker_id=worker_id).first()
    if party is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"worker": [_("该职工不是本协议的当事人。")]})
    return party.worker


class PairAgreementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
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
            from django.core.exceptions import ValidationError

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


def register(router) -> None:
    router.register("pairs", PairAgreementViewSet, basename="pair")
